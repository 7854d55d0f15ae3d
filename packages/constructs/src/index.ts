/** @tributary/constructs: CDK v2 building blocks of Tributary (pipelines, cloner, notifications, buckets), secure by default. */

export type { PipelineBuckets, TributaryBucketsProps } from "./buckets/tributary-buckets.js";
export { TributaryBuckets } from "./buckets/tributary-buckets.js";
export type { ClonerGitHubResources, ClonerTargetListings } from "./cloner/cloner-permissions.js";
export type { PipelineClonerProps } from "./cloner/pipeline-cloner.js";
export { CLONER_POWERTOOLS_ENVIRONMENT, PipelineCloner } from "./cloner/pipeline-cloner.js";
export { DEMO_PROJECT } from "./demo/demo-project.js";
export type { DemoStackPolicyScope } from "./demo/demo-stack-policy.js";
export { demoStackStatements } from "./demo/demo-stack-policy.js";
export type { EnvironmentPipelineProps } from "./environment-pipeline/environment-pipeline.js";
export { EnvironmentPipeline } from "./environment-pipeline/environment-pipeline.js";
export {
  CHANGE_SET_NAME,
  PIPELINE_ACTIONS,
  PIPELINE_STAGES,
  TEST_NAMESPACE,
} from "./environment-pipeline/pipeline-contract.js";
export {
  PREVIEW_CAPABILITIES,
  PREVIEW_OUTPUTS_FILE,
  PREVIEW_SCRIPT,
  previewBuildSpec,
  previewProgram,
  TEMPLATE_BODY_LIMIT,
} from "./environment-pipeline/preview/preview-buildspec.js";
export type {
  ProjectNeeds,
  StackPolicyScope,
  StackStatements,
} from "./environment-pipeline/project-needs.js";
export type {
  GitHubConnectionRepository,
  PipelineSource,
  SourceActionOptions,
} from "./environment-pipeline/source-stage.js";
export { codeCommitSource, gitHubSource } from "./environment-pipeline/source-stage.js";
export type { GitHubSourceProps } from "./github/github-source.js";
export { GitHubSource } from "./github/github-source.js";
export type { GitHubWebhookProps } from "./github/github-webhook.js";
export { GitHubWebhook } from "./github/github-webhook.js";
export {
  clonerBundleCode,
  gitHubWebhookBundleCode,
  notifierBundleCode,
  runWidgetBundleCode,
} from "./lambda/cloner-bundle.js";
export type { RegionalArtifactStoreProps } from "./multi-account/regional-artifact-store.js";
export { RegionalArtifactStore } from "./multi-account/regional-artifact-store.js";
export type { TargetAccountRolesProps } from "./multi-account/target-account-roles.js";
export { TargetAccountRoles } from "./multi-account/target-account-roles.js";
export type { WildcardAcknowledgement } from "./nag/nag-acknowledgements.js";
export {
  acknowledgeBundledLambdaFindings,
  acknowledgeTributaryFindings,
  acknowledgeWildcardFindings,
  targetWildcardAcknowledgements,
  tributaryWildcardAcknowledgements,
} from "./nag/nag-acknowledgements.js";
export type {
  NotificationRules,
  NotificationTopics,
  PipelineNotificationsProps,
} from "./notifications/pipeline-notifications.js";
export { PipelineNotifications } from "./notifications/pipeline-notifications.js";
export type { NotifierConfig, PipelineNotifierProps } from "./notifications/pipeline-notifier.js";
export { NOTIFIER_POWERTOOLS_ENVIRONMENT, PipelineNotifier } from "./notifications/pipeline-notifier.js";
export type { PullRequestApprovalRuleProps } from "./repository/pull-request-approval-rule.js";
export { PullRequestApprovalRule } from "./repository/pull-request-approval-rule.js";
export type { SourceRepositoryProps } from "./repository/source-repository.js";
export { SourceRepository } from "./repository/source-repository.js";
export type { RecordRunsProps, RunHistoryRules } from "./runs/record-runs.js";
export type { RunHistoryTableProps } from "./runs/run-history-table.js";
export { RunHistoryTable } from "./runs/run-history-table.js";
export type { RunWidgetFunctionProps } from "./runs/run-widget-function.js";
export { RUN_WIDGET_POWERTOOLS_ENVIRONMENT, RunWidgetFunction } from "./runs/run-widget-function.js";
export type { TributaryDashboardProps } from "./runs/tributary-dashboard.js";
export { TributaryDashboard } from "./runs/tributary-dashboard.js";
export type { StackTeardownProps } from "./stack-teardown/stack-teardown.js";
export { StackTeardown } from "./stack-teardown/stack-teardown.js";
export {
  REMOTE_TEARDOWN_SCRIPT,
  TEARDOWN_SCRIPT,
  teardownBuildSpec,
  teardownEnvironment,
  teardownVariables,
} from "./stack-teardown/teardown-buildspec.js";
