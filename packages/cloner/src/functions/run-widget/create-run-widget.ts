/**
 * The overview page's Lambda, given its dependencies: read the custom widget's request (core), the live rows of the
 * run history, presign each run's TaskCat report, render the page (core). A CloudWatch dashboard custom widget calls it
 * with the widget's parameters and `widgetContext`; it returns the HTML.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import {
  escapeHtml,
  parseRunsWidgetRequest,
  RUNS_WIDGET_DOCUMENTATION,
  type RunsPageRow,
  renderRunsPage,
} from "@tributary/core";
import type { Context } from "aws-lambda";
import { classifyFailure } from "../../aws/classify-failure";
import { mapConcurrent } from "../../aws/map-concurrent";
import { readLiveRuns } from "../../run-history/read-runs";
import type { RunHistoryStore } from "../../run-history/run-history-store";

/**
 * What the page shows besides the runs: the project, its environments (the filter's choices, in config order), the
 * region of the pipelines, and how long report links last.
 *
 * @example
 * const settings: RunWidgetSettings = { project: "acme", environments: ["dev", "qa", "prod"], region: "eu-west-1", reportLinkSeconds: 900 };
 */
export interface RunWidgetSettings {
  readonly project: string;
  readonly environments: readonly string[];
  readonly region: string;
  readonly reportLinkSeconds: number;
}

/**
 * What the widget needs; `handler.ts` builds them once per Lambda instance, tests inject them.
 *
 * @example
 * const dependencies: RunWidgetDependencies = { store, settings, logger, presign: (key) => presignReportUrl(s3, bucket, key, 900) };
 */
export interface RunWidgetDependencies {
  /** The run history; `undefined` when the function has no table (the page says so). */
  readonly store: RunHistoryStore | undefined;
  readonly settings: RunWidgetSettings;
  readonly logger: Logger;
  /** A presigned URL of a report key, or `undefined` when it may not be linked. */
  readonly presign: (key: string) => Promise<string | undefined>;
  /** The clock. @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * The widget's handler: a CloudWatch custom widget's event in, the page's HTML (or, for `describe`, the Markdown
 * documentation) out.
 *
 * @example
 * const handler: RunWidgetHandler = createRunWidget(dependencies);
 */
export type RunWidgetHandler = (
  event: unknown,
  context: Pick<Context, "invokedFunctionArn">,
) => Promise<string>;

/** Reports signed at once (signing is local: no call leaves the function). */
const PRESIGN_CONCURRENCY = 16;

/**
 * Builds the widget's handler. Per render: one `Query` of the live rows (one page per MB; see the cloner README for the
 * figures at 1,200 live clones), then a presigned URL per run with a report. A read that fails renders an alert with
 * the error's name and what to check, never a stack trace: a dashboard is not the place to crash.
 *
 * @example
 * export const handler = createRunWidget({ store, settings, logger, presign });
 */
export function createRunWidget(dependencies: RunWidgetDependencies): RunWidgetHandler {
  const { settings, logger } = dependencies;
  return async (event, context) => {
    const request = parseRunsWidgetRequest(event);
    if (request.describe) return RUNS_WIDGET_DOCUMENTATION;
    const store = dependencies.store;
    if (store === undefined) {
      return `<p role="alert">The run-history table is not set (TRIBUTARY_RUN_HISTORY_TABLE). Deploy the RunHistory construct and pass its table to the widget.</p>`;
    }
    const started = Date.now();
    try {
      const read = await readLiveRuns(store, request.filters);
      const rows: RunsPageRow[] = await mapConcurrent(read.runs, PRESIGN_CONCURRENCY, async (run) => {
        const reportUrl =
          run.taskcat === undefined ? undefined : await dependencies.presign(run.taskcat.reportKey);
        return reportUrl === undefined ? { run } : { run, reportUrl };
      });
      const html = renderRunsPage(
        rows,
        {
          project: settings.project,
          region: settings.region,
          now: (dependencies.now?.() ?? new Date()).toISOString(),
          filters: request.filters,
          environments: settings.environments,
          rowsRead: read.itemsRead,
          reportLinkMinutes: Math.round(settings.reportLinkSeconds / 60),
          endpoint: context.invokedFunctionArn,
        },
        request.rows,
      );
      logger.info("Rendered the runs page", {
        filters: request.filters,
        pages: read.pages,
        readUnits: read.readUnits,
        itemsRead: read.itemsRead,
        matching: read.runs.length,
        bytes: html.length,
        milliseconds: Date.now() - started,
      });
      return html;
    } catch (error) {
      const { reason } = classifyFailure(error);
      logger.error("Could not read the run history", { reason, error });
      const name = error instanceof Error ? error.name : "Error";
      return `<p role="alert">Could not read the run history (${escapeHtml(name)}, ${escapeHtml(reason)}): check that the widget's role may query the table ${escapeHtml(store.tableName)}, and the function's log.</p>`;
    }
  };
}
