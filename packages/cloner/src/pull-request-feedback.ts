/**
 * The cloner's side of pull-request feedback: the living comment (opening version, run reports) and the approval.
 * Core decides what to write and whether to approve; this file reads what core needs and makes the calls, through
 * the git provider seam (`PullRequestProvider`).
 */
import {
  type ActionExecutionDetail,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
} from "@aws-sdk/client-codepipeline";
import {
  type Action,
  type CommentWrite,
  decideApproval,
  decideCommentWrite,
  hasAllTags,
  openingComment,
  type PreviewMarker,
  pipelineRunComment,
  type RunAction,
} from "@tributary/core";
import { codeCommitPullRequests } from "./codecommit-pull-requests";
import { countMetric, type ExecutionContext } from "./execution-context";
import { executionDetails } from "./execution-details";
import { pipelineTags } from "./pipeline-tags";
import type { PullRequestProvider, PullRequestState } from "./pull-request-provider";
import { previewSource, readPreview } from "./read-preview";

/**
 * Action executions per `ListActionExecutions` page: the API's maximum (`maxResults` 1..100; default 100).
 *
 * @example
 * new ListActionExecutionsCommand({ pipelineName, filter: { pipelineExecutionId }, maxResults: ACTION_EXECUTIONS_PER_PAGE });
 */
export const ACTION_EXECUTIONS_PER_PAGE = 100;

/**
 * The context's git provider: the one injected, else CodeCommit on the configured repository.
 *
 * @example
 * await pullRequestProvider(context).findLivingComment("42");
 */
export function pullRequestProvider(context: ExecutionContext): PullRequestProvider {
  return (
    context.pullRequests ?? codeCommitPullRequests(context.clients.codeCommit, context.config.repository)
  );
}

/** Writes the living comment as core decided; an update the provider refuses (not ours, deleted) posts a new one. */
async function writeComment(
  context: ExecutionContext,
  provider: PullRequestProvider,
  pullRequest: PullRequestState,
  content: string,
  marker: PreviewMarker,
  clientRequestToken: string,
): Promise<CommentWrite["kind"]> {
  const living = await provider.findLivingComment(pullRequest.pullRequestId);
  const write = decideCommentWrite(living, content, marker);
  const fields = {
    pullRequestId: pullRequest.pullRequestId,
    executionId: marker.executionId,
    reason: write.reason,
  };
  if (write.kind === "skip") {
    context.logger.info("Living comment left as it is", { ...fields, commentId: write.commentId });
    return "skip";
  }
  if (write.kind === "update") {
    const updated = await provider.updateComment(write.commentId, content);
    if (updated === "updated") {
      countMetric(context, "commentsUpdated");
      context.logger.info("Living comment updated", { ...fields, commentId: write.commentId });
      return "update";
    }
    context.logger.warn("Living comment cannot be updated; posting a new one", {
      ...fields,
      commentId: write.commentId,
      why: updated,
    });
  }
  const posted = await provider.postComment(pullRequest, content, clientRequestToken);
  countMetric(context, "commentsPosted");
  context.logger.info("Living comment posted", { ...fields, commentId: posted.commentId });
  return "post";
}

/**
 * Posts the living comment's first version when a pull request opens (core's `openingComment`: a link to its
 * pipeline; every run replaces it), or brings the living comment back to it when a reopened pull request has one.
 * Costs `GetCommentsForPullRequest` (one page per 500 comments) and one `PostCommentForPullRequest` or
 * `UpdateComment`; the client request token is the one core planned, so a redelivered event posts once.
 *
 * @example
 * await commentOnPullRequest(context, { type: "commentOnPullRequest", pullRequestId: "42", pipelineName: "acme-dev-pr-42", beforeCommitId: "d1", afterCommitId: "s1", clientRequestToken: commentToken("ev-1", "42"), openedAt: "2026-11-27T15:00:00Z" });
 */
export async function commentOnPullRequest(
  context: ExecutionContext,
  action: Extract<Action, { type: "commentOnPullRequest" }>,
): Promise<"commented"> {
  const region = context.target?.region ?? (await context.clients.codeCommit.config.region());
  const { content, marker } = openingComment({
    pullRequestId: action.pullRequestId,
    pipelineName: action.pipelineName,
    region,
    commitId: action.afterCommitId,
    // A plan made before the living comment has no time: the epoch, which every run replaces.
    openedAt: action.openedAt ?? new Date(0).toISOString(),
  });
  const pullRequest: PullRequestState = {
    pullRequestId: action.pullRequestId,
    open: true,
    sourceCommit: action.afterCommitId,
    destinationCommit: action.beforeCommitId,
    revisionId: "",
  };
  await writeComment(
    context,
    pullRequestProvider(context),
    pullRequest,
    content,
    marker,
    action.clientRequestToken,
  );
  return "commented";
}

function runAction(detail: ActionExecutionDetail): RunAction {
  const result = detail.output?.executionResult;
  const summary = result?.errorDetails?.message ?? result?.externalExecutionSummary;
  return {
    stageName: detail.stageName ?? "",
    actionName: detail.actionName ?? "",
    status: detail.status ?? "",
    ...(detail.startTime ? { startTime: detail.startTime.toISOString() } : {}),
    ...(detail.output?.outputVariables ? { outputVariables: detail.output.outputVariables } : {}),
    ...(summary ? { summary } : {}),
  };
}

/** Every action execution of one run (`ListActionExecutions` filtered by execution, every page). */
async function listRunActions(
  context: ExecutionContext,
  pipelineName: string,
  pipelineExecutionId: string,
): Promise<RunAction[]> {
  const actions: RunAction[] = [];
  let nextToken: string | undefined;
  do {
    const page = await context.clients.codePipeline.send(
      new ListActionExecutionsCommand({
        pipelineName,
        filter: { pipelineExecutionId },
        maxResults: ACTION_EXECUTIONS_PER_PAGE,
        nextToken,
      }),
    );
    actions.push(...(page.actionExecutionDetails ?? []).map(runAction));
    nextToken = page.nextToken;
  } while (nextToken);
  return actions;
}

/**
 * What `reportPipelineRun` did: `reported` (with what happened to the comment and the approval), or `ignored` when
 * the pipeline is not this project's clone of that pull request.
 *
 * @example
 * const report: RunReport = { outcome: "reported", comment: "update", approval: "approve" };
 */
export type RunReport =
  | {
      readonly outcome: "reported";
      readonly comment: CommentWrite["kind"];
      readonly approval: "approve" | "revoke" | "none" | "stale";
    }
  | { readonly outcome: "ignored"; readonly reason: string };

/**
 * Reports a finished run of a pull request's clone to the pull request. Reads: the clone's tags (it must carry
 * `expectedTags`), `GetPipelineExecution` (the commit the run built), `GetPullRequest` (open, current source commit
 * and revision), `ListActionExecutions` (the Test and Preview outputs, the failed action, the run's start) and
 * `preview.json` from the reports bucket. Then core decides: the approval of the current revision first (approve a
 * green run of the current commit, revoke a red or stopped one, else nothing), then the living comment (post, update
 * in place, or leave a newer run's). Throws what the calls throw; the executor classifies it.
 *
 * @example
 * await reportPipelineRun(context, planEvent(config, parseEvent(executionEvent, config)).actions[0]);
 * // { outcome: "reported", comment: "update", approval: "approve" }
 */
export async function reportPipelineRun(
  context: ExecutionContext,
  action: Extract<Action, { type: "reportPipelineRun" }>,
): Promise<RunReport> {
  const { pipelineName, executionId, pullRequestId } = action;
  const tags = await pipelineTags(context, pipelineName);
  if (tags === undefined || !hasAllTags(tags, action.expectedTags)) {
    const reason = `pipeline ${pipelineName} ${tags === undefined ? "does not exist" : `is not this project's clone of pull request ${pullRequestId}`}`;
    context.logger.warn("Run not reported", { action: action.type, pipelineName, reason });
    return { outcome: "ignored", reason };
  }
  const execution = executionDetails(
    await context.clients.codePipeline.send(
      new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId: executionId }),
    ),
  );
  const commitId = execution.commitId ?? "";
  const provider = pullRequestProvider(context);
  const pullRequest = await provider.pullRequest(pullRequestId);

  const decision = decideApproval({ state: action.state, commitId, pullRequest });
  let approval: "approve" | "revoke" | "none" | "stale" = decision.kind;
  if (decision.kind !== "none") {
    const change =
      decision.kind === "approve"
        ? await provider.approve(pullRequestId, decision.revisionId)
        : await provider.revoke(pullRequestId, decision.revisionId);
    if (change === "stale") approval = "stale";
    else countMetric(context, decision.kind === "approve" ? "approvals" : "approvalsRevoked");
  }
  context.logger.info("Approval decided", {
    pullRequestId,
    executionId,
    decision: decision.kind,
    result: approval,
    reason: decision.reason,
  });

  const actions = await listRunActions(context, pipelineName, executionId);
  const previewDocument = context.reportsBucket
    ? await readPreview(previewSource(context.reportsBucket, process.env), pipelineName, executionId)
    : undefined;
  const region = context.target?.region ?? (await context.clients.codePipeline.config.region());
  const { content, marker } = pipelineRunComment({
    pullRequestId,
    pipelineName,
    executionId,
    state: action.state,
    commitId: /^[0-9a-f]{7,64}$/i.test(commitId) ? commitId : pullRequest.sourceCommit,
    region,
    eventTime: action.finishedAt,
    actions,
    ...(previewDocument === undefined ? {} : { previewDocument }),
    ...(context.reportsBucket ? { reportsBucket: context.reportsBucket } : {}),
  });
  const comment = await writeComment(
    context,
    provider,
    pullRequest,
    content,
    marker,
    action.clientRequestToken,
  );
  return { outcome: "reported", comment, approval };
}

/**
 * Revokes the cloner's approval of the pull request's current revision after a push (the revision id from the
 * event, else `GetPullRequest`); nothing when the pull request is closed. `stale` when the revision moved on again.
 *
 * @example
 * await revokeApproval(context, { type: "revokeApproval", pullRequestId: "42", revisionId: "4d7f…", reason: "a new revision was pushed" });
 */
export async function revokeApproval(
  context: ExecutionContext,
  action: Extract<Action, { type: "revokeApproval" }>,
): Promise<"revoked" | "stale" | "closed"> {
  const provider = pullRequestProvider(context);
  let revisionId = action.revisionId;
  if (revisionId === undefined) {
    const pullRequest = await provider.pullRequest(action.pullRequestId);
    if (!pullRequest.open) return "closed";
    revisionId = pullRequest.revisionId;
  }
  const change = await provider.revoke(action.pullRequestId, revisionId);
  if (change === "done") countMetric(context, "approvalsRevoked");
  context.logger.info("Approval revoked", {
    pullRequestId: action.pullRequestId,
    revisionId,
    result: change,
    reason: action.reason,
  });
  return change === "done" ? "revoked" : "stale";
}
