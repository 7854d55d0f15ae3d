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

const BRANCHES = ["feature/a", "feature/b", "feature/c", "feature/d", "bugfix/x", "release/1.0", "hotfix/1"];

/**
 * The 3 environment pipelines, 7 branches and a PR that want clones, a config that allows 10 pipelines with 2 kept
 * free, and CodePipeline's quota `pipelineQuota`. `serviceQuotasInMoto`: the cloner asks moto's Service Quotas,
 * which answers NoSuchResourceException for CodePipeline, so maxPipelines applies; otherwise the fake answers the
 * quota.
 */
async function crowdedWorld(pipelineQuota: number, serviceQuotasInMoto: boolean): Promise<World> {
  await moto.reset();
  inbox = await createSnsInbox(moto.url, "acme-failures");
  const started = await startWorld({
    upstream: moto.url,
    pipelineQuota,
    serviceQuotasInMoto,
    configInput: { ...CONFIG_INPUT, maxPipelines: 10, pipelineHeadroom: 2 },
    clonerEnv: { [REFUSAL_TOPIC_VARIABLE]: TOPIC },
  });
  for (const branch of BRANCHES) started.aws.codeCommit.pushBranch(branch, "c".repeat(40));
  started.aws.codeCommit.openPullRequest({
    title: "A",
    sourceBranch: "feature/a",
    destinationBranch: "develop",
  });
  return started;
}

/** A region whose quota is 8 (below maxPipelines) that the cloner cannot read: maxPipelines 10 is its limit. */
const unreadableQuotaWorld = () => crowdedWorld(8, true);

describe("clones at the pipeline limit", () => {
  it("given more clones than places and a quota moto_server cannot answer, when reconciling, then maxPipelines is the limit, releases, hotfixes and PRs come first and one summary names the rest and the limit's source", async () => {
    world = await unreadableQuotaWorld();

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
    expect(messages[0]?.subject).toBe(
      "Tributary: 3 pipelines refused (limit of 10 pipelines, config maxPipelines)",
    );
    expect(messages[0]?.message).toContain(
      "the limit is 10 pipelines, maxPipelines of tributary.config.ts (Service Quotas could not be read (NoSuchResourceException: ",
    );
    for (const branch of ["feature/b", "feature/c", "feature/d"])
      expect(messages[0]?.message).toContain(branch);
    expect(world.cloner.metric("ClonesRefused")).toBe(3);
    expect(world.aws.tagging.otherResources.get(FUNCTION_ARN)?.get(REFUSAL_STATE_TAG)).toMatch(/^3:/);
    // One GetServiceQuota, answered by moto through the proxy.
    expect(
      world.aws.calls
        .filter((call) => call.operation === "GetServiceQuota")
        .map((call) => [call.service, call.status, call.errorType]),
    ).toEqual([["servicequotas", 400, "NoSuchResourceException"]]);
  });

  it("given the same clones refused, when reconciling again, then no second summary and no call for the refused clones", async () => {
    world = await unreadableQuotaWorld();
    await world.cloner.deliver(scheduledEvent());
    const before = world.aws.calls.length;

    await world.cloner.deliver(scheduledEvent());

    expect(await inbox.messages()).toHaveLength(1);
    const operations = world.aws.calls.slice(before).map((call) => call.operation);
    expect(operations).not.toContain("CreatePipeline");
    expect(operations).not.toContain("Publish");
  });

  it("given the region is full, when a branch is created, then CodePipeline's refusal is published once naming the branch and CodePipeline's quota", async () => {
    world = await unreadableQuotaWorld();
    await world.cloner.deliver(scheduledEvent());

    const before = world.aws.calls.length;
    const invocation = await world.cloner.deliver(world.git.create("feature/e", "e-1"));

    expect(invocation.ok && invocation.result.outcomes).toEqual([
      { action: "createClone", subject: "acme-dev-feature-e", outcome: "refused" },
    ]);
    const messages = await inbox.messages();
    expect(messages).toHaveLength(2);
    expect(messages[1]?.subject).toBe(
      "Tributary: no pipeline for feature/e (CodePipeline quota L-78D200AD reached)",
    );
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
    world = await unreadableQuotaWorld();
    await world.cloner.deliver(scheduledEvent());
    await world.cloner.deliver(world.git.delete("release/1.0"));

    await world.cloner.deliver(scheduledEvent());

    expect(world.actualClones()).toContain("acme-dev-feature-b");
    const messages = await inbox.messages();
    expect(messages).toHaveLength(2);
    expect(messages[1]?.subject).toBe(
      "Tributary: 2 pipelines refused (limit of 10 pipelines, config maxPipelines)",
    );
  });

  it("given Service Quotas answers a quota of 12 above maxPipelines 10, when reconciling, then 12 is the limit and the summary says it came from Service Quotas", async () => {
    world = await crowdedWorld(12, false);

    const invocation = await world.cloner.deliver(scheduledEvent());

    expect(invocation.ok).toBe(true);
    // 12 - 2 kept free - 3 environment pipelines = 7 of the 8 clones (maxPipelines would have allowed 5).
    expect(world.actualClones()).toHaveLength(7);
    expect(world.actualClones()).not.toContain("acme-dev-feature-d");
    const messages = await inbox.messages();
    expect(messages.map((message) => message.subject)).toEqual([
      "Tributary: 1 pipeline refused (limit of 12 pipelines, Service Quotas L-78D200AD)",
    ]);
    expect(messages[0]?.message).toContain(
      'the limit is 12 pipelines, the account\'s quota L-78D200AD ("Total pipelines") read from Service Quotas',
    );
    expect(world.cloner.metric("ClonesRefused")).toBe(1);
  });

  it("given the quota is read, when branch events arrive, then none of them calls Service Quotas", async () => {
    world = await crowdedWorld(12, false);
    await world.cloner.deliver(scheduledEvent());
    const before = world.aws.calls.length;

    await world.cloner.deliver(world.git.create("feature/e", "e-1"));
    await world.cloner.deliver(world.git.push("feature/e", "e-2"));
    await world.cloner.deliver(world.git.delete("feature/e"));

    expect(world.aws.calls.slice(before).map((call) => call.operation)).not.toContain("GetServiceQuota");
  });
});
