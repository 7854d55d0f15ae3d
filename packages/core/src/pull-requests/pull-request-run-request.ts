/**
 * What the pull-request rule sends the notifier for a run of a pull-request clone (the input transformer's object):
 * the run, and the project and repository it belongs to, so the notifier (which has no config) can check ownership by
 * the clone's tags and write the living comment.
 */

import { hasAllTags } from "../ownership/ownership.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import { EventError, foundInstead } from "../shared/errors.js";
import type { FinalRunState } from "../shared/types.js";
import { pullRequestCloneTags, REPORTED_RUN_STATES } from "./pull-request-feedback.js";

/**
 * The `kind` of a pull-request run request (the other notification kinds publish to a topic; this one comments).
 *
 * @example
 * events.RuleTargetInput.fromObject({ kind: PULL_REQUEST_RUN_KIND, ... });
 */
export const PULL_REQUEST_RUN_KIND = "pullRequestRun";

/**
 * The run states the living comment shows: a started run (the comment's first version, when the pull request has
 * none yet) and the final states the cloner also acts on (`REPORTED_RUN_STATES`).
 *
 * @example
 * { detail: { pipeline: pullRequestClonePrefixes(config).map((prefix) => ({ prefix })), state: [...COMMENTED_RUN_STATES] } }
 */
export const COMMENTED_RUN_STATES: readonly ("STARTED" | Exclude<FinalRunState, "SUPERSEDED">)[] =
  Object.freeze(["STARTED", ...(REPORTED_RUN_STATES as readonly Exclude<FinalRunState, "SUPERSEDED">[])]);

/**
 * A run of a pull-request clone to write into its pull request's living comment.
 *
 * @example
 * const request: PullRequestRunRequest = parsePullRequestRunRequest(event);
 * // { kind: "pullRequestRun", eventId: "ev-1", pipeline: "acme-dev-pr-42", executionId: "e-1", state: "SUCCEEDED",
 * //   time: "2026-11-27T15:00:00Z", region: "eu-west-1", account: "123456789012", project: "acme", repository: "infra" }
 */
export interface PullRequestRunRequest {
  readonly kind: typeof PULL_REQUEST_RUN_KIND;
  /** The EventBridge event id: the client request token of a first post (`commentToken`). */
  readonly eventId: string;
  readonly pipeline: string;
  readonly executionId: string;
  readonly state: (typeof COMMENTED_RUN_STATES)[number];
  readonly time: string;
  readonly region: string;
  readonly account: string;
  /** The project whose clones may comment (`pullRequestCloneTags`). */
  readonly project: string;
  /** The repository of the pull request. */
  readonly repository: string;
  /** The reports bucket holding `preview.json`; without it the comment has no change-set preview. */
  readonly reportsBucket?: string;
}

const FIX =
  "Send the object PipelineNotifier.commentOnPullRequests' input transformer builds: kind pullRequestRun, eventId, pipeline, executionId, state, time, region, account, project, repository (reportsBucket optional)";
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function field(record: Record<string, unknown>, name: string): string {
  const value = record[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw new EventError(name, value, foundInstead(value, "a non-blank string"), FIX);
  }
  return value;
}

/**
 * Whether the notifier's input is a pull-request run (`kind: "pullRequestRun"`) rather than a topic notification.
 *
 * @example
 * isPullRequestRunRequest({ kind: "pullRequestRun" }); // true
 * isPullRequestRunRequest({ kind: "failure" }); // false
 */
export function isPullRequestRunRequest(raw: unknown): boolean {
  return (
    typeof raw === "object" && raw !== null && (raw as Record<string, unknown>).kind === PULL_REQUEST_RUN_KIND
  );
}

/**
 * Checks a pull-request run request and returns it typed. Throws an `EventError` naming the field, the bad value and
 * what the rule must send; never a `TypeError`.
 *
 * @example
 * parsePullRequestRunRequest({ kind: "pullRequestRun", eventId: "ev-1", pipeline: "acme-dev-pr-42", executionId: "e-1",
 *   state: "FAILED", time: "2026-11-27T15:00:00Z", region: "eu-west-1", account: "123456789012",
 *   project: "acme", repository: "infra" }).state; // "FAILED"
 */
export function parsePullRequestRunRequest(raw: unknown): PullRequestRunRequest {
  if (!isPullRequestRunRequest(raw)) {
    throw new EventError(
      "kind",
      (raw as { kind?: unknown } | null)?.kind,
      foundInstead((raw as { kind?: unknown } | null)?.kind, JSON.stringify(PULL_REQUEST_RUN_KIND)),
      FIX,
    );
  }
  const record = raw as Record<string, unknown>;
  const state = field(record, "state");
  if (!(COMMENTED_RUN_STATES as readonly string[]).includes(state)) {
    throw new EventError(
      "state",
      state,
      foundInstead(state, `one of ${COMMENTED_RUN_STATES.join(", ")}`),
      FIX,
    );
  }
  const reportsBucket = record.reportsBucket;
  if (
    reportsBucket !== undefined &&
    (typeof reportsBucket !== "string" || !BUCKET_NAME.test(reportsBucket))
  ) {
    throw new EventError(
      "reportsBucket",
      reportsBucket,
      foundInstead(reportsBucket, "an S3 bucket name (3 to 63 lower-case letters, digits, dots and dashes)"),
      "Pass the reports bucket's bucketName to the rule's input transformer.",
    );
  }
  return {
    kind: PULL_REQUEST_RUN_KIND,
    eventId: field(record, "eventId"),
    pipeline: field(record, "pipeline"),
    executionId: field(record, "executionId"),
    state: state as PullRequestRunRequest["state"],
    time: field(record, "time"),
    region: field(record, "region"),
    account: field(record, "account"),
    project: field(record, "project"),
    repository: field(record, "repository"),
    ...(reportsBucket === undefined ? {} : { reportsBucket }),
  };
}

/**
 * The pull request a pipeline's tags say it is the clone of, when they carry all of `pullRequestCloneTags` for the
 * project (managed, the project, the pull request); `undefined` otherwise: then nothing is written anywhere.
 *
 * @example
 * pullRequestOfCloneTags({ "tributary:managed": "true", "tributary:project": "acme", "tributary:pull-request": "42" }, "acme"); // "42"
 * pullRequestOfCloneTags({ "tributary:project": "acme", "tributary:pull-request": "42" }, "acme"); // undefined
 */
export function pullRequestOfCloneTags(
  tags: Readonly<Record<string, string>>,
  project: string,
): string | undefined {
  const pullRequestId = tags[MANAGED_TAGS.pullRequest];
  if (pullRequestId === undefined || !/^[0-9]{1,20}$/.test(pullRequestId)) return undefined;
  return hasAllTags(tags, pullRequestCloneTags({ project }, pullRequestId)) ? pullRequestId : undefined;
}
