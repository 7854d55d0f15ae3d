/** The marker on a preview comment's first line: which run the comment describes, and which run may edit it. */

import { PreviewError } from "../shared/errors.js";

/**
 * Which run a comment describes: the pull request and the pipeline execution, ordered by when the execution started.
 * The first line of every preview comment carries it, so the cloner finds its living comment and never lets an older
 * run overwrite a newer one.
 *
 * @example
 * const marker: PreviewMarker = {
 *   pullRequestId: "42", executionId: "0a1b2c3d-0000-4000-8000-000000000000", startedAt: "2026-11-27T15:00:00.000Z",
 * };
 */
export interface PreviewMarker {
  /** CodeCommit's pull request id (digits). */
  readonly pullRequestId: string;
  /** The CodePipeline execution id (`pipelineExecutionId`). */
  readonly executionId: string;
  /** The execution's `startTime` (`GetPipelineExecution` / `ListPipelineExecutions`), as an ISO 8601 date. */
  readonly startedAt: string;
}

const MARKER_PREFIX = '[//]: # "tributary-preview v=1';

const MARKER_PATTERN =
  /^\[\/\/\]: # "tributary-preview v=1 pr=([0-9]+) started=([0-9TZ:.+-]+) execution=([A-Za-z0-9._-]+)"$/;

function bad(field: string, value: unknown, problem: string, fix: string): never {
  throw new PreviewError(`options.marker${field}`, value, problem, fix);
}

export function checkMarker(marker: unknown): PreviewMarker | undefined {
  if (marker === undefined) return undefined;
  if (typeof marker !== "object" || marker === null) {
    bad(
      "",
      marker,
      "must be { pullRequestId, executionId, startedAt }",
      "pass the run the comment describes",
    );
  }
  const { pullRequestId, executionId, startedAt } = marker as Record<string, unknown>;
  if (typeof pullRequestId !== "string" || !/^[0-9]{1,20}$/.test(pullRequestId)) {
    bad(
      ".pullRequestId",
      pullRequestId,
      "must be a CodeCommit pull request id (digits)",
      "pass pullRequestId from the event",
    );
  }
  if (typeof executionId !== "string" || !/^[A-Za-z0-9._-]{1,200}$/.test(executionId)) {
    bad(
      ".executionId",
      executionId,
      "must be a CodePipeline execution id",
      "pass the execution's pipelineExecutionId",
    );
  }
  const time = typeof startedAt === "string" ? Date.parse(startedAt) : Number.NaN;
  if (Number.isNaN(time)) {
    bad(
      ".startedAt",
      startedAt,
      "must be an ISO 8601 date",
      "pass the execution's startTime as an ISO string (date.toISOString())",
    );
  }
  return { pullRequestId, executionId, startedAt: new Date(time).toISOString() };
}

/**
 * The first line of a preview comment: a Markdown link reference definition, which Markdown renders as nothing (an
 * HTML comment might be shown as text where a renderer escapes HTML), carrying the pull request and the run.
 *
 * @example
 * previewMarkerLine({ pullRequestId: "42", executionId: "e-1", startedAt: "2026-11-27T15:00:00Z" });
 * // '[//]: # "tributary-preview v=1 pr=42 started=2026-11-27T15:00:00.000Z execution=e-1"'
 */
export function previewMarkerLine(marker: PreviewMarker): string {
  const checked = checkMarker(marker) as PreviewMarker;
  return `${MARKER_PREFIX} pr=${checked.pullRequestId} started=${checked.startedAt} execution=${checked.executionId}"`;
}

/**
 * Reads the marker of a preview comment's content; `undefined` when the content is not a Tributary preview comment.
 *
 * @example
 * parsePreviewMarker(comment.content)?.executionId;
 */
export function parsePreviewMarker(content: string): PreviewMarker | undefined {
  const firstLine = content.split("\n", 1)[0] ?? "";
  const match = MARKER_PATTERN.exec(firstLine);
  if (!match) return undefined;
  const [, pullRequestId = "", startedAt = "", executionId = ""] = match;
  if (Number.isNaN(Date.parse(startedAt))) return undefined;
  return Object.freeze({ pullRequestId, executionId, startedAt });
}

/** Orders runs: by execution start time, then by execution id so that the order is total. */
function compareRuns(a: PreviewMarker, b: PreviewMarker): number {
  const byTime = Date.parse(a.startedAt) - Date.parse(b.startedAt);
  if (byTime !== 0) return byTime;
  return a.executionId < b.executionId ? -1 : a.executionId > b.executionId ? 1 : 0;
}

/**
 * Whether a run may overwrite the existing preview comment of its pull request. It may when the comment describes the
 * same execution (a retry rewrites its own comment) or an execution that started earlier; it may not when the comment
 * describes an execution that started later, even if that one finished first, so a slow older run never hides a newer
 * preview. Runs are ordered by CodePipeline's execution `startTime` (executions of one pipeline start in the order of
 * their source changes), then by execution id when two start in the same millisecond, so any two runs are ordered.
 * Content that carries no marker, or the marker of another pull request, is not this pull request's preview comment.
 *
 * @example
 * const existing = '[//]: # "tributary-preview v=1 pr=42 started=2026-11-27T15:05:00.000Z execution=e-2"\n…';
 * mayReplacePreviewComment(existing, { pullRequestId: "42", executionId: "e-1", startedAt: "2026-11-27T15:00:00Z" });
 * // { replace: false, reason: "the comment describes execution e-2, which started after e-1 (2026-11-27T15:05:00.000Z)" }
 */
export function mayReplacePreviewComment(
  existingContent: string,
  run: PreviewMarker,
): { readonly replace: boolean; readonly reason: string } {
  const incoming = checkMarker(run) as PreviewMarker;
  const existing = parsePreviewMarker(existingContent);
  if (existing === undefined) {
    return {
      replace: false,
      reason: "the comment is not a Tributary preview comment (no marker on its first line)",
    };
  }
  if (existing.pullRequestId !== incoming.pullRequestId) {
    return {
      replace: false,
      reason: `the comment previews pull request ${existing.pullRequestId}, not ${incoming.pullRequestId}`,
    };
  }
  if (existing.executionId === incoming.executionId) {
    return { replace: true, reason: `the comment describes this execution (${incoming.executionId})` };
  }
  if (compareRuns(existing, incoming) > 0) {
    return {
      replace: false,
      reason: `the comment describes execution ${existing.executionId}, which started after ${incoming.executionId} (${existing.startedAt})`,
    };
  }
  return {
    replace: true,
    reason: `the comment describes execution ${existing.executionId}, which started before ${incoming.executionId}`,
  };
}

/**
 * Finds a pull request's living preview comment among its comments (`GetCommentsForPullRequest`'s `comments`): the
 * undeleted one whose marker names the pull request, the newest run's if a race posted two. Filter by `authorArn`
 * before, so that only the cloner's own comments count.
 *
 * @example
 * const living = findPreviewComment(comments, "42");
 * if (living) await codecommit.updateComment({ commentId: living.commentId, content });
 */
export function findPreviewComment<T extends { readonly content?: string; readonly deleted?: boolean }>(
  comments: readonly T[],
  pullRequestId: string,
): T | undefined {
  let best: { comment: T; marker: PreviewMarker } | undefined;
  for (const comment of comments) {
    if (comment.deleted || typeof comment.content !== "string") continue;
    const marker = parsePreviewMarker(comment.content);
    if (marker?.pullRequestId !== pullRequestId) continue;
    if (best === undefined || compareRuns(marker, best.marker) > 0) best = { comment, marker };
  }
  return best?.comment;
}
