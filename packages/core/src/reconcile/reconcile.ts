/** `reconcile`: the actions that make the account's clones match the repository's live branches and open PRs. */

import { shortBranchName } from "../branches/classify-branch.js";
import { resolveBranch } from "../branches/resolve-branch.js";
import type { Route } from "../branches/route.js";
import type { Action } from "../events/plan.js";
import { expectedCloneTags, teardownAction } from "../events/plan-event.js";
import { clonePipelineName, pipelineNamePrefix, tagValue } from "../names/names.js";
import { ownershipRule, ownsClone } from "../ownership/ownership.js";
import { resolvePullRequest } from "../pull-requests/resolve-pull-request.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import type { TributaryConfig } from "../shared/types.js";
import { type ListedStack, sweepStacks } from "./stack-sweep.js";
import { listTargetStacksAction, sweptStacks, type TargetStackListing } from "./target-stacks.js";

/**
 * What the cloner lists before reconciling.
 *
 * @example
 * const input: ReconcileInput = { eventId: "ev-1", branches: ["main", "develop"], openPullRequests: [], managedPipelines: [] };
 */
export interface ReconcileInput {
  /**
   * The scheduled event's id: the idempotency tokens of the teardowns it starts derive from it (a continuation passes
   * the id of the scheduled event its chain started from, so its rounds share the tokens).
   */
  readonly eventId: string;
  /**
   * The reconcile's time (the event's, ISO 8601): idle clocks are read at it.
   *
   * @default - no idle clock is read
   */
  readonly now?: string;
  /**
   * The project's stacks as the tagging API lists them (by the project tag): the sweep tears down the ephemeral ones
   * no live clone deploys, and the idle clocks of live clones apply only to stacks that exist.
   *
   * @default - no stack is listed: no sweep, no idle teardown
   */
  readonly stacks?: readonly ListedStack[];
  /**
   * The listings of the remote targets' stacks that could be read and used this round (`readTargetListing`): their
   * stacks are swept beside `stacks` (`sweptStacks`).
   *
   * @default - no listing: only `stacks` are swept
   */
  readonly targetListings?: readonly TargetStackListing[];
  /**
   * The remote targets whose stacks the teardown project lists (`TargetListingSource.targets`): the scheduled round
   * plans `listTargetStacks` for them first, so that the next reconcile reads fresh listings.
   *
   * @default - no remote target: no listing build
   */
  readonly listedTargets?: readonly { readonly account: string; readonly region: string }[];
  /**
   * The round of the scheduled reconcile: 1 for the scheduled event, 2 and on for its continuations (which start no
   * listing build: the scheduled round did).
   *
   * @default 1
   */
  readonly round?: number;
  /** Every branch of the repository (`x` or `refs/heads/x`). */
  readonly branches: readonly string[];
  /** Every open pull request of the repository. */
  readonly openPullRequests: readonly OpenPullRequest[];
  /** The pipelines of the account with their tags (the cloner may pass all of them; only managed ones are touched). */
  readonly managedPipelines: readonly ManagedPipeline[];
  /**
   * The current `templateVersion` of each environment pipeline, keyed by its name (`route.templatePipeline`).
   * Clones of a template listed here whose `tributary:template-version` tag differs get `updateClone`.
   *
   * @default - no version is known: no clone is updated
   */
  readonly templateVersions?: Readonly<Record<string, string>>;
}

/**
 * Whether a pipeline is a clone of this project, by core's ownership rule (`ownsClone`): named under the project
 * prefix, tagged `tributary:managed=true` and `tributary:project=<project>`, and not an environment pipeline.
 *
 * @example
 * isManagedClone(config, { name: "acme-dev-feature-x", tags: { "tributary:managed": "true", "tributary:project": "acme" } }); // true
 * isManagedClone(config, { name: "acme-dev", tags: {} }); // false
 */
export function isManagedClone(config: TributaryConfig, pipeline: ManagedPipeline): boolean {
  return ownsClone(ownershipRule(config), pipeline);
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The current version of a route's template, when `templateVersions` names it.
 */
function currentVersion(input: ReconcileInput, route: Route): string | undefined {
  const versions = input.templateVersions;
  return versions !== undefined && Object.hasOwn(versions, route.templatePipeline)
    ? versions[route.templatePipeline]
    : undefined;
}

/**
 * The actions that converge the account: `createClone` for every routed live branch and open pull request
 * whose clone is missing; `updateClone` for every such clone that exists, is a managed clone of this project and
 * whose `tributary:template-version` tag differs from its template's entry in `templateVersions`; then
 * `deleteClone` (plus `teardownStack` for clones tagged ephemeral) for every managed clone of this project whose
 * branch or pull request is gone; then the stack sweep (`sweepStacks`): a teardown of every listed ephemeral stack no
 * live clone deploys, and the idle notices and teardowns the live clones' idle clocks ask for at `now`. It never acts
 * on an environment pipeline, on a pipeline without both managed tags, or on a protected stack. The stacks swept are
 * `stacks` and those of `targetListings` (`sweptStacks`). The scheduled round (`round` 1) of a project with remote
 * targets (`listedTargets`) starts with `listTargetStacks`; then creates, updates, deletes and the sweep, each sorted
 * by name.
 *
 * @example
 * reconcile(config, {
 *   eventId: "ev-1",
 *   branches: ["main", "develop", "feature/login", "feature/kept"],
 *   openPullRequests: [],
 *   managedPipelines: [
 *     { name: "acme-dev-feature-kept", tags: { "tributary:managed": "true", "tributary:project": "acme",
 *       "tributary:template-version": "0ld0ld0ld0" } },
 *     { name: "acme-dev-feature-old", tags: { "tributary:managed": "true", "tributary:project": "acme",
 *       "tributary:ephemeral": "true", "tributary:stack": "acme-dev-feature-old" } },
 *   ],
 *   templateVersions: { "acme-dev": "n3wn3wn3wn" },
 * }).map((action) => action.type);
 * // ["createClone", "updateClone", "deleteClone", "teardownStack"]
 */
export function reconcile(config: TributaryConfig, input: ReconcileInput): readonly Action[] {
  const expected = new Map<string, Route>();
  for (const branch of input.branches) {
    const route = resolveBranch(config, branch);
    if (route?.clone) expected.set(route.pipelineName, route);
  }
  for (const pullRequest of input.openPullRequests) {
    const route = resolvePullRequest(config, pullRequest);
    if (route !== null) expected.set(route.pipelineName, route);
  }
  const existing = new Set(input.managedPipelines.map((pipeline) => pipeline.name));
  const creates: Action[] = [...expected.values()]
    .filter((route) => !existing.has(route.pipelineName))
    .sort((a, b) => byName(a.pipelineName, b.pipelineName))
    .map((route) => Object.freeze({ type: "createClone", route }));

  const updated = new Set<string>();
  const updates: Action[] = [];
  const drifted = input.managedPipelines
    .filter((pipeline) => expected.has(pipeline.name) && isManagedClone(config, pipeline))
    .sort((a, b) => byName(a.name, b.name));
  for (const pipeline of drifted) {
    const route = expected.get(pipeline.name) as Route;
    const version = currentVersion(input, route);
    if (version === undefined || updated.has(pipeline.name)) continue;
    if (pipeline.tags[MANAGED_TAGS.templateVersion] === version) continue;
    updated.add(pipeline.name);
    updates.push(Object.freeze({ type: "updateClone", route, templateVersion: version }));
  }

  const protectedStacks = new Set(ownershipRule(config).protectedStacks);
  const seen = new Set<string>();
  const deletes: Action[] = [];
  const stale = input.managedPipelines
    .filter((pipeline) => isManagedClone(config, pipeline) && !expected.has(pipeline.name))
    .sort((a, b) => byName(a.name, b.name));
  for (const pipeline of stale) {
    if (seen.has(pipeline.name)) continue;
    seen.add(pipeline.name);
    deletes.push(
      Object.freeze({
        type: "deleteClone",
        pipelineName: pipeline.name,
        expectedTags: expectedCloneTags(config),
      }),
    );
    const stackName = pipeline.tags[MANAGED_TAGS.stack];
    if (pipeline.tags[MANAGED_TAGS.ephemeral] === "true" && stackName && !protectedStacks.has(stackName)) {
      deletes.push(teardownAction(input.eventId, stackName, pipeline.name));
    }
  }
  const swept = sweepStacks(config, {
    eventId: input.eventId,
    now: input.now,
    stacks: sweptStacks(input.stacks ?? [], input.targetListings ?? []),
    pipelines: input.managedPipelines,
    expected: [...expected.values()],
  });
  const listing: Action[] =
    (input.round ?? 1) === 1 && input.listedTargets !== undefined && input.listedTargets.length > 0
      ? [listTargetStacksAction(input.eventId, input.listedTargets)]
      : [];
  return Object.freeze([...listing, ...creates, ...updates, ...deletes, ...swept]);
}

/**
 * What a reconcile lists before it decides what else to read: cheap, paged listings only.
 *
 * @example
 * const listed: ReconcileListing = {
 *   branches: ["main", "develop", "feature/login"],
 *   openPullRequestIds: ["7"],
 *   pipelineNames: ["acme-dev", "acme-dev-feature-login", "acme-dev-pr-7"],
 *   pipelineTags: { "acme-dev-feature-login": { "tributary:managed": "true", "tributary:project": "acme" } },
 * };
 */
export interface ReconcileListing {
  /** Every branch of the repository (`x` or `refs/heads/x`). */
  readonly branches: readonly string[];
  /** The ids of the repository's open pull requests (ListPullRequests), without their branches. */
  readonly openPullRequestIds: readonly string[];
  /**
   * The open pull requests with their branches, when the listing gives them (GitHub's `GET /pulls` does): then none
   * is read again, and `openPullRequestIds` is ignored.
   */
  readonly openPullRequests?: readonly OpenPullRequest[];
  /** Every pipeline of the region (ListPipelines): which pipelines exist. */
  readonly pipelineNames: readonly string[];
  /**
   * The tags of the project's pipelines, keyed by name (the Resource Groups Tagging API's GetResources with the
   * project tag). Eventually consistent: good enough to plan, never to delete or update (the cloner reads the tags
   * again, strongly consistent, right before either).
   */
  readonly pipelineTags: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * When each pipeline was created (ListPipelines' `created`, ISO 8601): the idle clock of a clone that has not
   * recorded a run yet starts there.
   *
   * @default - unknown
   */
  readonly pipelineCreated?: Readonly<Record<string, string>>;
}

/**
 * What `planReconcileReads` decided: the project's pipelines as `reconcile` takes them, the open pull requests
 * known from their clones' tags, and what must still be read before `reconcile` can run.
 *
 * @example
 * const reads: ReconcileReads = planReconcileReads(config, listed);
 * // { managedPipelines: [...], knownPullRequests: [{ id: "7", ... }], pullRequestsToRead: ["9"], templatesToRead: ["acme-dev"] }
 */
export interface ReconcileReads {
  /** The project's pipelines that exist (ListPipelines), environment pipelines excepted, with their listed tags. */
  readonly managedPipelines: readonly ManagedPipeline[];
  /** Open pull requests whose clone names their id and source branch: no GetPullRequest needed. */
  readonly knownPullRequests: readonly OpenPullRequest[];
  /** Open pull requests with no clone (or one whose tags do not name a live source branch): GetPullRequest each. */
  readonly pullRequestsToRead: readonly string[];
  /** Environment pipelines that have at least one existing clone: GetPipeline each, for `templateVersions`. */
  readonly templatesToRead: readonly string[];
}

/**
 * The first phase of a reconcile: from the listings alone, which pull requests and templates must still be read.
 * When the listing already gives the open pull requests with their branches (`openPullRequests`, GitHub), they are
 * all known and none is read.
 * A pull request's clone carries its id (`tributary:pull-request`), its environment and `tagValue` of its source
 * branch; when that names exactly one live branch, the pull request is known without GetPullRequest (its route
 * does not depend on which destination branch led to that environment, so any destination that does stands in).
 * Templates are read only when one of their clones exists, since only existing clones can drift. Pipelines that
 * ListPipelines does not list are left out (the tagging API also returns recently deleted ones); listed ones it
 * has no tags for get none, so nothing deletes or updates them, and no create collides with them.
 *
 * @example
 * const reads = planReconcileReads(config, listed);
 * const fetched = await getPullRequests(reads.pullRequestsToRead);
 * const templateVersions = await readTemplates(reads.templatesToRead);
 * reconcile(config, { eventId, branches: listed.branches, openPullRequests: [...reads.knownPullRequests, ...fetched],
 *   managedPipelines: reads.managedPipelines, templateVersions });
 */
export function planReconcileReads(config: TributaryConfig, listed: ReconcileListing): ReconcileReads {
  const prefix = pipelineNamePrefix(config);
  const environmentPipelines = new Set(config.environments.map((env) => env.pipelineName));
  const managedPipelines: ManagedPipeline[] = [...new Set(listed.pipelineNames)]
    .filter((name) => name.startsWith(prefix) && !environmentPipelines.has(name))
    .sort(byName)
    .map((name) => {
      const created = listed.pipelineCreated?.[name];
      return Object.freeze({
        name,
        tags: Object.hasOwn(listed.pipelineTags, name) ? (listed.pipelineTags[name] ?? {}) : {},
        ...(created === undefined ? {} : { created }),
      });
    });

  const branchesByTag = new Map<string, string | null>();
  for (const raw of listed.branches) {
    const branch = shortBranchName(raw);
    const key = tagValue(branch);
    branchesByTag.set(key, branchesByTag.has(key) && branchesByTag.get(key) !== branch ? null : branch);
  }
  const destinations = destinationsByEnvironment(config, [
    ...config.environments.flatMap((env) => (env.branch === null ? [] : [env.branch])),
    ...listed.branches.map(shortBranchName),
  ]);
  const clonesByPullRequest = new Map<string, ManagedPipeline>();
  for (const pipeline of managedPipelines) {
    const id = pipeline.tags[MANAGED_TAGS.pullRequest];
    if (id !== undefined && isManagedClone(config, pipeline)) clonesByPullRequest.set(id, pipeline);
  }
  const knownPullRequests: OpenPullRequest[] = listed.openPullRequests
    ? [...listed.openPullRequests].sort((a, b) => byName(a.id, b.id)).map((pr) => Object.freeze({ ...pr }))
    : [];
  const pullRequestsToRead: string[] = [];
  const idsToResolve = listed.openPullRequests ? [] : [...new Set(listed.openPullRequestIds)].sort(byName);
  for (const id of idsToResolve) {
    const known = pullRequestFromClone(config, id, clonesByPullRequest.get(id), branchesByTag, destinations);
    if (known === undefined) pullRequestsToRead.push(id);
    else knownPullRequests.push(known);
  }

  const existing = new Set(managedPipelines.map((pipeline) => pipeline.name));
  const templates = new Set<string>();
  const consider = (route: Route | null): void => {
    if (route?.clone && existing.has(route.pipelineName)) templates.add(route.templatePipeline);
  };
  for (const branch of listed.branches) consider(resolveBranch(config, branch));
  for (const pullRequest of knownPullRequests) consider(resolvePullRequest(config, pullRequest));
  // A pull request still to read may have a clone too (its tags name no live branch): the clone's name says which
  // environment, so its template is read in this phase too.
  for (const id of pullRequestsToRead) {
    for (const env of config.environments) {
      if (existing.has(clonePipelineName(config, env.name, { pullRequestId: id })))
        templates.add(env.pipelineName);
    }
  }
  return Object.freeze({
    managedPipelines: Object.freeze(managedPipelines),
    knownPullRequests: Object.freeze(knownPullRequests),
    pullRequestsToRead: Object.freeze(pullRequestsToRead),
    templatesToRead: Object.freeze([...templates].sort(byName)),
  });
}

/** For each environment, the first candidate branch that a pull request into would route there. */
function destinationsByEnvironment(
  config: TributaryConfig,
  candidates: readonly string[],
): ReadonlyMap<string, string> {
  const found = new Map<string, string>();
  for (const destinationBranch of candidates) {
    if (found.size === config.environments.length) break;
    const route = resolvePullRequest(config, { id: "1", sourceBranch: "source", destinationBranch });
    if (route !== null && !found.has(route.environment)) found.set(route.environment, destinationBranch);
  }
  return found;
}

/** The open pull request a clone stands for, when its tags name a live source branch and a routable environment. */
function pullRequestFromClone(
  config: TributaryConfig,
  id: string,
  clone: ManagedPipeline | undefined,
  branchesByTag: ReadonlyMap<string, string | null>,
  destinations: ReadonlyMap<string, string>,
): OpenPullRequest | undefined {
  if (clone === undefined) return undefined;
  const branchTag = clone.tags[MANAGED_TAGS.branch];
  const sourceBranch = branchTag === undefined ? undefined : branchesByTag.get(branchTag);
  const environment = clone.tags[MANAGED_TAGS.environment];
  const destinationBranch = environment === undefined ? undefined : destinations.get(environment);
  if (sourceBranch === undefined || sourceBranch === null || destinationBranch === undefined)
    return undefined;
  const pullRequest = { id, sourceBranch, destinationBranch };
  const route = resolvePullRequest(config, pullRequest);
  return route?.pipelineName === clone.name && route.tags[MANAGED_TAGS.branch] === branchTag
    ? Object.freeze(pullRequest)
    : undefined;
}

/**
 * A pipeline with its tags, as the cloner lists it for `reconcile`.
 *
 * @example
 * const pipeline: ManagedPipeline = { name: "acme-dev-feature-login", tags: { "tributary:managed": "true", "tributary:project": "acme" } };
 */
export interface ManagedPipeline {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  /** When the pipeline was created (ISO 8601), when listed. */
  readonly created?: string;
}

/**
 * An open pull request, as the cloner lists it (branches as `x` or `refs/heads/x`).
 *
 * @example
 * const pr: OpenPullRequest = { id: "42", sourceBranch: "feature/login", destinationBranch: "develop" };
 */
export interface OpenPullRequest {
  readonly id: string;
  readonly sourceBranch: string;
  readonly destinationBranch: string;
  /** The head's repository (`owner/name`) when it is a fork; its clone exists only if the config allows it. */
  readonly headRepository?: string;
}
