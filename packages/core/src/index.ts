/**
 * @tributary/core: the pure GitFlow rules of Tributary (config, classification, routing, naming, events, plans).
 * This file is the package's one public API, grouped by domain; each folder of src/ holds one domain.
 */

// Branches: which git-flow kind a branch is, where it routes (pipeline, stack, variables, tags), and why.

export type { BranchClassification } from "./branches/classify-branch.js";
export { classifyBranch, shortBranchName } from "./branches/classify-branch.js";
export type { BranchExplanation, DerivedValue } from "./branches/explain-branch.js";
export { explainBranch } from "./branches/explain-branch.js";
export { environmentRoutes, resolveBranch } from "./branches/resolve-branch.js";
export type { Route, RouteSource } from "./branches/route.js";
// Config: `defineConfig` validates a Tributary configuration and fills its defaults; the cloner's environment carries it.

export { isValidBranchName } from "./config/branch-settings.js";
export {
  CONFIG_VARIABLE,
  clonerEnvironment,
  configToInput,
  loadClonerEnvironment,
} from "./config/cloner-environment.js";
export type {
  ApprovalsInput,
  EnvironmentInput,
  SourceInput,
  TributaryConfigInput,
} from "./config/config-input.js";
export {
  BRANCH_KINDS,
  DEFAULT_BRANCH_ROUTES,
  DEFAULT_MAX_PIPELINES,
  DEFAULT_PIPELINE_HEADROOM,
  DEFAULT_PREFIXES,
  DEFAULT_RECONCILE_SCHEDULE,
  PREFIXED_BRANCH_KINDS,
} from "./config/defaults.js";
export { defineConfig, isEmailAddress } from "./config/define-config.js";
export type {
  AccountRegion,
  CicdLocation,
  DeploymentTarget,
  LocationProblem,
} from "./config/deployment-targets.js";
export {
  artifactKeyAlias,
  artifactStoreRegions,
  artifactStoreStackName,
  deploymentTargets,
  environmentLocation,
  isRemoteEnvironment,
  resolveCicdLocation,
  targetStackName,
} from "./config/deployment-targets.js";
export { ENVIRONMENT_NAME_PATTERN, findEnvironment } from "./config/environments.js";
export { GITHUB_ENVIRONMENT, gitHubListingCacheKey, gitHubSecretNames } from "./config/github-environment.js";
export { MAX_IDLE_DAYS } from "./config/routes.js";
export type { ScheduleProblem } from "./config/schedule-expression.js";
export { scheduleExpressionProblem } from "./config/schedule-expression.js";
export { isHealthyStackStatus } from "./config/stack-status.js";
export type { CicdRoleNames, TargetRoleNames, TeardownTarget } from "./config/target-roles.js";
export {
  cicdRoleNames,
  cicdTeardownRoleName,
  roleArn,
  TARGET_ROLE_PURPOSES,
  TARGET_STACK_VERSION,
  TARGET_VERSION_OUTPUT,
  targetRoleNames,
  targetTeardownRoleName,
  teardownTargets,
} from "./config/target-roles.js";
export { teardownTargetOf } from "./config/teardown-target.js";
// Events: EventBridge events and GitHub deliveries parsed into `TributaryEvent`s, and the plan of actions for each.

export { formatForeignPipelineRefusal } from "./events/foreign-pipeline-refusal.js";
export type { ForwardedGitHubEvent } from "./events/forwarded-github-event.js";
export {
  forwardedGitHubEvent,
  GITHUB_DELIVERY_DETAIL_TYPE,
  GITHUB_DELIVERY_SOURCE,
  readForwardedDetail,
} from "./events/forwarded-github-event.js";
export {
  PULL_REQUEST_STATE_CHANGE,
  parseEvent,
  REPOSITORY_STATE_CHANGE,
  SCHEDULED_EVENT,
} from "./events/parse-event.js";
export type { GitHubDelivery, GitHubDeliveryInput } from "./events/parse-github-delivery.js";
export { GITHUB_WEBHOOK_EVENTS, parseGitHubDelivery } from "./events/parse-github-delivery.js";
export type { NotificationRequest } from "./events/parse-notification-request.js";
export { parseNotificationRequest } from "./events/parse-notification-request.js";
export {
  FINAL_RUN_STATES,
  PIPELINE_EXECUTION_STATE_CHANGE,
  parsePipelineRun,
} from "./events/parse-pipeline-run.js";
export type { Action, Plan } from "./events/plan.js";
export {
  clientRequestToken,
  commentToken,
  expectedCloneTags,
  isCloneName,
  planEvent,
  removalActions,
  teardownAction,
  teardownOfIncarnation,
  teardownToken,
} from "./events/plan-event.js";
export type { ReconcileContinuation } from "./events/reconcile-continuation.js";
export {
  MAX_RECONCILE_ROUNDS,
  nextContinuation,
  parseContinuation,
  RECONCILE_CONTINUATION,
} from "./events/reconcile-continuation.js";
export type { SourceClosedDetail } from "./events/source-closed-event.js";
export {
  parseSourceClosedDetail,
  SOURCE_CLOSED_EVENT,
  SOURCE_CLOSED_PATHS,
  sourceClosedDetail,
} from "./events/source-closed-event.js";
export type {
  BranchEvent,
  IgnoredEvent,
  PipelineRunEvent,
  PipelineRunStartedEvent,
  PullRequestEvent,
  ReconcileEvent,
  TributaryEvent,
} from "./events/tributary-event.js";
// GitHub: how long a rate-limit answer asks to wait.

export type { RateLimitAnswer, RateLimitWait } from "./github/rate-limit-wait.js";
export { rateLimitWait, SECONDARY_LIMIT_WAIT_MS } from "./github/rate-limit-wait.js";

// Idle: the idle clock of an ephemeral clone's stack (idleDays, the notice a day before, tributary keep).

export type { IdleClock } from "./idle/idle-clock.js";
export {
  IDLE_NOTICE_DAYS,
  idleClock,
  idleDue,
  isoTime,
  keepUntil,
  routeIdleDays,
} from "./idle/idle-clock.js";
export type { IdleNotice, IdleNoticeDetail } from "./idle/idle-notice.js";
export {
  formatIdleNotice,
  IDLE_NOTICE_EVENT,
  IDLE_NOTICE_KIND,
  idleNoticeDetail,
  idleNoticeLines,
  isIdleNoticeRequest,
  parseIdleNoticeRequest,
  withIdleNotice,
} from "./idle/idle-notice.js";

// Names: the naming scheme of pipelines, stacks and tags (a public contract), git's branch-name rules, AWS identifiers.

export { isAwsAccountId, isAwsRegion } from "./names/aws-identifiers.js";
export type { ConnectionArn, ConnectionServicePrefix } from "./names/connection-arn.js";
export { parseConnectionArn, useConnectionAction } from "./names/connection-arn.js";
export { branchNameProblems, isGitBranchName } from "./names/git-branch-name.js";
export { isGitObjectId } from "./names/git-object-id.js";
export {
  isGitHubOwner,
  isGitHubRepositoryName,
  parseGitHubFullName,
  sameGitHubRepository,
} from "./names/github-names.js";
export type { CloneSource, NameAlphabet } from "./names/names.js";
export {
  branchHash,
  cloneNamePrefix,
  clonePipelineName,
  cloneStackName,
  encodeNamePart,
  environmentPipelineName,
  environmentStackName,
  executionConsoleUrl,
  isTagValueCharacter,
  PIPELINE_ALPHABET,
  pipelineConsoleUrl,
  pipelineNamePrefix,
  reportConsoleUrl,
  reportPrefix,
  STACK_ALPHABET,
  TAG_ALPHABET,
  tagValue,
  teardownProjectName,
} from "./names/names.js";
export { regionPartition, s3ObjectUrl } from "./names/region-partition.js";
export { fnv1a64Hex, stableHash } from "./names/stable-hash.js";
export { LATIN_LETTERS_IN_ASCII, spellInAscii } from "./names/transliterate.js";
// Notifications: pipeline events as readable SNS messages.

export type {
  ApprovalPreview,
  ExecutionDetails,
  Notification,
  NotificationInput,
  NotificationKind,
} from "./notifications/format-notification.js";
export {
  APPROVAL_DANGEROUS_CHANGES,
  fitSnsMessage,
  formatNotification,
  NOTIFICATION_LIMITS,
  sanitizeSubject,
} from "./notifications/format-notification.js";
// Ownership: what a Tributary project owns and may touch (tags, name patterns, IAM conditions).

export type { OwnershipRule } from "./ownership/ownership.js";
export {
  DISTRIBUTION_OWNER_TAG,
  environmentPipelinePatterns,
  environmentStackPatterns,
  hasAllTags,
  ownershipRule,
  ownsClone,
  ownsEphemeralStack,
  RESERVED_ENVIRONMENT_NAMES,
  requestTagConditions,
  resourceTagConditions,
  TASKCAT_BUCKET_PREFIX,
  TASKCAT_STACK_PREFIX,
  tributaryStackNames,
} from "./ownership/ownership.js";
export type {
  TeardownDecision,
  TeardownFacts,
  TeardownReason,
  TeardownRequest,
  TeardownRule,
} from "./ownership/teardown-decision.js";
export {
  activeSince,
  TEARDOWN_REQUEST_VARIABLES,
  teardownDecision,
  teardownNameCheck,
  teardownRequestOf,
  teardownRequestVariables,
} from "./ownership/teardown-decision.js";
// Pipeline contract: what a pipeline hands its buildspecs (variables, staging and report locations).

export type {
  BuildspecVariable,
  BuildspecVariables,
  BuildspecVariablesInput,
} from "./pipeline/pipeline-contract.js";
export {
  BUILDSPEC_VARIABLES,
  buildspecVariables,
  PIPELINE_REFERENCES,
  pipelineStagingPrefix,
  previewProjectVariables,
  reportUrl,
  STACK_TAG_VARIABLES,
  stagingPrefix,
} from "./pipeline/pipeline-contract.js";
// Preview: a change set's pages summarized, the preview contract, and the pull-request comment.

export type {
  ChangeSetAction,
  ChangeSetChange,
  ChangeSetReplacement,
  DescribeChangeSetPage,
  ResourceChange,
  ResourceChangeDetail,
  ResourceTargetDefinition,
  StackChangeSets,
} from "./preview/change-set-pages.js";
export { NO_CHANGES_REASONS } from "./preview/change-set-status.js";
export type { PreviewCommentOptions, RunOutcome } from "./preview/comment-header.js";
export type { CommentLimit } from "./preview/comment-markdown.js";
export {
  CODECOMMIT_COMMENT_LIMIT,
  COMMENT_LIMITS,
  commentLimit,
  commentSize,
  GITHUB_COMMENT_LIMIT,
} from "./preview/comment-markdown.js";
export { formatPreviewComment, previewHeadline } from "./preview/format-preview-comment.js";
export { formatRunComment } from "./preview/format-run-comment.js";
export type { PreviewDocument } from "./preview/preview-contract.js";
export {
  PREVIEW_ACTION_NAME,
  PREVIEW_CHANGE_SET_PREFIX,
  PREVIEW_NAMESPACE,
  PREVIEW_OUTPUTS,
  previewChangeSetName,
  previewKey,
  previewUrl,
  TEST_ACTION_NAME,
  TEST_OUTPUTS,
} from "./preview/preview-contract.js";
export type { PreviewMarker } from "./preview/preview-marker.js";
export {
  findPreviewComment,
  mayReplacePreviewComment,
  parsePreviewMarker,
  previewMarkerLine,
} from "./preview/preview-marker.js";
export type {
  ChangeCounts,
  ChangeDanger,
  NestedStackPreview,
  PreviewStatus,
  PreviewSummary,
  PropertyChange,
  ResourcePreview,
  StackPreview,
} from "./preview/preview-summary.js";
export { compareResources, PREVIEW_FORMAT } from "./preview/preview-summary.js";
export { summarizeChangeSets } from "./preview/summarize-change-sets.js";
// Pull requests: their clones, the living comment's runs, and the merge gate's approval rule template.

export type { ApprovalRuleTemplateContent } from "./pull-requests/approval-rule-template.js";
export {
  APPROVAL_RULE_COMMAND_VARIABLES,
  APPROVAL_RULE_CONTENT_VERSION,
  APPROVAL_RULE_TEMPLATE_LIMITS,
  approvalRuleCommands,
  approvalRuleDestinations,
  approvalRuleTemplateContent,
  approvalRuleTemplateDescription,
  approvalRuleTemplateName,
  approverPoolMember,
  pullRequestApprovalRule,
} from "./pull-requests/approval-rule-template.js";
export type { CommitStatus, GatePhase } from "./pull-requests/commit-status.js";
export {
  commitStatusContext,
  mergeGateStatus,
  STATUS_DESCRIPTION_LIMIT,
} from "./pull-requests/commit-status.js";
export type { ForkDecision } from "./pull-requests/fork-pull-requests.js";
export {
  DELETED_FORK,
  forkDecision,
  forkNotice,
  forkNoticeMarkerLine,
  isForkNotice,
} from "./pull-requests/fork-pull-requests.js";
export type {
  ApprovalDecision,
  CommentWrite,
  PipelineRunFacts,
  RunAction,
} from "./pull-requests/pull-request-feedback.js";
export {
  decideApproval,
  decideCommentWrite,
  openingComment,
  PENDING_EXECUTION,
  pipelineRunComment,
  pullRequestClonePrefixes,
  pullRequestCloneTags,
  pullRequestOfClone,
  REPORTED_RUN_STATES,
  REPORTS_BUCKET_VARIABLE,
  runStartedAt,
} from "./pull-requests/pull-request-feedback.js";
export type { PullRequestRunRequest } from "./pull-requests/pull-request-run-request.js";
export {
  COMMENTED_RUN_STATES,
  isPullRequestRunRequest,
  PULL_REQUEST_RUN_KIND,
  parsePullRequestRunRequest,
  pullRequestOfCloneTags,
} from "./pull-requests/pull-request-run-request.js";
export type { PullRequestInput, PullRequestResolution } from "./pull-requests/resolve-pull-request.js";
export { explainPullRequest, resolvePullRequest } from "./pull-requests/resolve-pull-request.js";
// Reconcile: the actions that make the account's clones match the repository, within the pipeline quota.

export type { CloneAdmission, RefusalNotification } from "./reconcile/clone-capacity.js";
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
} from "./reconcile/clone-capacity.js";
export type { PipelineLimit, PipelineQuotaRead } from "./reconcile/pipeline-limit.js";
export {
  describePipelineLimit,
  PIPELINE_QUOTA,
  pipelineLimit,
  pipelineLimitSource,
} from "./reconcile/pipeline-limit.js";
export type {
  ManagedPipeline,
  OpenPullRequest,
  ReconcileInput,
  ReconcileListing,
  ReconcileReads,
} from "./reconcile/reconcile.js";
export { isManagedClone, planReconcileReads, reconcile } from "./reconcile/reconcile.js";
export type { ListedStack } from "./reconcile/stack-sweep.js";
export { clonePipelineOfStack, orphanedStacks, sweepStacks } from "./reconcile/stack-sweep.js";
export type {
  TaggedResource,
  TargetListingProblem,
  TargetListingSource,
  TargetStackListing,
} from "./reconcile/target-stacks.js";
export {
  buildTargetListing,
  listTargetStacksAction,
  parseTargetListingSource,
  readTargetListing,
  stackOfArn,
  sweptStacks,
  TARGET_LISTING_MODE,
  TARGET_LISTING_PREFIX,
  TARGET_LISTING_VERSION,
  TARGET_LISTINGS_VARIABLE,
  targetListingKey,
  targetListingMaxAgeMs,
  targetListingRequestVariables,
  targetListingToken,
} from "./reconcile/target-stacks.js";
export { canonicalJson, templateVersion } from "./reconcile/template-version.js";

// The run history: the run record, the merge rule, the table's key design, DORA's four keys, the overview page.

export * from "./runs/index.js";

// Shared: the validated config's types, tag keys and AWS limits, the error classes, and the checks of untyped input.

export { BRANCH_REF_PREFIX, LIMITS, MANAGED_TAGS, PIPELINE_VARIABLES } from "./shared/constants.js";
export type { EventProblem } from "./shared/errors.js";
export { ConfigError, DeclarationError, EventError, PreviewError } from "./shared/errors.js";
export {
  isPlainObject,
  isRecord,
  optionalBoolean,
  optionalString,
  rejectUnknownKeys,
} from "./shared/plain-object.js";
export type {
  BranchKind,
  BranchRouteConfig,
  CodeCommitSourceConfig,
  EnvironmentConfig,
  FinalRunState,
  GitHubSourceConfig,
  PrefixedBranchKind,
  PullRequestRouteConfig,
  SourceConfig,
  TributaryConfig,
} from "./shared/types.js";
