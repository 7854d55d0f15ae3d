import { REFUSAL_STATE_TAG, REFUSAL_TOPIC_VARIABLE } from "@tributary/core";
import { createSnsInbox, type MotoServer, type SnsInbox, startMotoServer } from "@tributary/fake-aws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FUNCTION_ARN, scheduledEvent } from "../__fixtures__/events";
import { CONFIG_INPUT, startWorld, type World } from "./world";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:acme-failures";
let world: World | undefined;
let moto: MotoServer;
/** The failures topic in moto, read back through a subscribed SQS queue. */
let inbox: SnsInbox;

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

/** A region that holds 8 pipelines (CodePipeline's quota), a config that allows 10 with 2 kept free. */
async function crowdedWorld(): Promise<World> {
  await moto.reset();
  inbox = await createSnsInbox(moto.url, "acme-failures");
  const started = await startWorld({
    upstream: moto.url,
    pipelineQuota: 8,
    configInput: { ...CONFIG_INPUT, maxPipelines: 10, pipelineHeadroom: 2 },
    clonerEnv: { [REFUSAL_TOPIC_VARIABLE]: TOPIC },
  });
  for (const branch of [
    "feature/a",
    "feature/b",
    "feature/c",
    "feature/d",
    "bugfix/x",
    "release/1.0",
    "hotfix/1",
  ])
    started.aws.codeCommit.pushBranch(branch, "c".repeat(40));
  started.aws.codeCommit.openPullRequest({
    title: "A",
    sourceBranch: "feature/a",
    destinationBranch: "develop",
  });
  return started;
}

describe("clones at the pipeline limit", () => {
  it("given more clones than places, when reconciling, then releases, hotfixes and PRs come first and one summary names the rest", async () => {
    world = await crowdedWorld();

    const invocation = await world.cloner.deliver(scheduledEvent());

    expect(invocation.ok).toBe(true);
    expect(world.actualClones()).toEqual([
      "acme-dev-bugfix-x",
      "acme-dev-feature-a",
      "acme-dev-pr-1",
      "acme-qa-hotfix-1",
      "acme-qa-release-1.0",
    ]);
    const messages = await inbox.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.subject).toBe("Tributary: 3 pipelines refused (limit of 10 pipelines)");
    for (const branch of ["feature/b", "feature/c", "feature/d"])
      expect(messages[0]?.message).toContain(branch);
    expect(world.cloner.metric("ClonesRefused")).toBe(3);
    expect(world.aws.tagging.otherResources.get(FUNCTION_ARN)?.get(REFUSAL_STATE_TAG)).toMatch(/^3:/);
  });

  it("given the same clones refused, when reconciling again, then no second summary and no call for the refused clones", async () => {
    world = await crowdedWorld();
    await world.cloner.deliver(scheduledEvent());
    const before = world.aws.calls.length;

    await world.cloner.deliver(scheduledEvent());

    expect(await inbox.messages()).toHaveLength(1);
    const operations = world.aws.calls.slice(before).map((call) => call.operation);
    expect(operations).not.toContain("CreatePipeline");
    expect(operations).not.toContain("Publish");
  });

  it("given the region is full, when a branch is created, then CodePipeline's refusal is published once naming the branch and the limit", async () => {
    world = await crowdedWorld();
    await world.cloner.deliver(scheduledEvent());

    const before = world.aws.calls.length;
    const invocation = await world.cloner.deliver(world.git.create("feature/e", "e-1"));

    expect(invocation.ok && invocation.result.outcomes).toEqual([
      { action: "createClone", subject: "acme-dev-feature-e", outcome: "refused" },
    ]);
    const messages = await inbox.messages();
    expect(messages).toHaveLength(2);
    expect(messages[1]?.subject).toBe("Tributary: no pipeline for feature/e (limit of 10 pipelines reached)");
    expect(world.cloner.deadLetters).toEqual([]);
    // One CreatePipeline: the SDK's retry does not mistake the quota answer for throttling.
    expect(world.aws.calls.slice(before).map((call) => call.operation)).toEqual([
      "GetPipeline",
      "CreatePipeline",
      "ListTagsForResource",
      "Publish",
    ]);
  });

  it("given a place is freed, when reconciling, then the next clone in order is created and the changed set summarised", async () => {
    world = await crowdedWorld();
    await world.cloner.deliver(scheduledEvent());
    await world.cloner.deliver(world.git.delete("release/1.0"));

    await world.cloner.deliver(scheduledEvent());

    expect(world.actualClones()).toContain("acme-dev-feature-b");
    const messages = await inbox.messages();
    expect(messages).toHaveLength(2);
    expect(messages[1]?.subject).toBe("Tributary: 2 pipelines refused (limit of 10 pipelines)");
  });
});
