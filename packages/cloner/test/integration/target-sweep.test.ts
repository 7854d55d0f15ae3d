/**
 * The bundled cloner sweeps a remote environment's ephemeral stacks from the listing the teardown project's
 * list-targets build writes: the listing lives in moto's S3 (the CI/CD artifacts bucket, written the way the build
 * writes it: core's `buildTargetListing` of the target's GetResources pages, as JSON), everything else in the fake.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  buildTargetListing,
  defineConfig,
  MANAGED_TAGS,
  RECONCILE_CONTINUATION,
  type Route,
  resolveBranch,
  TARGET_LISTINGS_VARIABLE,
  type TributaryConfigInput,
  targetListingKey,
  targetListingToken,
  teardownTargets,
} from "@tributary/core";
import { type MotoServer, motoClientOptions, startMotoServer } from "@tributary/fake-aws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pipelineExecutionEvent, scheduledEvent } from "../__fixtures__/events";
import { CONFIG_INPUT, operationOf, startWorld, type World } from "./world";

// dev deploys in another account and region; its features and bugfixes are ephemeral there, idle after 7 days.
const DEV = { account: "333333333333", region: "eu-central-1" };
const REMOTE_INPUT: TributaryConfigInput = {
  ...CONFIG_INPUT,
  environments: {
    dev: { branch: "develop", ...DEV },
    qa: { branch: null },
    prod: { branch: "main", requiresApproval: true },
  },
  routes: {
    ...CONFIG_INPUT.routes,
    branches: { feature: { environment: "dev", ephemeral: true, idleDays: 7 } },
  },
};
const config = defineConfig(REMOTE_INPUT);
const BUCKET = "acme-tributary-cicd-artifacts";

let moto: MotoServer;
let world: World | undefined;

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto.close();
});

afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** An S3 client of moto (path-style: moto has no per-bucket host names). */
const motoS3 = () => new S3Client({ ...motoClientOptions(moto.url), forcePathStyle: true });

async function remoteWorld(targets: readonly { account: string; region: string }[] = [DEV]): Promise<World> {
  await moto.reset();
  await motoS3().send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
    }),
  );
  return startWorld({
    upstream: moto.url,
    configInput: REMOTE_INPUT,
    clonerEnv:
      targets.length === 0 ? {} : { [TARGET_LISTINGS_VARIABLE]: JSON.stringify({ bucket: BUCKET, targets }) },
  });
}

/** The tags a clone's run gives its ephemeral stack (the project's, as CloudFormation propagates them). */
const stackTags = (stack: string, branch: string) => ({
  [MANAGED_TAGS.project]: "acme",
  [MANAGED_TAGS.ephemeral]: "true",
  [MANAGED_TAGS.stack]: stack,
  [MANAGED_TAGS.branch]: branch,
  owner: "team-a",
});

/** What the list-targets build writes after listing the target's stacks at `listedAt`. */
async function listingWritten(
  stacks: Record<string, Record<string, string>>,
  listedAt: string,
): Promise<void> {
  const listing = buildTargetListing({
    project: "acme",
    ...DEV,
    listedAt,
    targets: teardownTargets("acme", [{ name: "dev", ...DEV }]),
    resources: Object.entries(stacks).map(([name, tags]) => ({
      ResourceARN: `arn:aws:cloudformation:${DEV.region}:${DEV.account}:stack/${name}/0f1e2d3c-0000-4000-8000-000000000001`,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    })),
  });
  await motoS3().send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: targetListingKey(DEV.account, DEV.region),
      Body: JSON.stringify(listing),
      ContentType: "application/json",
    }),
  );
}

async function deliver(target: World, event: unknown) {
  const invocation = await target.cloner.deliver(event);
  if (!invocation.ok) throw new Error(`${invocation.error.name}: ${invocation.error.message}`);
  return invocation.result.outcomes;
}

const at = (time: string) => ({ ...scheduledEvent(), time });
const teardowns = (target: World) =>
  target.aws.codeBuild.builds
    .map((build) => build.environmentVariables)
    .filter((variables) => variables.STACK_NAME !== undefined);
const listingBuilds = (target: World) =>
  target.aws.codeBuild.builds.filter((build) => build.environmentVariables.TEARDOWN_MODE === "list-targets");

describe("a remote environment's ephemeral stacks, swept from the target's listing", () => {
  it("given a listed remote stack whose clone and branch are gone and one a live clone deploys, when reconciled, then the orphan's teardown starts, the live one's does not, and one listing build is started", async () => {
    world = await remoteWorld();
    const target = world;
    await deliver(target, target.git.create("feature/live", "l-1"));
    const liveRoute = resolveBranch(config, "feature/live") as Route;
    const live = liveRoute.stackName;
    // It ran this morning: its idle clock is far from its deadline.
    await deliver(
      target,
      pipelineExecutionEvent(liveRoute.pipelineName, "00000001-0000-4000-8000-000000000000", "STARTED", {
        time: "2026-11-27T08:00:00Z",
      }),
    );
    await listingWritten(
      {
        "acme-dev-feature-gone": stackTags("acme-dev-feature-gone", "feature/gone"),
        [live]: stackTags(live, "feature/live"),
        "acme-dev": { [MANAGED_TAGS.project]: "acme" },
      },
      "2026-11-27T06:05:00Z",
    );
    const event = scheduledEvent();

    const outcomes = await deliver(target, event);

    expect(outcomes.map((outcome) => `${outcome.action} ${outcome.subject} ${outcome.outcome}`)).toEqual([
      "listTargetStacks target stack listing started",
      "teardownStack acme-dev-feature-gone teardown-started",
    ]);
    expect(teardowns(target)).toEqual([
      {
        STACK_NAME: "acme-dev-feature-gone",
        TEARDOWN_REASON: "orphan",
        PIPELINE_NAME: "acme-dev-feature-gone",
      },
    ]);
    expect(listingBuilds(target)).toEqual([
      expect.objectContaining({
        environmentVariables: { TEARDOWN_MODE: "list-targets" },
        idempotencyToken: targetListingToken(event.id),
      }),
    ]);
    // A redelivery of the same scheduled event starts no second listing build (and no second teardown).
    await deliver(target, event);
    expect(listingBuilds(target)).toHaveLength(1);
    expect(teardowns(target)).toHaveLength(1);
  });

  it("given a remote clone whose last run started eight days ago, when reconciled with fresh listings, then a notice goes out first and the next reconcile tears its remote stack down while the clone stays", async () => {
    world = await remoteWorld();
    const target = world;
    await deliver(target, target.git.create("feature/idle", "i-1"));
    const route = resolveBranch(config, "feature/idle") as Route;
    await deliver(
      target,
      pipelineExecutionEvent(route.pipelineName, "00000001-0000-4000-8000-000000000000", "STARTED", {
        time: "2026-11-20T10:00:00Z",
      }),
    );
    const listed = { [route.stackName]: stackTags(route.stackName, "feature/idle") };

    await listingWritten(listed, "2026-11-26T06:05:00Z");
    await deliver(target, at("2026-11-26T12:00:00Z"));
    expect(target.aws.codePipeline.tagsOf(route.pipelineName)?.[MANAGED_TAGS.idleNotice]).toBe(
      "2026-11-27T10:00:00Z",
    );
    expect(teardowns(target)).toEqual([]);

    await listingWritten(listed, "2026-11-27T06:05:00Z");
    await deliver(target, at("2026-11-27T12:00:00Z"));

    expect(teardowns(target)).toEqual([
      {
        STACK_NAME: route.stackName,
        TEARDOWN_REASON: "idle",
        PIPELINE_NAME: route.pipelineName,
        IDLE_SINCE: "2026-11-20T10:00:00Z",
      },
    ]);
    expect(target.actualClones()).toContain(route.pipelineName);
  });

  it("given no listing yet, when reconciled, then nothing remote is swept, the listing build is started and the reconcile succeeds", async () => {
    world = await remoteWorld();
    const target = world;

    const outcomes = await deliver(target, scheduledEvent());

    expect(outcomes.map((outcome) => `${outcome.action} ${outcome.outcome}`)).toEqual([
      "listTargetStacks started",
    ]);
    expect(teardowns(target)).toEqual([]);
  });

  it("given a stale listing (two days old), when reconciled, then its stacks are not swept and TargetListingsUnusable is counted", async () => {
    world = await remoteWorld();
    const target = world;
    await listingWritten(
      { "acme-dev-feature-gone": stackTags("acme-dev-feature-gone", "feature/gone") },
      "2026-11-25T12:00:00Z",
    );

    await deliver(target, scheduledEvent());

    expect(teardowns(target)).toEqual([]);
    expect(target.cloner.metric("TargetListingsUnusable")).toBe(1);
  });

  it("given a steady state (live clones, their stacks listed), when reconciled with two targets and without any, then the targets add one GetObject each and one StartBuild to the scheduled round, and one GetObject each to a continuation", async () => {
    const PROD = { account: "444444444444", region: "eu-west-1" };
    const callsOf = async (targets: readonly { account: string; region: string }[]) => {
      world = await remoteWorld(targets);
      const target = world;
      for (const branch of ["feature/a", "feature/b", "bugfix/c"])
        await deliver(target, target.git.create(branch, branch));
      await listingWritten({}, "2026-11-27T06:05:00Z");
      await deliver(target, scheduledEvent());
      const before = target.aws.calls.length;
      await deliver(target, scheduledEvent());
      const scheduled = target.aws.calls.slice(before).map(operationOf);
      const middle = target.aws.calls.length;
      await deliver(target, {
        ...scheduledEvent("c-2"),
        source: RECONCILE_CONTINUATION.source,
        "detail-type": RECONCILE_CONTINUATION.detailType,
        detail: { round: 2, origin: "e-1" },
      });
      const continuation = target.aws.calls.slice(middle).map(operationOf);
      await world.close();
      world = undefined;
      return { scheduled, continuation };
    };
    const count = (operations: readonly string[]) =>
      Object.fromEntries(
        [...new Set(operations)]
          .sort()
          .map((operation) => [operation, operations.filter((candidate) => candidate === operation).length]),
      );

    const without = await callsOf([]);
    const withTwo = await callsOf([DEV, PROD]);

    // Printed for the README's figures (the steady state at this scale, calls counted at the fake and its proxy).
    console.log(
      `steady-state reconcile calls: without targets ${without.scheduled.length} (continuation ${without.continuation.length}), with two targets ${withTwo.scheduled.length} (continuation ${withTwo.continuation.length})`,
    );
    expect(count(withTwo.scheduled)).toEqual({
      ...count(without.scheduled),
      GetObject: 2,
      StartBuild: (count(without.scheduled).StartBuild ?? 0) + 1,
    });
    expect(count(withTwo.continuation)).toEqual({ ...count(without.continuation), GetObject: 2 });
  });
});
