/** `resolvePullRequest`: which clone tests an open pull request, on its own ephemeral stack. */

import { classifyBranch, shortBranchName } from "../branches/classify-branch.js";
import { resolveBranch } from "../branches/resolve-branch.js";
import type { Route } from "../branches/route.js";
import { buildRoute } from "../branches/route.js";
import { findEnvironment } from "../config/environments.js";
import { clonePipelineName, cloneStackName } from "../names/names.js";
import { LIMITS } from "../shared/constants.js";
import type { TributaryConfig } from "../shared/types.js";
import { forkDecision } from "./fork-pull-requests.js";

/**
 * A pull request as routing needs it; branches as `refs/heads/x` or `x`.
 *
 * @example
 * const pr: PullRequestInput = { id: "42", sourceBranch: "refs/heads/feature/login", destinationBranch: "develop" };
 */
export interface PullRequestInput {
  readonly id: string;
  readonly sourceBranch: string;
  readonly destinationBranch: string;
  /** The head's repository when it is a fork (`forkDecision`); absent for the repository's own branches. */
  readonly headRepository?: string;
}

/**
 * A pull request's route, or the reason it has none.
 *
 * @example
 * const resolution: PullRequestResolution = explainPullRequest(config, pr);
 * if (resolution.route === null) console.log(resolution.reason);
 */
export type PullRequestResolution =
  | { readonly route: Route }
  | { readonly route: null; readonly reason: string };

/**
 * Like `resolvePullRequest`, with the reason when the pull request gets no pipeline.
 *
 * @example
 * explainPullRequest(config, { id: "7", sourceBranch: "x", destinationBranch: "support/1.x" }).route; // null
 */
export function explainPullRequest(
  config: TributaryConfig,
  pullRequest: PullRequestInput,
): PullRequestResolution {
  const { id } = pullRequest;
  if (!config.routes.pullRequests.enabled) {
    return { route: null, reason: "pull requests are disabled (routes.pullRequests.enabled is false)" };
  }
  const fork = forkDecision(config, pullRequest.headRepository);
  if (fork.kind === "refused") return { route: null, reason: fork.reason };
  if (!/^\d+$/.test(id))
    return { route: null, reason: `pull request id ${JSON.stringify(id)} is not a number` };
  const sourceBranch = shortBranchName(pullRequest.sourceBranch);
  if (sourceBranch.length === 0 || sourceBranch.length > LIMITS.configurationValue) {
    return {
      route: null,
      reason: `source branch is ${sourceBranch.length} characters long; CodePipeline accepts 1 to ${LIMITS.configurationValue}`,
    };
  }
  const destinationBranch = shortBranchName(pullRequest.destinationBranch);
  const destination = classifyBranch(destinationBranch, config);
  const environmentName =
    config.routes.pullRequests.environmentByDestination[destination.kind] ??
    resolveBranch(config, destinationBranch)?.environment;
  const environment = environmentName === undefined ? undefined : findEnvironment(config, environmentName);
  if (environment === undefined) {
    return {
      route: null,
      reason: `destination ${destination.kind} branch "${destinationBranch}" deploys to no environment`,
    };
  }
  const source = { pullRequestId: id };
  const stackName = cloneStackName(config, environment.name, source);
  return {
    route: buildRoute(config, {
      source: {
        type: "pullRequest",
        pullRequestId: id,
        sourceBranch,
        destinationBranch,
        ...(fork.kind === "allowed" ? { sourceRepository: fork.repository } : {}),
      },
      environment,
      pipelineName: clonePipelineName(config, environment.name, source),
      clone: true,
      ephemeral: true,
      stackName,
      requiresApproval: false,
      branch: sourceBranch,
    }),
  };
}

/**
 * Where an open pull request deploys: a clone of the pipeline of its destination's environment
 * (or of `routes.pullRequests.environmentByDestination[kind]`), always on its own ephemeral stack and
 * never waiting for approval. `null` when pull requests are disabled, the head is a fork the config does not allow
 * (`forkDecision`), the id is not a number, or the destination routes nowhere. An allowed fork's route names it
 * (`source.sourceRepository`), so its clone reads the fork.
 *
 * @example
 * resolvePullRequest(config, { id: "42", sourceBranch: "feature/login", destinationBranch: "refs/heads/develop" });
 * // { environment: "dev", pipelineName: "acme-dev-pr-42", stackName: "acme-dev-pr-42", clone: true,
 * //   ephemeral: true, requiresApproval: false, branch: "feature/login", ... }
 */
export function resolvePullRequest(config: TributaryConfig, pullRequest: PullRequestInput): Route | null {
  return explainPullRequest(config, pullRequest).route;
}
