/** The run history: the run record, the merge rule, the table's key design, DORA's four keys, the overview page. */

export { buildRunRecord, type RunFacts, stageResults, type TimedRunAction } from "./build-run-record.js";
export {
  type ClassifiedDeployment,
  classifyDeployments,
  type Deployment,
  type DoraKeys,
  deploymentOf,
  doraDelta,
  doraKeys,
  isHotfixMerge,
} from "./dora.js";
export { formatRunsTable } from "./format-runs.js";
export { type LiveRow, liveVersion, mergeLiveRows, mergeRunRecords, runVersion } from "./merge-runs.js";
export {
  escapeHtml,
  formatAgo,
  formatDuration,
  RUN_SOURCE_KIND_LABELS,
  RUN_STATE_LABELS,
  type RunsPageOptions,
  type RunsPageRow,
  renderRunsPage,
  sourceLabel,
} from "./render-runs-page.js";
export {
  DEFAULT_RUN_HISTORY_TTL_DAYS,
  type RunHistoryConfig,
  type RunHistoryInput,
  validateRunHistory,
} from "./run-history-config.js";
export {
  isRunHistoryRequest,
  parseRunHistoryRequest,
  RUN_EVENT_KIND,
  type RunEventRequest,
  type RunHistoryRequest,
  SOURCE_CLOSED_KIND,
  type SourceClosedRequest,
} from "./run-history-request.js";
export {
  doraEnvironment,
  RUN_METRIC_DIMENSIONS,
  RUN_METRICS,
  type RunMetric,
  runMetrics,
} from "./run-metrics.js";
export {
  isFinalRunState,
  RUN_STATE_RANK,
  RUN_STATES,
  type RunRecord,
  type RunSource,
  type RunSourceKind,
  type RunState,
  type StageResult,
  type TaskcatResult,
} from "./run-record.js";
export { closedSourceKey, liveSourceKey, runSourceOf } from "./run-source.js";
export {
  CLOSED_ROW_TTL_DAYS,
  type ConditionalPut,
  DEPLOY_STAGE_NAME,
  DEPLOYMENTS_INDEX,
  deploymentSucceeded,
  deploymentsQuery,
  isSharedStackDeployment,
  LIVE_PARTITION,
  livePut,
  liveRowKey,
  liveRowOf,
  liveRowsQuery,
  pipelineRunsQuery,
  REPORT_LINK_SECONDS,
  RUN_HISTORY_VARIABLES,
  RUN_TABLE_ATTRIBUTES,
  type RunFilters,
  runHistoryTableName,
  runItemKey,
  runOfItem,
  runPut,
  runTableDefinition,
  type TableItem,
  type TableQuery,
  type TableValue,
} from "./run-table.js";
export {
  parseRunsWidgetRequest,
  RUN_SOURCE_KINDS,
  RUNS_PAGE_ROWS,
  RUNS_WIDGET_DOCUMENTATION,
  type RunsWidgetRequest,
} from "./runs-widget-request.js";
export {
  isTaskcatReportKey,
  parseTaskcatResults,
  TASKCAT_RESULTS_FILE,
  TASKCAT_RESULTS_FORMAT,
  taskcatReportKey,
  taskcatResultsKey,
} from "./taskcat-results.js";
