/** A stateful in-memory CodeCommit (`CodeCommit_20150413`): one repository's branches, pull requests and comments. */
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
}

/** One comment posted on a pull request. */
export interface StoredComment {
  readonly commentId: string;
  readonly pullRequestId: string;
  readonly content: string;
  readonly beforeCommitId: string;
  readonly afterCommitId: string;
  readonly clientRequestToken: string | undefined;
}

const PAGE_SIZE = 100;

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

  /** Opens a pull request and returns it. */
  openPullRequest(input: {
    title: string;
    sourceBranch: string;
    destinationBranch: string;
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
    };
    this.pullRequests.set(pullRequest.pullRequestId, pullRequest);
    return pullRequest;
  }

  /** Runs one operation; throws `FakeAwsError` the way the service answers. */
  handle(operation: string, input: JsonObject): unknown {
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
        return this.postComment(input);
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
    const id = requiredString(input, "pullRequestId");
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

  private postComment(input: JsonObject): unknown {
    this.repository(input);
    const pullRequest = this.pullRequestOf(input);
    const content = input.content;
    check(
      typeof content === "string" && content.length > 0,
      "A comment needs content",
      "CommentContentRequiredException",
    );
    check(
      content.length <= 10_240,
      "Comment content is longer than 10240 characters",
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
      return { comment: { commentId: earlier.commentId, content: earlier.content } };
    }
    const comment: StoredComment = {
      commentId: `comment-${this.comments.length + 1}`,
      pullRequestId: pullRequest.pullRequestId,
      content,
      beforeCommitId,
      afterCommitId,
      clientRequestToken: token,
    };
    this.comments.push(comment);
    return {
      repositoryName: this.repositoryName,
      pullRequestId: pullRequest.pullRequestId,
      comment: { commentId: comment.commentId, content },
    };
  }
}
