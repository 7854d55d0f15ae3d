export {
  environmentPipeline,
  FIXTURE_PROJECT,
  type FixtureEnvironment,
  type FixtureVariant,
} from "../fixtures/environment-pipeline.js";
export { check, FakeAwsError, requiredString } from "./aws-error.js";
export { botocoreModel } from "./botocore-model.js";
export {
  type ChangeSetStatus,
  type CloudFormationProxy,
  type ProxiedCall,
  type ProxyOptions,
  type SimulatedDeletion,
  startCloudFormationProxy,
} from "./cloudformation-proxy.js";
export {
  type AuthorizationRequest,
  type CallRecord,
  type FakeAws,
  type FakeAwsOptions,
  type FaultOptions,
  type ServiceName,
  startFakeAws,
} from "./fake-aws-server.js";
export { FakeCodeBuild, type StoredBuild } from "./fake-codebuild.js";
export {
  COMMENT_CHARACTER_LIMIT,
  COMMENTS_PAGE_DEFAULT,
  COMMENTS_PAGE_MAX,
  DEFAULT_CALLER,
  FakeCodeCommit,
  revisionOf,
  type StoredComment,
  type StoredPullRequest,
} from "./fake-codecommit.js";
export {
  type ActionOutcomeInput,
  FakeCodePipeline,
  type StoredActionExecution,
  type StoredExecution,
  type StoredPipeline,
} from "./fake-codepipeline.js";
export { EVENTBRIDGE_TARGET_PREFIX, FakeEventBridge, type PutEvent } from "./fake-eventbridge.js";
export { ASYNC_PAYLOAD_MAX, FakeLambda, type InvokeTarget } from "./fake-lambda.js";
export { type RateLimit, RateLimits } from "./fake-rate-limits.js";
export { FakeResourceGroupsTagging, TAGGING_TARGET_PREFIX } from "./fake-resource-groups-tagging.js";
export {
  FakeServiceQuotas,
  SERVICE_QUOTAS_TARGET_PREFIX,
  SERVICE_QUOTAS_THROTTLING,
} from "./fake-service-quotas.js";
export { FakeStacks, type StoredStack } from "./fake-stacks.js";
export * from "./github/index.js";
export { copy, isObject, type JsonObject, objects } from "./json.js";
export {
  MOTO_ACCOUNT_ID,
  MOTO_START_BOUND_MS,
  type MotoPreload,
  type MotoServer,
  MotoServerError,
  type MotoServerOptions,
  motoClientOptions,
  startMotoServer,
} from "./moto-server.js";
export { seededRandom } from "./seeded-random.js";
export { createSnsInbox, type InboxMessage, type SnsInbox } from "./sns-inbox.js";
