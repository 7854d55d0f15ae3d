/** The cloner Lambda's environment variables: the config as compact JSON, and back. */

import { DEFAULT_RUN_HISTORY_TTL_DAYS } from "../runs/run-history-config.js";
import { LIMITS } from "../shared/constants.js";
import { ConfigError } from "../shared/errors.js";
import type { BranchRouteConfig, PrefixedBranchKind, TributaryConfig } from "../shared/types.js";
import type { EnvironmentInput, TributaryConfigInput } from "./config-input.js";
import {
  DEFAULT_BRANCH_ROUTES,
  DEFAULT_MAX_PIPELINES,
  DEFAULT_PIPELINE_HEADROOM,
  DEFAULT_RECONCILE_SCHEDULE,
  PREFIXED_BRANCH_KINDS,
} from "./defaults.js";
import { defineConfig } from "./define-config.js";

/**
 * The environment variable that carries the configuration.
 *
 * @example
 * process.env[CONFIG_VARIABLE]; // '{"project":"acme",...}'
 */
export const CONFIG_VARIABLE = "TRIBUTARY_CONFIG";

/**
 * The input that `defineConfig` turns back into `config` (defaults left out where they are implied).
 *
 * @example
 * configToInput(defineConfig({ project: "acme", repository: "infra" }));
 * // { project: "acme", repository: "infra", branches: {...}, environments: {...}, routes: {...} }
 */
export function configToInput(config: TributaryConfig): TributaryConfigInput {
  const environments: Record<string, EnvironmentInput> = {};
  for (const env of config.environments) {
    const entry: EnvironmentInput = { branch: env.branch };
    if (env.requiresApproval) entry.requiresApproval = true;
    if (env.account !== undefined) entry.account = env.account;
    if (env.region !== undefined) entry.region = env.region;
    if (env.testRegions !== undefined) entry.testRegions = [...env.testRegions];
    environments[env.name] = entry;
  }
  const routes: Partial<Record<PrefixedBranchKind, BranchRouteConfig | null>> = {};
  for (const kind of PREFIXED_BRANCH_KINDS) {
    const route = config.routes.branches[kind];
    const fallback = DEFAULT_BRANCH_ROUTES[kind];
    if (route === undefined) {
      if (fallback !== undefined) routes[kind] = null;
    } else if (
      fallback === undefined ||
      fallback.environment !== route.environment ||
      fallback.ephemeral !== route.ephemeral ||
      route.idleDays !== undefined
    ) {
      routes[kind] = {
        environment: route.environment,
        ephemeral: route.ephemeral,
        ...(route.idleDays === undefined ? {} : { idleDays: route.idleDays }),
      };
    }
  }
  const input: TributaryConfigInput = {
    project: config.project,
    ...sourceInput(config),
    branches: {
      main: config.branches.main,
      develop: config.branches.develop,
      prefixes: { ...config.branches.prefixes },
    },
    environments,
    routes: {
      branches: routes,
      pullRequests: {
        enabled: config.routes.pullRequests.enabled,
        environmentByDestination: { ...config.routes.pullRequests.environmentByDestination },
        ...(config.routes.pullRequests.idleDays === undefined
          ? {}
          : { idleDays: config.routes.pullRequests.idleDays }),
      },
    },
  };
  if (config.notificationEmails.length > 0) input.notificationEmails = [...config.notificationEmails];
  if (config.reconcileSchedule !== DEFAULT_RECONCILE_SCHEDULE)
    input.reconcileSchedule = config.reconcileSchedule;
  if (config.maxPipelines !== DEFAULT_MAX_PIPELINES) input.maxPipelines = config.maxPipelines;
  if (config.pipelineHeadroom !== DEFAULT_PIPELINE_HEADROOM) input.pipelineHeadroom = config.pipelineHeadroom;
  const approvals: NonNullable<TributaryConfigInput["approvals"]> = {
    ...(config.approvals.pullRequestRule ? {} : { pullRequestRule: false }),
    ...(config.approvals.skipWhenNoChanges ? { skipWhenNoChanges: true } : {}),
  };
  if (Object.keys(approvals).length > 0) input.approvals = approvals;
  if (config.runHistory.ttlDays !== DEFAULT_RUN_HISTORY_TTL_DAYS) {
    input.runHistory = { ttlDays: config.runHistory.ttlDays };
  }
  return input;
}

/** `repository` for CodeCommit (as every config had it before `source`), else the GitHub `source`. */
function sourceInput(config: TributaryConfig): Pick<TributaryConfigInput, "repository" | "source"> {
  const { source } = config;
  if (source.provider === "codecommit") return { repository: source.repository };
  return {
    source: {
      provider: "github",
      owner: source.owner,
      repository: source.repository,
      ...(source.connectionArn === undefined ? {} : { connectionArn: source.connectionArn }),
      ...(source.forkPullRequests.allow.length > 0
        ? { forkPullRequests: { allow: [...source.forkPullRequests.allow] } }
        : {}),
    },
  };
}

function utf8Length(value: string): number {
  let bytes = 0;
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * The cloner Lambda's environment: `{ TRIBUTARY_CONFIG: <compact JSON> }`. Throws `ConfigError` when the
 * variables would not fit Lambda's 4 KB.
 *
 * @example
 * clonerEnvironment(config); // { TRIBUTARY_CONFIG: '{"project":"acme","repository":"infra",...}' }
 */
export function clonerEnvironment(config: TributaryConfig): Record<string, string> {
  const value = JSON.stringify(configToInput(config));
  const bytes = utf8Length(CONFIG_VARIABLE) + utf8Length(value);
  if (bytes >= LIMITS.lambdaEnvironmentBytes) {
    throw new ConfigError(
      "",
      `${bytes} bytes`,
      `does not fit the Lambda environment (${LIMITS.lambdaEnvironmentBytes} bytes)`,
      "Shorten names, drop notification e-mails or environments.",
    );
  }
  return { [CONFIG_VARIABLE]: value };
}

/**
 * Reads the configuration back from the cloner Lambda's environment (the inverse of `clonerEnvironment`).
 * Throws `ConfigError` when the variable is missing, not JSON, or not a valid configuration.
 *
 * @example
 * const config = loadClonerEnvironment(process.env);
 */
export function loadClonerEnvironment(env: Readonly<Record<string, string | undefined>>): TributaryConfig {
  const value = env[CONFIG_VARIABLE];
  if (value === undefined || value === "") {
    throw new ConfigError(
      CONFIG_VARIABLE,
      value,
      "is not set",
      "It is set by the PipelineCloner construct; redeploy the CI/CD stack.",
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(
      CONFIG_VARIABLE,
      value,
      "is not JSON",
      "It is set by the PipelineCloner construct from clonerEnvironment(config); redeploy the CI/CD stack.",
    );
  }
  return defineConfig(parsed as TributaryConfigInput);
}
