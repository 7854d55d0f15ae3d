/** The run record: one execution of one pipeline, as the run history keeps it (plain data, no AWS types). */

import type { PreviewStatus } from "../preview/preview-summary.js";
import type { PrefixedBranchKind } from "../shared/types.js";

/**
 * Every state of CodePipeline's "Pipeline Execution State Change" events, as EventBridge spells them (CodePipeline
 * user guide, "Monitoring CodePipeline events": pipeline-level states, plus `STOPPING` and `STOPPED` of stopped
 * executions).
 *
 * @example
 * const state: RunState = "SUCCEEDED";
 */
export type RunState =
  | "STARTED"
  | "RESUMED"
  | "STOPPING"
  | "SUCCEEDED"
  | "FAILED"
  | "STOPPED"
  | "SUPERSEDED"
  | "CANCELED";

/**
 * The states of {@link RunState}: the three an attempt passes through, then the five that end it.
 *
 * @example
 * RUN_STATES.includes("CANCELED"); // true
 */
export const RUN_STATES: readonly RunState[] = Object.freeze([
  "STARTED",
  "RESUMED",
  "STOPPING",
  "SUCCEEDED",
  "FAILED",
  "STOPPED",
  "SUPERSEDED",
  "CANCELED",
]);

/**
 * How far along an attempt of a run a state is: started (1), resumed after a retry (2), stopping (3), final (4). Two
 * events of one attempt with the same time are ordered by it, so a run that fails in the second it started ends
 * `FAILED`, never `STARTED` (`runVersion`).
 *
 * @example
 * RUN_STATE_RANK.FAILED > RUN_STATE_RANK.STARTED; // true
 */
export const RUN_STATE_RANK: Readonly<Record<RunState, number>> = Object.freeze({
  STARTED: 1,
  RESUMED: 2,
  STOPPING: 3,
  CANCELED: 4,
  FAILED: 4,
  STOPPED: 4,
  SUCCEEDED: 4,
  SUPERSEDED: 4,
});

/**
 * Whether a state ends an attempt of a run: succeeded, failed, stopped, superseded or canceled. A failed run can
 * still be retried (`RESUMED`, a higher `pipeline-execution-attempt`).
 *
 * @example
 * isFinalRunState("FAILED"); // true
 * isFinalRunState("STOPPING"); // false
 */
export function isFinalRunState(state: RunState): boolean {
  return RUN_STATE_RANK[state] === 4;
}

/**
 * What a pipeline runs for: the environment pipeline itself (its long-lived branch), a clone of a prefixed branch,
 * or a clone of a pull request.
 *
 * @example
 * const kinds: RunSourceKind[] = ["environment", "feature", "pr"];
 */
export type RunSourceKind = "environment" | PrefixedBranchKind | "pr";

/**
 * The branch or pull request a run belongs to. `branch` is the `Branch` pipeline variable (core's `tagValue` of the
 * branch: the branch itself for ordinary names).
 *
 * @example
 * const source: RunSource = { kind: "pr", pullRequestId: "42", branch: "feature/login" };
 */
export interface RunSource {
  readonly kind: RunSourceKind;
  readonly branch?: string;
  /** The pull request, for `kind: "pr"`. */
  readonly pullRequestId?: string;
}

/**
 * One stage of a run: its result (CodePipeline's `ActionExecutionStatus` of its actions, the worst one), when its
 * first action started and its last one last changed, and the difference.
 *
 * @example
 * const test: StageResult = {
 *   name: "Test", status: "Succeeded", startedAt: "2026-11-27T15:00:05.000Z", endedAt: "2026-11-27T15:06:05.000Z",
 *   durationMs: 360000,
 * };
 */
export interface StageResult {
  readonly name: string;
  /** `Succeeded`, `Failed`, `InProgress` or `Abandoned`. */
  readonly status: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly durationMs?: number;
}

/**
 * TaskCat's result for one test in one region (a row of its report: `taskcat-results.json`).
 *
 * @example
 * const cell: TaskcatResult = { test: "default", region: "eu-west-1", status: "CREATE_COMPLETE", passed: true };
 */
export interface TaskcatResult {
  readonly test: string;
  readonly region: string;
  /** The stack status TaskCat's report shows. */
  readonly status: string;
  readonly passed: boolean;
}

/**
 * One run of one pipeline, as the run history records it: where it ran, what it built, when, and how each stage,
 * TaskCat, cfn-lint and the change-set preview went. Every field is plain data; times are ISO 8601 in UTC.
 *
 * @example
 * const run: RunRecord = {
 *   project: "acme", pipeline: "acme-dev-feature-login", executionId: "0a1b2c3d-0000-4000-8000-000000000000",
 *   environment: "dev", source: { kind: "feature", branch: "feature/login" }, attempt: 1, state: "SUCCEEDED",
 *   eventTime: "2026-11-27T15:09:00.000Z", startedAt: "2026-11-27T15:00:00.000Z",
 *   endedAt: "2026-11-27T15:09:00.000Z", durationMs: 540000, stages: [], ephemeral: true,
 * };
 */
export interface RunRecord {
  readonly project: string;
  readonly pipeline: string;
  readonly executionId: string;
  readonly environment: string;
  readonly source: RunSource;
  /** `pipeline-execution-attempt`: 1, then one more per retry of the failed stage. */
  readonly attempt: number;
  readonly state: RunState;
  /** The time of the event this record reflects (the state change's). */
  readonly eventTime: string;
  /** When CodePipeline started the execution (`ListPipelineExecutions`' `startTime`). */
  readonly startedAt: string;
  /** When the run ended: the final event's time; absent while it runs. */
  readonly endedAt?: string;
  readonly durationMs?: number;
  readonly commit?: {
    readonly id: string;
    /** The first line of the commit message. */
    readonly message?: string;
    /** When the commit was created (`ArtifactRevision.created`): where change lead time starts. */
    readonly time?: string;
  };
  /** What started the run (`ExecutionTrigger`): `triggerType` and, when given, `triggerDetail`. */
  readonly trigger?: { readonly type: string; readonly detail?: string };
  /** The `Ephemeral` variable: `true` for a clone with a stack of its own, `false` for a shared stack. */
  readonly ephemeral?: boolean;
  readonly stackName?: string;
  readonly stages: readonly StageResult[];
  /** The first action that failed, with CodePipeline's reason. */
  readonly failedAction?: { readonly stage: string; readonly action: string; readonly reason?: string };
  /** TaskCat's results per test and region, and the report's key in the reports bucket. */
  readonly taskcat?: { readonly reportKey: string; readonly results: readonly TaskcatResult[] };
  /** `LINT_FINDINGS`: how many findings cfn-lint printed. */
  readonly lintFindings?: number;
  /** The change-set preview: its status and one-line headline (`previewHeadline`). */
  readonly preview?: { readonly status: PreviewStatus; readonly headline: string };
}
