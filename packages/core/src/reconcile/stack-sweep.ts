/**
 * The stack side of a reconcile: ephemeral stacks no live clone deploys (orphans, whatever left them: a lost event,
 * a dead-lettered teardown, a failed build), and the idle clock of every live clone's stack.
 */

import { resolveBranch } from "../branches/resolve-branch.js";
import type { Route } from "../branches/route.js";
import type { Action } from "../events/plan.js";
import { teardownAction } from "../events/plan-event.js";
import { idleClock, idleDue, routeIdleDays } from "../idle/idle-clock.js";
import { clonePipelineName, cloneStackName } from "../names/names.js";
import { ownershipRule, ownsClone, ownsEphemeralStack } from "../ownership/ownership.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import type { TributaryConfig } from "../shared/types.js";

/**
 * A stack as the Resource Groups Tagging API lists it: its name (from its ARN) and its tags.
 *
 * @example
 * const stack: ListedStack = { name: "acme-dev-feature-login", tags: { "tributary:ephemeral": "true", "tributary:project": "acme" } };
 */
export interface ListedStack {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A pipeline with its tags and, when listed, its creation time (ListPipelines' `created`). */
interface ListedPipeline {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly created?: string | undefined;
}

/**
 * The clone that deploys (or deployed) an ephemeral stack, from the stack's own name and tags: the branch its
 * `tributary:branch` tag names when that branch routes to this very stack, or the pull request its name encodes.
 * `undefined` when neither says (a branch name that was hashed into its tag).
 *
 * @example
 * clonePipelineOfStack(config, { name: "acme-dev-pr-42", tags: {} }); // "acme-dev-pr-42"
 * clonePipelineOfStack(config, { name: "acme-dev-feature-login", tags: { "tributary:branch": "feature/login" } }); // "acme-dev-feature-login"
 */
export function clonePipelineOfStack(config: TributaryConfig, stack: ListedStack): string | undefined {
  const branch = stack.tags[MANAGED_TAGS.branch];
  if (branch !== undefined) {
    const route = resolveBranch(config, branch);
    if (route?.clone && route.ephemeral && route.stackName === stack.name) return route.pipelineName;
  }
  for (const environment of config.environments) {
    const prefix = `${environment.stackName}-pr-`;
    if (!stack.name.startsWith(prefix)) continue;
    const pullRequestId = stack.name.slice(prefix.length);
    if (cloneStackName(config, environment.name, { pullRequestId }) === stack.name)
      return clonePipelineName(config, environment.name, { pullRequestId });
  }
  return undefined;
}

/**
 * The ephemeral stacks of the project that no live clone deploys: owned by core's rule (`ownsEphemeralStack`: the
 * prefix, the ephemeral and project tags, not protected), not nested (a nested stack carries its root's
 * `tributary:stack`, not its own name), not the stack of a listed managed clone (a stale clone's stack is torn down
 * with its delete), and not the stack of a route that is about to get its clone back.
 *
 * @example
 * orphanedStacks(config, { stacks, pipelines: managedPipelines, expected: [...expectedRoutes] }).map((stack) => stack.name);
 * // ["acme-dev-feature-gone"]
 */
export function orphanedStacks(
  config: TributaryConfig,
  listed: {
    readonly stacks: readonly ListedStack[];
    readonly pipelines: readonly ListedPipeline[];
    readonly expected: readonly Route[];
  },
): ListedStack[] {
  const rule = ownershipRule(config);
  const deployed = new Set<string>();
  for (const pipeline of listed.pipelines) {
    const stack = pipeline.tags[MANAGED_TAGS.stack];
    if (stack !== undefined && ownsClone(rule, pipeline)) deployed.add(stack);
  }
  for (const route of listed.expected) if (route.ephemeral) deployed.add(route.stackName);
  const seen = new Set<string>();
  return listed.stacks.filter((stack) => {
    if (seen.has(stack.name)) return false;
    seen.add(stack.name);
    const own = stack.tags[MANAGED_TAGS.stack];
    return (
      ownsEphemeralStack(rule, stack) &&
      (own === undefined || own === stack.name) &&
      !deployed.has(stack.name)
    );
  });
}

/**
 * The sweep's actions: a teardown (reason `orphan`) for every orphaned stack, and for every live clone whose route
 * has `idleDays` and whose stack exists, the idle notice or the idle teardown its clock asks for at `now`.
 * `eventId` gives the teardowns' tokens.
 *
 * @example
 * sweepStacks(config, { eventId, now, stacks, pipelines, expected }).map((action) => action.type);
 * // ["teardownStack", "noticeIdle"]
 */
export function sweepStacks(
  config: TributaryConfig,
  listed: {
    readonly eventId: string;
    readonly now: string | undefined;
    readonly stacks: readonly ListedStack[];
    readonly pipelines: readonly ListedPipeline[];
    readonly expected: readonly Route[];
  },
): Action[] {
  const actions: Action[] = orphanedStacks(config, listed)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((stack) =>
      teardownAction(listed.eventId, stack.name, clonePipelineOfStack(config, stack) ?? "", "orphan"),
    );
  if (listed.now === undefined) return actions;
  const rule = ownershipRule(config);
  const stacks = new Set(listed.stacks.map((stack) => stack.name));
  const pipelines = new Map(listed.pipelines.map((pipeline) => [pipeline.name, pipeline]));
  for (const route of [...listed.expected].sort((a, b) => (a.pipelineName < b.pipelineName ? -1 : 1))) {
    const idleDays = routeIdleDays(config, route);
    const pipeline = pipelines.get(route.pipelineName);
    if (idleDays === undefined || pipeline === undefined || !stacks.has(route.stackName)) continue;
    if (!ownsClone(rule, pipeline) || pipeline.tags[MANAGED_TAGS.stack] !== route.stackName) continue;
    const clock = idleClock(idleDays, pipeline.tags, pipeline.created);
    if (clock === undefined) continue;
    const due = idleDue(clock, pipeline.tags, listed.now);
    if (due === "notice") actions.push(Object.freeze({ type: "noticeIdle", route, idleDays, clock }));
    if (due === "teardown") {
      actions.push(
        teardownAction(listed.eventId, route.stackName, route.pipelineName, "idle", clock.lastActivity),
      );
    }
  }
  return actions;
}
