/** `parseEvent`: turns a raw EventBridge event (CodeCommit, CodePipeline or a schedule) into a typed `TributaryEvent`. */

import { GIT_OBJECT_ID_FORM } from "../names/git-object-id.js";
import { BRANCH_REF_PREFIX } from "../shared/constants.js";
import { EventError, foundInstead } from "../shared/errors.js";
import { isRecord } from "../shared/plain-object.js";
import type { TributaryConfig } from "../shared/types.js";
import { type Plain, Problems } from "./event-problems.js";
import {
  GITHUB_DELIVERY_DETAIL_TYPE,
  GITHUB_DELIVERY_SOURCE,
  readForwardedDetail,
} from "./forwarded-github-event.js";
import { PIPELINE_EXECUTION_STATE_CHANGE, parsePipelineRun } from "./parse-pipeline-run.js";
import { parseContinuation, RECONCILE_CONTINUATION } from "./reconcile-continuation.js";
import type { BranchEvent, PullRequestEvent, TributaryEvent } from "./tributary-event.js";

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

/** What to do about a missing or ill-typed field; every fix points at the sample events of the CLI. */
const EXAMPLES = "`tributary plan --example <kind>` prints a valid event of each kind";
const FIELD_FIXES: Readonly<Record<string, string>> = {
  id: "Give the event's id as EventBridge delivers it",
  time: 'Give the event\'s time as EventBridge delivers it (ISO 8601, e.g. "2026-11-27T10:00:00Z")',
  source:
    'Give the event source: "aws.codecommit" for repository and pull-request events, "aws.events" for the schedule',
  "detail-type": `Give the detail-type: "${"CodeCommit Repository State Change"}", "${"CodeCommit Pull Request State Change"}" or "Scheduled Event"`,
  "detail.event":
    'Give the CodeCommit event name, e.g. "referenceCreated", "referenceUpdated", "referenceDeleted" or "pullRequestCreated"',
  "detail.repositoryName": "Give the name of the CodeCommit repository",
  "detail.referenceType": 'Give the reference type: "branch" (tags are ignored)',
  "detail.referenceName": 'Give the branch, as "feature/login" or "refs/heads/feature/login"',
  "detail.commitId": `Give the commit the branch now points to (${GIT_OBJECT_ID_FORM})`,
  "detail.oldCommitId": `Give the commit the deleted branch pointed to (${GIT_OBJECT_ID_FORM})`,
  "detail.pullRequestId": 'Give the pull request id as a string, e.g. "42"',
  "detail.sourceReference": 'Give the source branch, as "refs/heads/feature/login"',
  "detail.destinationReference": 'Give the destination branch, as "refs/heads/develop"',
  "detail.sourceCommit": `Give the source branch's commit (${GIT_OBJECT_ID_FORM})`,
  "detail.destinationCommit": `Give the destination branch's commit (${GIT_OBJECT_ID_FORM})`,
};

function fixFor(path: string): string {
  return `${FIELD_FIXES[path] ?? `Give ${path} as EventBridge delivers it`}; ${EXAMPLES}.`;
}

/**
 * Parses an EventBridge event. CodeCommit `Repository State Change` (referenceCreated / Updated /
 * Deleted on branches; `referenceName` as `x` or `refs/heads/x`) and `Pull Request State Change`
 * (created, source updated, status changed, merge status updated) become typed events; a CodePipeline
 * `Pipeline Execution State Change` in a final state becomes `pipelineRunFinished` (`parsePipelineRun`); a `Scheduled Event`
 * from `aws.events` asks for reconciliation; a GitHub delivery the webhook function handed on (source
 * `tributary.github`, `forwardedGitHubEvent`) is read back into its event. Tags, other repositories (when `config` is given) and
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
    throw new EventError(
      "",
      raw,
      "cannot be read (reading its fields failed: not plain data)",
      `Pass the event as plain JSON, exactly as EventBridge delivers it; ${EXAMPLES}.`,
    );
  }
}

function parse(raw: unknown, repository: string | undefined): TributaryEvent {
  if (!isRecord(raw)) {
    throw new EventError(
      "",
      raw,
      foundInstead(raw, "an object"),
      `Pass the whole EventBridge event (an object with id, time, source, detail-type and detail); ${EXAMPLES}.`,
    );
  }
  const problems = new Problems(fixFor, EXAMPLES, `Pass the event as EventBridge delivers it; ${EXAMPLES}.`);
  const id = problems.text(raw, "id", "");
  const time = problems.text(raw, "time", "");
  const source = problems.text(raw, "source", "");
  const detailType = problems.text(raw, "detail-type", "");
  // Without its source and type the rest cannot be read; a missing id or time is reported with the detail's problems.
  if (source === undefined || detailType === undefined) problems.check();
  const base = { id: id ?? "", time: time ?? "" };
  const ignored = (reason: string): TributaryEvent => {
    problems.check();
    return { ...base, type: "ignored", reason };
  };

  if (source === "aws.events") {
    if (detailType !== SCHEDULED_EVENT) return ignored(`aws.events "${detailType}" is not handled`);
    problems.check();
    return { ...base, type: "reconcile" };
  }
  if (source === RECONCILE_CONTINUATION.source) {
    if (detailType !== RECONCILE_CONTINUATION.detailType)
      return ignored(`${source} "${detailType}" events are not the cloner's`);
    problems.check();
    return parseContinuation(base, raw.detail);
  }
  if (source === "aws.codepipeline") {
    if (detailType !== PIPELINE_EXECUTION_STATE_CHANGE)
      return ignored(`CodePipeline "${detailType}" events are not handled`);
    problems.check();
    return parsePipelineRun(base, raw.detail);
  }
  if (source === GITHUB_DELIVERY_SOURCE) {
    if (detailType !== GITHUB_DELIVERY_DETAIL_TYPE)
      return ignored(`${source} "${detailType}" is not handled`);
    problems.check();
    const event = readForwardedDetail(base, raw.detail);
    const other = "repository" in event ? otherRepository(event.repository, repository) : undefined;
    return other === undefined ? event : ignored(other);
  }
  if (source !== "aws.codecommit") return ignored(`events from ${source} are not handled`);
  const detail = raw.detail;
  if (!isRecord(detail)) {
    problems.add(
      "detail",
      detail,
      foundInstead(detail, "an object"),
      `Give the CodeCommit event's detail object; ${EXAMPLES}.`,
    );
    return problems.fail();
  }
  if (detailType === REPOSITORY_STATE_CHANGE) return parseReference(base, detail, repository, problems);
  if (detailType === PULL_REQUEST_STATE_CHANGE) return parsePullRequest(base, detail, repository, problems);
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
  problems: Problems,
): TributaryEvent {
  const ignored = (reason: string): TributaryEvent => {
    problems.check();
    return { ...base, type: "ignored", reason };
  };
  const kind = problems.text(detail, "event", "detail");
  const repository = problems.text(detail, "repositoryName", "detail");
  if (kind !== undefined && !Object.hasOwn(REFERENCE_EVENTS, kind)) {
    return ignored(`CodeCommit "${kind}" events are not handled`);
  }
  const type = kind === undefined ? undefined : REFERENCE_EVENTS[kind as keyof typeof REFERENCE_EVENTS];
  const other = repository === undefined ? undefined : otherRepository(repository, expectedRepository);
  if (other !== undefined) return ignored(other);
  const referenceType = problems.text(detail, "referenceType", "detail");
  const referenceName = problems.text(detail, "referenceName", "detail");
  if (referenceType !== undefined && referenceName !== undefined && referenceType !== "branch") {
    return ignored(`${referenceType} "${referenceName}" is not a branch`);
  }
  if (referenceName?.startsWith("refs/") && !referenceName.startsWith(BRANCH_REF_PREFIX)) {
    return ignored(`reference "${referenceName}" is not a branch`);
  }
  const branch = referenceName?.startsWith(BRANCH_REF_PREFIX)
    ? referenceName.slice(BRANCH_REF_PREFIX.length)
    : referenceName;
  if (branch === "")
    problems.add("detail.referenceName", referenceName, `is "${referenceName}", which names no branch`);
  const commitId =
    type === undefined
      ? undefined
      : problems.commit(detail, type === "branchDeleted" ? "oldCommitId" : "commitId", "detail");
  problems.check();
  const result: BranchEvent = {
    ...base,
    type: type as BranchEvent["type"],
    repository: repository as string,
    branch: branch as string,
    commitId: commitId as string,
  };
  return result;
}

function parsePullRequest(
  base: { id: string; time: string },
  detail: Plain,
  expectedRepository: string | undefined,
  problems: Problems,
): TributaryEvent {
  const ignored = (reason: string): TributaryEvent => {
    problems.check();
    return { ...base, type: "ignored", reason };
  };
  const kind = problems.text(detail, "event", "detail");
  const names = detail.repositoryNames;
  const namesValid =
    Array.isArray(names) && names.length > 0 && names.every((name) => typeof name === "string" && name);
  if (!namesValid) {
    problems.add(
      "detail.repositoryNames",
      names,
      foundInstead(names, "a non-empty array of repository names"),
      `Give the pull request's repositories, e.g. ["infra-deployment"]; ${EXAMPLES}.`,
    );
  } else if (expectedRepository !== undefined && !names.includes(expectedRepository)) {
    return ignored(
      `event is for repository "${names[0]}", not the configured repository "${expectedRepository}"`,
    );
  }
  // A pull request event may list several repositories; the configured one is the one that matters.
  const repository = expectedRepository ?? (namesValid ? (names[0] as string) : "");
  const handled = [
    "pullRequestCreated",
    "pullRequestSourceBranchUpdated",
    "pullRequestStatusChanged",
    "pullRequestMergeStatusUpdated",
  ];
  if (kind !== undefined && !handled.includes(kind))
    return ignored(`CodeCommit "${kind}" events are not handled`);

  const pullRequestId = problems.text(detail, "pullRequestId", "detail");
  const status = problems.oneOf(detail, "pullRequestStatus", "detail", ["Open", "Closed"] as const);
  const merged =
    detail.isMerged === undefined
      ? false
      : problems.oneOf(detail, "isMerged", "detail", ["True", "False"] as const) === "True";
  const sourceReference = problems.text(detail, "sourceReference", "detail");
  const destinationReference = problems.text(detail, "destinationReference", "detail");
  const sourceBranch = shortRef(sourceReference, "detail.sourceReference", problems);
  const destinationBranch = shortRef(destinationReference, "detail.destinationReference", problems);
  const sourceCommit = problems.commit(detail, "sourceCommit", "detail");
  const destinationCommit = problems.commit(detail, "destinationCommit", "detail");
  const title = detail.title === undefined ? "" : typeof detail.title === "string" ? detail.title : null;
  if (title === null) {
    problems.add(
      "detail.title",
      detail.title,
      foundInstead(detail.title, "a string"),
      `Give the title as a string, or leave it out; ${EXAMPLES}.`,
    );
  }
  problems.check();

  const make = (type: PullRequestEvent["type"]): PullRequestEvent => ({
    ...base,
    type,
    repository,
    pullRequestId: pullRequestId as string,
    sourceBranch: sourceBranch as string,
    destinationBranch: destinationBranch as string,
    sourceCommit: sourceCommit as string,
    destinationCommit: destinationCommit as string,
    title: title as string,
    merged,
    ...(typeof detail.revisionId === "string" && detail.revisionId !== ""
      ? { revisionId: detail.revisionId }
      : {}),
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

function shortRef(reference: string | undefined, path: string, problems: Problems): string | undefined {
  if (reference === undefined || !reference.startsWith("refs/")) return reference;
  if (!reference.startsWith(BRANCH_REF_PREFIX) || reference.length === BRANCH_REF_PREFIX.length) {
    problems.add(path, reference, foundInstead(reference, "a branch (refs/heads/…)"), fixFor(path));
    return undefined;
  }
  return reference.slice(BRANCH_REF_PREFIX.length);
}
