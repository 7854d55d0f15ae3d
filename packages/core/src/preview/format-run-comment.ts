/** `formatRunComment`: the comment of a run that has no preview to show (failed early, unread preview, still running). */

import { PreviewError } from "../shared/errors.js";
import {
  commentHeader,
  formatRunLine,
  type PreviewCommentOptions,
  type RunOutcome,
} from "./comment-header.js";
import { COMMENT_LIMITS, code, commentSize, hardCut, REASON_LENGTH, text } from "./comment-markdown.js";
import { previewMarkerLine } from "./preview-marker.js";

/**
 * Formats the comment of a run that has no preview to show (it failed or stopped before the Preview step, its
 * `preview.json` could not be read, or it has not finished yet): the marker, the commit, cfn-lint's findings, TaskCat's
 * result with its report, the pipeline execution, the run line (which action failed and why) and why there is no
 * preview. Within `options.limit` (CodeCommit's by default) like every comment; throws `PreviewError` on options of the wrong shape.
 *
 * @example
 * formatRunComment({
 *   commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e",
 *   executionUrl: executionConsoleUrl("eu-west-1", "acme-dev-pr-42", executionId),
 *   taskcat: { passed: false },
 *   marker: { pullRequestId: "42", executionId, startedAt: "2026-11-27T15:00:00.000Z" },
 *   run: { state: "FAILED", failedAction: { stage: "Test", action: "Test" }, noPreview: "the run stopped before the Preview step" },
 * });
 * // '[//]: # "tributary-preview v=1 pr=42 …"\n### Tributary run of `4c8f2e1`\n\n❌ Pipeline run **failed** at `Test` / `Test`.\n…'
 */
export function formatRunComment(options: PreviewCommentOptions & { readonly run: RunOutcome }): string {
  if (typeof options !== "object" || options === null) {
    throw new PreviewError(
      "options",
      options,
      "must be an object with commitId and run",
      "pass { commitId, run }",
    );
  }
  const { commitId, marker, checks, previewUrl, runLine } = commentHeader(options);
  const noPreview = options.run.noPreview;
  const comment = `${[
    ...(marker ? [previewMarkerLine(marker)] : []),
    `### Tributary run of ${code(commitId.slice(0, 7))}`,
    "",
    runLine ?? formatRunLine(options.run),
    "",
    checks,
    // While the run is going, the note says what will come; after it, why no preview came.
    ...(noPreview
      ? [
          "",
          options.run.state === "STARTED"
            ? `${text(noPreview, REASON_LENGTH)}.`
            : `No change-set preview: ${text(noPreview, REASON_LENGTH)}.`,
        ]
      : []),
  ].join("\n")}\n`;
  const limit = options.limit ?? COMMENT_LIMITS.codecommit;
  return commentSize(comment) <= limit.size ? comment : hardCut(comment, previewUrl, limit);
}
