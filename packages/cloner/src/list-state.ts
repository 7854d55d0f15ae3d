/**
 * Lists what reconciliation compares (live branches, open pull requests, the project's pipelines, their tags and
 * their templates' versions) and plans it with core.
 */
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
import { classifyFailure } from "./classify-failure";
import { CONCURRENCY } from "./constants";
import { type ExecutionContext, isAwsError } from "./execution-context";
import { reportFailure } from "./executor";
import { mapConcurrent } from "./map-concurrent";
import { pipelineTags } from "./pipeline-tags";
import { templateDeclaration } from "./template-declaration";

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

/**
 * What `planReconcile` found and decided.
 *
 * @example
 * const { actions, ...counts }: ReconcilePlan = await planReconcile(context);
 * logger.info("Reconciling", { ...counts, actions: actions.length }); // branches, openPullRequests, pipelines, templates, tagged
 */
export interface ReconcilePlan {
  readonly branches: number;
  readonly openPullRequests: number;
  readonly pipelines: number;
  /** Template pipelines read (GetPipeline) for their `templateVersion`: those with at least one clone. */
  readonly templates: number;
  /** Pipelines whose tags were read: deletion candidates and clones checked for drift. */
  readonly tagged: number;
  readonly actions: readonly Action[];
}

/** A version no template has: in the first pass it makes every existing clone a branch or PR calls for show up. */
const UNKNOWN_VERSION = "(unknown)";

/**
 * Lists branches, open pull requests and the project's pipelines (in parallel, all pages) and asks core's
 * `reconcile` what to do. A first `reconcile` pass on presumed tags (every listed pipeline a managed clone of no
 * known template version) sorts the listed pipelines into deletion candidates (no live branch or open PR calls for
 * them) and kept clones (`updateClone`); then, `CONCURRENCY` calls at a time, it reads each template that has a
 * kept clone once (GetPipeline, cached for the actions that follow, which gives its `templateVersion`) and the tags
 * of every candidate and kept clone (ListTagsForResource), and the second pass runs on the real tags and versions.
 * A template that cannot be read for a permanent reason (not deployed, no declaration) is logged and counted, and
 * its clones are not checked for drift; a transient failure is rethrown so the scheduled event is retried.
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
    templateVersions: Object.fromEntries(
      config.environments.map((environment) => [environment.pipelineName, UNKNOWN_VERSION]),
    ),
  });
  const candidates: string[] = [];
  const kept = new Map<string, string>();
  for (const action of presumed) {
    if (action.type === "deleteClone") candidates.push(action.pipelineName);
    if (action.type === "updateClone") kept.set(action.route.pipelineName, action.route.templatePipeline);
  }
  const templates = [...new Set(kept.values())].sort();
  const templateVersions: Record<string, string> = {};
  const readTemplate = async (name: string): Promise<void> => {
    try {
      templateVersions[name] = (await templateDeclaration(context, name)).version;
    } catch (error) {
      if (classifyFailure(error).kind === "transient") throw error;
      reportFailure(context, error, { action: "reconcile", template: name });
    }
  };
  const readTags = async (name: string): Promise<void> => {
    context.listedTags.set(name, await pipelineTags(context, name));
  };
  const tagged = [...candidates, ...kept.keys()];
  await mapConcurrent(
    [...templates.map((name) => () => readTemplate(name)), ...tagged.map((name) => () => readTags(name))],
    CONCURRENCY,
    (task) => task(),
  );
  const managedPipelines: ManagedPipeline[] = names.flatMap((name) => {
    if (!context.listedTags.has(name)) return [{ name, tags: {} }];
    const found = context.listedTags.get(name);
    return found === undefined ? [] : [{ name, tags: found }];
  });
  return {
    branches: branches.length,
    openPullRequests: openPullRequests.length,
    pipelines: names.length,
    templates: templates.length,
    tagged: tagged.length,
    actions: reconcile(config, { branches, openPullRequests, managedPipelines, templateVersions }),
  };
}
