/** @tributary/constructs: CDK v2 building blocks of Tributary (pipelines, cloner, notifications, buckets), secure by default. */

export { clonerBundleCode, notifierBundleCode, runWidgetBundleCode } from "./cloner-bundle.js";
export type { DemoStackPolicyScope } from "./demo-stack-policy.js";
export { demoStackStatements } from "./demo-stack-policy.js";
export type { EnvironmentPipelineProps } from "./environment-pipeline.js";
export {
  CHANGE_SET_NAME,
  EnvironmentPipeline,
  PIPELINE_ACTIONS,
  PIPELINE_STAGES,
  TEST_NAMESPACE,
} from "./environment-pipeline.js";
export type { WildcardAcknowledgement } from "./nag-acknowledgements.js";
export {
  acknowledgeBundledLambdaFindings,
  acknowledgeTributaryFindings,
  acknowledgeWildcardFindings,
  tributaryWildcardAcknowledgements,
} from "./nag-acknowledgements.js";
export type { PipelineClonerProps } from "./pipeline-cloner.js";
export { CLONER_POWERTOOLS_ENVIRONMENT, PipelineCloner } from "./pipeline-cloner.js";
export type {
  NotificationRules,
  NotificationTopics,
  PipelineNotificationsProps,
} from "./pipeline-notifications.js";
export { PipelineNotifications } from "./pipeline-notifications.js";
export type { PipelineNotifierProps, RecordRunsProps, RunHistoryRules } from "./pipeline-notifier.js";
export { NOTIFIER_POWERTOOLS_ENVIRONMENT, PipelineNotifier } from "./pipeline-notifier.js";
export {
  PREVIEW_CAPABILITIES,
  PREVIEW_OUTPUTS_FILE,
  PREVIEW_SCRIPT,
  previewBuildSpec,
  TEMPLATE_BODY_LIMIT,
} from "./preview-buildspec.js";
export type { PullRequestApprovalRuleProps } from "./pull-request-approval-rule.js";
export { PullRequestApprovalRule } from "./pull-request-approval-rule.js";
export type { RunHistoryTableProps } from "./run-history-table.js";
export { RunHistoryTable } from "./run-history-table.js";
export type { RunWidgetFunctionProps } from "./run-widget-function.js";
export { RUN_WIDGET_POWERTOOLS_ENVIRONMENT, RunWidgetFunction } from "./run-widget-function.js";
export type { SourceRepositoryProps } from "./source-repository.js";
export { SourceRepository } from "./source-repository.js";
export {
  TEARDOWN_SCRIPT,
  teardownBuildSpec,
  teardownEnvironment,
  teardownVariables,
} from "./teardown-buildspec.js";
export type { PipelineBuckets, TributaryBucketsProps } from "./tributary-buckets.js";
export { TributaryBuckets } from "./tributary-buckets.js";
export type { TributaryDashboardProps } from "./tributary-dashboard.js";
export { TributaryDashboard } from "./tributary-dashboard.js";
