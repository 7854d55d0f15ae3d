/** @tributary/core: the pure GitFlow rules of Tributary (config, classification, routing, naming, events, plans). */
export type { ApprovalRuleTemplateContent } from "./approval-rule-template.js";
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
} from "./approval-rule-template.js";
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
export type {
  AccountRegionMismatch,
  ApprovalsInput,
  EnvironmentInput,
  TributaryConfigInput,
} from "./config.js";
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
} from "./config.js";
export { BRANCH_REF_PREFIX, LIMITS, MANAGED_TAGS, PIPELINE_VARIABLES } from "./constants.js";
export type { EventProblem } from "./errors.js";
export { ConfigError, DeclarationError, EventError, PreviewError } from "./errors.js";
export type { BranchExplanation, DerivedValue } from "./explain-branch.js";
export { explainBranch } from "./explain-branch.js";
export type {
  ApprovalPreview,
  ExecutionDetails,
  Notification,
  NotificationInput,
  NotificationKind,
} from "./format-notification.js";
export {
  APPROVAL_DANGEROUS_CHANGES,
  fitSnsMessage,
  formatNotification,
  NOTIFICATION_LIMITS,
  sanitizeSubject,
} from "./format-notification.js";
export type { PreviewCommentOptions, PreviewMarker, RunOutcome } from "./format-preview-comment.js";
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
} from "./format-preview-comment.js";
export { branchNameProblems, isGitBranchName } from "./git-branch-name.js";
export type { CloneSource, NameAlphabet } from "./names.js";
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
} from "./names.js";
export type { OwnershipRule } from "./ownership.js";
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
} from "./ownership.js";
export {
  PULL_REQUEST_STATE_CHANGE,
  parseEvent,
  REPOSITORY_STATE_CHANGE,
  SCHEDULED_EVENT,
} from "./parse-event.js";
export type { NotificationRequest } from "./parse-notification-request.js";
export { parseNotificationRequest } from "./parse-notification-request.js";
export {
  FINAL_RUN_STATES,
  PIPELINE_EXECUTION_STATE_CHANGE,
  parsePipelineRun,
} from "./parse-pipeline-run.js";
export type {
  BuildspecVariable,
  BuildspecVariables,
  BuildspecVariablesInput,
} from "./pipeline-contract.js";
export {
  BUILDSPEC_VARIABLES,
  buildspecVariables,
  PIPELINE_REFERENCES,
  pipelineStagingPrefix,
  previewProjectVariables,
  reportUrl,
  stagingPrefix,
} from "./pipeline-contract.js";
export type { PipelineLimit, PipelineQuotaRead } from "./pipeline-limit.js";
export {
  describePipelineLimit,
  PIPELINE_QUOTA,
  pipelineLimit,
  pipelineLimitSource,
} from "./pipeline-limit.js";
export {
  clientRequestToken,
  commentToken,
  expectedCloneTags,
  planEvent,
  removalActions,
  teardownAction,
  teardownToken,
} from "./plan-event.js";
export type { PreviewDocument } from "./preview-contract.js";
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
} from "./preview-contract.js";
export type {
  ApprovalDecision,
  CommentWrite,
  PipelineRunFacts,
  RunAction,
} from "./pull-request-feedback.js";
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
} from "./pull-request-feedback.js";
export type { PullRequestRunRequest } from "./pull-request-run-request.js";
export {
  COMMENTED_RUN_STATES,
  isPullRequestRunRequest,
  PULL_REQUEST_RUN_KIND,
  parsePullRequestRunRequest,
  pullRequestOfCloneTags,
} from "./pull-request-run-request.js";
export type { ReconcileInput, ReconcileListing, ReconcileReads } from "./reconcile.js";
export { isManagedClone, planReconcileReads, reconcile } from "./reconcile.js";
export { environmentRoutes, resolveBranch } from "./resolve-branch.js";
export type { PullRequestInput, PullRequestResolution } from "./resolve-pull-request.js";
export { explainPullRequest, resolvePullRequest } from "./resolve-pull-request.js";
export * from "./runs/index.js";
export { fnv1a64Hex, stableHash } from "./stable-hash.js";
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
} from "./summarize-change-sets.js";
export {
  compareResources,
  NO_CHANGES_REASONS,
  PREVIEW_FORMAT,
  summarizeChangeSets,
} from "./summarize-change-sets.js";
export { canonicalJson, templateVersion } from "./template-version.js";
export type * from "./types.js";
