/**
 * What a reconcile of a GitHub repository costs, as the integration test asserts it and the bench prints it: AWS calls
 * counted at the fake (and moto behind its proxy), GitHub requests counted at the double, 304s among them, and the
 * rate limit they used.
 */
import type { FakeGitHubRepository } from "@tributary/fake-aws";
import { scheduledEvent } from "../__fixtures__/events";
import type { ClonerProcess } from "./cloner-process";
import type { GitHubWorld } from "./github-world";

/**
 * The branch names the benchmarks seed a repository with, besides the ones it has: `branches` in all, 60% features,
 * 20% bugfixes, 10% releases, 5% hotfixes, the rest unroutable (`wip/`). Pull requests come from the first features.
 *
 * @example
 * for (const branch of seededBranchNames(1_000, 2)) repository.pushBranch(branch);
 */
export function seededBranchNames(branches: number, existing: number): string[] {
  const others = branches - existing;
  const names: string[] = [];
  for (const [prefix, share] of [
    ["feature/", 0.6],
    ["bugfix/", 0.2],
    ["release/", 0.1],
    ["hotfix/", 0.05],
  ] as const) {
    for (let index = 0; index < Math.round(others * share); index++) names.push(`${prefix}b${index}`);
  }
  for (let index = 0; names.length < others; index++) names.push(`wip/b${index}`);
  return names;
}

/**
 * Seeds the double's repository as the CodeCommit bench seeds CodeCommit (`seededBranchNames`), with `pullRequests`
 * open ones from the first features into develop.
 *
 * @example
 * seedGitHubRepository(world.github.repository("acme/infra"), { branches: 1_000, pullRequests: 200 });
 */
export function seedGitHubRepository(
  repository: FakeGitHubRepository,
  scale: { readonly branches: number; readonly pullRequests: number },
): void {
  for (const branch of seededBranchNames(scale.branches, repository.branches.size))
    repository.pushBranch(branch);
  for (let index = 0; index < scale.pullRequests; index++) {
    repository.openPullRequest({ head: `feature/b${index}`, base: "develop" });
  }
}

/**
 * One reconcile's cost.
 *
 * @example
 * const { aws, githubRequests, githubNotModified } = await reconcileCost(world, world.cloner);
 */
export interface ReconcileCost {
  readonly aws: number;
  readonly awsOperations: readonly string[];
  readonly githubRequests: number;
  readonly githubNotModified: number;
  /** Requests that counted against the rate limit (all but 304s). */
  readonly rateLimitUsed: number;
  readonly actions: number;
  readonly created: number;
  readonly failed: number;
  readonly elapsedMs: number;
}

/**
 * Delivers one scheduled event to `cloner` and counts what it cost.
 *
 * @example
 * await reconcileCost(world, await world.startCloner()); // a new Lambda instance
 */
export async function reconcileCost(world: GitHubWorld, cloner: ClonerProcess): Promise<ReconcileCost> {
  const awsBefore = world.aws.calls.length;
  const githubBefore = world.github.requests.length;
  const used = world.github.rateLimit.used;
  const started = performance.now();
  const invocation = await cloner.deliver(scheduledEvent());
  const elapsedMs = performance.now() - started;
  if (!invocation.ok) throw new Error(`${invocation.error.name}: ${invocation.error.message}`);
  const calls = world.aws.calls.slice(awsBefore);
  const requests = world.github.requests.slice(githubBefore);
  const outcomes = invocation.result.outcomes;
  return {
    aws: calls.length,
    awsOperations: calls.map((call) => call.operation),
    githubRequests: requests.length,
    githubNotModified: requests.filter((request) => request.status === 304).length,
    rateLimitUsed: world.github.rateLimit.used - used,
    actions: outcomes.length,
    created: outcomes.filter((outcome) => outcome.outcome === "created").length,
    failed: outcomes.filter((outcome) => outcome.outcome === "failed").length,
    elapsedMs,
  };
}
