/** @tributary/cloner as a library: the executor, the clone declaration, the notifier and the failure classifier. The Lambdas are `./handler.mjs` and `./notifier.mjs`. */
export type { AwsTarget } from "./aws/aws-target";
export { pipelineArn, targetFromFunctionArn } from "./aws/aws-target";
export type { FailureClass } from "./aws/classify-failure";
export { classifyFailure } from "./aws/classify-failure";
export type { ClonerClients, NotifierClients } from "./aws/clients";
export {
  boundConcurrency,
  clientOptions,
  createClients,
  createNotifierClients,
  PipelineLimitError,
} from "./aws/clients";
export {
  API_CONCURRENCY,
  CONCURRENCY,
  CONNECTION_TIMEOUT_MS,
  DEFAULT_API_CONCURRENCY,
  FAILURE_DIMENSION,
  MAX_ATTEMPTS,
  METRIC_NAMES,
  METRICS_NAMESPACE,
  NOTIFIER_SERVICE_NAME,
  REQUEST_TIMEOUT_MS,
  RETRY_MODE,
  SERVICE_NAME,
  SOURCE_ACTION_NAME,
} from "./aws/constants";
export { executionDetails, readExecution } from "./aws/execution-details";
export { mapConcurrent } from "./aws/map-concurrent";
export { tagList, tagRecord, tagsOfPipelineArn } from "./aws/pipeline-tags";
export type { Telemetry } from "./aws/telemetry";
export { cloneDeclaration } from "./functions/cloner/clone-declaration";
export { createClone } from "./functions/cloner/create-clone";
export type { ClonerHandler, HandlerDependencies, HandlerResult } from "./functions/cloner/create-handler";
export { createHandler } from "./functions/cloner/create-handler";
export { deleteClone } from "./functions/cloner/delete-clone";
export type { ExecutionContext, RefusalSettings } from "./functions/cloner/execution-context";
export { newExecutionContext } from "./functions/cloner/execution-context";
export type { ActionOutcome } from "./functions/cloner/executor";
export { executeAction, executeConcurrently, executeSequence } from "./functions/cloner/executor";
export type { ReconcilePlan } from "./functions/cloner/list-state";
export {
  listBranches,
  listOpenPullRequestIds,
  listPipelineNames,
  listProjectPipelineTags,
  PIPELINE_RESOURCE_TYPE,
  planReconcile,
  RESOURCES_PER_PAGE,
  readPipelineQuota,
  readPullRequests,
} from "./functions/cloner/list-state";
export type { RunReport } from "./functions/cloner/merge-gate";
export { pullRequestProvider, reportPipelineRun, revokeApproval } from "./functions/cloner/merge-gate";
export type { RefusalReason } from "./functions/cloner/refusal-error";
export { RefusalError } from "./functions/cloner/refusal-error";
export { refuseClone, reportRefusals, unqualifiedFunctionArn } from "./functions/cloner/refusals";
export { startExecution } from "./functions/cloner/start-execution";
export { TeardownProjectMissingError, teardownStack } from "./functions/cloner/teardown-stack";
export type { TemplateDeclaration } from "./functions/cloner/template-declaration";
export { templateDeclaration } from "./functions/cloner/template-declaration";
export { updateClone } from "./functions/cloner/update-clone";
export type {
  NotifierDependencies,
  NotifierHandler,
  NotifierResult,
} from "./functions/notifier/create-notifier";
export { createNotifier } from "./functions/notifier/create-notifier";
export type {
  PullRequestCommentDependencies,
  PullRequestCommentResult,
} from "./functions/notifier/pull-request-comment";
export {
  ACTION_EXECUTIONS_PER_PAGE,
  commentOnPullRequestRun,
} from "./functions/notifier/pull-request-comment";
export { previewSource, readPreview, S3ReadError } from "./functions/notifier/read-preview";
export { codeCommitApprovals } from "./providers/codecommit/approvals";
export { codeCommitPullRequests } from "./providers/codecommit/codecommit-pull-requests";
export { COMMENTS_PER_PAGE, codeCommitComments } from "./providers/codecommit/comments";
export type {
  ApprovalChange,
  CommentUpdate,
  PullRequestApprovals,
  PullRequestComment,
  PullRequestComments,
  PullRequestProvider,
  PullRequestState,
} from "./providers/pull-request-provider";
