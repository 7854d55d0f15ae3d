/** The idle notice on a pull request's living comment: the cloner tells the notifier, which owns the comment. */
import { type IdleNoticeDetail, parseIdleNoticeRequest, withIdleNotice } from "@tributary/core";
import { classifyFailure, reportFailure } from "../../aws/classify-failure";
import { countFailure } from "../../aws/telemetry";
import { codeCommitComments } from "../../providers/codecommit/comments";
import type { PullRequestCommentDependencies, PullRequestCommentResult } from "./pull-request-comment";

/**
 * Writes the idle notice into the pull request's living comment (core's `withIdleNotice`: below its marker line,
 * replacing an earlier notice), one GetCommentsForPullRequest page per 500 comments and one UpdateComment. A pull
 * request without a living comment (its clone never ran) gets none: the SNS notice went out anyway. Bad input is
 * logged, counted and dropped; a permanent failure likewise; a transient one is rethrown for Lambda's retries.
 *
 * @example
 * if (isIdleNoticeRequest(raw)) return noteIdleOnPullRequest(dependencies, raw);
 */
export async function noteIdleOnPullRequest(
  dependencies: PullRequestCommentDependencies,
  raw: unknown,
): Promise<PullRequestCommentResult | { readonly outcome: "dropped"; readonly reason: string }> {
  const { logger } = dependencies;
  let detail: IdleNoticeDetail;
  try {
    detail = parseIdleNoticeRequest(raw);
  } catch (error) {
    const { reason } = classifyFailure(error);
    countFailure(dependencies, reason);
    logger.error("Invalid idle notice input; dropping", { reason, error, input: raw });
    return { outcome: "dropped", reason };
  }
  const { pullRequestId } = detail;
  logger.appendKeys({ kind: "idleNotice", pipelineName: detail.pipeline, pullRequestId });
  if (pullRequestId === undefined) return { outcome: "ignored", reason: "not a pull request's clone" };
  try {
    const provider =
      dependencies.pullRequests ?? codeCommitComments(dependencies.clients.codeCommit, detail.repository);
    const living = await provider.findLivingComment(pullRequestId);
    if (living === undefined) {
      logger.info("Idle notice not written: the pull request has no living comment", { pullRequestId });
      return { outcome: "ignored", reason: "the pull request has no living comment" };
    }
    const content = withIdleNotice(living.content, detail);
    if (content === living.content) return { outcome: "commented", pullRequestId, comment: "skip" };
    const updated = await provider.updateComment(living.commentId, content);
    if (updated !== "updated") {
      logger.warn("Idle notice not written: the living comment cannot be updated", {
        pullRequestId,
        why: updated,
      });
      return { outcome: "ignored", reason: `the living comment is ${updated}` };
    }
    logger.info("Idle notice written on the living comment", { pullRequestId, deadline: detail.deadline });
    return { outcome: "commented", pullRequestId, comment: "update" };
  } catch (error) {
    const { reason } = reportFailure(dependencies, error, { action: "noteIdleOnPullRequest" });
    return { outcome: "dropped", reason };
  }
}
