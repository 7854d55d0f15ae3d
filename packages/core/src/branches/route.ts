/** Builds the frozen `Route` objects that resolveBranch, resolvePullRequest and environmentRoutes return. */

import { tagValue } from "../names/names.js";
import { MANAGED_TAGS, PIPELINE_VARIABLES } from "../shared/constants.js";
import type { BranchKind, EnvironmentConfig, TributaryConfig } from "../shared/types.js";

/**
 * The fields of a route that vary; variables and tags are derived from them (internal).
 *
 * @example
 * buildRoute(config, { source, environment, pipelineName, clone: true, ephemeral: true, stackName, requiresApproval: false, branch });
 */
export interface RouteFields {
  readonly source: RouteSource;
  readonly environment: EnvironmentConfig;
  readonly pipelineName: string;
  readonly clone: boolean;
  readonly ephemeral: boolean;
  readonly stackName: string;
  readonly requiresApproval: boolean;
  readonly branch: string;
}

/**
 * Assembles a route: pipeline variables always, managed tags for clones only (internal).
 *
 * @example
 * buildRoute(config, fields).variables.PipelineName === fields.pipelineName; // true
 */
export function buildRoute(config: TributaryConfig, fields: RouteFields): Route {
  const { source, environment, pipelineName, clone, ephemeral, stackName, requiresApproval, branch } = fields;
  const variables = Object.freeze({
    [PIPELINE_VARIABLES.environment]: environment.name,
    [PIPELINE_VARIABLES.stackName]: stackName,
    // As a tag value: CodePipeline does not escape variable values it substitutes into JSON action
    // configurations (CodeBuild's EnvironmentVariables), and a git branch may contain `"`; the tag alphabet
    // has no such character, and the Test stage tags the stack with this very value.
    [PIPELINE_VARIABLES.branch]: tagValue(branch),
    [PIPELINE_VARIABLES.ephemeral]: String(ephemeral),
    [PIPELINE_VARIABLES.pipelineName]: pipelineName,
  });
  const tags: Record<string, string> = {};
  if (clone) {
    tags[MANAGED_TAGS.managed] = "true";
    tags[MANAGED_TAGS.project] = config.project;
    tags[MANAGED_TAGS.template] = environment.pipelineName;
    tags[MANAGED_TAGS.environment] = environment.name;
    tags[MANAGED_TAGS.branch] = tagValue(branch);
    if (source.type === "pullRequest") tags[MANAGED_TAGS.pullRequest] = tagValue(source.pullRequestId);
    tags[MANAGED_TAGS.ephemeral] = String(ephemeral);
    tags[MANAGED_TAGS.stack] = stackName;
  }
  return Object.freeze({
    source: Object.freeze({ ...source }),
    environment: environment.name,
    templatePipeline: environment.pipelineName,
    pipelineName,
    clone,
    ephemeral,
    stackName,
    requiresApproval,
    branch,
    variables,
    tags: Object.freeze(tags),
  });
}

/**
 * What a route deploys from: a branch, or a pull request.
 *
 * @example
 * resolveBranch(config, "feature/x")?.source; // { type: "branch", branch: "feature/x", kind: "feature" }
 */
export type RouteSource =
  | { readonly type: "branch"; readonly branch: string; readonly kind: BranchKind }
  | {
      readonly type: "pullRequest";
      readonly pullRequestId: string;
      readonly sourceBranch: string;
      readonly destinationBranch: string;
      /** The fork (`owner/name`) whose branch the clone reads, for a fork on `source.forkPullRequests.allow`. */
      readonly sourceRepository?: string;
    };

/**
 * Where one branch or pull request goes: which pipeline runs it and which stack it deploys.
 *
 * @example
 * resolveBranch(config, "release/1.2.0")
 * // { environment: "qa", templatePipeline: "acme-qa", pipelineName: "acme-qa-release-1.2.0",
 * //   clone: true, ephemeral: false, stackName: "acme-qa", branch: "release/1.2.0", ... }
 */
export interface Route {
  readonly source: RouteSource;
  /** The environment whose pipeline is used. */
  readonly environment: string;
  /** The environment pipeline that is copied (or run itself, when `clone` is false). */
  readonly templatePipeline: string;
  /** The pipeline that runs this branch or PR. Equals `templatePipeline` for the long-lived branches. */
  readonly pipelineName: string;
  /** Whether `pipelineName` is a clone that the cloner creates and deletes. */
  readonly clone: boolean;
  /** Whether the stack belongs to this branch or PR alone (and is torn down with it). */
  readonly ephemeral: boolean;
  /** The CloudFormation stack the pipeline deploys. */
  readonly stackName: string;
  /** Whether the pipeline keeps the environment's manual approval (never for ephemeral clones). */
  readonly requiresApproval: boolean;
  /** The branch the pipeline's source action reads (the source branch, for a PR). */
  readonly branch: string;
  /** Values of the pipeline-level variables (keys from `PIPELINE_VARIABLES`). */
  readonly variables: Readonly<Record<string, string>>;
  /** Tags that mark a clone as Tributary's (keys from `MANAGED_TAGS`); empty for environment pipelines. */
  readonly tags: Readonly<Record<string, string>>;
}
