/**
 * What a CloudWatch dashboard custom widget sends the overview page's Lambda (the custom widget's event: its
 * parameters at the top level, `widgetContext`, and `describe` when the console asks for the documentation), read
 * into the page's filters.
 */

import { PREFIXED_BRANCH_KINDS } from "../config/defaults.js";
import { ENVIRONMENT_NAME_PATTERN } from "../config/environments.js";
import { isRecord } from "../shared/plain-object.js";
import type { RunSourceKind } from "./run-record.js";
import type { RunFilters } from "./run-table.js";

/**
 * The kinds of source the overview filters by: the environment pipelines, each git-flow prefix and pull requests.
 *
 * @example
 * RUN_SOURCE_KINDS; // ["environment", "feature", "bugfix", "release", "hotfix", "support", "pr"]
 */
export const RUN_SOURCE_KINDS: readonly RunSourceKind[] = Object.freeze([
  "environment",
  ...PREFIXED_BRANCH_KINDS,
  "pr",
]);

/**
 * Rows the page shows by default and at most (the live rows are all read either way; the page stays light).
 *
 * @example
 * RUNS_PAGE_ROWS.default; // 100
 */
export const RUNS_PAGE_ROWS = Object.freeze({ default: 100, max: 500 } as const);

/**
 * The documentation the console shows for "Get documentation" (the widget is called with `describe`): Markdown whose
 * first YAML block lists the parameters, which the console copies into the widget.
 *
 * @example
 * if (event.describe) return RUNS_WIDGET_DOCUMENTATION;
 */
export const RUNS_WIDGET_DOCUMENTATION = `## Tributary runs

Every live branch and pull request of the project with its latest run: status, stage durations, TaskCat's result per
region, cfn-lint's findings, the change-set preview, and links to the execution and (for 15 minutes) the TaskCat
report. Parameters (each optional): \`environment\` (an environment's name), \`kind\` (${RUN_SOURCE_KINDS.join(", ")}),
\`failedOnly\` (true shows only sources whose latest run failed), \`rows\` (at most ${RUNS_PAGE_ROWS.max}).

\`\`\` yaml
environment: ""
kind: ""
failedOnly: false
rows: ${RUNS_PAGE_ROWS.default}
\`\`\`
`;

/**
 * What the page shows, from one widget call: the filters and how many rows.
 *
 * @example
 * const request: RunsWidgetRequest = { describe: false, filters: { environment: "qa" }, rows: 100 };
 */
export interface RunsWidgetRequest {
  /** The console asks for the documentation only. */
  readonly describe: boolean;
  readonly filters: RunFilters;
  readonly rows: number;
}

function field(
  params: Readonly<Record<string, unknown>>,
  form: Readonly<Record<string, unknown>>,
  name: string,
): unknown {
  // The page's own form (submitted through cwdb-action) wins over the widget's configured parameters.
  return form[name] ?? params[name];
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return isRecord(value) ? value : {};
}

/**
 * The page a custom widget call asks for. Unknown or malformed values mean "no filter" (a dashboard is not the place
 * to fail): an environment that is not a name, a kind that is not one of `RUN_SOURCE_KINDS`, rows outside
 * 1..`RUNS_PAGE_ROWS.max`.
 *
 * @example
 * parseRunsWidgetRequest({ environment: "qa", failedOnly: true, widgetContext: { forms: { all: {} } } });
 * // { describe: false, filters: { environment: "qa", failedOnly: true }, rows: 100 }
 */
export function parseRunsWidgetRequest(event: unknown): RunsWidgetRequest {
  const params = record(event);
  const form = record(record(record(params.widgetContext).forms).all);
  const environment = field(params, form, "environment");
  const kind = field(params, form, "kind");
  const failed = field(params, form, "failedOnly");
  const rows = Number(field(params, form, "rows"));
  return {
    describe: params.describe === true || params.describe === "true",
    filters: {
      ...(typeof environment === "string" && ENVIRONMENT_NAME_PATTERN.test(environment)
        ? { environment }
        : {}),
      ...(typeof kind === "string" && (RUN_SOURCE_KINDS as readonly string[]).includes(kind)
        ? { kind: kind as RunSourceKind }
        : {}),
      ...(failed === true || failed === "true" || failed === "on" ? { failedOnly: true } : {}),
    },
    rows: Number.isInteger(rows) && rows >= 1 && rows <= RUNS_PAGE_ROWS.max ? rows : RUNS_PAGE_ROWS.default,
  };
}
