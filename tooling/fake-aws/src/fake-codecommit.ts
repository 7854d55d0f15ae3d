/**
 * A stateful in-memory CodeCommit (`CodeCommit_20150413`): one repository's branches, pull requests, their comments
 * (who wrote them, edits, deletions) and their approvals per revision. Limits and error names follow the CodeCommit
 * API reference and botocore's codecommit 2015-04-13 model (each operation's `errors`).
 */
import { createHash } from "node:crypto";
import { check, FakeAwsError, requiredString } from "./aws-error";
import type { JsonObject } from "./json";

/** One stored pull request. */
export interface StoredPullRequest {
  readonly pullRequestId: string;
  title: string;
  status: "OPEN" | "CLOSED";
  merged: boolean;
  readonly sourceBranch: string;
  readonly destinationBranch: string;
  sourceCommit: string;
  destinationCommit: string;
  /** Who opened it (an approval by its author is refused). */
  authorArn: string;
  /** Approvals by revision id: the ARNs that approved that revision (REVOKE removes; it is not stored). */
  readonly approvals: Map<string, Set<string>>;
}

/** One comment posted on a pull request. */
export interface StoredComment {
  readonly commentId: string;
  readonly pullRequestId: string;
  content: string;
  readonly beforeCommitId: string;
  readonly afterCommitId: string;
  readonly clientRequestToken: string | undefined;
  /** The caller that posted it; only it may edit the comment. */
  readonly authorArn: string;
  readonly creationDate: number;
  lastModifiedDate: number;
  deleted: boolean;
}

const PAGE_SIZE = 100;

/**
 * The most characters a comment holds: "The comment is too large. Comments are limited to 10,240 characters."
 * (`CommentContentSizeLimitExceededException`, CodeCommit API reference).
 */
export const COMMENT_CHARACTER_LIMIT = 10_240;

/** `GetCommentsForPullRequest`'s `maxResults`: "The default is 100 comments. You can return up to 500 comments with a single request." */
export const COMMENTS_PAGE_DEFAULT = 100;
export const COMMENTS_PAGE_MAX = 500;

/** The caller the fake assumes when a request names none (direct `handle` calls in tests). */
export const DEFAULT_CALLER = "arn:aws:iam::123456789012:user/fake-caller";

/**
 * A pull request's revision id: a 64-hex digest of its id and both heads, so it changes whenever the source (or
 * destination) branch moves, as CodeCommit's does.
 */
export function revisionOf(
  pullRequest: Pick<StoredPullRequest, "pullRequestId" | "sourceCommit" | "destinationCommit">,
): string {
  return createHash("sha256")
    .update(`${pullRequest.pullRequestId}:${pullRequest.sourceCommit}:${pullRequest.destinationCommit}`)
    .digest("hex");
}

/**
 * The CodeCommit operations the cloner uses, plus helpers the tests use to change the repository.
 *
 * @example
 * const codeCommit = new FakeCodeCommit("infra");
 * codeCommit.pushBranch("develop", "a1b2c3");
 * codeCommit.handle("ListBranches", { repositoryName: "infra" }); // { branches: ["develop"] }
 */
export class FakeCodeCommit {
  readonly repositoryName: string;
  readonly branches = new Map<string, string>();
  readonly pullRequests = new Map<string, StoredPullRequest>();
  readonly comments: StoredComment[] = [];
  /** Commit messages by commit id (what CodePipeline reports as a revision's summary). */
  readonly commitMessages = new Map<string, string>();
  private nextPullRequest = 1;
  private clock = 1_764_000_000;

  constructor(repositoryName: string) {
    this.repositoryName = repositoryName;
  }

  /** Creates or moves a branch; the commit gets `message` (default `Commit <short id> on <branch>`). */
  pushBranch(
    branch: string,
    commitId: string,
    message = `Commit ${commitId.slice(0, 7)} on ${branch}`,
  ): void {
    this.branches.set(branch, commitId);
    if (!this.commitMessages.has(commitId)) this.commitMessages.set(commitId, message);
  }

  /** Deletes a branch. */
  deleteBranch(branch: string): void {
    this.branches.delete(branch);
  }

  /** Opens a pull request and returns it (`authorArn`: who opens it, by default a human user). */
  openPullRequest(input: {
    title: string;
    sourceBranch: string;
    destinationBranch: string;
    authorArn?: string;
  }): StoredPullRequest {
    const pullRequest: StoredPullRequest = {
      pullRequestId: String(this.nextPullRequest++),
      title: input.title,
      status: "OPEN",
      merged: false,
      sourceBranch: input.sourceBranch,
      destinationBranch: input.destinationBranch,
      sourceCommit: this.branches.get(input.sourceBranch) ?? "0".repeat(40),
      destinationCommit: this.branches.get(input.destinationBranch) ?? "0".repeat(40),
      authorArn: input.authorArn ?? "arn:aws:iam::123456789012:user/mary.major",
      approvals: new Map(),
    };
    this.pullRequests.set(pullRequest.pullRequestId, pullRequest);
    return pullRequest;
  }

  /** Who approved a pull request's revision (its current one by default). */
  approversOf(pullRequestId: string, revisionId?: string): string[] {
    const pullRequest = this.pullRequests.get(pullRequestId);
    if (!pullRequest) return [];
    return [...(pullRequest.approvals.get(revisionId ?? revisionOf(pullRequest)) ?? [])].sort();
  }

  /** Deletes a comment's content as `DeleteCommentContent` does (the comment stays, `deleted: true`). */
  deleteComment(commentId: string): void {
    const comment = this.comments.find((candidate) => candidate.commentId === commentId);
    if (comment) {
      comment.deleted = true;
      comment.content = "";
    }
  }

  /**
   * Runs one operation as `caller` (the ARN of the request's signer); throws `FakeAwsError` the way the service
   * answers.
   */
  handle(operation: string, input: JsonObject, caller: string = DEFAULT_CALLER): unknown {
    switch (operation) {
      case "ListBranches":
        return this.listBranches(input);
      case "GetBranch":
        return this.getBranch(input);
      case "ListPullRequests":
        return this.listPullRequests(input);
      case "GetPullRequest":
        return this.getPullRequest(input);
      case "PostCommentForPullRequest":
        return this.postComment(input, caller);
      case "GetCommentsForPullRequest":
        return this.getComments(input);
      case "UpdateComment":
        return this.updateComment(input, caller);
      case "UpdatePullRequestApprovalState":
        return this.updateApprovalState(input, caller);
      case "GetPullRequestApprovalStates":
        return this.getApprovalStates(input);
      default:
        throw new FakeAwsError(
          "UnknownOperationException",
          `The fake does not implement CodeCommit ${operation}`,
        );
    }
  }

  private repository(input: JsonObject): void {
    const name = requiredString(input, "repositoryName");
    if (name !== this.repositoryName) {
      throw new FakeAwsError("RepositoryDoesNotExistException", `${name} does not exist`);
    }
  }

  private page<T>(
    items: readonly T[],
    nextToken: unknown,
    maxResults: number,
  ): { items: T[]; nextToken?: string } {
    const start = typeof nextToken === "string" ? Number(nextToken) : 0;
    check(
      Number.isInteger(start) && start >= 0,
      `Invalid nextToken '${String(nextToken)}'`,
      "InvalidContinuationTokenException",
    );
    const next = start + maxResults;
    return next < items.length
      ? { items: items.slice(start, next), nextToken: String(next) }
      : { items: items.slice(start, next) };
  }

  private listBranches(input: JsonObject): unknown {
    this.repository(input);
    const { items, nextToken } = this.page([...this.branches.keys()].sort(), input.nextToken, PAGE_SIZE);
    return nextToken ? { branches: items, nextToken } : { branches: items };
  }

  private getBranch(input: JsonObject): unknown {
    this.repository(input);
    const branchName = requiredString(input, "branchName");
    const commitId = this.branches.get(branchName);
    if (!commitId)
      throw new FakeAwsError("BranchDoesNotExistException", `Branch '${branchName}' does not exist`);
    return { branch: { branchName, commitId } };
  }

  private listPullRequests(input: JsonObject): unknown {
    this.repository(input);
    const status = input.pullRequestStatus;
    check(
      status === undefined || status === "OPEN" || status === "CLOSED",
      `Invalid pullRequestStatus '${String(status)}'`,
      "InvalidPullRequestStatusException",
    );
    const maxResults = typeof input.maxResults === "number" ? input.maxResults : PAGE_SIZE;
    // ListPullRequests (API reference): maxResults is "a non-zero, non-negative integer"; no upper bound is documented.
    check(
      Number.isInteger(maxResults) && maxResults >= 1,
      `maxResults must be a non-zero, non-negative integer, not ${maxResults}`,
      "InvalidMaxResultsException",
    );
    const ids = [...this.pullRequests.values()]
      .filter((pullRequest) => status === undefined || pullRequest.status === status)
      .map((pullRequest) => pullRequest.pullRequestId);
    const { items, nextToken } = this.page(ids, input.nextToken, maxResults);
    return nextToken ? { pullRequestIds: items, nextToken } : { pullRequestIds: items };
  }

  private pullRequestOf(input: JsonObject): StoredPullRequest {
    check(
      typeof input.pullRequestId === "string",
      "A pull request ID is required",
      "PullRequestIdRequiredException",
    );
    const id = input.pullRequestId;
    check(/^\d+$/.test(id), `The pull request ID '${id}' is not valid`, "InvalidPullRequestIdException");
    const pullRequest = this.pullRequests.get(id);
    if (!pullRequest)
      throw new FakeAwsError("PullRequestDoesNotExistException", `Pull request ${id} does not exist`);
    return pullRequest;
  }

  private getPullRequest(input: JsonObject): unknown {
    const pullRequest = this.pullRequestOf(input);
    return {
      pullRequest: {
        pullRequestId: pullRequest.pullRequestId,
        title: pullRequest.title,
        pullRequestStatus: pullRequest.status,
        authorArn: pullRequest.authorArn,
        revisionId: revisionOf(pullRequest),
        approvalRules: [],
        pullRequestTargets: [
          {
            repositoryName: this.repositoryName,
            sourceReference: `refs/heads/${pullRequest.sourceBranch}`,
            destinationReference: `refs/heads/${pullRequest.destinationBranch}`,
            sourceCommit: pullRequest.sourceCommit,
            destinationCommit: pullRequest.destinationCommit,
            mergeMetadata: { isMerged: pullRequest.merged },
          },
        ],
      },
    };
  }

  private postComment(input: JsonObject, caller: string): unknown {
    this.repository(input);
    const pullRequest = this.pullRequestOf(input);
    const content = input.content;
    check(
      typeof content === "string" && content.length > 0,
      "A comment needs content",
      "CommentContentRequiredException",
    );
    check(
      content.length <= COMMENT_CHARACTER_LIMIT,
      "The comment is too large. Comments are limited to 10,240 characters.",
      "CommentContentSizeLimitExceededException",
    );
    const beforeCommitId = requiredString(input, "beforeCommitId");
    const afterCommitId = requiredString(input, "afterCommitId");
    check(
      beforeCommitId !== afterCommitId,
      "beforeCommitId and afterCommitId are the same",
      "BeforeCommitIdAndAfterCommitIdAreSameException",
    );
    const token = typeof input.clientRequestToken === "string" ? input.clientRequestToken : undefined;
    const earlier =
      token === undefined ? undefined : this.comments.find((comment) => comment.clientRequestToken === token);
    if (earlier) {
      if (earlier.content !== content || earlier.pullRequestId !== pullRequest.pullRequestId) {
        throw new FakeAwsError(
          "IdempotencyParameterMismatchException",
          `Token '${token}' was used with other parameters`,
        );
      }
      return { comment: this.commentOutput(earlier) };
    }
    const now = this.tick();
    const comment: StoredComment = {
      commentId: `comment-${this.comments.length + 1}`,
      pullRequestId: pullRequest.pullRequestId,
      content,
      beforeCommitId,
      afterCommitId,
      clientRequestToken: token,
      authorArn: caller,
      creationDate: now,
      lastModifiedDate: now,
      deleted: false,
    };
    this.comments.push(comment);
    return {
      repositoryName: this.repositoryName,
      pullRequestId: pullRequest.pullRequestId,
      beforeCommitId,
      afterCommitId,
      comment: this.commentOutput(comment),
    };
  }

  private commentOutput(comment: StoredComment): JsonObject {
    return {
      commentId: comment.commentId,
      content: comment.content,
      authorArn: comment.authorArn,
      creationDate: comment.creationDate,
      lastModifiedDate: comment.lastModifiedDate,
      deleted: comment.deleted,
      ...(comment.clientRequestToken ? { clientRequestToken: comment.clientRequestToken } : {}),
      callerReactions: [],
      reactionCounts: {},
    };
  }

  /**
   * GetCommentsForPullRequest: every comment of the pull request (or of one commit pair), oldest first, grouped by
   * commit pair, in pages of `maxResults` comments (1..500, default 100). `repositoryName` is required with
   * `beforeCommitId` / `afterCommitId` and the three come together ("Requirement is conditional", API reference).
   */
  private getComments(input: JsonObject): unknown {
    const pullRequest = this.pullRequestOf(input);
    const { repositoryName, beforeCommitId, afterCommitId } = input;
    const byCommits = beforeCommitId !== undefined || afterCommitId !== undefined;
    if (repositoryName !== undefined || byCommits) {
      check(
        typeof repositoryName === "string",
        "A repository name is required",
        "RepositoryNameRequiredException",
      );
      this.repository(input);
      check(
        typeof beforeCommitId === "string" && typeof afterCommitId === "string",
        "beforeCommitId and afterCommitId are required with repositoryName",
        "CommitIdRequiredException",
      );
    }
    const maxResults = input.maxResults === undefined ? COMMENTS_PAGE_DEFAULT : input.maxResults;
    check(
      typeof maxResults === "number" &&
        Number.isInteger(maxResults) &&
        maxResults >= 1 &&
        maxResults <= COMMENTS_PAGE_MAX,
      `maxResults must be an integer from 1 to ${COMMENTS_PAGE_MAX}, not ${String(maxResults)}`,
      "InvalidMaxResultsException",
    );
    const comments = this.comments.filter(
      (comment) =>
        comment.pullRequestId === pullRequest.pullRequestId &&
        (!byCommits ||
          (comment.beforeCommitId === beforeCommitId && comment.afterCommitId === afterCommitId)),
    );
    const { items, nextToken } = this.page(comments, input.nextToken, maxResults);
    const groups = new Map<string, StoredComment[]>();
    for (const comment of items) {
      const key = `${comment.beforeCommitId}..${comment.afterCommitId}`;
      groups.set(key, [...(groups.get(key) ?? []), comment]);
    }
    const data = [...groups.values()].map((group) => ({
      pullRequestId: pullRequest.pullRequestId,
      repositoryName: this.repositoryName,
      beforeCommitId: group[0]?.beforeCommitId,
      afterCommitId: group[0]?.afterCommitId,
      comments: group.map((comment) => this.commentOutput(comment)),
    }));
    return nextToken ? { commentsForPullRequestData: data, nextToken } : { commentsForPullRequestData: data };
  }

  /** UpdateComment: only its author may edit a comment, never a deleted one, within the size limit. */
  private updateComment(input: JsonObject, caller: string): unknown {
    check(
      typeof input.commentId === "string" && input.commentId !== "",
      "A comment ID is required",
      "CommentIdRequiredException",
    );
    const content = input.content;
    check(
      typeof content === "string" && content.length > 0,
      "A comment needs content",
      "CommentContentRequiredException",
    );
    check(
      content.length <= COMMENT_CHARACTER_LIMIT,
      "The comment is too large. Comments are limited to 10,240 characters.",
      "CommentContentSizeLimitExceededException",
    );
    const comment = this.comments.find((candidate) => candidate.commentId === input.commentId);
    if (!comment) {
      throw new FakeAwsError(
        "CommentDoesNotExistException",
        `No comment exists with the provided ID '${String(input.commentId)}'`,
      );
    }
    check(
      !comment.deleted,
      "This comment has already been deleted. You cannot edit or delete a deleted comment.",
      "CommentDeletedException",
    );
    check(
      comment.authorArn === caller,
      "You cannot modify or delete this comment. Only comment authors can modify or delete their comments.",
      "CommentNotCreatedByCallerException",
    );
    comment.content = content;
    comment.lastModifiedDate = this.tick();
    return { comment: this.commentOutput(comment) };
  }

  /**
   * UpdatePullRequestApprovalState: APPROVE or REVOKE the current revision of an open pull request; its author may
   * not approve it.
   */
  private updateApprovalState(input: JsonObject, caller: string): unknown {
    const pullRequest = this.pullRequestOf(input);
    check(typeof input.revisionId === "string", "A revision ID is required", "RevisionIdRequiredException");
    check(
      typeof input.approvalState === "string",
      "An approval state is required",
      "ApprovalStateRequiredException",
    );
    const { revisionId, approvalState } = input;
    check(
      approvalState === "APPROVE" || approvalState === "REVOKE",
      `The approval state '${approvalState}' is not valid: APPROVE or REVOKE`,
      "InvalidApprovalStateException",
    );
    check(
      /^[0-9a-f]{64}$/.test(revisionId),
      `The revision ID '${revisionId}' is not valid`,
      "InvalidRevisionIdException",
    );
    check(
      pullRequest.status === "OPEN",
      "The pull request status has already been closed",
      "PullRequestAlreadyClosedException",
    );
    check(
      revisionId === revisionOf(pullRequest),
      "The revision ID provided in the request does not match the current revision ID. Use GetPullRequest to retrieve the current revision ID.",
      "RevisionNotCurrentException",
    );
    check(
      !(approvalState === "APPROVE" && caller === pullRequest.authorArn),
      "The pull request cannot be approved by the author.",
      "PullRequestCannotBeApprovedByAuthorException",
    );
    const approvers = pullRequest.approvals.get(revisionId) ?? new Set<string>();
    if (approvalState === "APPROVE") approvers.add(caller);
    else approvers.delete(caller);
    pullRequest.approvals.set(revisionId, approvers);
    return {};
  }

  /** GetPullRequestApprovalStates: who approved one revision of the pull request. */
  private getApprovalStates(input: JsonObject): unknown {
    const pullRequest = this.pullRequestOf(input);
    check(typeof input.revisionId === "string", "A revision ID is required", "RevisionIdRequiredException");
    check(
      /^[0-9a-f]{64}$/.test(input.revisionId),
      `The revision ID '${input.revisionId}' is not valid`,
      "InvalidRevisionIdException",
    );
    const approvers = [...(pullRequest.approvals.get(input.revisionId) ?? [])].sort();
    return { approvals: approvers.map((userArn) => ({ userArn, approvalState: "APPROVE" })) };
  }

  private tick(): number {
    this.clock += 1;
    return this.clock;
  }
}
