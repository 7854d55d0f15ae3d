/** The ownership rule, as data: what a Tributary project owns and may change, for reconcile, the cloner, IAM and the teardown. */

import { environmentPipelineName, environmentStackName, pipelineNamePrefix } from "../names/names.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import type { TributaryConfig } from "../shared/types.js";

/**
 * The tag a project's CloudFront distributions carry (the demo template sets it to its own stack name, which starts
 * with the environment's stack name or TaskCat's `tCaT-`): IAM lets a role change only distributions whose tag
 * matches that role's stack name patterns.
 *
 * @example
 * DISTRIBUTION_OWNER_TAG; // "tributary:stack"
 */
export const DISTRIBUTION_OWNER_TAG = MANAGED_TAGS.stack;

/**
 * The prefix TaskCat gives its test stacks (`tCaT-<project>-<test>-<id>`); the Test projects may run only these.
 *
 * @example
 * TASKCAT_STACK_PREFIX; // "tCaT-"
 */
export const TASKCAT_STACK_PREFIX = "tCaT-";

/**
 * The prefix TaskCat gives its buckets (`tcat-<project>-<id>`, and the test stacks' buckets, named after `tCaT-…`).
 *
 * @example
 * TASKCAT_BUCKET_PREFIX; // "tcat-"
 */
export const TASKCAT_BUCKET_PREFIX = "tcat-";

/**
 * The names of the app's own stacks, `<project>-tributary-repository` and `<project>-tributary-cicd`. Never
 * ephemeral: the teardown is denied them and everything they hold.
 *
 * @example
 * tributaryStackNames({ project: "acme" }); // { repository: "acme-tributary-repository", cicd: "acme-tributary-cicd" }
 */
export function tributaryStackNames(config: Pick<TributaryConfig, "project">): {
  readonly repository: string;
  readonly cicd: string;
} {
  return { repository: `${config.project}-tributary-repository`, cicd: `${config.project}-tributary-cicd` };
}

/**
 * The environment name that `<project>-<env>` would make collide with the app's own stacks
 * (`<project>-tributary-cicd` starts with `<project>-tributary-`): config rejects it.
 *
 * @example
 * RESERVED_ENVIRONMENT_NAMES.includes("tributary"); // true
 */
export const RESERVED_ENVIRONMENT_NAMES: readonly string[] = Object.freeze(["tributary"]);

/**
 * What a project owns, as data. Every rule that decides "is this ours?" reads it: core's `isManagedClone`, the
 * cloner's tag checks, the IAM conditions of the constructs and the teardown script's check.
 *
 * @example
 * const rule: OwnershipRule = ownershipRule(config);
 * rule.cloneTags; // { "tributary:managed": "true", "tributary:project": "acme" }
 */
export interface OwnershipRule {
  /** `<project>-`: every pipeline, stack and stack bucket the project names starts with it. */
  readonly namePrefix: string;
  /** Tags on every pipeline and stack of the project (the environment pipelines too). */
  readonly projectTags: Readonly<Record<string, string>>;
  /** Tags of a managed clone: the only pipelines the cloner may update or delete. */
  readonly cloneTags: Readonly<Record<string, string>>;
  /** Tags of an ephemeral stack: the only stacks the teardown may delete. */
  readonly ephemeralStackTags: Readonly<Record<string, string>>;
  /** The environment pipelines: never clones, never updated, untagged or deleted by the cloner. */
  readonly environmentPipelines: readonly string[];
  /** Stacks that are never ephemeral: the environments' shared stacks and the app's own two stacks. */
  readonly protectedStacks: readonly string[];
}

/**
 * The ownership rule of a project.
 *
 * @example
 * ownershipRule(config).protectedStacks;
 * // ["acme-dev", "acme-qa", "acme-prod", "acme-tributary-repository", "acme-tributary-cicd"]
 */
export function ownershipRule(config: Pick<TributaryConfig, "project" | "environments">): OwnershipRule {
  const stacks = tributaryStackNames(config);
  return Object.freeze({
    namePrefix: pipelineNamePrefix(config),
    projectTags: Object.freeze({ [MANAGED_TAGS.project]: config.project }),
    cloneTags: Object.freeze({ [MANAGED_TAGS.managed]: "true", [MANAGED_TAGS.project]: config.project }),
    ephemeralStackTags: Object.freeze({
      [MANAGED_TAGS.ephemeral]: "true",
      [MANAGED_TAGS.project]: config.project,
    }),
    environmentPipelines: Object.freeze(
      config.environments.map((environment) => environmentPipelineName(config.project, environment.name)),
    ),
    protectedStacks: Object.freeze([
      ...config.environments.map((environment) => environmentStackName(config.project, environment.name)),
      stacks.repository,
      stacks.cicd,
    ]),
  });
}

/**
 * Whether `tags` hold every entry of `required` (same key, same value).
 *
 * @example
 * hasAllTags({ a: "1", b: "2" }, { a: "1" }); // true
 */
export function hasAllTags(
  tags: Readonly<Record<string, string>>,
  required: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(required).every(([key, value]) => Object.hasOwn(tags, key) && tags[key] === value);
}

/**
 * Whether a pipeline is one of the project's managed clones: named under the prefix, tagged as a clone of the
 * project, and not an environment pipeline.
 *
 * @example
 * ownsClone(ownershipRule(config), { name: "acme-dev-feature-x", tags: { "tributary:managed": "true", "tributary:project": "acme" } }); // true
 * ownsClone(ownershipRule(config), { name: "acme-dev", tags: { "tributary:managed": "true", "tributary:project": "acme" } }); // false
 */
export function ownsClone(
  rule: OwnershipRule,
  pipeline: { readonly name: string; readonly tags: Readonly<Record<string, string>> },
): boolean {
  return (
    pipeline.name.startsWith(rule.namePrefix) &&
    hasAllTags(pipeline.tags, rule.cloneTags) &&
    !rule.environmentPipelines.includes(pipeline.name)
  );
}

/**
 * Whether a stack may be torn down: named under the prefix, tagged ephemeral and the project's, and not protected.
 *
 * @example
 * ownsEphemeralStack(ownershipRule(config), { name: "acme-dev-feature-x", tags: { "tributary:ephemeral": "true", "tributary:project": "acme" } }); // true
 */
export function ownsEphemeralStack(
  rule: OwnershipRule,
  stack: { readonly name: string; readonly tags: Readonly<Record<string, string>> },
): boolean {
  return (
    stack.name.startsWith(rule.namePrefix) &&
    hasAllTags(stack.tags, rule.ephemeralStackTags) &&
    !rule.protectedStacks.includes(stack.name)
  );
}

/**
 * IAM `StringEquals` entries that require a resource to carry `tags` (`aws:ResourceTag/<key>`).
 *
 * @example
 * resourceTagConditions({ "tributary:project": "acme" }); // { "aws:ResourceTag/tributary:project": "acme" }
 */
export function resourceTagConditions(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value]));
}

/**
 * IAM `StringEquals` entries that require a request to tag the new resource with `tags` (`aws:RequestTag/<key>`).
 *
 * @example
 * requestTagConditions({ "tributary:managed": "true" }); // { "aws:RequestTag/tributary:managed": "true" }
 */
export function requestTagConditions(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:RequestTag/${key}`, value]));
}

/**
 * The name patterns (IAM wildcards) of one environment's stacks: its shared stack and every clone's stack
 * (`<project>-<env>`, `<project>-<env>-*`). Buckets and distributions of these stacks are named or tagged after them.
 *
 * @example
 * environmentStackPatterns({ project: "acme" }, "dev"); // ["acme-dev", "acme-dev-*"]
 */
export function environmentStackPatterns(config: Pick<TributaryConfig, "project">, env: string): string[] {
  const stack = environmentStackName(config.project, env);
  return [stack, `${stack}-*`];
}

/**
 * The name patterns (IAM wildcards) of one environment's pipelines: its environment pipeline and every clone
 * (`<project>-<env>`, `<project>-<env>-*`); staged templates and reports live in folders named after them.
 *
 * @example
 * environmentPipelinePatterns({ project: "acme" }, "dev"); // ["acme-dev", "acme-dev-*"]
 */
export function environmentPipelinePatterns(config: Pick<TributaryConfig, "project">, env: string): string[] {
  const pipeline = environmentPipelineName(config.project, env);
  return [pipeline, `${pipeline}-*`];
}
