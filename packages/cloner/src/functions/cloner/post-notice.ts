/**
 * `commentOnPullRequest`: a notice the cloner posts once on a pull request (the fork notice: why a fork's pull request
 * has no pipeline, and how a maintainer runs it). Core writes it; this file finds it by its marker and posts it when
 * it is not there yet, through the git provider seam.
 */
import type { Action } from "@tributary/core";
import type { ClassifiedError, FailureClass } from "../../aws/classify-failure";
import { countMetric } from "../../aws/telemetry";
import type { ExecutionContext } from "./execution-context";
import { pullRequestProvider } from "./merge-gate";

/**
 * The git provider cannot post notices (it has no `findComment`): permanent, naming the provider.
 *
 * @example
 * throw new NoticeUnsupportedError("codecommit");
 */
export class NoticeUnsupportedError extends Error implements ClassifiedError {
  constructor(provider: string) {
    super(
      `The ${provider} provider posts no notices (it has no findComment). Fix: pass a provider that implements findComment and postComment, such as gitHubPullRequests.`,
    );
    this.name = "NoticeUnsupportedError";
  }

  get failureClass(): FailureClass {
    return { kind: "permanent", reason: "notice-unsupported" };
  }
}

/**
 * Posts the action's notice unless the pull request has a comment starting with its marker; `exists` when it has.
 * Reads the pull request (open, its head) before a post; nothing for a closed one.
 *
 * @example
 * await postNotice(context, planEvent(config, forkPullRequestOpened).actions[0]); // "commented"
 */
export async function postNotice(
  context: ExecutionContext,
  action: Extract<Action, { type: "commentOnPullRequest" }>,
): Promise<"commented" | "exists" | "closed"> {
  const provider = pullRequestProvider(context);
  if (!provider.findComment || !provider.postComment) throw new NoticeUnsupportedError(provider.name);
  const fields = { pullRequestId: action.pullRequestId, reason: action.reason };
  const existing = await provider.findComment(action.pullRequestId, action.marker);
  if (existing !== undefined) {
    context.logger.info("Notice already posted", { ...fields, commentId: existing.commentId });
    return "exists";
  }
  const pullRequest = await provider.pullRequest(action.pullRequestId);
  if (!pullRequest.open) return "closed";
  const posted = await provider.postComment(pullRequest, action.content, action.clientRequestToken);
  countMetric(context, "commentsPosted");
  context.logger.info("Notice posted", { ...fields, commentId: posted.commentId });
  return "commented";
}
