/** CodeCommit's comments: the notifier's half of the `PullRequestProvider` seam (the living comment). */
import {
  type CodeCommitClient,
  type Comment,
  PostCommentForPullRequestCommand,
  paginateGetCommentsForPullRequest,
  UpdateCommentCommand,
} from "@aws-sdk/client-codecommit";
import { findPreviewComment } from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import type { PullRequestComment, PullRequestComments } from "../pull-request-provider";
import { readPullRequest } from "./pull-request";

/**
 * Comments per `GetCommentsForPullRequest` page: the most one call returns ("The default is 100 comments. You can
 * return up to 500 comments with a single request.", CodeCommit API reference), so a pull request with fewer than
 * 500 comments costs one call.
 *
 * @example
 * paginateGetCommentsForPullRequest({ client }, { pullRequestId: "42", maxResults: COMMENTS_PER_PAGE });
 */
export const COMMENTS_PER_PAGE = 500;

/**
 * CodeCommit's comments, for one repository (the notifier's half of the seam, so its bundle holds no approval call):
 * - `pullRequest`: `GetPullRequest` (its head commits, for a post);
 * - `findLivingComment`: every page of `GetCommentsForPullRequest` (the SDK's paginator; by pull request only, 500 a
 *   page), then core's
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
      for await (const page of paginateGetCommentsForPullRequest(
        { client },
        { pullRequestId, maxResults: COMMENTS_PER_PAGE },
      )) {
        for (const group of page.commentsForPullRequestData ?? []) comments.push(...(group.comments ?? []));
      }
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
