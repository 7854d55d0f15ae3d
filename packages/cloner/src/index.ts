/**
 * @tributary/cloner as a library: what a user of the Lambdas imports. The Lambdas themselves are the bundles
 * `./handler.mjs` (the cloner), `./notifier.mjs` (the notifier) and `./github-webhook.mjs` (the GitHub webhook
 * function); everything else is internal, and the package's own tests import it from its source files.
 */

// The cloner Lambda: its handler factory (handler.ts wires it once per Lambda instance) and its SDK clients.

export type { ClonerClients, NotifierClients } from "./aws/clients";
export { createClients } from "./aws/clients";
export type { Telemetry } from "./aws/telemetry";
export type { ClonerHandler, HandlerDependencies, HandlerResult } from "./functions/cloner/create-handler";
export { createHandler } from "./functions/cloner/create-handler";
export type { ActionOutcome } from "./functions/cloner/executor";
export type { TargetListings } from "./functions/cloner/target-listings";
export { targetListingsFromEnvironment } from "./functions/cloner/target-listings";

// The notifier Lambda: its handler factory and its SDK clients.

export { createNotifierClients } from "./aws/clients";
export type {
  NotifierDependencies,
  NotifierHandler,
  NotifierResult,
} from "./functions/notifier/create-notifier";
export { createNotifier } from "./functions/notifier/create-notifier";
export type { PullRequestCommentResult } from "./functions/notifier/pull-request-comment";

// The GitHub webhook Lambda: its handler factory.

export type {
  WebhookDependencies,
  WebhookHandler,
} from "./functions/github-webhook/create-webhook-handler";
export {
  createWebhookHandler,
  WEBHOOK_BODY_LIMIT_BYTES,
} from "./functions/github-webhook/create-webhook-handler";

// The git provider seam (a handler factory takes any PullRequestProvider), its CodeCommit and GitHub implementations.

export { codeCommitApprovals } from "./providers/codecommit/approvals";
export { codeCommitPullRequests } from "./providers/codecommit/codecommit-pull-requests";
export { codeCommitComments } from "./providers/codecommit/comments";
export type { GitHubApiOptions } from "./providers/github/github-api";
export { GitHubApi, GitHubApiError, GitHubRateLimitError } from "./providers/github/github-api";
export type { GitHubCredentialsSecret } from "./providers/github/github-credentials";
export { GitHubTokens, parseGitHubCredentials } from "./providers/github/github-credentials";
export type { GitHubTarget } from "./providers/github/github-pull-requests";
export { gitHubPullRequests } from "./providers/github/github-pull-requests";
export type {
  ApprovalChange,
  CommentUpdate,
  GateReport,
  PullRequestApprovals,
  PullRequestComment,
  PullRequestComments,
  PullRequestProvider,
  PullRequestState,
} from "./providers/pull-request-provider";

// Failures: which are dropped (permanent) and which are retried (transient), and the cloner's refusals.

export type { ClassifiedError, FailureClass } from "./aws/classify-failure";
export { classifyFailure } from "./aws/classify-failure";
export type { RefusalReason } from "./functions/cloner/refusal-error";
export { RefusalError } from "./functions/cloner/refusal-error";

// The clone contract: the declaration of a clone, from its template's and its route.

export { cloneDeclaration } from "./functions/cloner/clone-declaration";

// What the Lambdas log and count: service names, the metrics namespace, metric names and the failure dimension.

export {
  FAILURE_DIMENSION,
  METRIC_NAMES,
  METRICS_NAMESPACE,
  NOTIFIER_SERVICE_NAME,
  SERVICE_NAME,
  WEBHOOK_SERVICE_NAME,
} from "./aws/constants";

// The run history: the notifier records each run (conditional puts of core's merge rule), the overview page's widget
// and the CLI read it. `clientOptions` gives a DynamoDB client the Lambdas' retry and timeouts (the CLI's store);
// `createS3Client` is the S3 client `presignReportUrl` signs with.

export { clientOptions, createS3Client } from "./aws/clients";
export type {
  RunWidgetDependencies,
  RunWidgetHandler,
  RunWidgetSettings,
} from "./functions/run-widget/create-run-widget";
export { createRunWidget } from "./functions/run-widget/create-run-widget";
export { presignReportUrl } from "./functions/run-widget/presign-report";
export type { RunHistoryDependencies, RunHistoryResult } from "./run-history/handle-run-history";
export { handleRunHistory } from "./run-history/handle-run-history";
export type { ReadResult } from "./run-history/read-runs";
export { readDeployments, readLiveRuns, readPipelineRuns } from "./run-history/read-runs";
export type { PutOutcome, RecordRunDependencies, RecordRunResult } from "./run-history/record-run";
export { conditionalPut, recordRun } from "./run-history/record-run";
export type { RunHistoryStore } from "./run-history/run-history-store";
export { runHistoryStoreFromEnvironment } from "./run-history/run-history-store";
