/** The branch kinds, and the defaults `defineConfig` fills in (git-flow's prefixes and routes, limits, schedule). */

import type { BranchKind, BranchRouteConfig, PrefixedBranchKind } from "../shared/types.js";

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
