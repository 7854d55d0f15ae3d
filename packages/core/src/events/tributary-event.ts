/** The events the cloner handles, as `parseEvent` returns them: plain data, no AWS SDK type. */

import type { FinalRunState } from "../shared/types.js";

/** Fields every parsed event carries. */
interface EventBase {
  /** EventBridge event id, or GitHub's `X-GitHub-Delivery` (logs, and the idempotency token of executions). */
  readonly id: string;
  /** Event time, ISO 8601, as EventBridge gave it. */
  readonly time: string;
}

/**
 * A parsed branch event (CodeCommit's, or a GitHub `push`).
 *
 * @example
 * // { type: "branchUpdated", id: "5a4b…", time: "2026-11-27T10:42:07Z", repository: "infra-deployment",
 * //   branch: "feature/login", commitId: "a1b2…" }
 */
export interface BranchEvent extends EventBase {
  readonly type: "branchCreated" | "branchUpdated" | "branchDeleted";
  readonly repository: string;
  /** Short branch name (no `refs/heads/`). */
  readonly branch: string;
  /** The branch's new head (`commitId`); for a deletion, the last head (`oldCommitId`). */
  readonly commitId: string;
}

/**
 * A parsed pull-request event (CodeCommit's, or a GitHub delivery's).
 *
 * @example
 * // { type: "pullRequestOpened", pullRequestId: "42", sourceBranch: "feature/login", destinationBranch: "develop",
 * //   sourceCommit: "a1b2…", destinationCommit: "0f1e…", title: "Add login page", merged: false, ... }
 */
export interface PullRequestEvent extends EventBase {
  /** opened: created or reopened; sourceUpdated: new commits on the source branch; closed: closed or merged. */
  readonly type: "pullRequestOpened" | "pullRequestSourceUpdated" | "pullRequestClosed";
  readonly repository: string;
  readonly pullRequestId: string;
  readonly sourceBranch: string;
  readonly destinationBranch: string;
  /** The source branch's head commit. */
  readonly sourceCommit: string;
  /** The destination branch's head commit (CodeCommit needs it to comment on the PR). */
  readonly destinationCommit: string;
  readonly title: string;
  readonly merged: boolean;
  /** The pull request's revision (`detail.revisionId`), when the event carries it; approvals are per revision. */
  readonly revisionId?: string;
  /**
   * The head's repository (`owner/name`) when it is not the repository itself: a GitHub fork (`DELETED_FORK` when
   * GitHub no longer has it). Absent for the repository's own branches, and always for CodeCommit.
   */
  readonly headRepository?: string;
  /**
   * The destination before the pull request was pointed at `destinationBranch` (GitHub's `edited` with
   * `changes.base`); only on `pullRequestOpened`. Its clone, when another, goes.
   */
  readonly previousDestinationBranch?: string;
}

/**
 * A scheduled reconciliation request (EventBridge `Scheduled Event`).
 *
 * @example
 * // { type: "reconcile", id: "b7c8…", time: "2026-11-27T12:00:00Z" }
 */
export interface ReconcileEvent extends EventBase {
  readonly type: "reconcile";
  /**
   * Set when a reconcile that ran out of time asked for the rest (`RECONCILE_CONTINUATION`): which round this is and
   * the scheduled event the chain started from.
   */
  readonly continuation?: { readonly round: number; readonly origin: string };
}

/**
 * An event that is valid but asks for nothing (a tag, another repository, an unhandled event kind).
 *
 * @example
 * // { type: "ignored", id: "b1c2…", time: "…", reason: 'tag "v1.2.0" is not a branch' }
 */
export interface IgnoredEvent extends EventBase {
  readonly type: "ignored";
  readonly reason: string;
}

/**
 * What `parseEvent` returns.
 *
 * @example
 * const event: TributaryEvent = parseEvent(raw, config);
 * if (event.type === "branchDeleted") console.log(event.branch);
 */
export type TributaryEvent =
  | BranchEvent
  | PullRequestEvent
  | ReconcileEvent
  | IgnoredEvent
  | PipelineRunEvent
  | PipelineRunStartedEvent;

/**
 * A CodePipeline execution that started (state `STARTED`): the run a clone's idle clock counts from.
 *
 * @example
 * // { type: "pipelineRunStarted", id: "…", time: "2026-11-27T15:00:00Z", pipelineName: "acme-dev-feature-login",
 * //   executionId: "0a1b2c3d-0000-4000-8000-000000000000" }
 */
export interface PipelineRunStartedEvent extends EventBase {
  readonly type: "pipelineRunStarted";
  readonly pipelineName: string;
  readonly executionId: string;
}

/**
 * A CodePipeline execution of some pipeline that reached a final state (EventBridge "CodePipeline Pipeline Execution
 * State Change"). Whether the pipeline is one of this project's pull-request clones is `planEvent`'s decision.
 *
 * @example
 * // { type: "pipelineRunFinished", id: "01234567-…", time: "2026-11-27T15:04:00Z", pipelineName: "acme-dev-pr-42",
 * //   executionId: "0a1b2c3d-0000-4000-8000-000000000000", state: "SUCCEEDED", pipelineVersion: 3 }
 */
export interface PipelineRunEvent extends EventBase {
  readonly type: "pipelineRunFinished";
  readonly pipelineName: string;
  /** `detail.execution-id` (the `pipelineExecutionId` of the CodePipeline API). */
  readonly executionId: string;
  readonly state: FinalRunState;
  /** `detail.version`: the pipeline structure's version the run used, when the event gives it. */
  readonly pipelineVersion?: number;
}
