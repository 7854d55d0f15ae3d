/** Lists what reconciliation compares: live branches, open pull requests and the project's pipelines with their tags. */
import {
  GetPullRequestCommand,
  ListBranchesCommand,
  ListPullRequestsCommand,
} from "@aws-sdk/client-codecommit";
import { ListPipelinesCommand } from "@aws-sdk/client-codepipeline";
import {
  type ManagedPipeline,
  type OpenPullRequest,
  pipelineNamePrefix,
  type ReconcileInput,
  shortBranchName,
} from "@tributary/core";
import { CONCURRENCY } from "./constants";
import { type ExecutionContext, isAwsError } from "./execution-context";
import { mapConcurrent } from "./map-concurrent";
import { pipelineTags } from "./pipeline-tags";

/** Follows `nextToken` until the last page. */
async function allPages<T>(
  fetch: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetch(nextToken);
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

/**
 * Every branch of the repository (all pages of ListBranches).
 *
 * @example
 * await listBranches(context); // ["develop", "feature/login", "main"]
 */
export async function listBranches(context: ExecutionContext): Promise<string[]> {
  const { codeCommit } = context.clients;
  return allPages(async (nextToken) => {
    const page = await codeCommit.send(
      new ListBranchesCommand({ repositoryName: context.config.repository, nextToken }),
    );
    return { items: page.branches ?? [], nextToken: page.nextToken };
  });
}

/**
 * Every open pull request of the repository: all pages of ListPullRequests, then GetPullRequest for each
 * (`CONCURRENCY` at a time). A pull request closed or deleted in between is left out.
 *
 * @example
 * await listOpenPullRequests(context); // [{ id: "7", sourceBranch: "feature/login", destinationBranch: "develop" }]
 */
export async function listOpenPullRequests(context: ExecutionContext): Promise<OpenPullRequest[]> {
  const { codeCommit } = context.clients;
  const repositoryName = context.config.repository;
  const ids = await allPages(async (nextToken) => {
    const page = await codeCommit.send(
      new ListPullRequestsCommand({ repositoryName, pullRequestStatus: "OPEN", maxResults: 100, nextToken }),
    );
    return { items: page.pullRequestIds ?? [], nextToken: page.nextToken };
  });
  const pullRequests = await mapConcurrent(ids, CONCURRENCY, async (pullRequestId) => {
    try {
      const { pullRequest } = await codeCommit.send(new GetPullRequestCommand({ pullRequestId }));
      if (pullRequest?.pullRequestStatus !== "OPEN") return undefined;
      const target = pullRequest.pullRequestTargets?.find(
        (candidate) => candidate.repositoryName === repositoryName,
      );
      if (!target?.sourceReference || !target.destinationReference) return undefined;
      return {
        id: pullRequestId,
        sourceBranch: shortBranchName(target.sourceReference),
        destinationBranch: shortBranchName(target.destinationReference),
      } satisfies OpenPullRequest;
    } catch (error) {
      if (isAwsError(error, "PullRequestDoesNotExistException")) return undefined;
      throw error;
    }
  });
  return pullRequests.filter((pullRequest) => pullRequest !== undefined);
}

/**
 * The project's pipelines (name prefix `pipelineNamePrefix(config)`, all pages of ListPipelines) with their tags
 * (ListTagsForResource, `CONCURRENCY` at a time). Environment pipelines are listed without tags: core never acts
 * on them, so the cloner spends no call on them.
 *
 * @example
 * await listProjectPipelines(context); // [{ name: "acme-dev-feature-login", tags: { "tributary:managed": "true", ... } }]
 */
export async function listProjectPipelines(context: ExecutionContext): Promise<ManagedPipeline[]> {
  const { codePipeline } = context.clients;
  const prefix = pipelineNamePrefix(context.config);
  const environmentPipelines = new Set(
    context.config.environments.map((environment) => environment.pipelineName),
  );
  const names = await allPages(async (nextToken) => {
    const page = await codePipeline.send(new ListPipelinesCommand({ maxResults: 1000, nextToken }));
    return {
      items: (page.pipelines ?? []).flatMap((pipeline) =>
        pipeline.name?.startsWith(prefix) && !environmentPipelines.has(pipeline.name) ? [pipeline.name] : [],
      ),
      nextToken: page.nextToken,
    };
  });
  const pipelines = await mapConcurrent(names, CONCURRENCY, async (name) => {
    const tags = await pipelineTags(context, name);
    return tags === undefined ? undefined : ({ name, tags } satisfies ManagedPipeline);
  });
  return pipelines.filter((pipeline) => pipeline !== undefined);
}

/**
 * Everything core's `reconcile` needs, listed in parallel.
 *
 * @example
 * const actions = reconcile(config, await listState(context));
 */
export async function listState(context: ExecutionContext): Promise<ReconcileInput> {
  const [branches, openPullRequests, managedPipelines] = await Promise.all([
    listBranches(context),
    listOpenPullRequests(context),
    listProjectPipelines(context),
  ]);
  return { branches, openPullRequests, managedPipelines };
}
