/** `reconcile`: the actions that make the account's clones match the repository's live branches and open PRs. */

import { MANAGED_TAGS } from "./constants.js";
import { ownershipRule, ownsClone } from "./ownership.js";
import { expectedCloneTags } from "./plan-event.js";
import { resolveBranch } from "./resolve-branch.js";
import { resolvePullRequest } from "./resolve-pull-request.js";
import type { Action, ManagedPipeline, OpenPullRequest, Route, TributaryConfig } from "./types.js";

/**
 * What the cloner lists before reconciling.
 *
 * @example
 * const input: ReconcileInput = { branches: ["main", "develop"], openPullRequests: [], managedPipelines: [] };
 */
export interface ReconcileInput {
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
 * branch or pull request is gone. It never acts on an environment pipeline, on a pipeline without both managed
 * tags, or on an environment's shared stack. Creates come first, then updates, then deletes, each sorted by
 * pipeline name.
 *
 * @example
 * reconcile(config, {
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

  const sharedStacks = new Set(config.environments.map((env) => env.stackName));
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
    if (pipeline.tags[MANAGED_TAGS.ephemeral] === "true" && stackName && !sharedStacks.has(stackName)) {
      deletes.push(Object.freeze({ type: "teardownStack", stackName, pipelineName: pipeline.name }));
    }
  }
  return Object.freeze([...creates, ...updates, ...deletes]);
}
