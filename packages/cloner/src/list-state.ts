/** Lists what reconciliation compares (live branches, open pull requests, the project's pipelines) and plans it with core. */
import {
  GetPullRequestCommand,
  ListBranchesCommand,
  ListPullRequestsCommand,
} from "@aws-sdk/client-codecommit";
import { ListPipelinesCommand } from "@aws-sdk/client-codepipeline";
import {
  type Action,
  expectedCloneTags,
  type ManagedPipeline,
  type OpenPullRequest,
  pipelineNamePrefix,
  reconcile,
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
 * The names of the project's clones and other project pipelines (name prefix `pipelineNamePrefix(config)`, all
 * pages of ListPipelines), without the environment pipelines, which the cloner never touches.
 *
 * @example
 * await listProjectPipelineNames(context); // ["acme-dev-feature-login", "acme-qa-release-1.2.0"]
 */
export async function listProjectPipelineNames(context: ExecutionContext): Promise<string[]> {
  const { codePipeline } = context.clients;
  const prefix = pipelineNamePrefix(context.config);
  const environmentPipelines = new Set(
    context.config.environments.map((environment) => environment.pipelineName),
  );
  return allPages(async (nextToken) => {
    const page = await codePipeline.send(new ListPipelinesCommand({ maxResults: 1000, nextToken }));
    return {
      items: (page.pipelines ?? []).flatMap((pipeline) =>
        pipeline.name?.startsWith(prefix) && !environmentPipelines.has(pipeline.name) ? [pipeline.name] : [],
      ),
      nextToken: page.nextToken,
    };
  });
}

/** What `planReconcile` found and decided. */
export interface ReconcilePlan {
  readonly branches: number;
  readonly openPullRequests: number;
  readonly pipelines: number;
  /** Pipelines whose tags were read (the deletion candidates). */
  readonly tagged: number;
  readonly actions: readonly Action[];
}

/**
 * Lists branches, open pull requests and the project's pipelines (in parallel, all pages) and asks core's
 * `reconcile` what to do. Tags are read only where they matter: a first `reconcile` pass that presumes every
 * listed pipeline managed yields the deletion candidates (pipelines no live branch or open PR calls for); only
 * their tags are read (`CONCURRENCY` at a time), and the second pass runs on the real tags. Pipelines a branch or
 * PR calls for only need to exist. In a steady state this saves one ListTagsForResource per clone.
 *
 * @example
 * const { actions } = await planReconcile(context);
 * await executeConcurrently(context, actions);
 */
export async function planReconcile(context: ExecutionContext): Promise<ReconcilePlan> {
  const { config } = context;
  const [branches, openPullRequests, names] = await Promise.all([
    listBranches(context),
    listOpenPullRequests(context),
    listProjectPipelineNames(context),
  ]);
  const presumed = reconcile(config, {
    branches,
    openPullRequests,
    managedPipelines: names.map((name) => ({ name, tags: expectedCloneTags(config) })),
  });
  const candidates = presumed.flatMap((action) =>
    action.type === "deleteClone" ? [action.pipelineName] : [],
  );
  const tags = new Map<string, Record<string, string> | undefined>();
  await mapConcurrent(candidates, CONCURRENCY, async (name) => {
    tags.set(name, await pipelineTags(context, name));
  });
  const managedPipelines: ManagedPipeline[] = names.flatMap((name) => {
    if (!tags.has(name)) return [{ name, tags: {} }];
    const found = tags.get(name);
    return found === undefined ? [] : [{ name, tags: found }];
  });
  return {
    branches: branches.length,
    openPullRequests: openPullRequests.length,
    pipelines: names.length,
    tagged: candidates.length,
    actions: reconcile(config, { branches, openPullRequests, managedPipelines }),
  };
}
