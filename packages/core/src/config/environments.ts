/** The environments of a config: validated from the input in declaration order, and found by name. */

import { isAwsAccountId, isAwsRegion } from "../names/aws-identifiers.js";
import { environmentPipelineName, environmentStackName } from "../names/names.js";
import { RESERVED_ENVIRONMENT_NAMES } from "../ownership/ownership.js";
import { ConfigError } from "../shared/errors.js";
import type { EnvironmentConfig, TributaryConfig } from "../shared/types.js";
import { booleanSetting, checkKeys, join, readObject, stringSetting } from "./config-fields.js";

/**
 * What an environment name may be: 1 to 12 lower-case letters and digits, starting with a letter.
 *
 * @example
 * ENVIRONMENT_NAME_PATTERN.test("dev"); // true
 * ENVIRONMENT_NAME_PATTERN.test("Dev"); // false
 */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9]{0,11}$/;

const ENVIRONMENT_PATTERN = ENVIRONMENT_NAME_PATTERN;

function readTestRegions(value: unknown, path: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const fix = 'Give the regions of ci/<env>/.taskcat.yml as a list of region codes, e.g. ["us-east-1"].';
  if (!Array.isArray(value) || value.length === 0)
    throw new ConfigError(path, value, "is not a non-empty list", fix);
  value.forEach((region, index) => {
    if (typeof region !== "string" || !isAwsRegion(region)) {
      throw new ConfigError(`${path}[${index}]`, region, "is not an AWS region", fix);
    }
    if (value.indexOf(region) !== index)
      throw new ConfigError(`${path}[${index}]`, region, "is listed twice", fix);
  });
  return Object.freeze([...value] as string[]);
}

/** The environments of the input (dev, qa and prod when it has none), each checked and named. */
export function validateEnvironments(
  input: unknown,
  project: string,
  main: string,
  develop: string,
): EnvironmentConfig[] {
  const path = "environments";
  const entries: [string, unknown][] =
    input === undefined
      ? [
          ["dev", { branch: develop }],
          ["qa", { branch: null }],
          ["prod", { branch: main, requiresApproval: true }],
        ]
      : Object.entries(readObject(input, path, "environments (name → settings)"));
  if (entries.length === 0) {
    throw new ConfigError(
      path,
      input,
      "has no environment",
      'Declare at least one, e.g. { dev: { branch: "develop" } }.',
    );
  }
  const byBranch = new Map<string, string>();
  return entries.map(([name, value]) => {
    const envPath = join(path, name);
    if (!ENVIRONMENT_PATTERN.test(name)) {
      throw new ConfigError(
        envPath,
        name,
        "is not an environment name",
        'Use 1 to 12 lower-case letters and digits, starting with a letter, e.g. "dev".',
      );
    }
    if (RESERVED_ENVIRONMENT_NAMES.includes(name)) {
      throw new ConfigError(
        envPath,
        name,
        "is reserved",
        `Rename the environment: its stacks (${project}-${name}-*) would include the app's own stacks (${project}-tributary-cicd).`,
      );
    }
    const object = readObject(value, envPath, `environment "${name}"`);
    checkKeys(object, envPath, ["branch", "requiresApproval", "account", "region", "testRegions"]);
    const rawBranch = object.branch;
    let branch: string | null = null;
    if (rawBranch !== undefined && rawBranch !== null) {
      if (rawBranch !== main && rawBranch !== develop) {
        throw new ConfigError(
          join(envPath, "branch"),
          rawBranch,
          "is not a long-lived branch",
          `Use the main branch "${main}", the develop branch "${develop}", or null for a template-only environment.`,
        );
      }
      const other = byBranch.get(rawBranch);
      if (other !== undefined) {
        throw new ConfigError(
          join(envPath, "branch"),
          rawBranch,
          `is already the branch of environment "${other}"`,
          "Give each long-lived branch to one environment at most.",
        );
      }
      byBranch.set(rawBranch, name);
      branch = rawBranch;
    }
    const account = stringSetting(
      object,
      "account",
      envPath,
      "Give the 12-digit AWS account id as a string.",
    );
    if (account !== undefined && !isAwsAccountId(account)) {
      throw new ConfigError(
        join(envPath, "account"),
        account,
        "is not an AWS account id",
        'Use the 12 digits, e.g. "123456789012".',
      );
    }
    const region = stringSetting(object, "region", envPath, 'Give the region as a string, e.g. "eu-west-1".');
    if (region !== undefined && !isAwsRegion(region)) {
      throw new ConfigError(
        join(envPath, "region"),
        region,
        "is not an AWS region",
        'Use a region code, e.g. "eu-west-1".',
      );
    }
    const testRegions = readTestRegions(object.testRegions, join(envPath, "testRegions"));
    return {
      name,
      branch,
      requiresApproval: booleanSetting(object, "requiresApproval", envPath) ?? false,
      account,
      region,
      ...(testRegions === undefined ? {} : { testRegions }),
      pipelineName: environmentPipelineName(project, name),
      stackName: environmentStackName(project, name),
    };
  });
}

/** `name` when it is a declared environment; else a `ConfigError` at `path` that ends with `fix`. */
export function checkEnvironment(
  name: unknown,
  path: string,
  environments: readonly EnvironmentConfig[],
  fix: string,
): string {
  const names = environments.map((env) => env.name);
  if (typeof name !== "string" || !names.includes(name)) {
    throw new ConfigError(
      path,
      name,
      "is not a declared environment",
      `Use one of ${names.join(", ")}, or ${fix}.`,
    );
  }
  return name;
}

/**
 * The environment named `name`, or `undefined`.
 *
 * @example
 * findEnvironment(config, "qa")?.pipelineName; // "acme-qa"
 */
export function findEnvironment(config: TributaryConfig, name: string): EnvironmentConfig | undefined {
  return config.environments.find((env) => env.name === name);
}
