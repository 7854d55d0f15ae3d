/** Parses CodePipeline's "Pipeline Execution State Change" events: a run that finished, or one to ignore. */

import { EventError, type EventProblem, foundInstead } from "../shared/errors.js";
import { isRecord } from "../shared/plain-object.js";
import type { FinalRunState } from "../shared/types.js";
import type { TributaryEvent } from "./tributary-event.js";

/**
 * EventBridge `detail-type` of CodePipeline execution events (source `aws.codepipeline`). Their `detail` holds
 * `pipeline`, `execution-id`, `state`, `version` (the pipeline structure's), `execution-trigger` and
 * `pipeline-execution-attempt`; no start time (CodePipeline user guide, "Monitoring CodePipeline events").
 *
 * @example
 * { source: ["aws.codepipeline"], "detail-type": [PIPELINE_EXECUTION_STATE_CHANGE], detail: { state: FINAL_RUN_STATES } }
 */
export const PIPELINE_EXECUTION_STATE_CHANGE = "CodePipeline Pipeline Execution State Change";

/**
 * The execution states the cloner reports to a pull request, as EventBridge spells them. `STARTED`, `RESUMED`,
 * `STOPPING` and `CANCELED` are not final (or not a run's result) and are ignored.
 *
 * @example
 * FINAL_RUN_STATES.includes("SUCCEEDED"); // true
 */
export const FINAL_RUN_STATES: readonly FinalRunState[] = Object.freeze([
  "SUCCEEDED",
  "FAILED",
  "STOPPED",
  "SUPERSEDED",
]);

const EXAMPLE =
  '{ pipeline: "acme-dev-pr-42", "execution-id": "0a1b2c3d-0000-4000-8000-000000000000", state: "SUCCEEDED", version: 3 }';

/**
 * Turns the `detail` of a CodePipeline execution event into a `pipelineRunFinished` event, a `pipelineRunStarted` one
 * for `STARTED`, or an `ignored` one for any other state that is not final. Throws `EventError` naming every missing or ill-typed field.
 *
 * @example
 * parsePipelineRun({ id: "e-1", time: "2026-11-27T15:04:00Z" }, {
 *   pipeline: "acme-dev-pr-42", "execution-id": "0a1b2c3d-0000-4000-8000-000000000000", state: "FAILED", version: 3,
 * }).type; // "pipelineRunFinished"
 */
export function parsePipelineRun(base: { id: string; time: string }, detail: unknown): TributaryEvent {
  if (!isRecord(detail)) {
    throw new EventError(
      "detail",
      detail,
      foundInstead(detail, "an object"),
      `Give the execution event's detail, e.g. ${EXAMPLE}`,
    );
  }
  const record = detail;
  const problems: EventProblem[] = [];
  const text = (key: string): string | undefined => {
    const value = record[key];
    if (typeof value === "string" && value.length > 0) return value;
    problems.push({
      path: `detail.${key}`,
      value,
      reason: foundInstead(value, "a string"),
      fix: `Give detail.${key} as CodePipeline sends it, e.g. ${EXAMPLE}`,
    });
    return undefined;
  };
  const pipelineName = text("pipeline");
  const executionId = text("execution-id");
  const state = text("state");
  const version = record.version;
  if (version !== undefined && !(Number.isSafeInteger(version) && (version as number) >= 1)) {
    problems.push({
      path: "detail.version",
      value: version,
      reason: foundInstead(version, "the pipeline's version (an integer from 1)"),
      fix: `Give detail.version as a number, or leave it out; e.g. ${EXAMPLE}`,
    });
  }
  const [first, ...more] = problems;
  if (first !== undefined) throw EventError.of([first, ...more]);
  if (state === "STARTED") {
    return {
      ...base,
      type: "pipelineRunStarted",
      pipelineName: pipelineName as string,
      executionId: executionId as string,
    };
  }
  if (!(FINAL_RUN_STATES as readonly string[]).includes(state as string)) {
    return {
      ...base,
      type: "ignored",
      reason: `pipeline ${pipelineName} run ${executionId} is ${state}, not finished`,
    };
  }
  return {
    ...base,
    type: "pipelineRunFinished",
    pipelineName: pipelineName as string,
    executionId: executionId as string,
    state: state as FinalRunState,
    ...(version === undefined ? {} : { pipelineVersion: version as number }),
  };
}
