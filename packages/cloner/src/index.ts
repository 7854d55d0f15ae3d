/** @tributary/cloner as a library: the executor, the clone declaration, the notifier and the failure classifier. The Lambdas are `./handler.mjs` and `./notifier.mjs`. */
export type { AwsTarget } from "./aws-target";
export { pipelineArn, targetFromFunctionArn } from "./aws-target";
export type { FailureClass } from "./classify-failure";
export { classifyFailure } from "./classify-failure";
export type { ClonerClients, NotifierClients } from "./clients";
export {
  boundConcurrency,
  clientOptions,
  createClients,
  createNotifierClients,
  PipelineLimitError,
} from "./clients";
export { cloneDeclaration, tagList, tagRecord } from "./clone-declaration";
export {
  COMMENTS_PER_PAGE,
  codeCommitApprovals,
  codeCommitComments,
  codeCommitPullRequests,
} from "./codecommit-pull-requests";
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
} from "./constants";
export { createClone } from "./create-clone";
export type { ClonerHandler, HandlerDependencies, HandlerResult } from "./create-handler";
export { createHandler } from "./create-handler";
export type { NotifierDependencies, NotifierHandler, NotifierResult } from "./create-notifier";
export { createNotifier } from "./create-notifier";
export { deleteClone } from "./delete-clone";
export type { ExecutionContext, RefusalSettings, Telemetry } from "./execution-context";
export { newExecutionContext } from "./execution-context";
export { executionDetails, readExecution } from "./execution-details";
export type { ActionOutcome } from "./executor";
export { executeAction, executeConcurrently, executeSequence } from "./executor";
export type {
  RunWidgetDependencies,
  RunWidgetHandler,
  RunWidgetSettings,
} from "./functions/run-widget/create-run-widget";
export { createRunWidget } from "./functions/run-widget/create-run-widget";
export { presignReportUrl } from "./functions/run-widget/presign-report";
export type { ReconcilePlan } from "./list-state";
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
} from "./list-state";
export { mapConcurrent } from "./map-concurrent";
export { tagsOfPipelineArn } from "./pipeline-tags";
export type { PullRequestCommentDependencies, PullRequestCommentResult } from "./pull-request-comment";
export { ACTION_EXECUTIONS_PER_PAGE, commentOnPullRequestRun } from "./pull-request-comment";
export type { RunReport } from "./pull-request-feedback";
export { pullRequestProvider, reportPipelineRun, revokeApproval } from "./pull-request-feedback";
export type {
  ApprovalChange,
  CommentUpdate,
  PullRequestApprovals,
  PullRequestComment,
  PullRequestComments,
  PullRequestProvider,
  PullRequestState,
} from "./pull-request-provider";
export { previewSource, readPreview, S3ReadError } from "./read-preview";
export type { RefusalReason } from "./refusal-error";
export { RefusalError } from "./refusal-error";
export { refuseClone, reportRefusals, unqualifiedFunctionArn } from "./refusals";
export type { RunHistoryDependencies, RunHistoryResult } from "./run-history/handle-run-history";
export { handleRunHistory } from "./run-history/handle-run-history";
export type { ReadResult } from "./run-history/read-runs";
export { readDeployments, readLiveRuns, readPipelineRuns } from "./run-history/read-runs";
export type { PutOutcome, RecordRunDependencies, RecordRunResult } from "./run-history/record-run";
export {
  conditionalPut,
  DEFAULT_HOTFIX_PREFIX,
  EXECUTION_START_PAGES,
  publishRunMetrics,
  recordRun,
} from "./run-history/record-run";
export type { RunHistoryStore } from "./run-history/run-history-store";
export { runHistoryStoreFromEnvironment } from "./run-history/run-history-store";
export { startExecution } from "./start-execution";
export { TeardownProjectMissingError, teardownStack } from "./teardown-stack";
export type { TemplateDeclaration } from "./template-declaration";
export { templateDeclaration } from "./template-declaration";
export { updateClone } from "./update-clone";
