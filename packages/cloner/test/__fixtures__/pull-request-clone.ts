/** Answers the unit tests of the pull-request paths (the notifier's comment, the cloner's approval) mock alike. */
import { CodeCommitServiceException } from "@aws-sdk/client-codecommit";
import type { ListTagsForResourceCommandOutput } from "@aws-sdk/client-codepipeline";
import { MANAGED_TAGS } from "@tributary/core";
import { commit } from "./events";

/** A CodeCommit error as the SDK throws it, named `name` (a client fault, HTTP 400). */
export function codeCommitError(name: string): CodeCommitServiceException {
  return new CodeCommitServiceException({
    name,
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
    message: name,
  });
}

/** ListTagsForResource of one of project acme's managed clones, with `tags` over the managed and project tags (PR 42 by default). */
export function cloneTags(
  tags: Record<string, string> = { [MANAGED_TAGS.pullRequest]: "42" },
): Omit<ListTagsForResourceCommandOutput, "$metadata"> {
  return {
    tags: Object.entries({ [MANAGED_TAGS.managed]: "true", [MANAGED_TAGS.project]: "acme", ...tags }).map(
      ([key, value]) => ({ key, value }),
    ),
  };
}

/** GetPipelineExecution of a succeeded run that built `commitId`. */
export function executionOf(commitId: string) {
  return {
    pipelineExecution: {
      status: "Succeeded" as const,
      artifactRevisions: [{ name: "SourceOutput", revisionId: commitId }],
    },
  };
}

/** GetPullRequest of open pull request 42 on repository `infra`: revision `revisionId`, head `sourceCommit`. */
export function openPullRequest(revisionId: string, sourceCommit: string) {
  return {
    pullRequest: {
      pullRequestId: "42",
      pullRequestStatus: "OPEN" as const,
      revisionId,
      pullRequestTargets: [{ repositoryName: "infra", sourceCommit, destinationCommit: commit("dest") }],
    },
  };
}
