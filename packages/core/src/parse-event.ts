/** `parseEvent`: turns a raw EventBridge event (CodeCommit or a schedule) into a typed `TributaryEvent`. */

import { BRANCH_REF_PREFIX } from "./constants.js";
import { EventError } from "./errors.js";
import type { BranchEvent, PullRequestEvent, TributaryConfig, TributaryEvent } from "./types.js";

/**
 * EventBridge `detail-type` of CodeCommit branch and tag events.
 *
 * @example
 * { source: ["aws.codecommit"], "detail-type": [REPOSITORY_STATE_CHANGE] } // an event pattern
 */
export const REPOSITORY_STATE_CHANGE = "CodeCommit Repository State Change";
/**
 * EventBridge `detail-type` of CodeCommit pull-request events.
 *
 * @example
 * { source: ["aws.codecommit"], "detail-type": [PULL_REQUEST_STATE_CHANGE] } // an event pattern
 */
export const PULL_REQUEST_STATE_CHANGE = "CodeCommit Pull Request State Change";
/**
 * EventBridge `detail-type` of scheduled rules.
 *
 * @example
 * parseEvent({ id: "1", time: "2026-11-27T12:00:00Z", source: "aws.events", "detail-type": SCHEDULED_EVENT }).type; // "reconcile"
 */
export const SCHEDULED_EVENT = "Scheduled Event";

type Plain = Record<string, unknown>;

function isObject(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string): Plain {
  if (!isObject(value)) throw new EventError(path, value, "must be an object");
  return value;
}

function text(parent: Plain, key: string, path: string): string {
  const value = parent[key];
  const at = path ? `${path}.${key}` : key;
  if (typeof value !== "string" || value.length === 0)
    throw new EventError(at, value, "must be a non-empty string");
  return value;
}

function oneOf<T extends string>(parent: Plain, key: string, path: string, allowed: readonly T[]): T {
  const value = text(parent, key, path);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new EventError(`${path}.${key}`, value, `must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/**
 * Parses an EventBridge event. CodeCommit `Repository State Change` (referenceCreated / Updated /
 * Deleted on branches; `referenceName` as `x` or `refs/heads/x`) and `Pull Request State Change`
 * (created, source updated, status changed, merge status updated) become typed events; a `Scheduled Event`
 * from `aws.events` asks for reconciliation. Tags, other repositories (when `config` is given) and
 * unhandled event kinds are `ignored` with a reason. Anything malformed throws `EventError` naming the
 * field and the reason, never a TypeError.
 *
 * @example
 * parseEvent({
 *   version: "0", id: "6b2c…", "detail-type": "CodeCommit Repository State Change", source: "aws.codecommit",
 *   account: "123456789012", time: "2026-11-27T10:00:00Z", region: "eu-west-1", resources: ["arn:aws:codecommit:eu-west-1:123456789012:infra"],
 *   detail: { event: "referenceCreated", repositoryName: "infra", referenceType: "branch",
 *             referenceName: "feature/login", referenceFullName: "refs/heads/feature/login", commitId: "0f3c…" },
 * });
 * // { type: "branchCreated", id: "6b2c…", time: "2026-11-27T10:00:00Z", repository: "infra",
 * //   branch: "feature/login", commitId: "0f3c…" }
 */
export function parseEvent(raw: unknown, config?: Pick<TributaryConfig, "repository">): TributaryEvent {
  try {
    return Object.freeze(parse(raw, config?.repository));
  } catch (error) {
    if (error instanceof EventError) throw error;
    throw new EventError("", raw, "cannot be read as an event (unreadable fields)");
  }
}

function parse(raw: unknown, repository: string | undefined): TributaryEvent {
  const event = object(raw, "");
  const id = text(event, "id", "");
  const time = text(event, "time", "");
  const source = text(event, "source", "");
  const detailType = text(event, "detail-type", "");
  const base = { id, time };
  const ignored = (reason: string): TributaryEvent => ({ ...base, type: "ignored", reason });

  if (source === "aws.events") {
    return detailType === SCHEDULED_EVENT
      ? { ...base, type: "reconcile" }
      : ignored(`aws.events "${detailType}" is not handled`);
  }
  if (source !== "aws.codecommit") return ignored(`events from ${source} are not handled`);
  const detail = object(event.detail, "detail");
  if (detailType === REPOSITORY_STATE_CHANGE) return parseReference(base, detail, repository);
  if (detailType === PULL_REQUEST_STATE_CHANGE) return parsePullRequest(base, detail, repository);
  return ignored(`CodeCommit "${detailType}" events are not handled`);
}

const REFERENCE_EVENTS = {
  referenceCreated: "branchCreated",
  referenceUpdated: "branchUpdated",
  referenceDeleted: "branchDeleted",
} as const;

function otherRepository(actual: string, expected: string | undefined): string | undefined {
  if (expected === undefined || actual === expected) return undefined;
  return `event is for repository "${actual}", not the configured repository "${expected}"`;
}

function parseReference(
  base: { id: string; time: string },
  detail: Plain,
  expectedRepository: string | undefined,
): TributaryEvent {
  const kind = text(detail, "event", "detail");
  const repository = text(detail, "repositoryName", "detail");
  if (!Object.hasOwn(REFERENCE_EVENTS, kind)) {
    return { ...base, type: "ignored", reason: `CodeCommit "${kind}" events are not handled` };
  }
  const type = REFERENCE_EVENTS[kind as keyof typeof REFERENCE_EVENTS];
  const other = otherRepository(repository, expectedRepository);
  if (other !== undefined) return { ...base, type: "ignored", reason: other };
  const referenceType = text(detail, "referenceType", "detail");
  const referenceName = text(detail, "referenceName", "detail");
  if (referenceType !== "branch") {
    return { ...base, type: "ignored", reason: `${referenceType} "${referenceName}" is not a branch` };
  }
  if (referenceName.startsWith("refs/") && !referenceName.startsWith(BRANCH_REF_PREFIX)) {
    return { ...base, type: "ignored", reason: `reference "${referenceName}" is not a branch` };
  }
  const branch = referenceName.startsWith(BRANCH_REF_PREFIX)
    ? referenceName.slice(BRANCH_REF_PREFIX.length)
    : referenceName;
  if (branch.length === 0) throw new EventError("detail.referenceName", referenceName, "names no branch");
  const commitId =
    type === "branchDeleted" ? text(detail, "oldCommitId", "detail") : text(detail, "commitId", "detail");
  const result: BranchEvent = { ...base, type, repository, branch, commitId };
  return result;
}

function parsePullRequest(
  base: { id: string; time: string },
  detail: Plain,
  expectedRepository: string | undefined,
): TributaryEvent {
  const kind = text(detail, "event", "detail");
  const names = detail.repositoryNames;
  if (
    !Array.isArray(names) ||
    names.length === 0 ||
    !names.every((name) => typeof name === "string" && name)
  ) {
    throw new EventError("detail.repositoryNames", names, "must be a non-empty array of repository names");
  }
  const ignored = (reason: string): TributaryEvent => ({ ...base, type: "ignored", reason });
  if (expectedRepository !== undefined && !names.includes(expectedRepository)) {
    return ignored(
      `event is for repository "${names[0]}", not the configured repository "${expectedRepository}"`,
    );
  }
  // A pull request event may list several repositories; the configured one is the one that matters.
  const repository = expectedRepository ?? (names[0] as string);
  const handled = [
    "pullRequestCreated",
    "pullRequestSourceBranchUpdated",
    "pullRequestStatusChanged",
    "pullRequestMergeStatusUpdated",
  ];
  if (!handled.includes(kind)) return ignored(`CodeCommit "${kind}" events are not handled`);

  const pullRequestId = text(detail, "pullRequestId", "detail");
  const status = oneOf(detail, "pullRequestStatus", "detail", ["Open", "Closed"] as const);
  const merged =
    detail.isMerged === undefined
      ? false
      : oneOf(detail, "isMerged", "detail", ["True", "False"] as const) === "True";
  const sourceReference = text(detail, "sourceReference", "detail");
  const destinationReference = text(detail, "destinationReference", "detail");
  const sourceBranch = shortRef(sourceReference, "detail.sourceReference");
  const destinationBranch = shortRef(destinationReference, "detail.destinationReference");
  const sourceCommit = text(detail, "sourceCommit", "detail");
  const destinationCommit = text(detail, "destinationCommit", "detail");
  const title = detail.title === undefined ? "" : typeof detail.title === "string" ? detail.title : null;
  if (title === null) throw new EventError("detail.title", detail.title, "must be a string");

  const make = (type: PullRequestEvent["type"]): PullRequestEvent => ({
    ...base,
    type,
    repository,
    pullRequestId,
    sourceBranch,
    destinationBranch,
    sourceCommit,
    destinationCommit,
    title,
    merged,
  });
  switch (kind) {
    case "pullRequestCreated":
    case "pullRequestSourceBranchUpdated":
      if (status === "Closed") return ignored(`pull request ${pullRequestId} is closed`);
      return make(kind === "pullRequestCreated" ? "pullRequestOpened" : "pullRequestSourceUpdated");
    case "pullRequestStatusChanged":
      return make(status === "Open" ? "pullRequestOpened" : "pullRequestClosed");
    default:
      return merged
        ? make("pullRequestClosed")
        : ignored(`pull request ${pullRequestId} merge status changed, not merged`);
  }
}

function shortRef(reference: string, path: string): string {
  if (!reference.startsWith("refs/")) return reference;
  if (!reference.startsWith(BRANCH_REF_PREFIX) || reference.length === BRANCH_REF_PREFIX.length) {
    throw new EventError(path, reference, "must name a branch (refs/heads/…)");
  }
  return reference.slice(BRANCH_REF_PREFIX.length);
}
