/** `defineConfig`: validates a Tributary configuration, fills the git-flow defaults and freezes it. */

import { isAwsAccountId, isAwsRegion } from "./aws-identifiers.js";
import { ConfigError } from "./errors.js";
import { isGitBranchName } from "./git-branch-name.js";
import { environmentPipelineName, environmentStackName } from "./names.js";
import { RESERVED_ENVIRONMENT_NAMES } from "./ownership.js";
import { type RunHistoryInput, validateRunHistory } from "./runs/run-history-config.js";
import type {
  BranchKind,
  BranchRouteConfig,
  EnvironmentConfig,
  PrefixedBranchKind,
  TributaryConfig,
} from "./types.js";

/**
 * One environment as the user writes it; every field optional.
 *
 * @example
 * const prod: EnvironmentInput = { branch: "main", requiresApproval: true, account: "123456789012", region: "eu-west-1" };
 */
export interface EnvironmentInput {
  /** Long-lived branch the environment pipeline runs (the main or develop branch), or `null` (template-only). @default null */
  branch?: string | null;
  /** Manual approval before executing the change set. @default false */
  requiresApproval?: boolean;
  /** Target account (12 digits). @default - the CI/CD stack's account */
  account?: string;
  /** Target region (`eu-west-1`). @default - the CI/CD stack's region */
  region?: string;
  /**
   * Regions TaskCat tests this environment's templates in (the `project.regions` of `ci/<env>/.taskcat.yml`); the
   * Test project may create TaskCat's stacks and buckets only there.
   * @default - the environment's region
   */
  testRegions?: string[];
}

/**
 * The configuration as the user writes it; `defineConfig` turns it into a `TributaryConfig`.
 *
 * @example
 * const input: TributaryConfigInput = { project: "acme", repository: "infra-deployment", branches: { main: "master" } };
 */
export interface TributaryConfigInput {
  /** Lower-case letters, digits and single dashes, starting with a letter, 1 to 24 characters. */
  project: string;
  /** The CodeCommit repository name. */
  repository: string;
  branches?: {
    /** @default "main" */
    main?: string;
    /** @default "develop" */
    develop?: string;
    /** @default { feature: "feature/", bugfix: "bugfix/", release: "release/", hotfix: "hotfix/", support: "support/" } */
    prefixes?: Partial<Record<PrefixedBranchKind, string>>;
  };
  /** @default { dev: { branch: develop }, qa: { branch: null }, prod: { branch: main, requiresApproval: true } } */
  environments?: Record<string, EnvironmentInput>;
  routes?: {
    /** Merged over the defaults per kind; `null` removes a default route. */
    branches?: Partial<Record<PrefixedBranchKind, BranchRouteConfig | null>>;
    pullRequests?: { enabled?: boolean; environmentByDestination?: Partial<Record<BranchKind, string>> };
  };
  /** @default [] */
  notificationEmails?: string[];
  /** @default "rate(6 hours)" */
  reconcileSchedule?: string;
  /**
   * How many pipelines the account's region may hold when the cloner cannot read CodePipeline's quota "Total
   * pipelines" (Service Quotas `L-78D200AD`, 1,000 by default) at a reconcile; when it can, the quota applies
   * instead. Set it to the raised quota when AWS raised yours. Every pipeline of the region counts.
   *
   * @default 1000
   */
  maxPipelines?: number;
  /**
   * Pipelines kept free below `maxPipelines` (for environment pipelines, other projects, redeploys): a clone that
   * would leave fewer free is refused and notified instead of created.
   *
   * @default 10
   */
  pipelineHeadroom?: number;
  /** How pull requests and approvals gate changes. */
  approvals?: ApprovalsInput;
  /** The run history (`runs/run-history-config.ts`). @default { ttlDays: 400 } */
  runHistory?: RunHistoryInput;
}

/**
 * How pull requests and approvals gate changes, as the user writes it.
 *
 * @example
 * const approvals: ApprovalsInput = { pullRequestRule: false }; // the deployer may not manage approval rule templates
 */
export interface ApprovalsInput {
  /**
   * Whether the CI/CD stack creates the approval rule template that lets a pull request into the main or develop
   * branch merge only with the cloner's approval (given when the PR's pipeline run succeeds), and associates it
   * with the repository. Turn it off when the deployer may not manage approval rule templates (an imported
   * repository); `pnpm tributary approval-rule` prints the commands that apply it by hand.
   *
   * @default true
   */
  pullRequestRule?: boolean;
  /**
   * Skip an environment's manual approval when the Preview step found no changes (`PREVIEW_STATUS` is
   * `no-changes`): a CodePipeline V2 entry condition on the Approval stage.
   *
   * @default false
   */
  skipWhenNoChanges?: boolean;
}

/**
 * The default `maxPipelines`: CodePipeline's default quota of pipelines per region.
 *
 * @example
 * defineConfig({ project: "acme", repository: "infra" }).maxPipelines === DEFAULT_MAX_PIPELINES; // 1000
 */
export const DEFAULT_MAX_PIPELINES = 1000;

/**
 * The default `pipelineHeadroom`.
 *
 * @example
 * defineConfig({ project: "acme", repository: "infra" }).pipelineHeadroom === DEFAULT_PIPELINE_HEADROOM; // 10
 */
export const DEFAULT_PIPELINE_HEADROOM = 10;

/**
 * The prefixed branch kinds, in git-flow order.
 *
 * @example
 * PREFIXED_BRANCH_KINDS; // ["feature", "bugfix", "release", "hotfix", "support"]
 */
export const PREFIXED_BRANCH_KINDS: readonly PrefixedBranchKind[] = Object.freeze([
  "feature",
  "bugfix",
  "release",
  "hotfix",
  "support",
]);

/**
 * Every branch kind.
 *
 * @example
 * BRANCH_KINDS.includes("other"); // true
 */
export const BRANCH_KINDS: readonly BranchKind[] = Object.freeze([
  "main",
  "develop",
  ...PREFIXED_BRANCH_KINDS,
  "other",
]);

/**
 * The git-flow default prefixes (`git flow init -d`).
 *
 * @example
 * DEFAULT_PREFIXES.release; // "release/"
 */
export const DEFAULT_PREFIXES: Readonly<Record<PrefixedBranchKind, string>> = Object.freeze({
  feature: "feature/",
  bugfix: "bugfix/",
  release: "release/",
  hotfix: "hotfix/",
  support: "support/",
});

/**
 * The default branch routes: features and bugfixes get their own dev stack, releases and hotfixes deploy qa.
 *
 * @example
 * DEFAULT_BRANCH_ROUTES.hotfix; // { environment: "qa", ephemeral: false }
 */
export const DEFAULT_BRANCH_ROUTES: Readonly<Partial<Record<PrefixedBranchKind, BranchRouteConfig>>> =
  Object.freeze({
    feature: Object.freeze({ environment: "dev", ephemeral: true }),
    bugfix: Object.freeze({ environment: "dev", ephemeral: true }),
    release: Object.freeze({ environment: "qa", ephemeral: false }),
    hotfix: Object.freeze({ environment: "qa", ephemeral: false }),
  });

/**
 * The default reconciliation schedule.
 *
 * @example
 * DEFAULT_RECONCILE_SCHEDULE; // "rate(6 hours)"
 */
export const DEFAULT_RECONCILE_SCHEDULE = "rate(6 hours)";

// No dashes: `<project>-` then never starts another project's names (`acme-` and project `acme-dev`'s `acme-dev-dev`).
const PROJECT_PATTERN = /^[a-z][a-z0-9]*$/;
const REPOSITORY_PATTERN = /^[\w.-]{1,100}$/;
/**
 * What an environment name may be: 1 to 12 lower-case letters and digits, starting with a letter.
 *
 * @example
 * ENVIRONMENT_NAME_PATTERN.test("dev"); // true
 * ENVIRONMENT_NAME_PATTERN.test("Dev"); // false
 */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9]{0,11}$/;
const ENVIRONMENT_PATTERN = ENVIRONMENT_NAME_PATTERN;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Whether `value` looks like an e-mail address SNS can subscribe (`name@domain.tld`, no spaces): the one check of
 * `notificationEmails`, shared by the constructs.
 *
 * @example
 * isEmailAddress("ops@example.com"); // true
 * isEmailAddress("ops@example");     // false
 */
export function isEmailAddress(value: string): boolean {
  return EMAIL_PATTERN.test(value);
}
const SCHEDULE_PATTERN = /^(rate|cron)\(.+\)$/;

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Own enumerable string keys, read safely (no getters run twice, no symbols). */
function readObject(value: unknown, path: string, what: string): Plain {
  if (!isPlainObject(value)) {
    throw new ConfigError(path, value, "is not an object", `Give ${what} as a plain object.`);
  }
  return value;
}

function checkKeys(object: Plain, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(
        join(path, key),
        object[key],
        "is not a known setting",
        `Remove "${key}"; the settings here are: ${allowed.join(", ")}.`,
      );
    }
  }
}

function optionalString(object: Plain, key: string, path: string, fix: string): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ConfigError(join(path, key), value, "is not a string", fix);
  return value;
}

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

function optionalBoolean(object: Plain, key: string, path: string): boolean | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") {
    throw new ConfigError(join(path, key), value, "is not a boolean", "Use true or false.");
  }
  return value;
}

/**
 * Whether git accepts `name` as a branch name: `isGitBranchName` (git-branch-name.ts holds git's rules and says which
 * one a name breaks, with `branchNameProblems`).
 *
 * @example
 * isValidBranchName("feature/login"); // true
 * isValidBranchName("feature..x");    // false
 */
export function isValidBranchName(name: string): boolean {
  return isGitBranchName(name);
}

function branchName(value: unknown, path: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !isValidBranchName(value) || value.startsWith("refs/")) {
    throw new ConfigError(
      path,
      value,
      "is not a branch name git accepts",
      `Give the short branch name, e.g. "${fallback}" (no "refs/heads/", no spaces, no "..").`,
    );
  }
  return value;
}

function validatePrefixes(input: unknown, path: string): Record<PrefixedBranchKind, string> {
  const prefixes: Record<PrefixedBranchKind, string> = { ...DEFAULT_PREFIXES };
  if (input === undefined) return prefixes;
  const object = readObject(input, path, "prefixes (kind → prefix)");
  checkKeys(object, path, PREFIXED_BRANCH_KINDS);
  for (const kind of PREFIXED_BRANCH_KINDS) {
    const value = object[kind];
    if (value === undefined) continue;
    const fieldPath = join(path, kind);
    if (
      typeof value !== "string" ||
      value.length < 2 ||
      !value.endsWith("/") ||
      !isValidBranchName(`${value}x`)
    ) {
      throw new ConfigError(
        fieldPath,
        value,
        "is not a branch prefix",
        `Use a non-empty prefix that ends with "/", e.g. "${DEFAULT_PREFIXES[kind]}".`,
      );
    }
    prefixes[kind] = value;
  }
  for (const a of PREFIXED_BRANCH_KINDS) {
    for (const b of PREFIXED_BRANCH_KINDS) {
      if (a === b) continue;
      if (prefixes[b].startsWith(prefixes[a])) {
        throw new ConfigError(
          join(path, b),
          prefixes[b],
          prefixes[a] === prefixes[b]
            ? `is also the ${a} prefix`
            : `starts with the ${a} prefix "${prefixes[a]}"`,
          "Give every kind its own prefix, none the start of another.",
        );
      }
    }
  }
  return prefixes;
}

function validateEnvironments(
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
    const account = optionalString(
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
    const region = optionalString(
      object,
      "region",
      envPath,
      'Give the region as a string, e.g. "eu-west-1".',
    );
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
      requiresApproval: optionalBoolean(object, "requiresApproval", envPath) ?? false,
      account,
      region,
      ...(testRegions === undefined ? {} : { testRegions }),
      pipelineName: environmentPipelineName(project, name),
      stackName: environmentStackName(project, name),
    };
  });
}

function checkEnvironment(
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

function validateRoutes(
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
      checkKeys(routeObject, kindPath, ["environment", "ephemeral"]);
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
    branches[kind] = { environment, ephemeral };
  }

  const prPath = join(path, "pullRequests");
  const pr =
    object.pullRequests === undefined ? {} : readObject(object.pullRequests, prPath, "pull-request routing");
  checkKeys(pr, prPath, ["enabled", "environmentByDestination"]);
  const enabled = optionalBoolean(pr, "enabled", prPath) ?? true;
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
  return { branches, pullRequests: { enabled, environmentByDestination } };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Plain)[key]);
  }
  return value;
}

/**
 * Validates a configuration, fills the git-flow defaults and returns it deep-frozen.
 * Throws `ConfigError` (naming the field, the bad value and the fix) for anything it cannot use,
 * whatever the input is.
 *
 * @example
 * const config = defineConfig({ project: "acme", repository: "infra-deployment" });
 * config.environments.map((env) => env.pipelineName); // ["acme-dev", "acme-qa", "acme-prod"]
 * config.routes.branches.release;                     // { environment: "qa", ephemeral: false }
 */
export function defineConfig(input: TributaryConfigInput): TributaryConfig {
  try {
    return validate(input);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // Proxies, throwing getters and other exotic input: report them as a config problem, never a TypeError.
    throw new ConfigError(
      "",
      input,
      "cannot be read as a configuration",
      "Pass a plain object literal or parsed JSON.",
    );
  }
}

/** A whole number of at least `minimum`, or `fallback` when absent. */
function wholeNumber(value: unknown, path: string, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < minimum) {
    throw new ConfigError(
      path,
      value,
      `is not a whole number of at least ${minimum}`,
      `Give a whole number such as ${fallback}.`,
    );
  }
  return value;
}

function validate(input: unknown): TributaryConfig {
  const root = readObject(input, "", "the configuration");
  checkKeys(root, "", [
    "project",
    "repository",
    "branches",
    "environments",
    "routes",
    "notificationEmails",
    "reconcileSchedule",
    "maxPipelines",
    "pipelineHeadroom",
    "approvals",
    "runHistory",
  ]);
  const project = root.project;
  if (typeof project !== "string" || project.length > 24 || !PROJECT_PATTERN.test(project)) {
    throw new ConfigError(
      "project",
      project,
      "is not a project name",
      'Use 1 to 24 lower-case letters and digits, starting with a letter, e.g. "acme" (no dashes: "acme-dev" would share the prefix "acme-" with project "acme"; write "acmedev").',
    );
  }
  const repository = root.repository;
  if (typeof repository !== "string" || !REPOSITORY_PATTERN.test(repository) || repository.endsWith(".git")) {
    throw new ConfigError(
      "repository",
      repository,
      "is not a CodeCommit repository name",
      'Use 1 to 100 letters, digits, ".", "_" or "-", not ending in ".git", e.g. "infra-deployment".',
    );
  }

  const branchesInput = root.branches === undefined ? {} : readObject(root.branches, "branches", "branches");
  checkKeys(branchesInput, "branches", ["main", "develop", "prefixes"]);
  const main = branchName(branchesInput.main, "branches.main", "main");
  const develop = branchName(branchesInput.develop, "branches.develop", "develop");
  if (main === develop) {
    throw new ConfigError(
      "branches.develop",
      develop,
      "is also the main branch",
      'Use two different branches, e.g. "main" and "develop".',
    );
  }
  const prefixes = validatePrefixes(branchesInput.prefixes, "branches.prefixes");
  for (const [key, name] of [
    ["main", main],
    ["develop", develop],
  ] as const) {
    for (const kind of PREFIXED_BRANCH_KINDS) {
      if (name.startsWith(prefixes[kind])) {
        throw new ConfigError(
          `branches.${key}`,
          name,
          `starts with the ${kind} prefix "${prefixes[kind]}"`,
          "Choose a long-lived branch name outside every prefix.",
        );
      }
    }
  }

  const environments = validateEnvironments(root.environments, project, main, develop);
  const routes = validateRoutes(root.routes, environments);

  let notificationEmails: string[] = [];
  if (root.notificationEmails !== undefined) {
    if (!Array.isArray(root.notificationEmails)) {
      throw new ConfigError(
        "notificationEmails",
        root.notificationEmails,
        "is not an array",
        'Give a list, e.g. ["ops@example.com"].',
      );
    }
    notificationEmails = root.notificationEmails.map((email: unknown, index: number) => {
      if (typeof email !== "string" || !isEmailAddress(email)) {
        throw new ConfigError(
          `notificationEmails.${index}`,
          email,
          "is not an e-mail address",
          'Use an address such as "ops@example.com".',
        );
      }
      return email;
    });
  }
  const reconcileSchedule =
    optionalString(root, "reconcileSchedule", "", 'Give an EventBridge schedule such as "rate(6 hours)".') ??
    DEFAULT_RECONCILE_SCHEDULE;
  if (!SCHEDULE_PATTERN.test(reconcileSchedule)) {
    throw new ConfigError(
      "reconcileSchedule",
      reconcileSchedule,
      "is not an EventBridge schedule expression",
      'Use "rate(6 hours)" or "cron(0 6 * * ? *)".',
    );
  }

  const maxPipelines = wholeNumber(root.maxPipelines, "maxPipelines", DEFAULT_MAX_PIPELINES, 1);
  const pipelineHeadroom = wholeNumber(
    root.pipelineHeadroom,
    "pipelineHeadroom",
    DEFAULT_PIPELINE_HEADROOM,
    0,
  );
  if (pipelineHeadroom >= maxPipelines) {
    throw new ConfigError(
      "pipelineHeadroom",
      pipelineHeadroom,
      `leaves no room below maxPipelines (${maxPipelines})`,
      "Use a headroom smaller than maxPipelines, e.g. 10.",
    );
  }

  return deepFreeze({
    project,
    repository,
    branches: { main, develop, prefixes },
    environments,
    routes,
    notificationEmails,
    reconcileSchedule,
    maxPipelines,
    pipelineHeadroom,
    approvals: validateApprovals(root.approvals),
    runHistory: validateRunHistory(root.runHistory),
  });
}

function validateApprovals(input: unknown): TributaryConfig["approvals"] {
  const path = "approvals";
  const object = input === undefined ? {} : readObject(input, path, "approvals");
  checkKeys(object, path, ["pullRequestRule", "skipWhenNoChanges"]);
  return {
    pullRequestRule: optionalBoolean(object, "pullRequestRule", path) ?? true,
    skipWhenNoChanges: optionalBoolean(object, "skipWhenNoChanges", path) ?? false,
  };
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

/**
 * One environment field that differs from where the CI/CD stack deploys (see `sameAccountAndRegion`).
 *
 * @example
 * const mismatch: AccountRegionMismatch = { environment: "prod", field: "account", wanted: "111111111111", expected: "123456789012", expectedFrom: null };
 */
export interface AccountRegionMismatch {
  readonly environment: string;
  readonly field: "account" | "region";
  /** What the environment asks for. */
  readonly wanted: string;
  /** Where the CI/CD stack deploys. */
  readonly expected: string;
  /** `null`: `expected` is the CI/CD stack's own; otherwise the environment that set it first. */
  readonly expectedFrom: string | null;
}

/**
 * The rule of accounts and regions: the CI/CD stack deploys every environment's stacks from its own account and region
 * (cross-account and cross-region environments are not supported yet). Given the stack's account and region
 * (`undefined` when not set) it returns where the stack deploys (an unset field taken from the first environment
 * that sets it) and every environment field that differs. The deploy app and `EnvironmentPipeline` both apply it.
 *
 * @example
 * sameAccountAndRegion(config.environments, { account: "123456789012", region: undefined });
 * // { account: "123456789012", region: "eu-west-1", mismatches: [] } when only prod sets region eu-west-1
 */
export function sameAccountAndRegion(
  environments: readonly Pick<EnvironmentConfig, "name" | "account" | "region">[],
  stack: { readonly account: string | undefined; readonly region: string | undefined },
): { account: string | undefined; region: string | undefined; mismatches: readonly AccountRegionMismatch[] } {
  const target = { account: stack.account, region: stack.region };
  const mismatches: AccountRegionMismatch[] = [];
  for (const field of ["account", "region"] as const) {
    const first = environments.find((env) => env[field] !== undefined);
    const expectedFrom = target[field] !== undefined ? null : (first?.name ?? null);
    const expected = target[field] ?? first?.[field];
    if (expected === undefined) continue;
    target[field] = expected;
    for (const env of environments) {
      const wanted = env[field];
      if (wanted !== undefined && wanted !== expected) {
        mismatches.push({ environment: env.name, field, wanted, expected, expectedFrom });
      }
    }
  }
  return { ...target, mismatches: Object.freeze(mismatches) };
}
