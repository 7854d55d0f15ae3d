/**
 * Fetches what a reconcile compares, in the two phases core plans: the listings (branches, open pull-request ids,
 * the region's pipelines, the project's pipeline tags, the account's pipeline quota), then only what `planReconcileReads` asks for (GetPullRequest
 * for open pull requests without a clone, GetPipeline for templates with clones). Core decides; this file only
 * fetches.
 */
import {
  GetPullRequestCommand,
  paginateListBranches,
  paginateListPullRequests,
} from "@aws-sdk/client-codecommit";
import { paginateListPipelines } from "@aws-sdk/client-codepipeline";
import { paginateGetResources } from "@aws-sdk/client-resource-groups-tagging-api";
import { GetServiceQuotaCommand } from "@aws-sdk/client-service-quotas";
import {
  type Action,
  admitClones,
  describePipelineLimit,
  isoTime,
  type ListedStack,
  MANAGED_TAGS,
  type OpenPullRequest,
  PIPELINE_QUOTA,
  type PipelineLimit,
  type PipelineQuotaRead,
  pipelineLimit,
  planReconcileReads,
  type ReconcileEvent,
  type ReconcileListing,
  type Route,
  reconcile,
  shortBranchName,
  stackOfArn,
} from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import { classifyFailure, reportFailure } from "../../aws/classify-failure";
import { CONCURRENCY } from "../../aws/constants";
import { mapConcurrent } from "../../aws/map-concurrent";
import type { ExecutionContext, RepositoryListing, SourceListing } from "./execution-context";
import { readTargetListings } from "./target-listings";
import { templateDeclaration } from "./template-declaration";

/**
 * Pages of GetResources: its documented maximum (`ResourcesPerPage`, "a minimum of 1 and a maximum value of 100").
 *
 * @example
 * RESOURCES_PER_PAGE; // 100
 */
export const RESOURCES_PER_PAGE = 100;

/**
 * The Resource Groups Tagging API's resource type of a pipeline (`service:resourceType`).
 *
 * @example
 * PIPELINE_RESOURCE_TYPE; // "codepipeline:pipeline"
 */
export const PIPELINE_RESOURCE_TYPE = "codepipeline:pipeline";

/**
 * Every branch of the repository (`paginateListBranches`).
 *
 * @example
 * await listBranches(context); // ["develop", "feature/login", "main"]
 */
export async function listBranches(context: ExecutionContext): Promise<string[]> {
  const branches: string[] = [];
  for await (const page of paginateListBranches(
    { client: context.clients.codeCommit },
    { repositoryName: context.config.repository },
  )) {
    branches.push(...(page.branches ?? []));
  }
  return branches;
}

/**
 * The ids of the repository's open pull requests (`paginateListPullRequests`, 100 per page).
 *
 * @example
 * await listOpenPullRequestIds(context); // ["7", "9"]
 */
export async function listOpenPullRequestIds(context: ExecutionContext): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListPullRequests(
    { client: context.clients.codeCommit, pageSize: 100 },
    { repositoryName: context.config.repository, pullRequestStatus: "OPEN" },
  )) {
    ids.push(...(page.pullRequestIds ?? []));
  }
  return ids;
}

/**
 * CodeCommit's listing of the repository: `listBranches` and `listOpenPullRequestIds`, side by side.
 *
 * @example
 * await codeCommitListing(context); // { branches: ["develop", "main"], openPullRequestIds: ["7"] }
 */
export const codeCommitListing: SourceListing = async (context): Promise<RepositoryListing> => {
  const [branches, openPullRequestIds] = await Promise.all([
    listBranches(context),
    listOpenPullRequestIds(context),
  ]);
  return { branches, openPullRequestIds };
};

/**
 * GetPullRequest for each id (`CONCURRENCY` at a time, the client bounds GetPullRequest itself): its branches, or
 * nothing when it was closed or deleted in between.
 *
 * @example
 * await readPullRequests(context, ["9"]); // [{ id: "9", sourceBranch: "feature/login", destinationBranch: "develop" }]
 */
export async function readPullRequests(
  context: ExecutionContext,
  ids: readonly string[],
): Promise<OpenPullRequest[]> {
  const { codeCommit } = context.clients;
  const repositoryName = context.config.repository;
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
 * Every pipeline of the region (`paginateListPipelines`, 1,000 per page): which pipelines exist, how many count
 * against the quota, and when each was created (ISO 8601; where a clone's idle clock starts before its first run is
 * recorded).
 *
 * @example
 * await listPipelines(context); // { names: ["acme-dev", "acme-dev-feature-login"], created: { "acme-dev": "2026-11-01T09:00:00Z", ... } }
 */
export async function listPipelines(
  context: ExecutionContext,
): Promise<{ names: string[]; created: Record<string, string> }> {
  const names: string[] = [];
  const created: Record<string, string> = {};
  for await (const page of paginateListPipelines(
    { client: context.clients.codePipeline, pageSize: 1000 },
    {},
  )) {
    for (const pipeline of page.pipelines ?? []) {
      if (!pipeline.name) continue;
      names.push(pipeline.name);
      if (pipeline.created instanceof Date && Number.isFinite(pipeline.created.getTime()))
        created[pipeline.name] = isoTime(pipeline.created.getTime());
    }
  }
  return { names, created };
}

/**
 * The name of every pipeline of the region (`listPipelines`).
 *
 * @example
 * await listPipelineNames(context); // ["acme-dev", "acme-dev-feature-login", "other-team-pipeline"]
 */
export async function listPipelineNames(context: ExecutionContext): Promise<string[]> {
  return (await listPipelines(context)).names;
}

/**
 * The Resource Groups Tagging API's resource type of a CloudFormation stack.
 *
 * @example
 * STACK_RESOURCE_TYPE; // "cloudformation:stack"
 */
export const STACK_RESOURCE_TYPE = "cloudformation:stack";

/** The pipeline name of a CodePipeline ARN (`arn:partition:codepipeline:region:account:name`). */
function pipelineNameOfArn(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts.length >= 6 && parts[2] === "codepipeline" ? parts.slice(5).join(":") : undefined;
}

/**
 * What the project's tag lists: its pipelines' tags by name, and its stacks with their tags.
 *
 * @example
 * const { pipelineTags, stacks }: ProjectResources = await listProjectResources(context);
 */
export interface ProjectResources {
  readonly pipelineTags: Record<string, Record<string, string>>;
  readonly stacks: ListedStack[];
}

/**
 * Every pipeline and stack tagged `tributary:project=<project>`, with their tags, in one listing
 * (`paginateGetResources` with that tag filter and the types `codepipeline:pipeline` and `cloudformation:stack`,
 * `RESOURCES_PER_PAGE` per page): the pipelines' tags plan clones, the stacks feed the orphan sweep and the idle
 * clocks. Eventually consistent: for planning only; deletes and updates read a pipeline's tags again with
 * ListTagsForResource first, and the teardown build reads the stack and its clone again before it deletes.
 *
 * @example
 * await listProjectResources(context);
 * // { pipelineTags: { "acme-dev-feature-login": { "tributary:managed": "true", ... } }, stacks: [{ name: "acme-dev-feature-login", tags: { ... } }] }
 */
export async function listProjectResources(context: ExecutionContext): Promise<ProjectResources> {
  const pipelineTags: Record<string, Record<string, string>> = {};
  const stacks: ListedStack[] = [];
  for await (const page of paginateGetResources(
    { client: context.clients.tagging, pageSize: RESOURCES_PER_PAGE },
    {
      TagFilters: [{ Key: MANAGED_TAGS.project, Values: [context.config.project] }],
      ResourceTypeFilters: [PIPELINE_RESOURCE_TYPE, STACK_RESOURCE_TYPE],
    },
  )) {
    for (const mapping of page.ResourceTagMappingList ?? []) {
      if (!mapping.ResourceARN) continue;
      const tags: Record<string, string> = {};
      for (const tag of mapping.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? "";
      const pipeline = pipelineNameOfArn(mapping.ResourceARN);
      if (pipeline !== undefined) pipelineTags[pipeline] = tags;
      const stack = stackOfArn(mapping.ResourceARN);
      if (stack !== undefined) stacks.push({ name: stack.name, tags });
    }
  }
  return { pipelineTags, stacks };
}

/**
 * The tags of every pipeline tagged `tributary:project=<project>`, by name (`listProjectResources`).
 *
 * @example
 * await listProjectPipelineTags(context); // { "acme-dev-feature-login": { "tributary:managed": "true", ... } }
 */
export async function listProjectPipelineTags(
  context: ExecutionContext,
): Promise<Record<string, Record<string, string>>> {
  return (await listProjectResources(context)).pipelineTags;
}

/**
 * The account's pipeline quota, read once per reconcile: Service Quotas' GetServiceQuota for `PIPELINE_QUOTA`
 * (`codepipeline` / `L-78D200AD`), its `Quota.Value` as answered. Any failure (no such quota, access denied,
 * throttling that outlasted the SDK's retries, a timeout) is returned, not thrown: the reconcile then keeps to
 * `maxPipelines` (core's `pipelineLimit`) and goes on.
 *
 * @example
 * await readPipelineQuota(context); // { answered: true, value: 1250 }
 * await readPipelineQuota(context); // { answered: false, error: "AccessDeniedException: User ... is not authorized ..." }
 */
export async function readPipelineQuota(context: ExecutionContext): Promise<PipelineQuotaRead> {
  try {
    const { Quota } = await context.clients.serviceQuotas.send(
      new GetServiceQuotaCommand({
        ServiceCode: PIPELINE_QUOTA.serviceCode,
        QuotaCode: PIPELINE_QUOTA.quotaCode,
      }),
    );
    return { answered: true, value: Quota?.Value };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
    return { answered: false, error: `${name}: ${message}` };
  }
}

/**
 * What `planReconcile` found and decided.
 *
 * @example
 * const { actions, refused, ...counts }: ReconcilePlan = await planReconcile(context);
 * logger.info("Reconciling", { ...counts, actions: actions.length }); // branches, openPullRequests, pipelines, ...
 */
export interface ReconcilePlan {
  readonly branches: number;
  readonly openPullRequests: number;
  /** Pipelines of the region (they all count against the quota). */
  readonly pipelines: number;
  /** Pipelines the tagging API listed with the project tag. */
  readonly tagged: number;
  /** Stacks the tagging API listed with the project tag. */
  readonly stacks: number;
  /** Stacks the remote targets' usable listings hold. */
  readonly targetStacks: number;
  /** Remote targets whose listing was read and used; those without one yet; those whose listing was not usable. */
  readonly targetListings: { readonly used: number; readonly missing: number; readonly unusable: number };
  /** Open pull requests read with GetPullRequest (those without a clone). */
  readonly pullRequestsRead: number;
  /** Template pipelines read (GetPipeline) for their `templateVersion`: those with at least one clone. */
  readonly templates: number;
  /** The pipeline limit the plan kept to: the account's quota from Service Quotas, else `config.maxPipelines`. */
  readonly limit: PipelineLimit;
  readonly actions: readonly Action[];
  /** Clones not created because the region is full, in priority order. */
  readonly refused: readonly Route[];
}

/**
 * Plans a reconcile. Phase one, in parallel: ListBranches, ListPullRequests (open), ListPipelines and GetResources
 * (all pages, by the SDK's paginators), the one GetServiceQuota of the pipeline quota, and with remote environments
 * one GetObject per target of its stack listing (`readTargetListings`; their stacks are swept beside the CI/CD
 * account's, and the scheduled round starts the build that lists them again, core's `listTargetStacks`). Core's `planReconcileReads` then names the open pull requests to read
 * (those whose clone does not already say their branches) and the templates to read (those with clones); phase two
 * reads them (`CONCURRENCY` at a time) and core's `reconcile` plans the actions, which `admitClones` cuts to the
 * pipelines the region still takes under core's `pipelineLimit` (the quota, else `maxPipelines`, logged once with
 * the reason), releases and hotfixes first. A template that cannot be read for a permanent
 * reason (not deployed, no declaration) is logged and counted, and its clones are not checked for drift; a
 * transient failure is rethrown so the scheduled event is retried.
 *
 * @example
 * const { actions, refused } = await planReconcile(context);
 * await executeConcurrently(context, actions);
 */
export async function planReconcile(
  context: ExecutionContext,
  event: Pick<ReconcileEvent, "id" | "time" | "continuation"> = { id: context.eventId, time: "" },
): Promise<ReconcilePlan> {
  const { config } = context;
  const [source, pipelines, resources, quota, targets] = await Promise.all([
    (context.sourceListing ?? codeCommitListing)(context),
    listPipelines(context),
    listProjectResources(context),
    readPipelineQuota(context),
    readTargetListings(context, event.time),
  ]);
  const { pipelineTags, stacks } = resources;
  const pipelineNames = pipelines.names;
  const limit = pipelineLimit(config, quota);
  if (limit.source === "config") {
    context.logger.warn("Pipeline quota not read; keeping to maxPipelines", {
      action: "reconcile",
      limit: limit.value,
      reason: limit.fallbackReason,
      fix: "Grant the cloner servicequotas:GetServiceQuota on the quota (the PipelineCloner construct does), or keep maxPipelines equal to the quota.",
    });
  } else {
    context.logger.info("Pipeline quota read", { action: "reconcile", limit: describePipelineLimit(limit) });
  }
  const { branches, openPullRequestIds } = source;
  const listing: ReconcileListing = {
    ...source,
    pipelineNames,
    pipelineTags,
    pipelineCreated: pipelines.created,
  };
  const reads = planReconcileReads(config, listing);
  const templateVersions: Record<string, string> = {};
  const readTemplate = async (name: string): Promise<void> => {
    try {
      templateVersions[name] = (await templateDeclaration(context, name)).version;
    } catch (error) {
      if (classifyFailure(error).kind === "transient") throw error;
      reportFailure(context, error, { action: "reconcile", template: name });
    }
  };
  const [fetched] = await Promise.all([
    readPullRequests(context, reads.pullRequestsToRead),
    mapConcurrent(reads.templatesToRead, CONCURRENCY, readTemplate),
  ]);
  const planned = reconcile(config, {
    // The rounds of one scheduled reconcile share its teardown tokens (a round that meets a teardown in flight).
    eventId: event.continuation?.origin ?? event.id,
    ...(Number.isFinite(Date.parse(event.time)) ? { now: event.time } : {}),
    stacks,
    targetListings: targets.listings,
    listedTargets: context.targetListings?.source.targets ?? [],
    round: event.continuation?.round ?? 1,
    branches,
    openPullRequests: [...reads.knownPullRequests, ...fetched],
    managedPipelines: reads.managedPipelines,
    templateVersions,
  });
  const { actions, refused } = admitClones(config, planned, new Set(pipelineNames).size, limit.value);
  return {
    branches: branches.length,
    openPullRequests: source.openPullRequests?.length ?? openPullRequestIds.length,
    pipelines: pipelineNames.length,
    tagged: Object.keys(pipelineTags).length,
    stacks: stacks.length,
    targetStacks: targets.listings.reduce((sum, listing) => sum + listing.stacks.length, 0),
    targetListings: { used: targets.listings.length, missing: targets.missing, unusable: targets.unusable },
    pullRequestsRead: reads.pullRequestsToRead.length,
    templates: reads.templatesToRead.length,
    limit,
    actions,
    refused,
  };
}
