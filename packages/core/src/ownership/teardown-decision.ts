/** `teardownDecision`: whether the teardown build may delete a stack, from what it read right before deleting. */

import { MANAGED_TAGS } from "../shared/constants.js";
import { hasAllTags, type OwnershipRule } from "./ownership.js";

/**
 * Why a teardown was started: the clone was deleted with its branch or pull request (`removed`), reconcile found a
 * stack that no live clone deploys (`orphan`), or the clone had no run for its route's `idleDays` (`idle`).
 *
 * @example
 * const reason: TeardownReason = "orphan";
 */
export type TeardownReason = "removed" | "orphan" | "idle";

/**
 * What the cloner asks the teardown build to do (its StartBuild's environment overrides, `TEARDOWN_REQUEST_VARIABLES`).
 *
 * @example
 * const request: TeardownRequest = { stackName: "acme-dev-feature-x", pipelineName: "acme-dev-feature-x", reason: "removed" };
 */
export interface TeardownRequest {
  readonly stackName: string;
  /** The clone that deploys (or deployed) the stack, when known: the build reads its tags, strongly consistent. */
  readonly pipelineName?: string | undefined;
  readonly reason: TeardownReason;
  /**
   * For an idle teardown: the clone's last activity the cloner saw (ISO 8601). A run that started later, or a
   * `tributary:keep-until` still ahead, keeps the stack.
   */
  readonly idleSince?: string | undefined;
}

/**
 * The environment variables of a teardown build that carry its `TeardownRequest`.
 *
 * @example
 * TEARDOWN_REQUEST_VARIABLES.stackName; // "STACK_NAME"
 */
export const TEARDOWN_REQUEST_VARIABLES = {
  stackName: "STACK_NAME",
  pipelineName: "PIPELINE_NAME",
  reason: "TEARDOWN_REASON",
  idleSince: "IDLE_SINCE",
} as const;

/**
 * The `TeardownRequest` as the environment overrides of StartBuild (absent fields are left out).
 *
 * @example
 * teardownRequestVariables({ stackName: "acme-dev-feature-x", reason: "orphan" });
 * // { STACK_NAME: "acme-dev-feature-x", TEARDOWN_REASON: "orphan" }
 */
export function teardownRequestVariables(request: TeardownRequest): Record<string, string> {
  const variables: Record<string, string> = {
    [TEARDOWN_REQUEST_VARIABLES.stackName]: request.stackName,
    [TEARDOWN_REQUEST_VARIABLES.reason]: request.reason,
  };
  if (request.pipelineName) variables[TEARDOWN_REQUEST_VARIABLES.pipelineName] = request.pipelineName;
  if (request.idleSince) variables[TEARDOWN_REQUEST_VARIABLES.idleSince] = request.idleSince;
  return variables;
}

/**
 * The `TeardownRequest` a build's environment carries (`undefined` fields where a variable is missing or empty; a
 * missing or unknown reason reads as `removed`, what every teardown meant before reasons existed).
 *
 * @example
 * teardownRequestOf({ STACK_NAME: "acme-dev-feature-x" }); // { stackName: "acme-dev-feature-x", reason: "removed", ... }
 */
export function teardownRequestOf(
  environment: Readonly<Record<string, string | undefined>>,
): TeardownRequest {
  const read = (name: string) => {
    const value = environment[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const reason = read(TEARDOWN_REQUEST_VARIABLES.reason);
  return {
    stackName: read(TEARDOWN_REQUEST_VARIABLES.stackName) ?? "",
    pipelineName: read(TEARDOWN_REQUEST_VARIABLES.pipelineName),
    reason: reason === "orphan" || reason === "idle" ? reason : "removed",
    idleSince: read(TEARDOWN_REQUEST_VARIABLES.idleSince),
  };
}

/**
 * What the teardown build read, right before it would delete: the stack (DescribeStacks), and the tags of every
 * pipeline that may deploy it (ListTagsForResource of the request's clone and of each pipeline the tagging API lists
 * with the stack's `tributary:stack` tag; `undefined` for a pipeline that does not exist).
 *
 * @example
 * const facts: TeardownFacts = { stack: { tags }, pipelines: { "acme-dev-feature-x": undefined }, now: "2026-11-27T12:00:00Z" };
 */
export interface TeardownFacts {
  /** The stack as DescribeStacks answered, or `undefined` when it does not exist. */
  readonly stack:
    | {
        readonly tags: Readonly<Record<string, string>>;
        /** DescribeStacks' `ParentId`: set on a nested stack. */
        readonly parentId?: string | undefined;
      }
    | undefined;
  readonly pipelines: Readonly<Record<string, Readonly<Record<string, string>> | undefined>>;
  /** The build's clock (ISO 8601). */
  readonly now: string;
}

/**
 * The teardown's verdict: `delete` the stack, do `nothing` (it is gone already), or `refuse` (the build fails with
 * the message, so a refusal shows as a failed build).
 *
 * @example
 * const decision: TeardownDecision = { action: "refuse", message: "…" };
 */
export type TeardownDecision =
  | { readonly action: "delete"; readonly message: string }
  | { readonly action: "nothing"; readonly message: string }
  | { readonly action: "refuse"; readonly message: string };

/**
 * The parts of `OwnershipRule` the teardown checks.
 *
 * @example
 * const rule: TeardownRule = ownershipRule(config);
 */
export type TeardownRule = Pick<
  OwnershipRule,
  "namePrefix" | "protectedStacks" | "ephemeralStackTags" | "cloneTags"
>;

const time = (value: string | undefined): number => (value === undefined ? Number.NaN : Date.parse(value));

/**
 * Whether a clone's tags show activity after `idleSince`, or a keep that still holds at `now`.
 *
 * @example
 * activeSince({ "tributary:last-run": "2026-11-27T10:00:00Z" }, "2026-11-20T10:00:00Z", "2026-11-28T00:00:00Z"); // true
 */
export function activeSince(tags: Readonly<Record<string, string>>, idleSince: string, now: string): boolean {
  return time(tags[MANAGED_TAGS.lastRun]) > time(idleSince) || time(tags[MANAGED_TAGS.keepUntil]) > time(now);
}

/**
 * The part of `teardownDecision` that needs no call: the refusal of an empty name, a name outside the project's
 * prefix, or a protected stack; `undefined` when the name may be torn down (the teardown checks it before it reads
 * anything).
 *
 * @example
 * teardownNameCheck(ownershipRule(config), { stackName: "acme-dev", reason: "orphan" })?.action; // "refuse"
 */
export function teardownNameCheck(
  rule: Pick<TeardownRule, "namePrefix" | "protectedStacks">,
  request: Pick<TeardownRequest, "stackName">,
): TeardownDecision | undefined {
  const { stackName } = request;
  if (stackName === "") {
    return {
      action: "refuse",
      message: "STACK_NAME is empty: start the build with environmentVariablesOverride STACK_NAME",
    };
  }
  if (!stackName.startsWith(rule.namePrefix)) {
    return {
      action: "refuse",
      message: `Refusing to tear down ${stackName}: its name does not start with ${rule.namePrefix}`,
    };
  }
  if (rule.protectedStacks.includes(stackName)) {
    return {
      action: "refuse",
      message: `Refusing to tear down ${stackName}: it is a protected stack (an environment's shared stack or the app's own)`,
    };
  }
  return undefined;
}

/**
 * Core's one rule for deleting a stack, as the teardown build applies it after reading the stack and its clones:
 * the name must be under the project's prefix and not protected (the environments' shared stacks, the app's own); a
 * stack that is gone needs nothing; a nested stack is its root's to delete; the stack must carry every tag of
 * `ephemeralStackTags`; and no live clone (a pipeline carrying the clone tags whose `tributary:stack` names this
 * stack) may deploy it at that moment, except for an idle teardown of that very clone with no run since `idleSince`
 * and no keep ahead.
 *
 * @example
 * teardownDecision(ownershipRule(config), { stackName: "acme-dev-feature-x", pipelineName: "acme-dev-feature-x", reason: "removed" },
 *   { stack: { tags: { "tributary:ephemeral": "true", "tributary:project": "acme" } }, pipelines: { "acme-dev-feature-x": undefined }, now });
 * // { action: "delete", message: "Tearing down acme-dev-feature-x (removed): ..." }
 */
export function teardownDecision(
  rule: TeardownRule,
  request: TeardownRequest,
  facts: TeardownFacts,
): TeardownDecision {
  const { stackName } = request;
  const byName = teardownNameCheck(rule, request);
  if (byName !== undefined) return byName;
  if (facts.stack === undefined) {
    return { action: "nothing", message: `Stack ${stackName} does not exist: nothing to tear down` };
  }
  if (facts.stack.parentId) {
    return {
      action: "refuse",
      message: `Refusing to tear down ${stackName}: it is nested in ${facts.stack.parentId}, whose teardown deletes it`,
    };
  }
  const tags = facts.stack.tags;
  const missing = Object.entries(rule.ephemeralStackTags)
    .filter(([key, value]) => tags[key] !== value)
    .map(([key, value]) => `${key}=${value}`);
  if (missing.length > 0) {
    return {
      action: "refuse",
      message: `Refusing to tear down ${stackName}: it lacks the tags ${missing.join(" ")}`,
    };
  }
  for (const [pipelineName, pipelineTags] of Object.entries(facts.pipelines)) {
    if (pipelineTags === undefined) continue;
    if (!hasAllTags(pipelineTags, rule.cloneTags) || pipelineTags[MANAGED_TAGS.stack] !== stackName) continue;
    const idleClone =
      request.reason === "idle" &&
      pipelineName === request.pipelineName &&
      request.idleSince !== undefined &&
      !activeSince(pipelineTags, request.idleSince, facts.now);
    if (idleClone) continue;
    return {
      action: "refuse",
      message:
        request.reason === "idle" && pipelineName === request.pipelineName
          ? `Refusing to tear down ${stackName}: its clone ${pipelineName} ran or was kept since ${request.idleSince ?? "the idle check"}`
          : `Refusing to tear down ${stackName}: the live clone ${pipelineName} deploys it (it was created again after the teardown was asked for)`,
    };
  }
  return { action: "delete", message: `Tearing down ${stackName} (${request.reason})` };
}
