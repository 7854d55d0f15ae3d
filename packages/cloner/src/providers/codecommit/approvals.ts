/** CodeCommit's approvals: the cloner's half of the `PullRequestProvider` seam (the merge gate). */
import { type CodeCommitClient, UpdatePullRequestApprovalStateCommand } from "@aws-sdk/client-codecommit";
import { isAwsError } from "../../aws/aws-error";
import type { PullRequestApprovals } from "../pull-request-provider";
import { readPullRequest } from "./pull-request";

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
