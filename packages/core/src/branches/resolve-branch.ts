/** `resolveBranch`: which pipeline runs a branch and which stack it deploys, or `null`. */

import { findEnvironment } from "../config/environments.js";
import { clonePipelineName, cloneStackName } from "../names/names.js";
import { LIMITS } from "../shared/constants.js";
import type { TributaryConfig } from "../shared/types.js";
import type { BranchClassification } from "./classify-branch.js";
import { classifyBranch } from "./classify-branch.js";
import type { Route } from "./route.js";
import { buildRoute } from "./route.js";

/** Routes a classified branch; `null` when nothing deploys it. Shared by resolveBranch and explainBranch. */
export function routeClassified(config: TributaryConfig, classification: BranchClassification): Route | null {
  const { kind, name, suffix } = classification;
  if (name.length === 0 || name.length > LIMITS.configurationValue) return null;
  const source = { type: "branch", branch: name, kind } as const;
  if (kind === "main" || kind === "develop") {
    const environment = config.environments.find((env) => env.branch === name);
    if (environment === undefined) return null;
    return buildRoute(config, {
      source,
      environment,
      pipelineName: environment.pipelineName,
      clone: false,
      ephemeral: false,
      stackName: environment.stackName,
      requiresApproval: environment.requiresApproval,
      branch: name,
    });
  }
  if (kind === "other") return null;
  const routeConfig = config.routes.branches[kind];
  if (routeConfig === undefined) return null;
  const environment = findEnvironment(config, routeConfig.environment);
  if (environment === undefined) return null;
  const ephemeral = routeConfig.ephemeral;
  return buildRoute(config, {
    source,
    environment,
    pipelineName: clonePipelineName(config, environment.name, { kind, suffix }),
    clone: true,
    ephemeral,
    stackName: ephemeral ? cloneStackName(config, environment.name, { kind, suffix }) : environment.stackName,
    requiresApproval: ephemeral ? false : environment.requiresApproval,
    branch: name,
  });
}

/**
 * Where a branch deploys. `develop` and the main branch run their environment's own pipeline
 * (`clone: false`); routed prefixed branches get a clone of their route's environment pipeline, with
 * their own stack when the route is ephemeral. Everything else, and branches longer than 1000
 * characters (CodePipeline's limit for `BranchName`), gives `null`. Accepts `refs/heads/x` or `x`.
 *
 * @example
 * resolveBranch(config, "feature/login");
 * // { environment: "dev", templatePipeline: "acme-dev", pipelineName: "acme-dev-feature-login",
 * //   clone: true, ephemeral: true, stackName: "acme-dev-feature-login", requiresApproval: false, ... }
 * resolveBranch(config, "support/1.x"); // null
 */
export function resolveBranch(config: TributaryConfig, branch: string): Route | null {
  return routeClassified(config, classifyBranch(branch, config));
}

/**
 * One route per environment: its own pipeline and shared stack, as the constructs build them.
 * Template-only environments (no branch, such as qa) get `config.branches.develop` as a placeholder
 * source branch: their pipeline only ever runs as clones, which set their own branch.
 *
 * @example
 * environmentRoutes(config).map((route) => [route.pipelineName, route.branch]);
 * // [["acme-dev", "develop"], ["acme-qa", "develop"], ["acme-prod", "main"]]
 */
export function environmentRoutes(config: TributaryConfig): readonly Route[] {
  return Object.freeze(
    config.environments.map((environment) => {
      const branch = environment.branch ?? config.branches.develop;
      return buildRoute(config, {
        source: { type: "branch", branch, kind: classifyBranch(branch, config).kind },
        environment,
        pipelineName: environment.pipelineName,
        clone: false,
        ephemeral: false,
        stackName: environment.stackName,
        requiresApproval: environment.requiresApproval,
        branch,
      });
    }),
  );
}
