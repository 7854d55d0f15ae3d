/** The branch and pull-request routes of a config: the defaults merged with the input, checked against its environments. */

import { ConfigError } from "../shared/errors.js";
import type {
  BranchKind,
  BranchRouteConfig,
  EnvironmentConfig,
  PrefixedBranchKind,
  TributaryConfig,
} from "../shared/types.js";
import { booleanSetting, checkKeys, join, type Plain, readObject } from "./config-fields.js";
import { BRANCH_KINDS, DEFAULT_BRANCH_ROUTES, PREFIXED_BRANCH_KINDS } from "./defaults.js";
import { checkEnvironment } from "./environments.js";

/** The routes of the input, over `DEFAULT_BRANCH_ROUTES`. */
export function validateRoutes(
  input: unknown,
  environments: readonly EnvironmentConfig[],
): TributaryConfig["routes"] {
  const path = "routes";
  const object = input === undefined ? {} : readObject(input, path, "routes");
  checkKeys(object, path, ["branches", "pullRequests"]);

  const branchesPath = join(path, "branches");
  const overrides =
    object.branches === undefined ? {} : readObject(object.branches, branchesPath, "branch routes");
  checkKeys(overrides, branchesPath, PREFIXED_BRANCH_KINDS);
  const branches: Partial<Record<PrefixedBranchKind, BranchRouteConfig>> = {};
  for (const kind of PREFIXED_BRANCH_KINDS) {
    const kindPath = join(branchesPath, kind);
    const override = overrides[kind];
    let route: unknown = DEFAULT_BRANCH_ROUTES[kind];
    if (override === null) continue;
    if (override !== undefined) {
      const routeObject = readObject(
        override,
        kindPath,
        `the ${kind} route ({ environment, ephemeral }) or null`,
      );
      checkKeys(routeObject, kindPath, ["environment", "ephemeral", "idleDays"]);
      if (typeof routeObject.ephemeral !== "boolean") {
        throw new ConfigError(
          join(kindPath, "ephemeral"),
          routeObject.ephemeral,
          "is not a boolean",
          "Use true (own stack per branch) or false (the environment's shared stack).",
        );
      }
      route = routeObject;
    }
    if (route === undefined) continue;
    const { environment, ephemeral } = route as BranchRouteConfig;
    checkEnvironment(
      environment,
      join(kindPath, "environment"),
      environments,
      `set routes.branches.${kind} to null to give ${kind} branches no pipeline`,
    );
    const idleDays = idleDaysSetting(route as Plain, kindPath, ephemeral);
    branches[kind] = { environment, ephemeral, ...(idleDays === undefined ? {} : { idleDays }) };
  }

  const prPath = join(path, "pullRequests");
  const pr =
    object.pullRequests === undefined ? {} : readObject(object.pullRequests, prPath, "pull-request routing");
  checkKeys(pr, prPath, ["enabled", "environmentByDestination", "idleDays"]);
  const enabled = booleanSetting(pr, "enabled", prPath) ?? true;
  const byPath = join(prPath, "environmentByDestination");
  const byInput =
    pr.environmentByDestination === undefined
      ? {}
      : readObject(pr.environmentByDestination, byPath, "destination kind → environment");
  checkKeys(byInput, byPath, BRANCH_KINDS);
  const environmentByDestination: Partial<Record<BranchKind, string>> = {};
  for (const kind of BRANCH_KINDS) {
    if (byInput[kind] === undefined) continue;
    environmentByDestination[kind] = checkEnvironment(
      byInput[kind],
      join(byPath, kind),
      environments,
      "remove the override",
    );
  }
  const idleDays = idleDaysSetting(pr, prPath, true);
  return {
    branches,
    pullRequests: { enabled, environmentByDestination, ...(idleDays === undefined ? {} : { idleDays }) },
  };
}

/**
 * The most idle days a route may give: a year. Beyond it the teardown would never happen in practice, and an
 * `idleDays` of thousands is more likely a typo (milliseconds, hours) than a wish.
 *
 * @example
 * MAX_IDLE_DAYS; // 365
 */
export const MAX_IDLE_DAYS = 365;

/** `object.idleDays`: a whole number of days from 1 to `MAX_IDLE_DAYS`, only where the route deploys its own stack. */
function idleDaysSetting(object: Plain, path: string, ephemeral: boolean): number | undefined {
  const value = object.idleDays;
  if (value === undefined) return undefined;
  const field = join(path, "idleDays");
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > MAX_IDLE_DAYS) {
    throw new ConfigError(
      field,
      value,
      `is not a whole number of days from 1 to ${MAX_IDLE_DAYS}`,
      "Give the days without a run after which the stack is torn down, e.g. 7, or leave idleDays out to keep stacks until the branch goes.",
    );
  }
  if (!ephemeral) {
    throw new ConfigError(
      field,
      value,
      "is set on a route that deploys the environment's shared stack, which is never torn down",
      "Remove idleDays, or set ephemeral: true so that each branch deploys its own stack.",
    );
  }
  return value;
}
