/** @tributary/core: the pure GitFlow rules of Tributary (config, classification, routing, naming, events, plans). */
export { isAwsAccountId, isAwsRegion } from "./aws-identifiers.js";

export { classifyBranch, shortBranchName } from "./classify-branch.js";
export type { CloneAdmission, RefusalNotification } from "./clone-capacity.js";
export {
  admitClones,
  CLONES_REFUSED_METRIC,
  clonePriority,
  formatCloneRefusal,
  formatRefusalSummary,
  freeClonePlaces,
  REFUSAL_STATE_TAG,
  REFUSAL_TOPIC_VARIABLE,
  refusalState,
  refusalSummaryDue,
} from "./clone-capacity.js";
export {
  CONFIG_VARIABLE,
  clonerEnvironment,
  configToInput,
  loadClonerEnvironment,
} from "./cloner-environment.js";
export type { EnvironmentInput, TributaryConfigInput } from "./config.js";
export {
  BRANCH_KINDS,
  DEFAULT_BRANCH_ROUTES,
  DEFAULT_MAX_PIPELINES,
  DEFAULT_PIPELINE_HEADROOM,
  DEFAULT_PREFIXES,
  DEFAULT_RECONCILE_SCHEDULE,
  defineConfig,
  findEnvironment,
  isValidBranchName,
  PREFIXED_BRANCH_KINDS,
} from "./config.js";
export { BRANCH_REF_PREFIX, LIMITS, MANAGED_TAGS, PIPELINE_VARIABLES } from "./constants.js";
export { ConfigError, DeclarationError, EventError } from "./errors.js";
export type { BranchExplanation } from "./explain-branch.js";
export { explainBranch } from "./explain-branch.js";
export type {
  ExecutionDetails,
  Notification,
  NotificationInput,
  NotificationKind,
} from "./format-notification.js";
export {
  fitSnsMessage,
  formatNotification,
  NOTIFICATION_LIMITS,
  sanitizeSubject,
} from "./format-notification.js";
export type { CloneSource } from "./names.js";
export {
  clonePipelineName,
  cloneStackName,
  encodeNamePart,
  environmentPipelineName,
  environmentStackName,
  executionConsoleUrl,
  PIPELINE_ALPHABET,
  pipelineConsoleUrl,
  pipelineNamePrefix,
  reportConsoleUrl,
  reportPrefix,
  STACK_ALPHABET,
  TAG_ALPHABET,
  tagValue,
  teardownProjectName,
} from "./names.js";
export {
  PULL_REQUEST_STATE_CHANGE,
  parseEvent,
  REPOSITORY_STATE_CHANGE,
  SCHEDULED_EVENT,
} from "./parse-event.js";
export type { NotificationRequest } from "./parse-notification-request.js";
export { parseNotificationRequest } from "./parse-notification-request.js";
export {
  clientRequestToken,
  commentToken,
  expectedCloneTags,
  planEvent,
  removalActions,
  teardownAction,
  teardownToken,
} from "./plan-event.js";
export type { ReconcileInput, ReconcileListing, ReconcileReads } from "./reconcile.js";
export { isManagedClone, planReconcileReads, reconcile } from "./reconcile.js";
export { environmentRoutes, resolveBranch } from "./resolve-branch.js";
export type { PullRequestInput, PullRequestResolution } from "./resolve-pull-request.js";
export { explainPullRequest, resolvePullRequest } from "./resolve-pull-request.js";
export { fnv1a64Hex, stableHash } from "./stable-hash.js";
export { canonicalJson, templateVersion } from "./template-version.js";
export type * from "./types.js";
