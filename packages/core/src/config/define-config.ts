/** `defineConfig`: validates a Tributary configuration, fills the git-flow defaults and freezes it. */

import { validateRunHistory } from "../runs/run-history-config.js";
import { ConfigError } from "../shared/errors.js";
import type { TributaryConfig } from "../shared/types.js";
import { validateBranches } from "./branch-settings.js";
import {
  booleanSetting,
  checkKeys,
  deepFreeze,
  readObject,
  stringSetting,
  wholeNumber,
} from "./config-fields.js";
import type { TributaryConfigInput } from "./config-input.js";
import { DEFAULT_MAX_PIPELINES, DEFAULT_PIPELINE_HEADROOM, DEFAULT_RECONCILE_SCHEDULE } from "./defaults.js";
import { validateEnvironments } from "./environments.js";
import { validateRoutes } from "./routes.js";
import { scheduleExpressionProblem } from "./schedule-expression.js";
import { validateSource } from "./source.js";

/**
 * A project name's characters (its length is checked apart). No dashes: `<project>-` then never starts another
 * project's names (`acme-` and project `acme-dev`'s `acme-dev-dev`).
 *
 * @example
 * PROJECT_PATTERN.test("acme"); // true
 */
export const PROJECT_PATTERN = /^[a-z][a-z0-9]*$/;

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

/**
 * Validates a configuration, fills the git-flow defaults and returns it deep-frozen.
 * Throws `ConfigError` (naming the field, the bad value and the fix) for anything it cannot use,
 * whatever the input is.
 *
 * @example
 * const config = defineConfig({ project: "acme", repository: "infra-deployment" });
 * config.environments.map((env) => env.pipelineName); // ["acme-dev", "acme-qa", "acme-prod"]
 * config.routes.branches.release;                     // { environment: "qa", ephemeral: false }
 * defineConfig({ project: "acme", source: { provider: "github", owner: "acme", repository: "infra" } }).repository; // "acme/infra"
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

function validate(input: unknown): TributaryConfig {
  const root = readObject(input, "", "the configuration");
  checkKeys(root, "", [
    "project",
    "repository",
    "source",
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
  const { repository, source } = validateSource(root);

  const { main, develop, prefixes } = validateBranches(root.branches);

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
    stringSetting(root, "reconcileSchedule", "", 'Give an EventBridge schedule such as "rate(6 hours)".') ??
    DEFAULT_RECONCILE_SCHEDULE;
  const scheduleProblem = scheduleExpressionProblem(reconcileSchedule);
  if (scheduleProblem !== undefined) {
    throw new ConfigError(
      "reconcileSchedule",
      reconcileSchedule,
      scheduleProblem.problem,
      scheduleProblem.fix,
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
    source,
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
    pullRequestRule: booleanSetting(object, "pullRequestRule", path) ?? true,
    skipWhenNoChanges: booleanSetting(object, "skipWhenNoChanges", path) ?? false,
  };
}
