/** The CodeCommit implementation of `PullRequestProvider`. */
import {
  type CodeCommitClient,
  type Comment,
  GetCommentsForPullRequestCommand,
  GetPullRequestCommand,
  PostCommentForPullRequestCommand,
  UpdateCommentCommand,
  UpdatePullRequestApprovalStateCommand,
} from "@aws-sdk/client-codecommit";
import { findPreviewComment } from "@tributary/core";
import { isAwsError } from "../../functions/cloner/execution-context";
import type {
  PullRequestApprovals,
  PullRequestComment,
  PullRequestComments,
  PullRequestProvider,
  PullRequestState,
} from "../pull-request-provider";

/**
 * Comments per `GetCommentsForPullRequest` page: the most one call returns ("The default is 100 comments. You can
 * return up to 500 comments with a single request.", CodeCommit API reference), so a pull request with fewer than
 * 500 comments costs one call.
 *
 * @example
 * new GetCommentsForPullRequestCommand({ pullRequestId: "42", maxResults: COMMENTS_PER_PAGE });
 */
export const COMMENTS_PER_PAGE = 500;

/** `GetPullRequest`: status, the repository's target and `revisionId`. */
async function readPullRequest(
  client: CodeCommitClient,
  repositoryName: string,
  pullRequestId: string,
): Promise<PullRequestState> {
  const { pullRequest } = await client.send(new GetPullRequestCommand({ pullRequestId }));
  const target =
    pullRequest?.pullRequestTargets?.find((candidate) => candidate.repositoryName === repositoryName) ??
    pullRequest?.pullRequestTargets?.[0];
  return {
    pullRequestId,
    open: pullRequest?.pullRequestStatus === "OPEN",
    sourceCommit: target?.sourceCommit ?? "",
    destinationCommit: target?.destinationCommit ?? "",
    revisionId: pullRequest?.revisionId ?? "",
  };
}

/**
 * CodeCommit's approvals, for one repository (the cloner's half of the seam, so its bundle holds no comment call):
 * - `pullRequest`: `GetPullRequest` (status, the repository's target, `revisionId`);
 * - `approve` / `revoke`: `UpdatePullRequestApprovalState` with the revision id; `RevisionNotCurrentException` and
 *   `PullRequestAlreadyClosedException` are `stale` (a newer event decides).
 *
 * @example
 * const approvals = codeCommitApprovals(clients.codeCommit, "infra");
 * await approvals.approve("42", revisionId);
 */
export function codeCommitApprovals(client: CodeCommitClient, repositoryName: string): PullRequestApprovals {
  const setApproval = async (
    pullRequestId: string,
    revisionId: string,
    approvalState: "APPROVE" | "REVOKE",
  ) => {
    try {
      await client.send(
        new UpdatePullRequestApprovalStateCommand({ pullRequestId, revisionId, approvalState }),
      );
      return "done" as const;
    } catch (error) {
      if (isAwsError(error, "RevisionNotCurrentException", "PullRequestAlreadyClosedException"))
        return "stale" as const;
      throw error;
    }
  };
  return {
    name: "codecommit",
    pullRequest: (pullRequestId) => readPullRequest(client, repositoryName, pullRequestId),
    approve: (pullRequestId, revisionId) => setApproval(pullRequestId, revisionId, "APPROVE"),
    revoke: (pullRequestId, revisionId) => setApproval(pullRequestId, revisionId, "REVOKE"),
  };
}

/**
 * CodeCommit's comments, for one repository (the notifier's half of the seam, so its bundle holds no approval call):
 * - `pullRequest`: `GetPullRequest` (its head commits, for a post);
 * - `findLivingComment`: every page of `GetCommentsForPullRequest` (by pull request only, 500 a page), then core's
 *   `findPreviewComment`;
 * - `postComment`: `PostCommentForPullRequest` on the pull request's current commits, with the client request token;
 * - `updateComment`: `UpdateComment`; `CommentNotCreatedByCallerException` is `not-ours`,
 *   `CommentDoesNotExistException` and `CommentDeletedException` are `gone`.
 *
 * @example
 * const comments = codeCommitComments(clients.codeCommit, "infra");
 * const living = await comments.findLivingComment("42");
 */
export function codeCommitComments(client: CodeCommitClient, repositoryName: string): PullRequestComments {
  return {
    name: "codecommit",
    pullRequest: (pullRequestId) => readPullRequest(client, repositoryName, pullRequestId),
    async findLivingComment(pullRequestId) {
      const comments: Comment[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetCommentsForPullRequestCommand({ pullRequestId, maxResults: COMMENTS_PER_PAGE, nextToken }),
        );
        for (const group of page.commentsForPullRequestData ?? []) comments.push(...(group.comments ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      const living = findPreviewComment(comments, pullRequestId);
      return living?.commentId && living.content !== undefined
        ? { commentId: living.commentId, content: living.content }
        : undefined;
    },
    async postComment(pullRequest, content, clientRequestToken) {
      const { comment } = await client.send(
        new PostCommentForPullRequestCommand({
          pullRequestId: pullRequest.pullRequestId,
          repositoryName,
          beforeCommitId: pullRequest.destinationCommit,
          afterCommitId: pullRequest.sourceCommit,
          content,
          clientRequestToken,
        }),
      );
      return { commentId: comment?.commentId ?? "", content } satisfies PullRequestComment;
    },
    async updateComment(commentId, content) {
      try {
        await client.send(new UpdateCommentCommand({ commentId, content }));
        return "updated";
      } catch (error) {
        if (isAwsError(error, "CommentNotCreatedByCallerException")) return "not-ours";
        if (isAwsError(error, "CommentDoesNotExistException", "CommentDeletedException")) return "gone";
        throw error;
      }
    },
  };
}

/**
 * CodeCommit's whole `PullRequestProvider` for one repository: its comments (`codeCommitComments`) and approvals
 * (`codeCommitApprovals`). Each Lambda uses only its half, so neither bundle carries the other's calls.
 *
 * @example
 * const provider = codeCommitPullRequests(clients.codeCommit, "infra");
 * const living = await provider.findLivingComment("42");
 */
export function codeCommitPullRequests(
  client: CodeCommitClient,
  repositoryName: string,
): PullRequestProvider {
  return { ...codeCommitComments(client, repositoryName), ...codeCommitApprovals(client, repositoryName) };
}
