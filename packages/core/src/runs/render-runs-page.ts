/**
 * The overview page: every live branch and pull request with its latest run, as the HTML a CloudWatch custom widget
 * returns. Pure: the runs, the presigned report URLs and the time come in, a string of HTML goes out. Accessible: a
 * real table with headers, results in words and symbols as well as colours, labelled filters, an empty state that says
 * what to change.
 */

import { executionConsoleUrl } from "../names/names.js";
import type { RunRecord, RunSourceKind, RunState, TaskcatResult } from "./run-record.js";
import type { RunFilters } from "./run-table.js";
import { RUN_SOURCE_KINDS } from "./runs-widget-request.js";

/**
 * One row of the page: a source's latest run and, when its TaskCat report exists, a short-lived presigned URL of it.
 *
 * @example
 * const row: RunsPageRow = { run, reportUrl: "https://acme-reports.s3.eu-west-1.amazonaws.com/reports/…?X-Amz-Signature=…" };
 */
export interface RunsPageRow {
  readonly run: RunRecord;
  readonly reportUrl?: string;
}

/**
 * What the page needs besides its rows.
 *
 * @example
 * const options: RunsPageOptions = {
 *   project: "acme", region: "eu-west-1", now: "2026-11-27T16:00:00.000Z", filters: {},
 *   environments: ["dev", "qa", "prod"], rowsRead: 1200, reportLinkMinutes: 15,
 * };
 */
export interface RunsPageOptions {
  readonly project: string;
  /** The region of the pipelines (for the console links). */
  readonly region: string;
  /** The time the page is rendered (relative times count from it). */
  readonly now: string;
  readonly filters: RunFilters;
  /** The environments the filter offers, in config order. */
  readonly environments: readonly string[];
  /** How many live rows the query read (before the filters), for the summary line. */
  readonly rowsRead: number;
  /** How long the presigned report links stay valid. */
  readonly reportLinkMinutes: number;
  /** The widget Lambda's ARN: with it, the page has a filter form that calls the widget again (`cwdb-action`). */
  readonly endpoint?: string;
}

/**
 * The kinds' labels as the page and the CLI show them.
 *
 * @example
 * RUN_SOURCE_KIND_LABELS.pr; // "pull request"
 */
export const RUN_SOURCE_KIND_LABELS: Readonly<Record<RunSourceKind, string>> = Object.freeze({
  environment: "environment pipeline",
  feature: "feature",
  bugfix: "bugfix",
  release: "release",
  hotfix: "hotfix",
  support: "support",
  pr: "pull request",
});

/**
 * How the page and the CLI name a run's state, with a symbol that does not depend on colour.
 *
 * @example
 * RUN_STATE_LABELS.FAILED; // { symbol: "✗", text: "failed", tone: "bad" }
 */
export const RUN_STATE_LABELS: Readonly<
  Record<
    RunState,
    { readonly symbol: string; readonly text: string; readonly tone: "good" | "bad" | "busy" | "quiet" }
  >
> = Object.freeze({
  STARTED: { symbol: "▶", text: "running", tone: "busy" },
  RESUMED: { symbol: "▶", text: "running (retried)", tone: "busy" },
  STOPPING: { symbol: "■", text: "stopping", tone: "busy" },
  SUCCEEDED: { symbol: "✓", text: "succeeded", tone: "good" },
  FAILED: { symbol: "✗", text: "failed", tone: "bad" },
  STOPPED: { symbol: "■", text: "stopped", tone: "quiet" },
  SUPERSEDED: { symbol: "↷", text: "superseded", tone: "quiet" },
  CANCELED: { symbol: "■", text: "canceled", tone: "quiet" },
});

/**
 * HTML-escapes text for element content and attribute values.
 *
 * @example
 * escapeHtml('<a href="x">'); // "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * A duration for people: "45 s", "6 min 5 s", "2 h 3 min", "3 d 4 h".
 *
 * @example
 * formatDuration(365_000); // "6 min 5 s"
 */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/**
 * How long ago `time` was, seen from `now`: "just now", "12 min ago", "3 h ago", "2 d ago".
 *
 * @example
 * formatAgo("2026-11-27T15:48:00.000Z", "2026-11-27T16:00:00.000Z"); // "12 min ago"
 */
export function formatAgo(time: string, now: string): string {
  const milliseconds = Date.parse(now) - Date.parse(time);
  if (Number.isNaN(milliseconds) || milliseconds < 60_000) return "just now";
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`;
}

/**
 * Orders runs latest start first (the page's and the CLI's order); runs that started together keep their order.
 *
 * @example
 * [older, newer].sort(latestStartFirst); // [newer, older]
 */
export function latestStartFirst(a: RunRecord, b: RunRecord): number {
  return a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0;
}

/**
 * The name a person knows a run's source by: the branch, "PR #42 (feature/login)", or the pipeline when neither is
 * known.
 *
 * @example
 * sourceLabel(run); // "PR #42 (feature/login)"
 */
export function sourceLabel(run: RunRecord): string {
  if (run.source.kind === "pr") {
    return `PR #${run.source.pullRequestId ?? "?"}${run.source.branch ? ` (${run.source.branch})` : ""}`;
  }
  return run.source.branch ?? run.pipeline;
}

const STYLE = `<style>
.tributary-runs{font-family:"Amazon Ember",Arial,sans-serif;color:#16191f;font-size:13px}
.tributary-runs h2{font-size:16px;margin:0 0 4px}
.tributary-runs p{margin:4px 0}
.tributary-runs table{border-collapse:collapse;width:100%}
.tributary-runs th,.tributary-runs td{border-bottom:1px solid #d5dbdb;padding:4px 6px;text-align:left;vertical-align:top}
.tributary-runs thead th{background:#f2f3f3}
.tributary-runs ul{list-style:none;margin:0;padding:0}
.tributary-runs .kind{color:#545b64;font-weight:normal}
.tributary-runs .state{display:inline-block;padding:1px 6px;border-radius:3px;font-weight:bold}
.tributary-runs .good{background:#e6f4ea;color:#0b5a1e}
.tributary-runs .bad{background:#fce8e6;color:#8a1c12}
.tributary-runs .busy{background:#e8f0fe;color:#174ea6}
.tributary-runs .quiet{background:#f2f3f3;color:#3b4149}
.tributary-runs .cells li{display:inline-block;margin:1px 2px 1px 0;padding:1px 5px;border-radius:3px}
.tributary-runs .muted{color:#545b64}
.tributary-runs form{margin:6px 0}
.tributary-runs form label{margin-right:4px}
.tributary-runs form select{margin-right:12px}
</style>`;

/** Links go to https only, or to a local endpoint (moto, LocalStack) when the functions are pointed at one. */
function attribute(url: string): string | undefined {
  return /^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/)[^\s"'<>]+$/.test(url)
    ? escapeHtml(url)
    : undefined;
}

function link(url: string | undefined, text: string, description: string): string {
  const href = url === undefined ? undefined : attribute(url);
  return href === undefined
    ? ""
    : `<a href="${href}" target="_blank" rel="noopener noreferrer" aria-label="${escapeHtml(description)}">${escapeHtml(text)}</a>`;
}

function stateCell(run: RunRecord, now: string): string {
  const label = RUN_STATE_LABELS[run.state];
  const timing =
    run.durationMs === undefined
      ? `started ${formatAgo(run.startedAt, now)}`
      : `started ${formatAgo(run.startedAt, now)}, took ${formatDuration(run.durationMs)}`;
  const failure = run.failedAction
    ? `<p>Failed at <strong>${escapeHtml(`${run.failedAction.stage} / ${run.failedAction.action}`)}</strong>${
        run.failedAction.reason ? `: ${escapeHtml(run.failedAction.reason)}` : ""
      }</p>`
    : "";
  return `<span class="state ${label.tone}">${label.symbol} ${escapeHtml(label.text)}</span><p class="muted">${escapeHtml(timing)}</p>${failure}`;
}

function stagesCell(run: RunRecord): string {
  if (run.stages.length === 0) {
    return `<span class="muted">${run.endedAt === undefined ? "in progress" : "no stage ran"}</span>`;
  }
  const items = run.stages.map((stage) => {
    const tone = stage.status === "Succeeded" ? "good" : stage.status === "Failed" ? "bad" : "quiet";
    const symbol = tone === "good" ? "✓" : tone === "bad" ? "✗" : "■";
    const duration = stage.durationMs === undefined ? "" : ` ${formatDuration(stage.durationMs)}`;
    return `<li class="${tone}">${symbol} ${escapeHtml(stage.name)}${duration}</li>`;
  });
  return `<ul class="cells" aria-label="Stages">${items.join("")}</ul>`;
}

function taskcatCell(run: RunRecord): string {
  if (run.taskcat === undefined) {
    return `<span class="muted">${run.endedAt === undefined ? "not yet" : "no report"}</span>`;
  }
  if (run.taskcat.results.length === 0) return `<span class="muted">no test ran</span>`;
  const cell = (result: TaskcatResult): string =>
    `<li class="${result.passed ? "good" : "bad"}">${result.passed ? "✓ passed" : "✗ failed"}: ${escapeHtml(
      `${result.test} in ${result.region}`,
    )}${result.passed ? "" : ` (${escapeHtml(result.status)})`}</li>`;
  return `<ul class="cells" aria-label="TaskCat per test and region">${run.taskcat.results.map(cell).join("")}</ul>`;
}

function lintCell(run: RunRecord): string {
  if (run.lintFindings === undefined) return `<span class="muted">unknown</span>`;
  return run.lintFindings === 0
    ? "no findings"
    : `${run.lintFindings} finding${run.lintFindings === 1 ? "" : "s"}`;
}

function previewCell(run: RunRecord): string {
  return run.preview === undefined
    ? `<span class="muted">no preview</span>`
    : escapeHtml(run.preview.headline);
}

function linksCell(row: RunsPageRow, region: string, minutes: number): string {
  const { run } = row;
  const label = sourceLabel(run);
  const links = [
    link(
      executionConsoleUrl(region, run.pipeline, run.executionId),
      "Execution",
      `Execution of ${label} in CodePipeline`,
    ),
    row.reportUrl === undefined
      ? run.taskcat === undefined
        ? ""
        : `<span class="muted">no report link</span>`
      : link(row.reportUrl, `TaskCat report (${minutes} min link)`, `TaskCat report of ${label}`),
  ].filter((item) => item !== "");
  return links.join("<br>");
}

function rowHtml(row: RunsPageRow, options: RunsPageOptions): string {
  const { run } = row;
  const commit = run.commit
    ? `<code>${escapeHtml(run.commit.id.slice(0, 7))}</code>${run.commit.message ? ` ${escapeHtml(run.commit.message)}` : ""}`
    : `<span class="muted">unknown</span>`;
  return `<tr data-pipeline="${escapeHtml(run.pipeline)}" data-state="${run.state}">
<th scope="row">${escapeHtml(sourceLabel(run))} <span class="kind">${escapeHtml(RUN_SOURCE_KIND_LABELS[run.source.kind])}</span></th>
<td>${escapeHtml(run.environment)}</td>
<td>${stateCell(run, options.now)}</td>
<td>${commit}</td>
<td>${stagesCell(run)}</td>
<td>${taskcatCell(run)}</td>
<td>${lintCell(run)}</td>
<td>${previewCell(run)}</td>
<td>${linksCell(row, options.region, options.reportLinkMinutes)}</td>
</tr>`;
}

function select(
  id: string,
  name: string,
  label: string,
  choices: readonly [string, string][],
  chosen: string,
): string {
  const items = choices
    .map(
      ([value, text]) =>
        `<option value="${escapeHtml(value)}"${value === chosen ? " selected" : ""}>${escapeHtml(text)}</option>`,
    )
    .join("");
  return `<label for="${id}">${label}</label><select id="${id}" name="${name}">${items}</select>`;
}

function filterForm(options: RunsPageOptions): string {
  if (options.endpoint === undefined) return "";
  const { filters } = options;
  return `<form aria-label="Filters">
${select("tributary-runs-environment", "environment", "Environment", [["", "all"], ...options.environments.map((name): [string, string] => [name, name])], filters.environment ?? "")}
${select("tributary-runs-kind", "kind", "Branch kind", [["", "all"], ...RUN_SOURCE_KINDS.map((kind): [string, string] => [kind, RUN_SOURCE_KIND_LABELS[kind]])], filters.kind ?? "")}
<input type="checkbox" id="tributary-runs-failed" name="failedOnly" value="true"${filters.failedOnly ? " checked" : ""}><label for="tributary-runs-failed">Failed only</label>
</form><button type="button" class="btn btn-primary">Apply filters</button><cwdb-action action="call" endpoint="${escapeHtml(options.endpoint)}"></cwdb-action>`;
}

function describeFilters(filters: RunFilters): string {
  const parts = [
    filters.environment === undefined ? undefined : `environment ${filters.environment}`,
    filters.kind === undefined ? undefined : `kind ${RUN_SOURCE_KIND_LABELS[filters.kind]}`,
    filters.failedOnly ? "latest run failed" : undefined,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? "no filter" : parts.join(", ");
}

/**
 * The overview page's HTML for the rows that match the filters, latest run first (at most `rows`; the summary line
 * says how many were left out). Without rows it shows the empty state: what the filters are, and that a branch
 * appears with its first run.
 *
 * @example
 * renderRunsPage([{ run, reportUrl }], { project: "acme", region: "eu-west-1", now, filters: {}, environments: ["dev"],
 *   rowsRead: 1, reportLinkMinutes: 15 }, 100);
 * // '<style>…</style><section class="tributary-runs" aria-labelledby="tributary-runs-title">…'
 */
export function renderRunsPage(
  rows: readonly RunsPageRow[],
  options: RunsPageOptions,
  limit: number,
): string {
  const sorted = [...rows].sort((a, b) => latestStartFirst(a.run, b.run));
  const shown = sorted.slice(0, Math.max(0, limit));
  const summary = `${shown.length} of ${rows.length} matching live branches and pull requests shown (${options.rowsRead} live rows read; ${describeFilters(options.filters)}), as of ${options.now.slice(0, 16).replace("T", " ")} UTC.`;
  const body =
    shown.length === 0
      ? `<p role="status" class="empty">No live branch or pull request matches ${escapeHtml(describeFilters(options.filters))}. A branch or pull request appears here when its pipeline starts its first run${options.filters.failedOnly ? "; with no failed run, there is nothing to fix" : ""}.</p>`
      : `<table>
<caption class="muted">Latest run of each live branch and pull request of ${escapeHtml(options.project)}, newest first</caption>
<thead><tr><th scope="col">Branch or pull request</th><th scope="col">Environment</th><th scope="col">Latest run</th><th scope="col">Commit</th><th scope="col">Stages</th><th scope="col">TaskCat</th><th scope="col">cfn-lint</th><th scope="col">Preview</th><th scope="col">Links</th></tr></thead>
<tbody>
${shown.map((row) => rowHtml(row, options)).join("\n")}
</tbody>
</table>`;
  return `${STYLE}<section class="tributary-runs" aria-labelledby="tributary-runs-title">
<h2 id="tributary-runs-title">Tributary runs of ${escapeHtml(options.project)}</h2>
<p>${escapeHtml(summary)}</p>
${filterForm(options)}
${body}
</section>`;
}
