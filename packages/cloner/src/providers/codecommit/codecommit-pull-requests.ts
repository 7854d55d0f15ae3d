/** The CodeCommit implementation of `PullRequestProvider`: its approvals half and its comments half together. */
import type { CodeCommitClient } from "@aws-sdk/client-codecommit";
import type { PullRequestProvider } from "../pull-request-provider";
import { codeCommitApprovals } from "./approvals";
import { codeCommitComments } from "./comments";

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
