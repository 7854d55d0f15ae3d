/** `explainBranch`: a branch's classification and route, with a human reason when nothing deploys it. */

import { classifyBranch } from "./classify-branch.js";
import { LIMITS } from "./constants.js";
import { routeClassified } from "./resolve-branch.js";
import type { BranchClassification, Route, TributaryConfig } from "./types.js";

/**
 * What `explainBranch` says of one branch.
 *
 * @example
 * const { classification, route, reason }: BranchExplanation = explainBranch(config, "release/1.2.0");
 */
export interface BranchExplanation {
  readonly classification: BranchClassification;
  readonly route: Route | null;
  /** One sentence: where the branch deploys, or why it does not. */
  readonly reason: string;
}

/**
 * Classifies and routes a branch, and says why in one sentence (for logs, `ignore` actions and CLIs).
 *
 * @example
 * explainBranch(config, "support/1.x").reason;
 * // 'support branch "support/1.x" has no route (routes.branches.support is not set)'
 */
export function explainBranch(config: TributaryConfig, branch: string): BranchExplanation {
  const classification = classifyBranch(branch, config);
  const route = routeClassified(config, classification);
  return Object.freeze({ classification, route, reason: reasonFor(config, classification, route) });
}

function reasonFor(
  config: TributaryConfig,
  classification: BranchClassification,
  route: Route | null,
): string {
  const { kind, name } = classification;
  if (route !== null) {
    const where = route.ephemeral
      ? `its own stack ${route.stackName}`
      : `the shared stack ${route.stackName}`;
    return route.clone
      ? `${kind} branch "${name}" deploys to ${where} through ${route.pipelineName}, a clone of ${route.templatePipeline}`
      : `${kind} branch "${name}" runs the ${route.environment} environment pipeline ${route.pipelineName} itself`;
  }
  if (name.length === 0) return "the branch name is empty";
  if (name.length > LIMITS.configurationValue) {
    return `branch name is ${name.length} characters long; CodePipeline accepts at most ${LIMITS.configurationValue}`;
  }
  if (kind === "main" || kind === "develop") {
    return `${kind} branch "${name}" is the branch of no environment`;
  }
  if (kind === "other") {
    if (name.startsWith("refs/")) return `"${name}" is not a branch`;
    const bare = Object.values(config.branches.prefixes).find(
      (prefix) => name === prefix || `${name}/` === prefix,
    );
    if (bare !== undefined) return `"${name}" has nothing after the prefix "${bare}"`;
    return `branch "${name}" matches no git-flow kind (main ${config.branches.main}, develop ${config.branches.develop}, or a prefix)`;
  }
  return `${kind} branch "${name}" has no route (routes.branches.${kind} is not set)`;
}
