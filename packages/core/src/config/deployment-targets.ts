/**
 * Where each environment deploys, and what that asks of the CI/CD account: the target accounts and regions (one
 * target stack each), the regions whose pipelines need an artifact store, and the config problems that stop synth.
 */

import { regionPartition } from "../names/region-partition.js";
import type { EnvironmentConfig } from "../shared/types.js";

/**
 * Where the CI/CD stack deploys: `app.account` and `app.region` of the deploy config (`undefined` when not set, an
 * environment-agnostic stack).
 *
 * @example
 * const cicd: CicdLocation = { account: "111111111111", region: "eu-west-1" };
 */
export interface CicdLocation {
  readonly account: string | undefined;
  readonly region: string | undefined;
}

/**
 * An account and region an environment's stacks deploy to.
 *
 * @example
 * const location: AccountRegion = { account: "222222222222", region: "eu-central-1" };
 */
export interface AccountRegion {
  readonly account: string | undefined;
  readonly region: string | undefined;
}

/**
 * One target account and region outside the CI/CD stack's own: the environments that deploy there, and the target
 * stack (`<project>-tributary-target-<account>-<region>`) that holds the roles the pipelines assume there.
 *
 * @example
 * const target: DeploymentTarget = {
 *   account: "333333333333", region: "eu-central-1", stackName: "acme-tributary-target-333333333333-eu-central-1",
 *   environments: ["prod"],
 * };
 */
export interface DeploymentTarget {
  readonly account: string;
  readonly region: string;
  /** Core's {@link targetStackName}. */
  readonly stackName: string;
  /** The environments deploying there, in config order. */
  readonly environments: readonly string[];
}

/**
 * A config field that stops synth: its path, its value, what is wrong and the fix (the deploy app throws it as a
 * `ConfigError`).
 *
 * @example
 * const problem: LocationProblem = { path: "app.account", value: undefined, reason: "is not set", fix: "Set app.account." };
 */
export interface LocationProblem {
  readonly path: string;
  readonly value: string | undefined;
  readonly reason: string;
  readonly fix: string;
}

/**
 * The account and region an environment's stacks deploy to: its own `account` and `region`, else the CI/CD stack's.
 *
 * @example
 * environmentLocation({ account: "222222222222", region: undefined }, { account: "111111111111", region: "eu-west-1" });
 * // { account: "222222222222", region: "eu-west-1" }
 */
export function environmentLocation(
  environment: Pick<EnvironmentConfig, "account" | "region">,
  cicd: CicdLocation,
): AccountRegion {
  return { account: environment.account ?? cicd.account, region: environment.region ?? cicd.region };
}

/**
 * Whether an environment deploys outside the CI/CD stack's account and region (then its pipeline assumes the roles of
 * its target stack there). An environment that names neither, or names the CI/CD stack's own, is not remote.
 *
 * @example
 * isRemoteEnvironment({ account: "222222222222", region: undefined }, { account: "111111111111", region: "eu-west-1" }); // true
 * isRemoteEnvironment({ account: undefined, region: undefined }, { account: "111111111111", region: "eu-west-1" });      // false
 */
export function isRemoteEnvironment(
  environment: Pick<EnvironmentConfig, "account" | "region">,
  cicd: CicdLocation,
): boolean {
  const location = environmentLocation(environment, cicd);
  return location.account !== cicd.account || location.region !== cicd.region;
}

/**
 * The name of the target stack of one account and region: `<project>-tributary-target-<account>-<region>`. It holds
 * `-tributary-`, which no environment or clone stack name can produce, so no pipeline or teardown can touch it.
 *
 * @example
 * targetStackName("acme", "333333333333", "eu-central-1"); // "acme-tributary-target-333333333333-eu-central-1"
 */
export function targetStackName(project: string, account: string, region: string): string {
  return `${project}-tributary-target-${account}-${region}`;
}

/**
 * The name of the CI/CD account's artifact-store stack of one region (a replication bucket and key for the pipelines'
 * cross-region actions): `<project>-tributary-artifacts-<region>`.
 *
 * @example
 * artifactStoreStackName("acme", "eu-central-1"); // "acme-tributary-artifacts-eu-central-1"
 */
export function artifactStoreStackName(project: string, region: string): string {
  return `${project}-tributary-artifacts-${region}`;
}

/**
 * The alias of the customer-managed key that encrypts the artifacts, staging and reports buckets, the same name in
 * every region of the CI/CD account (the replication keys carry it too), so a target role's policy can name the keys
 * by alias: their ids are generated.
 *
 * @example
 * artifactKeyAlias("acme"); // "alias/acme-tributary-artifacts"
 */
export function artifactKeyAlias(project: string): string {
  return `alias/${project}-tributary-artifacts`;
}

/**
 * Every target account and region outside the CI/CD stack's own, with the environments deploying there, in the order
 * the environments are configured. Empty when every environment deploys where the CI/CD stack does.
 *
 * @example
 * deploymentTargets(config, { account: "111111111111", region: "eu-west-1" });
 * // [{ account: "222222222222", region: "eu-west-1", stackName: "acme-tributary-target-222222222222-eu-west-1", environments: ["dev", "qa"] }, …]
 */
export function deploymentTargets(
  config: {
    readonly project: string;
    readonly environments: readonly Pick<EnvironmentConfig, "name" | "account" | "region">[];
  },
  cicd: CicdLocation,
): readonly DeploymentTarget[] {
  const targets = new Map<string, { account: string; region: string; environments: string[] }>();
  for (const environment of config.environments) {
    if (!isRemoteEnvironment(environment, cicd)) continue;
    const { account, region } = environmentLocation(environment, cicd);
    // resolveCicdLocation refuses a remote environment without both (app.account, app.region): nothing to name.
    if (account === undefined || region === undefined) continue;
    const key = `${account}/${region}`;
    const target = targets.get(key) ?? { account, region, environments: [] };
    target.environments.push(environment.name);
    targets.set(key, target);
  }
  return Object.freeze(
    [...targets.values()].map((target) =>
      Object.freeze({
        account: target.account,
        region: target.region,
        stackName: targetStackName(config.project, target.account, target.region),
        environments: Object.freeze(target.environments),
      }),
    ),
  );
}

/**
 * The regions in which the pipelines need an artifact store: the CI/CD stack's region (its own bucket) first, then
 * every other region an environment deploys to (CodePipeline V2 wants one store per region of a cross-region action).
 * Empty when the CI/CD region is not set (an environment-agnostic stack keeps its one store).
 *
 * @example
 * artifactStoreRegions(config, { account: "111111111111", region: "eu-west-1" }); // ["eu-west-1", "eu-central-1"]
 */
export function artifactStoreRegions(
  config: { readonly environments: readonly Pick<EnvironmentConfig, "region">[] },
  cicd: CicdLocation,
): readonly string[] {
  if (cicd.region === undefined) return Object.freeze([]);
  const regions = [cicd.region];
  for (const environment of config.environments) {
    const region = environment.region ?? cicd.region;
    if (!regions.includes(region)) regions.push(region);
  }
  return Object.freeze(regions);
}

/**
 * Where the CI/CD stack deploys, given `app.account` and `app.region` and the environments, and every problem with it.
 * An unset CI/CD field is taken from the environments when they name exactly one value for it (so a config that
 * names one account only on its environments deploys everything there, as a same-account config). Environments in
 * other accounts or regions need the CI/CD account and region set explicitly: the target stacks trust the CI/CD
 * roles by ARN, and the pipelines need an artifact store in each region.
 *
 * @example
 * resolveCicdLocation(config.environments, { account: undefined, region: undefined });
 * // { account: "111111111111", region: "eu-west-1", problems: [] } when every environment names that account and region
 */
export function resolveCicdLocation(
  environments: readonly Pick<EnvironmentConfig, "name" | "account" | "region">[],
  app: CicdLocation,
): CicdLocation & { readonly problems: readonly LocationProblem[] } {
  const problems: LocationProblem[] = [];
  const resolved = { account: app.account, region: app.region };
  for (const field of ["account", "region"] as const) {
    if (resolved[field] !== undefined) continue;
    const named = [...new Set(environments.flatMap((env) => (env[field] === undefined ? [] : [env[field]])))];
    if (named.length === 1) {
      resolved[field] = named[0];
    } else if (named.length > 1) {
      // The environment naming a second value is where the CI/CD one became ambiguous.
      const second = named[1];
      const where = environments.find((env) => env[field] === second);
      problems.push(
        field === "account"
          ? {
              path: `environments.${where?.name}.account`,
              value: second,
              reason: `is one of ${named.length} accounts the environments name (${named.join(", ")}), and app.account, the CI/CD account that the target stacks trust by role ARN, is not set`,
              fix: 'Set app.account to the CI/CD account, the one that holds the repository and the pipelines, e.g. `app: { account: "111111111111", region: "eu-west-1" }`.',
            }
          : {
              path: `environments.${where?.name}.region`,
              value: second,
              reason: `is one of ${named.length} regions the environments name (${named.join(", ")}) and the pipeline has no artifact store there: app.region, the CI/CD region where the pipelines and their first artifact store live, is not set`,
              fix: 'Set app.region to the CI/CD region; every other region an environment names then gets an artifact store, e.g. `app: { account: "111111111111", region: "eu-west-1" }`.',
            },
      );
    }
  }
  // A remote environment needs both: its target stack's name and trust policies name the CI/CD account, and its
  // pipeline's artifact stores are keyed by region.
  const remote = environments.find((env) => isRemoteEnvironment(env, resolved));
  const missing = (["account", "region"] as const).find((field) => resolved[field] === undefined);
  if (remote !== undefined && missing !== undefined && problems.length === 0) {
    const differs =
      remote.account !== undefined && remote.account !== resolved.account ? "account" : "region";
    problems.push({
      path: `environments.${remote.name}.${differs}`,
      value: remote[differs],
      reason: `puts ${remote.name} outside the CI/CD stack's ${differs}, which needs app.${missing} set, and it is not`,
      fix: `Set app.${missing} explicitly (the target stacks trust the CI/CD roles by ARN, and the pipelines keep an artifact store per region), or leave ${remote.name}'s ${differs} out.`,
    });
  }
  // The CI/CD account's roles, buckets and keys exist in its partition only: a pipeline there cannot assume a role,
  // run an action or stage a template in another partition.
  const cicdRegion = resolved.region;
  const cicdPartition = cicdRegion === undefined ? undefined : regionPartition(cicdRegion);
  const foreign = environments.find(
    (env) =>
      env.region !== undefined &&
      cicdPartition !== undefined &&
      regionPartition(env.region) !== cicdPartition,
  );
  if (foreign?.region !== undefined && problems.length === 0) {
    const foreignPartition = regionPartition(foreign.region);
    problems.push({
      path: `environments.${foreign.name}.region`,
      value: foreign.region,
      reason: `is in the ${foreignPartition} partition and the CI/CD region ${cicdRegion} in ${cicdPartition}: no role, pipeline action or staged template crosses partitions`,
      fix: `Deploy ${foreign.name} from a CI/CD account of its own partition (a second Tributary config with app.region in ${foreignPartition}), or give it a region of ${cicdPartition}.`,
    });
  }
  return Object.freeze({ ...resolved, problems: Object.freeze(problems) });
}
