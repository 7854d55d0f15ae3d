/** Builds the run record of one execution state change from what the notifier read about it (plain data in, plain data out). */

import { previewHeadline } from "../preview/format-preview-comment.js";
import { PREVIEW_ACTION_NAME, PREVIEW_OUTPUTS, TEST_ACTION_NAME } from "../preview/preview-contract.js";
import type { PreviewStatus } from "../preview/preview-summary.js";
import { summarizeChangeSets } from "../preview/summarize-change-sets.js";
import { lintFindingsOf, type RunAction } from "../pull-requests/pull-request-feedback.js";
import { PIPELINE_VARIABLES } from "../shared/constants.js";
import { PreviewError } from "../shared/errors.js";
import type { RunEventRequest } from "./run-history-request.js";
import { isFinalRunState, type RunRecord, type StageResult } from "./run-record.js";
import { runSourceOf } from "./run-source.js";
import { parseTaskcatResults, taskcatReportKey } from "./taskcat-results.js";

/**
 * One action execution with its last change (`ListActionExecutions`' `lastUpdateTime`), which ends a stage.
 *
 * @example
 * const test: TimedRunAction = {
 *   stageName: "Test", actionName: "Test", status: "Succeeded",
 *   startTime: "2026-11-27T15:00:05.000Z", lastUpdateTime: "2026-11-27T15:06:05.000Z",
 * };
 */
export interface TimedRunAction extends RunAction {
  readonly lastUpdateTime?: string;
}

/**
 * What the notifier read about an execution for one state change: the execution (`GetPipelineExecution`: variables,
 * commit, trigger), its start (`ListPipelineExecutions`), and for a final state its actions (`ListActionExecutions`),
 * TaskCat's results and the preview (`undefined` when the run wrote none).
 *
 * @example
 * const facts: RunFacts = {
 *   request, startedAt: "2026-11-27T15:00:00.000Z",
 *   execution: { variables: { Branch: "feature/login", Ephemeral: "true" }, commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e" },
 *   actions: [],
 * };
 */
export interface RunFacts {
  readonly request: RunEventRequest;
  readonly startedAt: string;
  readonly execution: {
    readonly variables: Readonly<Record<string, string>>;
    readonly commitId?: string;
    readonly commitMessage?: string;
    readonly commitTime?: string;
    readonly trigger?: { readonly type: string; readonly detail?: string };
  };
  readonly actions: readonly TimedRunAction[];
  readonly taskcatResults?: unknown;
  readonly previewDocument?: unknown;
}

const time = (value: string | undefined): number => (value === undefined ? Number.NaN : Date.parse(value));

/** The latest execution of each action (a retried stage runs its actions again). */
function latestAttempts(actions: readonly TimedRunAction[]): TimedRunAction[] {
  const latest = new Map<string, TimedRunAction>();
  for (const action of actions) {
    const key = `${action.stageName}\u0000${action.actionName}`;
    const seen = latest.get(key);
    if (seen === undefined || time(action.startTime) > time(seen.startTime)) latest.set(key, action);
  }
  return [...latest.values()];
}

/** The worst status of a stage's actions: failed, then in progress, then abandoned, else succeeded. */
function stageStatus(statuses: readonly string[]): string {
  for (const status of ["Failed", "InProgress", "Abandoned"]) if (statuses.includes(status)) return status;
  return "Succeeded";
}

/**
 * Each stage of a run, in the order its first action started: the worst status of its actions' latest executions,
 * from the first start to the last change, and the difference (while a stage runs it has no end).
 *
 * @example
 * stageResults([
 *   { stageName: "Source", actionName: "Source", status: "Succeeded", startTime: "2026-11-27T15:00:00Z", lastUpdateTime: "2026-11-27T15:00:04Z" },
 * ]);
 * // [{ name: "Source", status: "Succeeded", startedAt: "2026-11-27T15:00:00.000Z", endedAt: "2026-11-27T15:00:04.000Z", durationMs: 4000 }]
 */
export function stageResults(actions: readonly TimedRunAction[]): StageResult[] {
  const byStage = new Map<string, TimedRunAction[]>();
  for (const action of latestAttempts(actions)) {
    byStage.set(action.stageName, [...(byStage.get(action.stageName) ?? []), action]);
  }
  const stages = [...byStage.entries()].map(([name, members]) => {
    const status = stageStatus(members.map((member) => member.status));
    const starts = members.map((member) => time(member.startTime)).filter((value) => !Number.isNaN(value));
    const ends = members
      .map((member) => time(member.lastUpdateTime ?? member.startTime))
      .filter((value) => !Number.isNaN(value));
    const start = starts.length > 0 ? Math.min(...starts) : undefined;
    const end = status !== "InProgress" && ends.length > 0 ? Math.max(...ends) : undefined;
    return {
      name,
      status,
      ...(start === undefined ? {} : { startedAt: new Date(start).toISOString() }),
      ...(end === undefined ? {} : { endedAt: new Date(end).toISOString() }),
      ...(start !== undefined && end !== undefined ? { durationMs: Math.max(0, end - start) } : {}),
    } satisfies StageResult;
  });
  return stages.sort((a, b) => (time(a.startedAt) || 0) - (time(b.startedAt) || 0));
}

function firstLine(message: string | undefined): string | undefined {
  const line = message?.split("\n", 1)[0]?.trim();
  return line === undefined || line === "" ? undefined : line.slice(0, 200);
}

function previewOf(actions: readonly TimedRunAction[], document: unknown): RunRecord["preview"] | undefined {
  if (document !== undefined) {
    try {
      const summary = summarizeChangeSets(document as Parameters<typeof summarizeChangeSets>[0]);
      return { status: summary.status, headline: previewHeadline(summary) };
    } catch (error) {
      if (!(error instanceof PreviewError)) throw error;
    }
  }
  const status = actions.find((action) => action.actionName === PREVIEW_ACTION_NAME)?.outputVariables?.[
    PREVIEW_OUTPUTS.status
  ];
  const headlines: Record<PreviewStatus, string> = {
    changes: "changes (preview.json unavailable)",
    "no-changes": "no changes",
    error: "the preview failed",
  };
  return status === "changes" || status === "no-changes" || status === "error"
    ? { status, headline: headlines[status] }
    : undefined;
}

/**
 * The run record of one state change, or `undefined` when the pipeline's name is not one core's scheme produces for
 * the request's project and environment. A final state carries the stages, the first failed action with its reason,
 * cfn-lint's count (`LINT_FINDINGS`, exported only by a successful Test build), TaskCat's results with the report's
 * key (only when `taskcat-results.json` was read) and the preview's headline (`preview.json`, else `PREVIEW_STATUS`).
 *
 * @example
 * buildRunRecord({ request, startedAt: "2026-11-27T15:00:00.000Z", execution: { variables: { Branch: "develop" } }, actions: [] })?.source;
 * // { kind: "environment", branch: "develop" }
 */
export function buildRunRecord(facts: RunFacts): RunRecord | undefined {
  const { request, execution } = facts;
  const source = runSourceOf({
    project: request.project,
    environment: request.environment,
    pipeline: request.pipeline,
    branch: execution.variables[PIPELINE_VARIABLES.branch],
  });
  if (source === undefined) return undefined;
  const final = isFinalRunState(request.state);
  const actions = final ? latestAttempts(facts.actions) : [];
  const ephemeral = execution.variables[PIPELINE_VARIABLES.ephemeral];
  const stackName = execution.variables[PIPELINE_VARIABLES.stackName];
  const failed = actions
    .filter((action) => action.status === "Failed")
    .sort((a, b) => (time(a.startTime) || 0) - (time(b.startTime) || 0))[0];
  const test = actions.find((action) => action.actionName === TEST_ACTION_NAME);
  const findings = lintFindingsOf(test);
  const taskcat =
    !final || facts.taskcatResults === undefined ? undefined : parseTaskcatResults(facts.taskcatResults);
  const preview = final ? previewOf(actions, facts.previewDocument) : undefined;
  const commitMessage = firstLine(execution.commitMessage);
  const commitTime = time(execution.commitTime);
  const durationMs = Date.parse(request.time) - Date.parse(facts.startedAt);
  return {
    project: request.project,
    pipeline: request.pipeline,
    executionId: request.executionId,
    environment: request.environment,
    source,
    attempt: request.attempt,
    state: request.state,
    eventTime: request.time,
    startedAt: new Date(facts.startedAt).toISOString(),
    ...(final ? { endedAt: request.time, durationMs: Math.max(0, durationMs) } : {}),
    ...(execution.commitId
      ? {
          commit: {
            id: execution.commitId,
            ...(commitMessage ? { message: commitMessage } : {}),
            ...(Number.isNaN(commitTime) ? {} : { time: new Date(commitTime).toISOString() }),
          },
        }
      : {}),
    ...(execution.trigger ? { trigger: execution.trigger } : {}),
    ...(ephemeral === "true" || ephemeral === "false" ? { ephemeral: ephemeral === "true" } : {}),
    ...(stackName ? { stackName } : {}),
    stages: final ? stageResults(actions) : [],
    ...(failed
      ? {
          failedAction: {
            stage: failed.stageName,
            action: failed.actionName,
            ...(failed.summary ? { reason: failed.summary.slice(0, 500) } : {}),
          },
        }
      : {}),
    ...(taskcat !== undefined && "results" in taskcat
      ? {
          taskcat: {
            reportKey: taskcatReportKey(request.pipeline, request.executionId),
            results: taskcat.results,
          },
        }
      : {}),
    ...(findings === undefined ? {} : { lintFindings: findings }),
    ...(preview ? { preview } : {}),
  };
}
