/** `GetPullRequest`, as both halves of CodeCommit's provider read it: open or not, head commits, current revision. */
import { type CodeCommitClient, GetPullRequestCommand } from "@aws-sdk/client-codecommit";
import type { PullRequestState } from "../pull-request-provider";

/** `GetPullRequest`: status, the repository's target and `revisionId`. */
export async function readPullRequest(
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
