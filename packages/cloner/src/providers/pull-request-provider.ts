/**
 * The one seam between the cloner and a git provider's pull requests: the calls that face the PR (read it, find the
 * living comment, post, update, approve, revoke). CodeCommit implements it (`codeCommitPullRequests`); a second
 * provider (GitHub, GitLab or Bitbucket through CodeConnections) implements the same six methods and nothing else
 * changes: what to write and whether to approve is decided by core.
 */

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
 * // A GitHub provider through CodeConnections would plug in like this (sketch):
 * const github: PullRequestProvider = {
 *   name: "github",
 *   async pullRequest(id) {
 *     const pr = await octokit.pulls.get({ owner, repo, pull_number: Number(id) });
 *     return { pullRequestId: id, open: pr.data.state === "open", sourceCommit: pr.data.head.sha,
 *              destinationCommit: pr.data.base.sha, revisionId: pr.data.head.sha };
 *   },
 *   async findLivingComment(id) {
 *     const comments = await octokit.paginate(octokit.issues.listComments, { owner, repo, issue_number: Number(id) });
 *     const living = findPreviewComment(comments.map((c) => ({ commentId: String(c.id), content: c.body ?? "" })), id);
 *     return living;
 *   },
 *   async postComment(pr, content) { … octokit.issues.createComment … },
 *   async updateComment(commentId, content) { … octokit.issues.updateComment … return "updated"; },
 *   async approve(id, revisionId) { … pulls.createReview({ event: "APPROVE", commit_id: revisionId }) … return "done"; },
 *   async revoke(id, revisionId) { … pulls.dismissReview … return "done"; },
 * };
 */
export interface PullRequestProvider {
  /** The provider's name, for logs (`codecommit`). */
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
  /** Approves `revisionId` of the pull request as the cloner. */
  approve(pullRequestId: string, revisionId: string): Promise<ApprovalChange>;
  /** Revokes the cloner's approval of `revisionId` (a no-op when it has none). */
  revoke(pullRequestId: string, revisionId: string): Promise<ApprovalChange>;
}

/**
 * The cloner's half of the seam: read the pull request, approve and revoke.
 *
 * @example
 * const approvals: PullRequestApprovals = codeCommitApprovals(clients.codeCommit, "infra");
 */
export type PullRequestApprovals = Pick<PullRequestProvider, "name" | "pullRequest" | "approve" | "revoke">;

/**
 * The notifier's half of the seam: read the pull request, find, post and update the living comment.
 *
 * @example
 * const comments: PullRequestComments = codeCommitComments(clients.codeCommit, "infra");
 */
export type PullRequestComments = Pick<
  PullRequestProvider,
  "name" | "pullRequest" | "findLivingComment" | "postComment" | "updateComment"
>;
