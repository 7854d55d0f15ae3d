/**
 * What the run-history rules send the notifier: a pipeline execution's state change to record (`runEvent`), or a
 * branch or pull request that went away (`sourceClosed`), validated into plain data.
 */

import { BRANCH_REF_PREFIX } from "../shared/constants.js";
import { EventError } from "../shared/errors.js";
import { RUN_STATES, type RunState } from "./run-record.js";

/**
 * The `kind` of a run-history request for one execution state change.
 *
 * @example
 * events.RuleTargetInput.fromObject({ kind: RUN_EVENT_KIND, ... });
 */
export const RUN_EVENT_KIND = "runEvent";

/**
 * The `kind` of a run-history request for a deleted branch or a closed pull request.
 *
 * @example
 * events.RuleTargetInput.fromObject({ kind: SOURCE_CLOSED_KIND, branch: events.EventField.fromPath("$.detail.referenceName"), ... });
 */
export const SOURCE_CLOSED_KIND = "sourceClosed";

/**
 * One state change of one execution, as the run-history rule sends it (CodePipeline's "Pipeline Execution State
 * Change" event, plus the constants of the rule).
 *
 * @example
 * const request: RunEventRequest = {
 *   kind: "runEvent", eventId: "ev-1", pipeline: "acme-dev-feature-login", executionId: "0a1b2c3d-0000-4000-8000-000000000000",
 *   state: "SUCCEEDED", attempt: 1, time: "2026-11-27T15:09:00.000Z", region: "eu-west-1", account: "123456789012",
 *   project: "acme", environment: "dev",
 * };
 */
export interface RunEventRequest {
  readonly kind: typeof RUN_EVENT_KIND;
  readonly eventId: string;
  readonly pipeline: string;
  readonly executionId: string;
  readonly state: RunState;
  /** `detail.pipeline-execution-attempt`; 1 when the event has none. */
  readonly attempt: number;
  /** The event's time, as ISO 8601 with milliseconds. */
  readonly time: string;
  readonly region: string;
  readonly account: string;
  readonly project: string;
  /** The environment whose pipelines the rule matches. */
  readonly environment: string;
  /** The reports bucket, where TaskCat's results and the preview are read from. */
  readonly reportsBucket?: string;
  /** The hotfix branches' prefix (`config.branches.prefixes.hotfix`), which tells a hotfix deployment (DORA). */
  readonly hotfixPrefix?: string;
}

/**
 * A branch deleted or a pull request closed (merged or not): its live row leaves the overview.
 *
 * @example
 * const closed: SourceClosedRequest = { kind: "sourceClosed", eventId: "ev-2", time: "2026-11-28T09:00:00.000Z", project: "acme", branch: "feature/login" };
 */
export interface SourceClosedRequest {
  readonly kind: typeof SOURCE_CLOSED_KIND;
  readonly eventId: string;
  readonly time: string;
  readonly project: string;
  /** The deleted branch, without `refs/heads/`. */
  readonly branch?: string;
  readonly pullRequestId?: string;
}

/**
 * Either request of the run history.
 *
 * @example
 * const request: RunHistoryRequest = parseRunHistoryRequest(event);
 */
export type RunHistoryRequest = RunEventRequest | SourceClosedRequest;

const FIX =
  "send the object RunHistory's rules build: kind runEvent (eventId, pipeline, executionId, state, attempt, time, region, account, project, environment) or kind sourceClosed (eventId, time, project, branch or pullRequestId)";

/**
 * Whether the notifier's input is a run-history request rather than a notification or a pull-request run.
 *
 * @example
 * isRunHistoryRequest({ kind: "runEvent" }); // true
 * isRunHistoryRequest({ kind: "failure" }); // false
 */
export function isRunHistoryRequest(raw: unknown): boolean {
  if (typeof raw !== "object" || raw === null) return false;
  const kind = (raw as Record<string, unknown>).kind;
  return kind === RUN_EVENT_KIND || kind === SOURCE_CLOSED_KIND;
}

function text(record: Record<string, unknown>, name: string): string {
  const value = record[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw new EventError(name, value, `must be a non-empty string; ${FIX}`);
  }
  return value;
}

function optionalText(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new EventError(name, value, `must be a string when present; ${FIX}`);
  return value;
}

function isoTime(record: Record<string, unknown>, name: string): string {
  const value = text(record, name);
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new EventError(name, value, `is not a time; send the event's time, e.g. "2026-11-27T15:09:00Z"`);
  }
  return new Date(time).toISOString();
}

/** `pipeline-execution-attempt`: EventBridge may hand it over as a number or, through a template, as its text. */
function attemptOf(value: unknown): number {
  if (value === undefined || value === null || value === "") return 1;
  const attempt = typeof value === "string" && /^\d{1,4}(\.0)?$/.test(value) ? Number(value) : value;
  if (typeof attempt !== "number" || !Number.isInteger(attempt) || attempt < 1 || attempt > 9999) {
    throw new EventError(
      "attempt",
      value,
      "must be the execution's attempt, a whole number from 1 to 9999 (detail.pipeline-execution-attempt)",
    );
  }
  return attempt;
}

/**
 * Checks a run-history request and returns it typed. Throws an `EventError` naming the field, the bad value and what
 * the rule must send; never a `TypeError`.
 *
 * @example
 * parseRunHistoryRequest({ kind: "runEvent", eventId: "ev-1", pipeline: "acme-dev", executionId: "e-1",
 *   state: "STARTED", time: "2026-11-27T15:00:00Z", region: "eu-west-1", account: "123456789012",
 *   project: "acme", environment: "dev" }).kind; // "runEvent"
 */
export function parseRunHistoryRequest(raw: unknown): RunHistoryRequest {
  if (!isRunHistoryRequest(raw)) {
    throw new EventError(
      "kind",
      (raw as { kind?: unknown } | null)?.kind,
      `must be ${RUN_EVENT_KIND} or ${SOURCE_CLOSED_KIND}; ${FIX}`,
    );
  }
  const record = raw as Record<string, unknown>;
  if (record.kind === SOURCE_CLOSED_KIND) {
    const reference = optionalText(record, "branch");
    const pullRequestId = optionalText(record, "pullRequestId");
    if ((reference === undefined) === (pullRequestId === undefined)) {
      throw new EventError(
        reference === undefined ? "branch" : "pullRequestId",
        reference ?? pullRequestId,
        `a sourceClosed request names exactly one of branch and pullRequestId; ${FIX}`,
      );
    }
    if (pullRequestId !== undefined && !/^[0-9]{1,20}$/.test(pullRequestId)) {
      throw new EventError("pullRequestId", pullRequestId, "must be a pull request id (digits)");
    }
    const branch =
      reference?.startsWith(BRANCH_REF_PREFIX) === true
        ? reference.slice(BRANCH_REF_PREFIX.length)
        : reference;
    return {
      kind: SOURCE_CLOSED_KIND,
      eventId: text(record, "eventId"),
      time: isoTime(record, "time"),
      project: text(record, "project"),
      ...(branch === undefined ? {} : { branch }),
      ...(pullRequestId === undefined ? {} : { pullRequestId }),
    };
  }
  const state = text(record, "state");
  if (!(RUN_STATES as readonly string[]).includes(state)) {
    throw new EventError("state", state, `must be one of ${RUN_STATES.join(", ")}; ${FIX}`);
  }
  const reportsBucket = optionalText(record, "reportsBucket");
  if (reportsBucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(reportsBucket)) {
    throw new EventError(
      "reportsBucket",
      reportsBucket,
      "is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and dashes); pass the reports bucket's bucketName",
    );
  }
  const hotfixPrefix = optionalText(record, "hotfixPrefix");
  return {
    kind: RUN_EVENT_KIND,
    eventId: text(record, "eventId"),
    pipeline: text(record, "pipeline"),
    executionId: text(record, "executionId"),
    state: state as RunState,
    attempt: attemptOf(record.attempt),
    time: isoTime(record, "time"),
    region: text(record, "region"),
    account: text(record, "account"),
    project: text(record, "project"),
    environment: text(record, "environment"),
    ...(reportsBucket === undefined ? {} : { reportsBucket }),
    ...(hotfixPrefix === undefined ? {} : { hotfixPrefix }),
  };
}
