/** Builders of realistic CodeCommit EventBridge events (same shape as the JSON fixtures beside this file). */

import branchCreated from "./branch-created.json" with { type: "json" };
import pullRequestCreated from "./pull-request-created.json" with { type: "json" };
import scheduledEvent from "./scheduled-event.json" with { type: "json" };

/** A raw EventBridge event, as the Lambda receives it. */
export type RawEvent = Record<string, unknown> & { detail: Record<string, unknown> };

/** A 40-character hex commit id derived from a number. */
export function commit(n: number): string {
  return n.toString(16).padStart(8, "0").repeat(5);
}

/** An EventBridge event id derived from a number (UUID shaped). */
export function eventId(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `00000000-0000-4000-8000-${hex}`;
}

/** A `CodeCommit Repository State Change` for a branch. */
export function referenceEvent(
  kind: "referenceCreated" | "referenceUpdated" | "referenceDeleted",
  branch: string,
  n: number,
  options: { fullRef?: boolean; repository?: string } = {},
): RawEvent {
  const raw = structuredClone(branchCreated) as RawEvent;
  raw.id = eventId(n);
  const detail: Record<string, unknown> = {
    ...raw.detail,
    event: kind,
    referenceName: options.fullRef ? `refs/heads/${branch}` : branch,
    referenceFullName: `refs/heads/${branch}`,
  };
  if (options.repository !== undefined) detail.repositoryName = options.repository;
  delete detail.commitId;
  if (kind !== "referenceDeleted") detail.commitId = commit(n);
  if (kind !== "referenceCreated") detail.oldCommitId = commit(n + 1_000_000);
  raw.detail = detail;
  return raw;
}

/** A `CodeCommit Pull Request State Change`. */
export function pullRequestEvent(
  kind:
    | "pullRequestCreated"
    | "pullRequestSourceBranchUpdated"
    | "pullRequestStatusChanged"
    | "pullRequestMergeStatusUpdated",
  pullRequest: { id: string; sourceBranch: string; destinationBranch: string },
  n: number,
  state: { status: "Open" | "Closed"; merged: boolean },
): RawEvent {
  const raw = structuredClone(pullRequestCreated) as RawEvent;
  raw.id = eventId(n);
  raw.detail = {
    ...raw.detail,
    event: kind,
    pullRequestId: pullRequest.id,
    sourceReference: `refs/heads/${pullRequest.sourceBranch}`,
    destinationReference: `refs/heads/${pullRequest.destinationBranch}`,
    sourceCommit: commit(n),
    destinationCommit: commit(n + 2_000_000),
    pullRequestStatus: state.status,
    isMerged: state.merged ? "True" : "False",
  };
  return raw;
}

/** An EventBridge `Scheduled Event`. */
export function scheduled(n: number): RawEvent {
  const raw = structuredClone(scheduledEvent) as RawEvent;
  raw.id = eventId(n);
  return raw;
}
