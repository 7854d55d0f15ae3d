/** What every comment shows above its preview: the checked options (commit, checks, links, marker) and the run line. */

import { PreviewError } from "../shared/errors.js";
import type { FinalRunState } from "../shared/types.js";
import { type CommentLimit, code, link, plural, REASON_LENGTH, text } from "./comment-markdown.js";
import { checkMarker, type PreviewMarker } from "./preview-marker.js";

/**
 * What `formatPreviewComment` shows beside the changes. Only `commitId` is required.
 *
 * @example
 * const options: PreviewCommentOptions = {
 *   commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e",
 *   executionUrl: "https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev-pr-42/executions/0a1b/timeline",
 *   lint: { findings: 0 },
 *   taskcat: { passed: true },
 * };
 */
export interface PreviewCommentOptions {
  /** The commit the preview describes (the pull request's source commit). */
  readonly commitId: string;
  /** A link to the pipeline execution. */
  readonly executionUrl?: string;
  /** A link to the TaskCat report. */
  readonly reportUrl?: string;
  /** A link to the full JSON preview (`PreviewSummary`), shown when the comment leaves changes out. */
  readonly previewUrl?: string;
  /** cfn-lint's result: how many findings it printed. */
  readonly lint?: { readonly findings: number };
  /** TaskCat's result. */
  readonly taskcat?: { readonly passed: boolean };
  /** The run the comment describes; without it the comment has no marker and no run can find it again. */
  readonly marker?: PreviewMarker;
  /** How the pipeline run ended (one line under the checks); without it the comment says nothing of the run. */
  readonly run?: RunOutcome;
  /**
   * The git provider's comment size limit (`commentLimit(config.source)`).
   *
   * @default COMMENT_LIMITS.codecommit
   */
  readonly limit?: CommentLimit;
}

/** Characters a link may have. */
const URL_LENGTH = 2_000;

function checkUrl(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^https?:\/\/[^\s]+$/.test(value) || value.length > URL_LENGTH) {
    throw new PreviewError(
      `options.${field}`,
      value,
      `must be an http(s) URL of at most ${URL_LENGTH} characters without spaces`,
      "pass the console or S3 link as built by core (executionConsoleUrl, reportConsoleUrl)",
    );
  }
  return value;
}

/** The validated options and the header lines every comment shares (checks, run). */
export function commentHeader(options: PreviewCommentOptions): {
  readonly commitId: string;
  readonly marker: PreviewMarker | undefined;
  readonly checks: string;
  readonly previewUrl: string | undefined;
  readonly runLine: string | undefined;
} {
  const { commitId, lint, taskcat } = options;
  if (typeof commitId !== "string" || !/^[0-9a-f]{7,64}$/i.test(commitId)) {
    throw new PreviewError(
      "options.commitId",
      commitId,
      "must be a git commit id (hexadecimal)",
      "pass the pull request's source commit (sourceCommit of the event)",
    );
  }
  if (lint !== undefined && !(Number.isSafeInteger(lint?.findings) && lint.findings >= 0)) {
    throw new PreviewError(
      "options.lint.findings",
      lint?.findings,
      "must be a count (0 or more)",
      "pass { findings }",
    );
  }
  if (taskcat !== undefined && typeof taskcat?.passed !== "boolean") {
    throw new PreviewError(
      "options.taskcat.passed",
      taskcat?.passed,
      "must be true or false",
      "pass { passed }",
    );
  }
  const { limit } = options;
  // A comment must hold its header and a marker; below 1 KiB no provider's limit would.
  if (
    limit !== undefined &&
    !(Number.isSafeInteger(limit?.size) && limit.size >= 1024 && typeof limit.host === "string")
  ) {
    throw new PreviewError(
      "options.limit",
      limit,
      "must be { size, host } with a size of at least 1,024 bytes",
      "pass commentLimit(config.source)",
    );
  }
  const executionUrl = checkUrl(options.executionUrl, "executionUrl");
  const reportUrl = checkUrl(options.reportUrl, "reportUrl");
  const previewUrl = checkUrl(options.previewUrl, "previewUrl");
  const marker = checkMarker(options.marker);

  const checks = [
    `Commit ${code(commitId)}`,
    executionUrl ? link("pipeline execution", executionUrl) : undefined,
    lint ? `cfn-lint: ${plural(lint.findings, "finding")}` : undefined,
    taskcat
      ? `TaskCat: ${taskcat.passed ? "passed" : "**failed**"}${reportUrl ? ` (${link("report", reportUrl)})` : ""}`
      : reportUrl
        ? link("TaskCat report", reportUrl)
        : undefined,
  ].filter((part) => part !== undefined);
  const runLine = options.run === undefined ? undefined : formatRunLine(options.run);
  return { commitId, marker, checks: checks.join(" · "), previewUrl, runLine };
}

/**
 * How a pipeline run ended, for the comment's run line: its state, the action that failed (stage, action and
 * CodePipeline's summary of the failure) and, for a comment without a preview, why there is none. `STARTED` is the
 * living comment's first version, posted when the pull request opens.
 *
 * @example
 * const run: RunOutcome = {
 *   state: "FAILED",
 *   failedAction: { stage: "Test", action: "Test", summary: "Build terminated with state: FAILED" },
 *   noPreview: "the run stopped before the Preview step",
 * };
 */
export interface RunOutcome {
  readonly state: FinalRunState | "STARTED";
  /** The first action that failed, when one did. */
  readonly failedAction?: {
    readonly stage: string;
    readonly action: string;
    /** CodePipeline's `errorDetails.message` or `externalExecutionSummary`. */
    readonly summary?: string;
  };
  /** Why the comment shows no change-set preview (only read by `formatRunComment`). */
  readonly noPreview?: string;
}

const RUN_STATES: readonly unknown[] = ["STARTED", "SUCCEEDED", "FAILED", "STOPPED", "SUPERSEDED"];

/** The run line: ✅ succeeded, ❌ failed at stage/action (with CodePipeline's reason), ⏹️ stopped, ⏭️ superseded, ⏳ running. */
export function formatRunLine(run: RunOutcome): string {
  if (typeof run !== "object" || run === null || !RUN_STATES.includes(run.state)) {
    throw new PreviewError(
      "options.run.state",
      (run as { state?: unknown } | null)?.state,
      `must be one of ${RUN_STATES.join(", ")}`,
      "pass the execution's final state as EventBridge gives it",
    );
  }
  const failed = run.failedAction;
  const where =
    failed === undefined
      ? ""
      : ` at ${code(failed.stage, 100)} / ${code(failed.action, 100)}${failed.summary ? `: ${text(failed.summary, REASON_LENGTH)}` : ""}`;
  switch (run.state) {
    case "STARTED":
      return "⏳ The pipeline is running; this comment is updated when it finishes.";
    case "SUCCEEDED":
      return "✅ Pipeline run **succeeded**.";
    case "FAILED":
      return `❌ Pipeline run **failed**${where}.`;
    case "STOPPED":
      return `⏹️ Pipeline run **stopped**${where}.`;
    default:
      return "⏭️ Pipeline run superseded by a newer run of this pull request.";
  }
}
