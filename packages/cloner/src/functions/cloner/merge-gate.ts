/**
 * The cloner's side of pull-request feedback: the merge gate. After a run it approves or revokes the pull request's
 * current revision (core's `decideApproval`), and it revokes when a new revision is pushed. The approval rule names
 * the cloner's role, so approving stays here; the living comment is the notifier's (`pull-request-comment.ts`).
 */
import { GetPipelineExecutionCommand } from "@aws-sdk/client-codepipeline";
import { type Action, decideApproval, executionConsoleUrl, hasAllTags } from "@tributary/core";
import { executionDetails } from "../../aws/execution-details";
import { pipelineTags } from "../../aws/pipeline-tags";
import { countMetric } from "../../aws/telemetry";
import { codeCommitApprovals } from "../../providers/codecommit/approvals";
import type { PullRequestApprovals } from "../../providers/pull-request-provider";
import type { ExecutionContext } from "./execution-context";

/**
 * The context's git provider for approvals: the one injected, else CodeCommit on the configured repository.
 *
 * @example
 * await pullRequestProvider(context).pullRequest("42");
 */
export function pullRequestProvider(context: ExecutionContext): PullRequestApprovals {
  return context.pullRequests ?? codeCommitApprovals(context.clients.codeCommit, context.config.repository);
}

/**
 * What `reportPipelineRun` did: `reported` (with what happened to the approval), or `ignored` when the pipeline is
 * not this project's clone of that pull request.
 *
 * @example
 * const report: RunReport = { outcome: "reported", approval: "approve" };
 */
export type RunReport =
  | {
      readonly outcome: "reported";
      readonly approval: "approve" | "revoke" | "none" | "stale";
    }
  | { readonly outcome: "ignored"; readonly reason: string };

/**
 * Reports a finished run of a pull request's clone to the merge gate. Reads: the clone's tags (it must carry
 * `expectedTags`), `GetPipelineExecution` (the commit the run built) and `GetPullRequest` (open, current source commit
 * and revision). Then core decides (`decideApproval`): approve a green run of the current commit, revoke a red or
 * stopped one, else nothing; `UpdatePullRequestApprovalState` does it. Throws what the calls throw; the executor
 * classifies it.
 *
 * @example
 * await reportPipelineRun(context, planEvent(config, parseEvent(executionEvent, config)).actions[0]);
 * // { outcome: "reported", approval: "approve" }
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
    // What a gate that is a commit status (GitHub) shows; CodeCommit's approval needs none of it.
    const report = {
      phase: action.state === "SUPERSEDED" ? ("STOPPED" as const) : action.state,
      ...(context.target
        ? { targetUrl: executionConsoleUrl(context.target.region, pipelineName, executionId) }
        : {}),
    };
    const change =
      decision.kind === "approve"
        ? await provider.approve(pullRequestId, decision.revisionId, report)
        : await provider.revoke(pullRequestId, decision.revisionId, report);
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

  return { outcome: "reported", approval };
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
  const change = await provider.revoke(action.pullRequestId, revisionId, { phase: "QUEUED" });
  if (change === "done") countMetric(context, "approvalsRevoked");
  context.logger.info("Approval revoked", {
    pullRequestId: action.pullRequestId,
    revisionId,
    result: change,
    reason: action.reason,
  });
  return change === "done" ? "revoked" : "stale";
}
