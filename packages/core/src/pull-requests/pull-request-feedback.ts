/**
 * What a pull request is told about its clone's runs: which pipelines are pull-request clones, the one living comment
 * (its text, whether a run may write it) and the cloner's approval (approve, revoke or leave it).
 */

import {
  cloneNamePrefix,
  clonePipelineName,
  executionConsoleUrl,
  pipelineConsoleUrl,
} from "../names/names.js";
import { ownershipRule } from "../ownership/ownership.js";
import type { PreviewCommentOptions, RunOutcome } from "../preview/comment-header.js";
import type { CommentLimit } from "../preview/comment-markdown.js";
import { formatPreviewComment } from "../preview/format-preview-comment.js";
import { formatRunComment } from "../preview/format-run-comment.js";
import {
  PREVIEW_ACTION_NAME,
  PREVIEW_OUTPUTS,
  previewUrl,
  TEST_ACTION_NAME,
  TEST_OUTPUTS,
} from "../preview/preview-contract.js";
import { mayReplacePreviewComment, type PreviewMarker } from "../preview/preview-marker.js";
import { summarizeChangeSets } from "../preview/summarize-change-sets.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import { PreviewError } from "../shared/errors.js";
import type { FinalRunState, TributaryConfig } from "../shared/types.js";

/**
 * What `decideCommentWrite` returns: post a first comment, update the living one, or leave it, with the reason to log.
 *
 * @example
 * const write: CommentWrite = { kind: "update", commentId: "c-1", reason: "the comment describes an older run" };
 */
export type CommentWrite =
  | { readonly kind: "post"; readonly reason: string }
  | { readonly kind: "update" | "skip"; readonly commentId: string; readonly reason: string };

/**
 * The pull request a pipeline name belongs to, when it is one of this project's pull-request clones
 * (`clonePipelineName(config, env, { pullRequestId })` for one of its environments); `undefined` otherwise. The name
 * alone is not proof: the cloner confirms with the clone's tags (`pullRequestCloneTags`).
 *
 * @example
 * pullRequestOfClone(config, "acme-dev-pr-42"); // { pullRequestId: "42", environment: "dev" }
 * pullRequestOfClone(config, "acme-dev-feature-login"); // undefined
 */
export function pullRequestOfClone(
  config: TributaryConfig,
  pipelineName: string,
): { readonly pullRequestId: string; readonly environment: string } | undefined {
  for (const environment of config.environments) {
    const prefix = cloneNamePrefix(config, environment.name, "pr");
    if (!pipelineName.startsWith(prefix)) continue;
    const pullRequestId = pipelineName.slice(prefix.length);
    if (!/^[0-9]{1,20}$/.test(pullRequestId)) continue;
    if (clonePipelineName(config, environment.name, { pullRequestId }) !== pipelineName) continue;
    return { pullRequestId, environment: environment.name };
  }
  return undefined;
}

/**
 * The tags a pull request's clone carries and the cloner checks before it writes to the pull request: managed, this
 * project, and this pull request.
 *
 * @example
 * pullRequestCloneTags(config, "42");
 * // { "tributary:managed": "true", "tributary:project": "acme", "tributary:pull-request": "42" }
 */
export function pullRequestCloneTags(
  config: Pick<TributaryConfig, "project">,
  pullRequestId: string,
): Readonly<Record<string, string>> {
  return Object.freeze({
    ...ownershipRule({ project: config.project, environments: [] }).cloneTags,
    [MANAGED_TAGS.pullRequest]: pullRequestId,
  });
}

/**
 * One action of a run, as the cloner reads it from `ListActionExecutions`, in plain data: ISO dates, output variables
 * as a record, CodePipeline's failure summary (`errorDetails.message`, else `externalExecutionSummary`).
 *
 * @example
 * const test: RunAction = {
 *   stageName: "Test", actionName: "Test", status: "Failed", startTime: "2026-11-27T15:00:05.000Z",
 *   outputVariables: {}, summary: "Build terminated with state: FAILED",
 * };
 */
export interface RunAction {
  readonly stageName: string;
  readonly actionName: string;
  /** `InProgress`, `Abandoned`, `Succeeded` or `Failed` (CodePipeline's `ActionExecutionStatus`). */
  readonly status: string;
  readonly startTime?: string;
  readonly outputVariables?: Readonly<Record<string, string>>;
  readonly summary?: string;
}

/**
 * cfn-lint's finding count the Test action exported (`LINT_FINDINGS`), or `undefined` when it exported none or not a
 * whole number ≥ 0 (CodePipeline keeps a build's variables only when it succeeds).
 *
 * @example
 * lintFindingsOf({ stageName: "Test", actionName: "Test", status: "Succeeded", outputVariables: { LINT_FINDINGS: "2" } }); // 2
 * lintFindingsOf(undefined); // undefined
 */
export function lintFindingsOf(test: RunAction | undefined): number | undefined {
  const findings = Number(test?.outputVariables?.[TEST_OUTPUTS.lintFindings]);
  return Number.isSafeInteger(findings) && findings >= 0 ? findings : undefined;
}

/**
 * When a run started: the earliest start of its actions (its source action starts with it; CodePipeline's
 * `GetPipelineExecution` gives no start time), else `fallback` (the event's time).
 *
 * @example
 * runStartedAt([{ stageName: "Source", actionName: "Source", status: "Succeeded", startTime: "2026-11-27T15:00:00Z" }], "2026-11-27T15:09:00Z");
 * // "2026-11-27T15:00:00.000Z"
 */
export function runStartedAt(actions: readonly RunAction[], fallback: string): string {
  const times = actions
    .map((action) => (action.startTime === undefined ? Number.NaN : Date.parse(action.startTime)))
    .filter((time) => !Number.isNaN(time));
  const time = times.length > 0 ? Math.min(...times) : Date.parse(fallback);
  return new Date(Number.isNaN(time) ? 0 : time).toISOString();
}

/**
 * What the cloner knows about a finished run when it writes the comment. `previewDocument` is `preview.json` parsed,
 * or `undefined` when the run wrote none (it failed or stopped before the Preview step).
 *
 * @example
 * const facts: PipelineRunFacts = {
 *   pullRequestId: "42", pipelineName: "acme-dev-pr-42", executionId, state: "SUCCEEDED",
 *   commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e", region: "eu-west-1", eventTime: "2026-11-27T15:09:00Z",
 *   actions, previewDocument: JSON.parse(previewJson), reportsBucket: "acme-reports",
 * };
 */
export interface PipelineRunFacts {
  readonly pullRequestId: string;
  readonly pipelineName: string;
  readonly executionId: string;
  readonly state: FinalRunState;
  /** The source commit the run built (`GetPipelineExecution`'s `artifactRevisions`). */
  readonly commitId: string;
  readonly region: string;
  /** The event's time: the run's start when no action has one. */
  readonly eventTime: string;
  readonly actions: readonly RunAction[];
  readonly previewDocument?: unknown;
  /** The reports bucket, for the link to the full preview when the Preview action exported none. */
  readonly reportsBucket?: string;
  /**
   * The git provider's comment limit (`commentLimit(config.source)`).
   *
   * @default COMMENT_LIMITS.codecommit
   */
  readonly commentLimit?: CommentLimit;
}

function latest(actions: readonly RunAction[], name: string): RunAction | undefined {
  return actions
    .filter((action) => action.actionName === name)
    .sort((a, b) => Date.parse(b.startTime ?? "") - Date.parse(a.startTime ?? ""))[0];
}

function httpUrl(value: string | undefined): string | undefined {
  return value !== undefined && /^https?:\/\/[^\s]+$/.test(value) && value.length <= 2_000
    ? value
    : undefined;
}

/**
 * The living comment for a finished run, and its marker: with the change-set preview (`formatPreviewComment`) when
 * the run wrote `preview.json`, else what happened (`formatRunComment`: which action failed, TaskCat's result, the
 * execution's link). cfn-lint's count and TaskCat's report come from the Test action's variables (CodePipeline keeps
 * them only when the action succeeded; a failed Test action means TaskCat or cfn-lint failed); a `preview.json` that
 * is not a preview is reported in the comment instead of failing the run's report.
 *
 * @example
 * const { content, marker } = pipelineRunComment(facts);
 * content.startsWith(previewMarkerLine(marker)); // true
 */
export function pipelineRunComment(facts: PipelineRunFacts): {
  readonly content: string;
  readonly marker: PreviewMarker;
} {
  const marker: PreviewMarker = {
    pullRequestId: facts.pullRequestId,
    executionId: facts.executionId,
    startedAt: runStartedAt(facts.actions, facts.eventTime),
  };
  const test = latest(facts.actions, TEST_ACTION_NAME);
  const preview = latest(facts.actions, PREVIEW_ACTION_NAME);
  const findings = lintFindingsOf(test);
  const reportUrl = httpUrl(test?.outputVariables?.[TEST_OUTPUTS.reportUrl]);
  const fullPreview =
    httpUrl(preview?.outputVariables?.[PREVIEW_OUTPUTS.url]) ??
    (facts.reportsBucket && facts.previewDocument !== undefined
      ? previewUrl(facts.reportsBucket, facts.region, facts.pipelineName, facts.executionId)
      : undefined);
  const failed = [...facts.actions]
    .filter((action) => action.status === "Failed")
    .sort((a, b) => Date.parse(a.startTime ?? "") - Date.parse(b.startTime ?? ""))[0];
  const run: RunOutcome = {
    state: facts.state,
    ...(failed
      ? {
          failedAction: {
            stage: failed.stageName,
            action: failed.actionName,
            ...(failed.summary ? { summary: failed.summary } : {}),
          },
        }
      : {}),
  };
  const options: PreviewCommentOptions = {
    commitId: facts.commitId,
    executionUrl: executionConsoleUrl(facts.region, facts.pipelineName, facts.executionId),
    ...(reportUrl ? { reportUrl } : {}),
    ...(fullPreview ? { previewUrl: fullPreview } : {}),
    ...(findings === undefined ? {} : { lint: { findings } }),
    ...(test && (test.status === "Succeeded" || test.status === "Failed")
      ? { taskcat: { passed: test.status === "Succeeded" } }
      : {}),
    ...(facts.commentLimit ? { limit: facts.commentLimit } : {}),
    marker,
    run,
  };
  if (facts.previewDocument === undefined) {
    const noPreview =
      preview === undefined
        ? "the run stopped before the Preview step"
        : `the Preview step ended ${preview.status} without writing preview.json`;
    return { content: formatRunComment({ ...options, run: { ...run, noPreview } }), marker };
  }
  try {
    const summary = summarizeChangeSets(facts.previewDocument as Parameters<typeof summarizeChangeSets>[0]);
    return { content: formatPreviewComment(summary, options), marker };
  } catch (error) {
    if (!(error instanceof PreviewError)) throw error;
    const noPreview = `preview.json is not a preview (${error.message})`;
    return { content: formatRunComment({ ...options, run: { ...run, noPreview } }), marker };
  }
}

/**
 * The living comment's first version, posted when the pull request opens: where its pipeline is, that it runs on
 * every push and goes away with the pull request, and that this comment will show each run's result. Its marker names
 * no execution yet (`pending`) and the time the pull request opened, so the first run that finishes replaces it.
 *
 * @example
 * openingComment({ pullRequestId: "42", pipelineName: "acme-dev-pr-42", region: "eu-west-1",
 *   commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e", openedAt: "2026-11-27T15:00:00Z" }).content;
 * // '[//]: # "tributary-preview v=1 pr=42 started=2026-11-27T15:00:00.000Z execution=pending"\n### Tributary run of `4c8f2e1`…'
 */
export function openingComment(input: {
  readonly pullRequestId: string;
  readonly pipelineName: string;
  readonly region: string;
  readonly commitId: string;
  readonly openedAt: string;
  /** @default COMMENT_LIMITS.codecommit */
  readonly commentLimit?: CommentLimit;
}): { readonly content: string; readonly marker: PreviewMarker } {
  const marker: PreviewMarker = {
    pullRequestId: input.pullRequestId,
    executionId: PENDING_EXECUTION,
    startedAt: input.openedAt,
  };
  const body = formatRunComment({
    commitId: input.commitId,
    executionUrl: pipelineConsoleUrl(input.region, input.pipelineName),
    ...(input.commentLimit ? { limit: input.commentLimit } : {}),
    marker,
    run: {
      state: "STARTED",
      noPreview: `Pipeline ${input.pipelineName} runs on every push to this pull request and shows its change-set preview here; the pipeline and its stack are deleted when the pull request is closed or merged`,
    },
  });
  return { content: body, marker };
}

/**
 * The execution id in the marker of the opening comment, which no run has.
 *
 * @example
 * parsePreviewMarker(openingComment(input).content)?.executionId; // PENDING_EXECUTION, "pending"
 */
export const PENDING_EXECUTION = "pending";

/**
 * Whether and how a run writes the living comment: `post` when the pull request has none, `update` it in place when
 * the run may replace it (`mayReplacePreviewComment`: the same or an older run wrote it), `skip` when a newer run
 * wrote it or it already says exactly this.
 *
 * @example
 * decideCommentWrite(undefined, content, marker); // { kind: "post", reason: "the pull request has no living comment yet" }
 * decideCommentWrite({ commentId: "c-1", content: newer }, content, marker).kind; // "skip"
 */
export function decideCommentWrite(
  living: { readonly commentId: string; readonly content: string } | undefined,
  content: string,
  marker: PreviewMarker,
): CommentWrite {
  if (living === undefined) return { kind: "post", reason: "the pull request has no living comment yet" };
  if (living.content === content)
    return { kind: "skip", commentId: living.commentId, reason: "the comment already says this" };
  const { replace, reason } = mayReplacePreviewComment(living.content, marker);
  return replace
    ? { kind: "update", commentId: living.commentId, reason }
    : { kind: "skip", commentId: living.commentId, reason };
}

/**
 * What the cloner does with its approval after a run: approve the pull request's current revision when the run
 * succeeded on its current source commit; revoke when the run for that commit failed or was stopped; nothing when
 * the run built an older commit (a newer run reports), was superseded, or the pull request is closed.
 *
 * @example
 * decideApproval({ state: "SUCCEEDED", commitId: "a1", pullRequest: { open: true, sourceCommit: "a1", revisionId: "r-2" } });
 * // { kind: "approve", revisionId: "r-2", reason: "the run for the current source commit a1 succeeded" }
 */
export function decideApproval(input: {
  readonly state: FinalRunState;
  readonly commitId: string;
  readonly pullRequest: {
    readonly open: boolean;
    readonly sourceCommit: string;
    readonly revisionId: string;
  };
}): ApprovalDecision {
  const { state, commitId, pullRequest } = input;
  if (!pullRequest.open) return { kind: "none", reason: "the pull request is closed" };
  if (commitId !== pullRequest.sourceCommit) {
    return {
      kind: "none",
      reason: `the run built ${commitId}, not the pull request's current source commit ${pullRequest.sourceCommit}`,
    };
  }
  const { revisionId } = pullRequest;
  switch (state) {
    case "SUCCEEDED":
      return {
        kind: "approve",
        revisionId,
        reason: `the run for the current source commit ${commitId} succeeded`,
      };
    case "FAILED":
    case "STOPPED":
      return {
        kind: "revoke",
        revisionId,
        reason: `the run for the current source commit ${commitId} ${state === "FAILED" ? "failed" : "was stopped"}`,
      };
    default:
      return { kind: "none", reason: "the run was superseded by a newer run, which decides" };
  }
}

/**
 * What `decideApproval` returns: the approval state to set on `revisionId`, or nothing, with the reason to log.
 *
 * @example
 * const decision: ApprovalDecision = { kind: "revoke", revisionId: "r-3", reason: "a new revision was pushed" };
 */
export type ApprovalDecision =
  | { readonly kind: "approve" | "revoke"; readonly revisionId: string; readonly reason: string }
  | { readonly kind: "none"; readonly reason: string };

/**
 * The cloner's environment variable that names the reports bucket, where the Preview step writes `preview.json`
 * (`previewKey`). The PipelineCloner construct sets it; without it the cloner reports runs without their preview.
 *
 * @example
 * process.env[REPORTS_BUCKET_VARIABLE]; // "acme-reports-123456789012-eu-west-1"
 */
export const REPORTS_BUCKET_VARIABLE = "TRIBUTARY_REPORTS_BUCKET";

/**
 * The final states the cloner reports to a pull request: a superseded run is not reported (the run that superseded
 * it reports), so the rule that feeds the cloner matches only these.
 *
 * @example
 * { source: ["aws.codepipeline"], "detail-type": [PIPELINE_EXECUTION_STATE_CHANGE], detail: { state: REPORTED_RUN_STATES } }
 */
export const REPORTED_RUN_STATES: readonly FinalRunState[] = Object.freeze([
  "SUCCEEDED",
  "FAILED",
  "STOPPED",
]);

/**
 * What the names of this project's pull-request clones start with, one per environment (`cloneNamePrefix(config,
 * env, "pr")`), for the event rule's prefix match and the IAM resources.
 *
 * @example
 * pullRequestClonePrefixes(config); // ["acme-dev-pr-", "acme-qa-pr-", "acme-prod-pr-"]
 */
export function pullRequestClonePrefixes(
  config: Pick<TributaryConfig, "project" | "environments">,
): readonly string[] {
  return config.environments.map((environment) => cloneNamePrefix(config, environment.name, "pr"));
}
