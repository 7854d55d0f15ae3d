/** Tells a pull request where its pipeline is. */
import { PostCommentForPullRequestCommand } from "@aws-sdk/client-codecommit";
import { type Action, pipelineConsoleUrl } from "@tributary/core";
import type { ExecutionContext } from "./execution-context";

/** What `commentOnPullRequest` did. */
export type CommentOutcome = "commented";

/**
 * The comment's Markdown: a link to the pipeline in the console and what happens to it.
 *
 * @example
 * pullRequestComment("eu-west-1", "acme-qa-pr-42");
 * // "Tributary runs this pull request in pipeline [acme-qa-pr-42](https://eu-west-1.console.aws.amazon.com/...) ..."
 */
export function pullRequestComment(region: string, pipelineName: string): string {
  return [
    `Tributary runs this pull request in pipeline [${pipelineName}](${pipelineConsoleUrl(region, pipelineName)}).`,
    "",
    "Every push to the source branch starts it again. It is deleted, with its stack, when the pull request is closed or merged.",
  ].join("\n");
}

/**
 * PostCommentForPullRequest with a link to the pipeline; the client request token is the one core planned
 * (`commentToken`), so a redelivered event does not comment twice.
 *
 * @example
 * await commentOnPullRequest(context, { type: "commentOnPullRequest", pullRequestId: "42", pipelineName: "acme-qa-pr-42", beforeCommitId: "d1", afterCommitId: "s1", clientRequestToken: commentToken("ev-1", "42") });
 */
export async function commentOnPullRequest(
  context: ExecutionContext,
  action: Extract<Action, { type: "commentOnPullRequest" }>,
): Promise<CommentOutcome> {
  const region = context.target?.region ?? (await context.clients.codeCommit.config.region());
  const { comment } = await context.clients.codeCommit.send(
    new PostCommentForPullRequestCommand({
      pullRequestId: action.pullRequestId,
      repositoryName: context.config.repository,
      beforeCommitId: action.beforeCommitId,
      afterCommitId: action.afterCommitId,
      content: pullRequestComment(region, action.pipelineName),
      clientRequestToken: action.clientRequestToken,
    }),
  );
  context.logger.info("Commented on pull request", {
    action: "commentOnPullRequest",
    pullRequestId: action.pullRequestId,
    pipelineName: action.pipelineName,
    commentId: comment?.commentId,
  });
  return "commented";
}
