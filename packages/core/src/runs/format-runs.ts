/** The run history as a terminal table (`tributary runs`): one line per run, colours only for a terminal. */

import {
  formatAgo,
  formatDuration,
  latestStartFirst,
  RUN_SOURCE_KIND_LABELS,
  RUN_STATE_LABELS,
  sourceLabel,
} from "./render-runs-page.js";
import type { RunRecord } from "./run-record.js";

const TONES = { good: "\u001b[32m", bad: "\u001b[31m", busy: "\u001b[33m", quiet: "\u001b[2m" } as const;
const RESET = "\u001b[0m";

function taskcatSummary(run: RunRecord): string {
  if (run.taskcat === undefined) return run.endedAt === undefined ? "-" : "no report";
  const failed = run.taskcat.results.filter((result) => !result.passed);
  if (failed.length === 0) return `${run.taskcat.results.length} passed`;
  return `failed in ${failed.map((result) => result.region).join(", ")}`;
}

/**
 * The runs as an aligned text table (source, kind, environment, state, start, duration, commit, TaskCat, where it
 * failed), latest first. `color` paints the state (green, red, yellow) for a terminal; a pipe gets plain text.
 *
 * @example
 * formatRunsTable([run], { color: false, now: "2026-11-27T16:00:00.000Z" });
 * // "SOURCE         KIND     ENV  STATE      STARTED     DURATION  COMMIT   TASKCAT   FAILED AT\n
 * //  feature/login  feature  dev  ✓ succeeded  1 h ago  9 min    4c8f2e1  2 passed"
 */
export function formatRunsTable(
  runs: readonly RunRecord[],
  options: { readonly color: boolean; readonly now: string },
): string {
  if (runs.length === 0) return "No runs match.";
  const header = ["SOURCE", "KIND", "ENV", "STATE", "STARTED", "DURATION", "COMMIT", "TASKCAT", "FAILED AT"];
  const sorted = [...runs].sort(latestStartFirst);
  const lines = sorted.map((run) => {
    const label = RUN_STATE_LABELS[run.state];
    return {
      tone: label.tone,
      cells: [
        sourceLabel(run),
        RUN_SOURCE_KIND_LABELS[run.source.kind],
        run.environment,
        `${label.symbol} ${label.text}`,
        formatAgo(run.startedAt, options.now),
        run.durationMs === undefined ? "-" : formatDuration(run.durationMs),
        run.commit?.id.slice(0, 7) ?? "-",
        taskcatSummary(run),
        run.failedAction ? `${run.failedAction.stage}/${run.failedAction.action}` : "",
      ],
    };
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => [...(line.cells[column] ?? "")].length)),
  );
  const render = (cells: readonly string[], tone?: keyof typeof TONES): string =>
    cells
      .map((cell, column) => {
        const padded = cell + " ".repeat((widths[column] ?? 0) - [...cell].length);
        return column === 3 && tone !== undefined && options.color
          ? `${TONES[tone]}${padded}${RESET}`
          : padded;
      })
      .join("  ")
      .trimEnd();
  return [render(header), ...lines.map((line) => render(line.cells, line.tone))].join("\n");
}
