import { afterEach, describe, expect, it } from "vitest";
import { commit, scheduledEvent } from "../__fixtures__/events";
import { startCloner } from "./cloner-process";
import { accountState, referenceState, shuffle, storyEvents } from "./story-replay";
import { CONFIG_INPUT, startWorld, type World } from "./world";

let world: World | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("at-least-once delivery", () => {
  it("given every event delivered twice, when replayed, then the account, runs, comments and teardowns are those of one delivery", async () => {
    const reference = await referenceState();
    world = await startWorld();

    for (const event of storyEvents(world)) {
      await world.cloner.deliver(event);
      await world.cloner.deliver(event);
    }

    expect(accountState(world)).toEqual(reference.state);
    expect(world.aws.codePipeline.executions.length).toBe(reference.runs);
    expect(world.aws.codeCommit.comments.length).toBe(reference.comments);
    expect(world.aws.codeBuild.builds.length).toBe(reference.builds);
    expect(world.cloner.metric("Failures")).toBe(0);
  });

  it.each([1, 2, 3])(
    "given the events in a shuffled order (seed %i), when replayed and then reconciled, then the account is what core expects",
    async (seed) => {
      world = await startWorld();
      const events = shuffle(storyEvents(world), seed);

      for (const event of events) {
        const invocation = await world.cloner.deliver(event);
        expect(invocation.ok).toBe(true);
      }
      const reconciled = await world.cloner.deliver(scheduledEvent());

      expect(reconciled.ok).toBe(true);
      expect(world.actualClones()).toEqual(world.expectedClones());
      expect(world.cloner.deadLetters).toEqual([]);
    },
  );

  it("given a push that arrives before its branch's creation, when replayed, then the push creates the clone and the late create is a no-op", async () => {
    world = await startWorld();
    const create = world.git.create("feature/race", "race-1");
    const push = world.git.push("feature/race", "race-2");

    const first = await world.cloner.deliver(push);
    const second = await world.cloner.deliver(create);

    expect(first.ok && first.result.outcomes.map((outcome) => outcome.outcome)).toEqual(["created"]);
    expect(second.ok && second.result.outcomes.map((outcome) => outcome.outcome)).toEqual(["exists"]);
    expect(
      world.aws.codePipeline.executions.filter((run) => run.pipelineName === "acme-dev-feature-race"),
    ).toEqual([expect.objectContaining({ trigger: "CreatePipeline", commitId: commit("race-2") })]);
  });
});

describe("throttling", () => {
  it("given a third of all calls throttled and adaptive retry, when a branch lives and dies, then every effect lands", async () => {
    world = await startWorld({ throttleFraction: 1 / 3, seed: 11 });

    const results = [
      await world.cloner.deliver(world.git.create("feature/slow", "slow-1")),
      await world.cloner.deliver(world.git.push("feature/slow", "slow-2")),
      await world.cloner.deliver(world.git.delete("feature/slow")),
    ];

    expect(results.map((result) => result.ok)).toEqual([true, true, true]);
    expect(world.aws.calls.some((call) => call.errorType === "ThrottlingException")).toBe(true);
    expect(world.actualClones()).toEqual([]);
    expect(
      world.aws.codePipeline.executions.filter((run) => run.pipelineName === "acme-dev-feature-slow"),
    ).toHaveLength(2);
    expect(world.aws.codeBuild.builds.map((build) => build.environmentVariables.STACK_NAME)).toEqual([
      "acme-dev-feature-slow",
    ]);
  });

  it("given every call throttled, when a branch is created, then the event ends in the dead-letter queue after Lambda's retries", async () => {
    world = await startWorld({
      throttleFraction: 1,
      clonerEnv: { AWS_RETRY_MODE: "standard", AWS_MAX_ATTEMPTS: "2" },
    });
    const event = world.git.create("feature/blocked", "blocked-1");

    const invocation = await world.cloner.deliver(event);

    expect(invocation.ok).toBe(false);
    expect(!invocation.ok && invocation.error.name).toBe("ThrottlingException");
    expect(world.cloner.deadLetters).toEqual([event]);
    expect(world.cloner.metric("Failures", "throttling")).toBe(3);

    world.aws.faults.throttleFraction = 0;
    const redriven = await world.cloner.deliver(world.cloner.deadLetters[0]);
    expect(redriven.ok).toBe(true);
    expect(world.actualClones()).toEqual(["acme-dev-feature-blocked"]);
  });

  it("given server errors on every call, when a push is handled, then it is retried and finally dead-lettered", async () => {
    world = await startWorld({ serverErrorFraction: 1 });

    const invocation = await world.cloner.deliver(world.git.push("feature/down", "down-1"));

    expect(invocation.ok).toBe(false);
    expect(world.cloner.metric("Failures", "server-error")).toBe(3);
  });
});

describe("permanent failures", () => {
  it("given malformed events, when they arrive, then each is dropped with a bad-event failure and no AWS call", async () => {
    world = await startWorld();
    const malformed: unknown[] = [
      null,
      "not an event",
      [],
      { source: "aws.codecommit" },
      {
        id: "m-1",
        source: "aws.codecommit",
        "detail-type": "CodeCommit Repository State Change",
        time: "t",
        detail: "x",
      },
      {
        id: "m-2",
        source: "aws.codecommit",
        "detail-type": "CodeCommit Pull Request State Change",
        time: "t",
        detail: { event: "pullRequestCreated", pullRequestId: 42 },
      },
    ];

    for (const event of malformed) {
      const invocation = await world.cloner.deliver(event);
      expect(invocation.ok && invocation.result.eventType).toBe("malformed");
    }

    expect(world.aws.calls).toEqual([]);
    expect(world.cloner.metric("Failures", "bad-event")).toBe(malformed.length);
    const after = await world.cloner.deliver(world.git.create("feature/after", "after-1"));
    expect(after.ok).toBe(true);
    expect(world.actualClones()).toEqual(["acme-dev-feature-after"]);
  });

  it("given a hand-made pipeline with a clone's name, when its branch is created, pushed and deleted, then it is never changed or deleted", async () => {
    world = await startWorld();
    const template = world.aws.codePipeline.pipelines.get("acme-dev")?.declaration ?? {};
    world.aws.codePipeline.handle("CreatePipeline", {
      pipeline: { ...template, name: "acme-dev-feature-mine", version: undefined },
      tags: [{ key: "owner", value: "mary" }],
    });
    const before = structuredClone(world.aws.codePipeline.pipelines.get("acme-dev-feature-mine"));

    const created = await world.cloner.deliver(world.git.create("feature/mine", "mine-1"));
    const deleted = await world.cloner.deliver(world.git.delete("feature/mine"));
    const reconciled = await world.cloner.deliver(scheduledEvent());

    expect(created.ok && created.result.outcomes).toEqual([
      expect.objectContaining({ outcome: "failed", reason: "foreign-pipeline" }),
    ]);
    expect(deleted.ok && deleted.result.outcomes.map((outcome) => outcome.outcome)).toEqual([
      "failed",
      "skipped",
    ]);
    expect(reconciled.ok).toBe(true);
    expect(world.aws.codePipeline.pipelines.get("acme-dev-feature-mine")).toEqual(before);
    expect(world.aws.codeBuild.builds).toEqual([]);
    expect(world.cloner.metric("Failures", "foreign-pipeline")).toBe(2);
  });
});

describe("initialisation", () => {
  it("given an invalid TRIBUTARY_CONFIG, when the bundle initialises, then it fails with a ConfigError that says what to fix", async () => {
    const cloner = await startCloner({
      endpoint: "http://127.0.0.1:9",
      env: { TRIBUTARY_CONFIG: JSON.stringify({ ...CONFIG_INPUT, project: "Not Valid" }) },
    });
    try {
      expect(cloner.initError?.name).toBe("ConfigError");
      expect(cloner.initError?.message).toMatch(/project.*Fix:/s);
    } finally {
      await cloner.close();
    }
  });
});
