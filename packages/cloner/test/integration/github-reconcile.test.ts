/**
 * The bundled cloner's reconcile of a GitHub repository with 1,000 branches and 200 open pull requests: the cold
 * reconcile creates the clones; a steady-state reconcile costs at most 40 AWS calls and at most 15 GitHub requests,
 * the GitHub ones all 304s (no rate limit) when the listing pages are kept, in memory or in S3 (moto) for a new Lambda
 * instance; without kept pages it still fits 15 requests. A rate limit that outlasts the invocation defers the
 * reconcile: one log line and one failure counted, nothing retried.
 */
import { type MotoServer, startMotoServer } from "@tributary/fake-aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduledEvent } from "../__fixtures__/events";
import type { ClonerProcess } from "./cloner-process";
import { type ReconcileCost, reconcileCost, seedGitHubRepository } from "./github-reconcile-cost";
import { type GitHubWorld, LISTING_BUCKET, startGitHubWorld } from "./github-world";

let moto: MotoServer;
let world: GitHubWorld;

beforeAll(async () => {
  moto = await startMotoServer();
  world = await startGitHubWorld(moto, {
    listingCache: true,
    pipelineQuota: 2_000,
    clonerEnv: { TEST_REMAINING_TIME_MS: String(5 * 60 * 1000) },
  });
  seedGitHubRepository(world.github.repository("acme/infra"), { branches: 1_000, pullRequests: 200 });
}, 60_000);

afterAll(async () => {
  await world?.close();
  await moto?.close();
});

const expectSteady = (cost: ReconcileCost) => {
  expect(cost.actions).toBe(0);
  expect(cost.aws).toBeLessThanOrEqual(40);
  expect(cost.githubRequests).toBeLessThanOrEqual(15);
};

describe("reconciling a GitHub repository (bundled cloner)", () => {
  it("given a cold account, when reconciled, then every routed branch and open pull request gets its clone", async () => {
    const cold = await reconcileCost(world, world.cloner);
    expect(cold.failed).toBe(0);
    expect(cold.created).toBeGreaterThan(1_000);
  });

  it("given nothing changed, when reconciled again, then at most 40 AWS calls and 15 GitHub requests, all 304s", async () => {
    const steady = await reconcileCost(world, world.cloner);
    expectSteady(steady);
    expect(steady.githubNotModified).toBe(steady.githubRequests);
    expect(steady.rateLimitUsed).toBe(0);
  });

  it("given a new Lambda instance, when it reconciles, then the pages kept in S3 make it 304s too", async () => {
    const fresh = await world.startCloner();
    try {
      const steady = await reconcileCost(world, fresh);
      expectSteady(steady);
      // S3 through the proxy is recorded by method and path: one GetObject of the pages, no PutObject.
      const listing = `/${LISTING_BUCKET}/tributary/github-listings/acme.json`;
      const reads = steady.awsOperations.filter((operation) => operation.includes(listing));
      expect(reads).toEqual([`GET ${listing}?x-id=GetObject`]);
      // The one request that costs rate limit is the new instance's installation token.
      expect(steady.rateLimitUsed).toBeLessThanOrEqual(1);
    } finally {
      await fresh.close();
    }
  });

  it("given no kept pages, when reconciled, then the listing is read in full and still fits 15 GitHub requests", async () => {
    const uncached = await world.startCloner({ TRIBUTARY_GITHUB_LISTING_CACHE_BUCKET: "" });
    try {
      const steady = await reconcileCost(world, uncached);
      expectSteady(steady);
      expect(steady.githubNotModified).toBe(0);
    } finally {
      await uncached.close();
    }
  });

  it("given GitHub's rate limit used up until after the invocation, then the reconcile is deferred: logged, counted, not retried", async () => {
    const limited: ClonerProcess = await world.startCloner({ TEST_REMAINING_TIME_MS: "40000" });
    try {
      world.github.rateLimit.exhaust();
      const invocation = await limited.deliver(scheduledEvent());
      expect(invocation.ok && invocation.result.outcomes).toEqual([
        expect.objectContaining({ subject: "reconcile", outcome: "failed", reason: "github-rate-limited" }),
      ]);
      expect(limited.deadLetters).toEqual([]);
      expect(limited.metric("Failures", "github-rate-limited")).toBe(1);
      expect(limited.lines.some((line) => String(line.message).startsWith("Permanent failure"))).toBe(true);
    } finally {
      world.github.rateLimit.reset();
      await limited.close();
    }
  });
});
