/** @tributary/core: the pure GitFlow rules of Tributary (config, classification, routing, naming, events, plans). */

export { classifyBranch, shortBranchName } from "./branches/classify-branch.js";
export type { BranchExplanation, DerivedValue } from "./branches/explain-branch.js";
export { explainBranch } from "./branches/explain-branch.js";
export { environmentRoutes, resolveBranch } from "./branches/resolve-branch.js";
export {
  CONFIG_VARIABLE,
  clonerEnvironment,
  configToInput,
  loadClonerEnvironment,
} from "./config/cloner-environment.js";
export type {
  AccountRegionMismatch,
  ApprovalsInput,
  EnvironmentInput,
  TributaryConfigInput,
} from "./config/config.js";
export {
  BRANCH_KINDS,
  DEFAULT_BRANCH_ROUTES,
  DEFAULT_MAX_PIPELINES,
  DEFAULT_PIPELINE_HEADROOM,
  DEFAULT_PREFIXES,
  DEFAULT_RECONCILE_SCHEDULE,
  defineConfig,
  ENVIRONMENT_NAME_PATTERN,
  findEnvironment,
  isEmailAddress,
  isValidBranchName,
  PREFIXED_BRANCH_KINDS,
  sameAccountAndRegion,
} from "./config/config.js";
export {
  PULL_REQUEST_STATE_CHANGE,
  parseEvent,
  REPOSITORY_STATE_CHANGE,
  SCHEDULED_EVENT,
} from "./events/parse-event.js";
export type { NotificationRequest } from "./events/parse-notification-request.js";
export { parseNotificationRequest } from "./events/parse-notification-request.js";
export {
  FINAL_RUN_STATES,
  PIPELINE_EXECUTION_STATE_CHANGE,
  parsePipelineRun,
} from "./events/parse-pipeline-run.js";
export {
  clientRequestToken,
  commentToken,
  expectedCloneTags,
  planEvent,
  removalActions,
  teardownAction,
  teardownToken,
} from "./events/plan-event.js";
export { isAwsAccountId, isAwsRegion } from "./names/aws-identifiers.js";
export { branchNameProblems, isGitBranchName } from "./names/git-branch-name.js";
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
export { fnv1a64Hex, stableHash } from "./names/stable-hash.js";
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
  stagingPrefix,
} from "./pipeline/pipeline-contract.js";
export type { PreviewCommentOptions, PreviewMarker, RunOutcome } from "./preview/format-preview-comment.js";
export {
  CODECOMMIT_COMMENT_LIMIT,
  commentSize,
  findPreviewComment,
  formatPreviewComment,
  formatRunComment,
  mayReplacePreviewComment,
  parsePreviewMarker,
  previewHeadline,
  previewMarkerLine,
} from "./preview/format-preview-comment.js";
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
export type {
  ChangeCounts,
  ChangeDanger,
  ChangeSetAction,
  ChangeSetChange,
  ChangeSetReplacement,
  DescribeChangeSetPage,
  NestedStackPreview,
  PreviewStatus,
  PreviewSummary,
  PropertyChange,
  ResourceChange,
  ResourceChangeDetail,
  ResourcePreview,
  ResourceTargetDefinition,
  StackChangeSets,
  StackPreview,
} from "./preview/summarize-change-sets.js";
export {
  compareResources,
  NO_CHANGES_REASONS,
  PREVIEW_FORMAT,
  summarizeChangeSets,
} from "./preview/summarize-change-sets.js";
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
export type { ReconcileInput, ReconcileListing, ReconcileReads } from "./reconcile/reconcile.js";
export { isManagedClone, planReconcileReads, reconcile } from "./reconcile/reconcile.js";
export { canonicalJson, templateVersion } from "./reconcile/template-version.js";
export { BRANCH_REF_PREFIX, LIMITS, MANAGED_TAGS, PIPELINE_VARIABLES } from "./shared/constants.js";
export type { EventProblem } from "./shared/errors.js";
export { ConfigError, DeclarationError, EventError, PreviewError } from "./shared/errors.js";
export type * from "./shared/types.js";
