/**
 * The one seam between the cloner and a git provider's pull requests: the calls that face the PR (read it, find the
 * living comment, post, update, approve, revoke). CodeCommit implements it (`codeCommitPullRequests`), GitHub too
 * (`gitHubPullRequests`: approvals are commit statuses); what to write and whether to approve is decided by core.
 */
import type { GatePhase } from "@tributary/core";

/**
 * What the merge gate is told with an approval or a revocation: the run's phase (`QUEUED` after a push, a final
 * state after a run) and where its details are. A gate that is a commit status (GitHub) writes it; an approval
 * (CodeCommit) needs neither.
 *
 * @example
 * await provider.revoke("42", revisionId, { phase: "FAILED", targetUrl: executionConsoleUrl(region, pipeline, executionId) });
 */
export interface GateReport {
  readonly phase: GatePhase;
  readonly targetUrl?: string;
}

/**
 * A pull request as the cloner needs it: open or not, its head commits and its current revision (approvals are per
 * revision; CodeCommit's `revisionId`, a GitHub head SHA).
 *
 * @example
 * const pullRequest: PullRequestState = {
 *   pullRequestId: "42", open: true, revisionId: "4d7f…",
 *   sourceCommit: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", destinationCommit: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c",
 * };
 */
export interface PullRequestState {
  readonly pullRequestId: string;
  readonly open: boolean;
  readonly sourceCommit: string;
  readonly destinationCommit: string;
  readonly revisionId: string;
}

/**
 * A comment the provider holds: its id and its Markdown.
 *
 * @example
 * const comment: PullRequestComment = { commentId: "ff30b348-…", content: '[//]: # "tributary-preview v=1 pr=42 …"\n…' };
 */
export interface PullRequestComment {
  readonly commentId: string;
  readonly content: string;
}

/**
 * What happened to an update: `updated`, or why not (`not-ours`: another author wrote it, `gone`: deleted).
 *
 * @example
 * if ((await provider.updateComment(id, content)) !== "updated") await provider.postComment(pullRequest, content, token);
 */
export type CommentUpdate = "updated" | "not-ours" | "gone";

/**
 * What happened to an approval change: `done`, or `stale` when the revision is no longer the pull request's current
 * one or the pull request closed meanwhile (a newer event decides; nothing to retry).
 *
 * @example
 * const result: ApprovalChange = await provider.approve(pullRequest.pullRequestId, pullRequest.revisionId);
 */
export type ApprovalChange = "done" | "stale";

/**
 * The calls that face a pull request. Implementations throw what their API throws for anything else; the executor
 * classifies it (`classifyFailure`: permanent failures are logged and dropped, transient ones retried). Every method is
 * idempotent or made so by its caller.
 *
 * @example
 * // CodeCommit's and GitHub's, whole; each Lambda takes only its half (`PullRequestApprovals`, `PullRequestComments`)
 * const codeCommit: PullRequestProvider = codeCommitPullRequests(clients.codeCommit, "infra");
 * const github: PullRequestProvider = gitHubPullRequests(api, { owner: "acme", repository: "infra", project: "acme" });
 */
export interface PullRequestProvider {
  /** The provider's name, for logs and its comment limit (core's `COMMENT_LIMITS`): `codecommit` or `github`. */
  readonly name: string;
  /** The pull request's state and current revision. */
  pullRequest(pullRequestId: string): Promise<PullRequestState>;
  /**
   * The pull request's living Tributary comment (core's `findPreviewComment` over all of its comments, every page),
   * or `undefined` when it has none.
   */
  findLivingComment(pullRequestId: string): Promise<PullRequestComment | undefined>;
  /** Posts a comment on the pull request; `clientRequestToken` makes a retried post a no-op. */
  postComment(
    pullRequest: PullRequestState,
    content: string,
    clientRequestToken: string,
  ): Promise<PullRequestComment>;
  /** Replaces a comment's content in place. */
  updateComment(commentId: string, content: string): Promise<CommentUpdate>;
  /** Approves `revisionId` of the pull request as the cloner (`report`: the run that passed). */
  approve(pullRequestId: string, revisionId: string, report?: GateReport): Promise<ApprovalChange>;
  /**
   * Revokes the cloner's approval of `revisionId` (a no-op when it has none); `report` says why: a push (`QUEUED`) or a
   * run that failed or was stopped.
   */
  revoke(pullRequestId: string, revisionId: string, report?: GateReport): Promise<ApprovalChange>;
  /**
   * The comment of the pull request whose first line is `marker` (a notice the cloner posts once, such as the fork
   * notice), or `undefined`. Providers without it post no notices.
   */
  findComment?(pullRequestId: string, marker: string): Promise<PullRequestComment | undefined>;
  /**
   * For a gate that is a check on the commit (GitHub's commit status): marks the commit a run started on as pending,
   * unless the gate already has a verdict on it. CodeCommit's gate is an approval of the revision: it has none.
   */
  markRunStarted?(commitId: string, targetUrl: string | undefined): Promise<"marked" | "kept">;
}

/**
 * The cloner's half of the seam: read the pull request, approve and revoke.
 *
 * @example
 * const approvals: PullRequestApprovals = codeCommitApprovals(clients.codeCommit, "infra");
 */
export type PullRequestApprovals = Pick<PullRequestProvider, "name" | "pullRequest" | "approve" | "revoke"> &
  Partial<Pick<PullRequestProvider, "findComment" | "postComment">>;

/**
 * The notifier's half of the seam: read the pull request, find, post and update the living comment.
 *
 * @example
 * const comments: PullRequestComments = codeCommitComments(clients.codeCommit, "infra");
 */
export type PullRequestComments = Pick<
  PullRequestProvider,
  "name" | "pullRequest" | "findLivingComment" | "postComment" | "updateComment" | "markRunStarted"
>;
