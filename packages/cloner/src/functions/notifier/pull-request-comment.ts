/**
 * The notifier's side of pull-request feedback: the living comment, every version of it (the first when a
 * pull-request clone's run starts, then each finished run's report with its change-set preview). Core decides what
 * to write and whether to write; this file reads what core needs and makes the calls, through the git provider seam
 * (`PullRequestProvider`). The approval is the cloner's (`reportPipelineRun`): the approval rule names its role.
 */
import {
  COMMENT_LIMITS,
  type CommentWrite,
  commentToken,
  decideCommentWrite,
  executionConsoleUrl,
  openingComment,
  PENDING_EXECUTION,
  type PreviewMarker,
  type PullRequestRunRequest,
  parsePullRequestRunRequest,
  pipelineRunComment,
  pullRequestOfCloneTags,
} from "@tributary/core";
import { pipelineArn } from "../../aws/aws-target";
import { classifyFailure, reportFailure } from "../../aws/classify-failure";
import type { NotifierClients } from "../../aws/clients";
import { readExecution } from "../../aws/execution-details";
import { tagsOfPipelineArn } from "../../aws/pipeline-tags";
import { listRunActions } from "../../aws/run-actions";
import { countFailure, countMetric, type Telemetry } from "../../aws/telemetry";
import { codeCommitComments } from "../../providers/codecommit/comments";
import type { PullRequestComments, PullRequestState } from "../../providers/pull-request-provider";
import { readPreview } from "./read-preview";

/**
 * What writing the living comment needs: the notifier's clients and telemetry, and the git provider when not
 * CodeCommit.
 *
 * @example
 * const dependencies: PullRequestCommentDependencies = { clients: createNotifierClients(), logger, metrics };
 */
export interface PullRequestCommentDependencies extends Telemetry {
  readonly clients: NotifierClients;
  /**
   * The git provider's pull-request calls.
   *
   * @default - CodeCommit on the request's repository (`codeCommitComments`)
   */
  readonly pullRequests?: PullRequestComments | undefined;
}

/**
 * What `commentOnPullRequestRun` did: `commented` (with what happened to the comment), or `ignored` when the pipeline
 * is not this project's clone of a pull request.
 *
 * @example
 * const result: PullRequestCommentResult = { outcome: "commented", pullRequestId: "42", comment: "update" };
 */
export type PullRequestCommentResult =
  | {
      readonly outcome: "commented";
      readonly pullRequestId: string;
      readonly comment: CommentWrite["kind"];
    }
  | { readonly outcome: "ignored"; readonly reason: string };

/** The partition of a region (China and GovCloud have their own). */
function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** Writes the living comment as core decided; an update the provider refuses (not ours, deleted) posts a new one. */
async function writeComment(
  telemetry: Telemetry,
  provider: PullRequestComments,
  pullRequest: PullRequestState,
  content: string,
  marker: PreviewMarker,
  clientRequestToken: string,
): Promise<CommentWrite["kind"]> {
  const living = await provider.findLivingComment(pullRequest.pullRequestId);
  // A started run writes only the first version: any living comment already says more than "a run started".
  const write =
    marker.executionId === PENDING_EXECUTION && living !== undefined
      ? ({
          kind: "skip",
          commentId: living.commentId,
          reason: "the pull request has its living comment",
        } as const)
      : decideCommentWrite(living, content, marker);
  const fields = {
    pullRequestId: pullRequest.pullRequestId,
    executionId: marker.executionId,
    reason: write.reason,
  };
  if (write.kind === "skip") {
    telemetry.logger.info("Living comment left as it is", { ...fields, commentId: write.commentId });
    return "skip";
  }
  if (write.kind === "update") {
    const updated = await provider.updateComment(write.commentId, content);
    if (updated === "updated") {
      countMetric(telemetry, "commentsUpdated");
      telemetry.logger.info("Living comment updated", { ...fields, commentId: write.commentId });
      return "update";
    }
    telemetry.logger.warn("Living comment cannot be updated; posting a new one", {
      ...fields,
      commentId: write.commentId,
      why: updated,
    });
  }
  const posted = await provider.postComment(pullRequest, content, clientRequestToken);
  countMetric(telemetry, "commentsPosted");
  telemetry.logger.info("Living comment posted", { ...fields, commentId: posted.commentId });
  return "post";
}

/**
 * Writes one run of a pull-request clone into its pull request's living comment. Reads: the clone's tags (the pull
 * request, and ownership by core's `pullRequestOfCloneTags`), `GetPipelineExecution` (the commit the run built),
 * `GetPullRequest` (its head commits, for a post), and for a finished run `ListActionExecutions` (the Test and
 * Preview outputs, the failed action, the run's start) and `preview.json` from the reports bucket. A started run
 * posts the first version (`openingComment`) only when the pull request has no living comment; a finished run's
 * report (`pipelineRunComment`) is posted, updated in place, or left when a newer run's is there
 * (`decideCommentWrite`). Throws what the calls throw; the notifier classifies it.
 *
 * @example
 * await commentOnPullRequestRun({ clients, logger, metrics }, parsePullRequestRunRequest(input));
 * // { outcome: "commented", pullRequestId: "42", comment: "update" }
 */
export async function commentOnPullRequestRun(
  dependencies: PullRequestCommentDependencies,
  request: PullRequestRunRequest,
): Promise<PullRequestCommentResult> {
  const { clients, logger } = dependencies;
  const { pipeline, executionId } = request;
  const tags = await tagsOfPipelineArn(
    dependencies,
    pipelineArn(
      { partition: partitionOf(request.region), region: request.region, accountId: request.account },
      pipeline,
    ),
  );
  const pullRequestId = tags === undefined ? undefined : pullRequestOfCloneTags(tags, request.project);
  if (pullRequestId === undefined) {
    const reason = `pipeline ${pipeline} ${tags === undefined ? "does not exist" : `is not a pull-request clone of ${request.project}`}`;
    logger.warn("Run not commented", { pipelineName: pipeline, reason });
    return { outcome: "ignored", reason };
  }
  const provider = dependencies.pullRequests ?? codeCommitComments(clients.codeCommit, request.repository);
  const commitId = (await readExecution(clients, pipeline, executionId)).commitId ?? "";
  const pullRequest = await provider.pullRequest(pullRequestId);
  const commit = /^[0-9a-f]{7,64}$/i.test(commitId) ? commitId : pullRequest.sourceCommit;
  const commentLimit = provider.name === "github" ? COMMENT_LIMITS.github : COMMENT_LIMITS.codecommit;
  if (request.state === "STARTED" && provider.markRunStarted) {
    // A gate that is a check on the commit (GitHub) shows the run from its start; CodeCommit's approval has no such state.
    const gate = await provider.markRunStarted(
      commit,
      executionConsoleUrl(request.region, pipeline, executionId),
    );
    logger.info("Merge gate at the run's start", { pullRequestId, commitId: commit, gate });
  }
  const { content, marker } =
    request.state === "STARTED"
      ? openingComment({
          pullRequestId,
          pipelineName: pipeline,
          region: request.region,
          commitId: commit,
          openedAt: request.time,
          commentLimit,
        })
      : pipelineRunComment({
          pullRequestId,
          pipelineName: pipeline,
          executionId,
          state: request.state,
          commitId: commit,
          region: request.region,
          eventTime: request.time,
          commentLimit,
          actions: await listRunActions(clients, pipeline, executionId),
          ...(request.reportsBucket
            ? {
                reportsBucket: request.reportsBucket,
                previewDocument: await readPreview(clients.s3, request.reportsBucket, pipeline, executionId),
              }
            : {}),
        });
  const comment = await writeComment(
    dependencies,
    provider,
    pullRequest,
    content,
    marker,
    commentToken(request.eventId, pullRequestId),
  );
  return { outcome: "commented", pullRequestId, comment };
}

/**
 * The notifier's handling of a pull-request run request: `parsePullRequestRunRequest` (bad input is logged, counted
 * as a failure and dropped: retrying cannot fix it), then `commentOnPullRequestRun`. A permanent failure (access
 * denied, a comment too long) is logged, counted and dropped; a transient one (throttling, 5xx) is rethrown, so
 * Lambda retries and the dead-letter queue keeps the event.
 *
 * @example
 * if (isPullRequestRunRequest(raw)) return handlePullRequestRun(dependencies, raw);
 */
export async function handlePullRequestRun(
  dependencies: PullRequestCommentDependencies,
  raw: unknown,
): Promise<PullRequestCommentResult | { readonly outcome: "dropped"; readonly reason: string }> {
  const { logger } = dependencies;
  let request: PullRequestRunRequest;
  try {
    request = parsePullRequestRunRequest(raw);
  } catch (error) {
    const { reason } = classifyFailure(error);
    countFailure(dependencies, reason);
    logger.error("Invalid pull-request run input; dropping", { reason, error, input: raw });
    return { outcome: "dropped", reason };
  }
  logger.appendKeys({
    kind: request.kind,
    pipelineName: request.pipeline,
    pipelineExecutionId: request.executionId,
    state: request.state,
  });
  try {
    return await commentOnPullRequestRun(dependencies, request);
  } catch (error) {
    const { reason } = reportFailure(dependencies, error, { action: "commentOnPullRequestRun" });
    return { outcome: "dropped", reason };
  }
}
