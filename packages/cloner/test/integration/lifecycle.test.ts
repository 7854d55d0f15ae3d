/**
 * The bundled cloner (and notifier) through a clone's whole life, against the fake with its IAM model: a push onto a
 * pipeline Tributary did not create, a reconcile longer than its invocation, the orphan sweep, and an idle stack's
 * notice, living comment and teardown.
 */
import {
  clonerEnvironment,
  defineConfig,
  IDLE_NOTICE_EVENT,
  MANAGED_TAGS,
  PULL_REQUEST_RUN_KIND,
  RECONCILE_CONTINUATION,
  type Route,
  resolveBranch,
} from "@tributary/core";
import { environmentPipeline, type PutEvent } from "@tributary/fake-aws";
import { afterEach, describe, expect, it } from "vitest";
import type { NotifierResult } from "../../src/functions/notifier/create-notifier";
import { commit, pipelineExecutionEvent, scheduledEvent } from "../__fixtures__/events";
import { clonerIamModel } from "./chaos";
import { type ClonerProcess, NOTIFIER_BUNDLE, startCloner } from "./cloner-process";
import { CONFIG_INPUT, startWorld, type World } from "./world";

let world: World | undefined;
let notifier: ClonerProcess<NotifierResult> | undefined;

afterEach(async () => {
  await notifier?.close();
  await world?.close();
  notifier = undefined;
  world = undefined;
});

/** Delivers an event (and the continuations it puts, as the continuation rule would); fails on a failed invocation. */
async function deliver(target: World, event: unknown) {
  const invocation = await target.cloner.deliver(event);
  if (!invocation.ok) throw new Error(`${invocation.error.name}: ${invocation.error.message}`);
  return invocation.result.outcomes;
}

const started = (target: World, pipelineName: string) =>
  target.aws.codePipeline.executions.filter((run) => run.pipelineName === pipelineName).length;

describe("start only what is ours", () => {
  it("given a pipeline made by hand under a branch's clone name (tagged with the project, not managed), when the branch is pushed, then it is not started, the push is refused once, counted, and not retried", async () => {
    world = await startWorld();
    const target = world;
    target.aws.authorize = clonerIamModel(target.config);
    const route = resolveBranch(target.config, "feature/handmade") as Route;
    const { version: _version, ...declaration } = environmentPipeline("dev");
    target.aws.codePipeline.handle("CreatePipeline", {
      pipeline: { ...declaration, name: route.pipelineName },
      tags: [{ key: MANAGED_TAGS.project, value: "acme" }],
    });
    const runsBefore = started(target, route.pipelineName);
    target.git.create("feature/handmade", "h-1");

    const invocation = await target.cloner.deliver(target.git.push("feature/handmade", "h-2"));

    expect(invocation.ok && invocation.result.outcomes.map((outcome) => outcome.outcome)).toEqual(["failed"]);
    expect(started(target, route.pipelineName)).toBe(runsBefore);
    expect(target.cloner.metric("Failures", "foreign-pipeline")).toBe(1);
    expect(target.cloner.deadLetters).toEqual([]);
    expect(
      target.aws.calls.filter((call) => call.operation === "StartPipelineExecution" && !call.injected),
    ).toHaveLength(1);
  });

  it("given a clone that is missing (its create event was lost), when the branch is pushed, then the denied start is followed by one tag read and the clone is created", async () => {
    world = await startWorld();
    const target = world;
    target.aws.authorize = clonerIamModel(target.config);
    target.git.create("feature/lost", "l-1");

    const outcomes = await deliver(target, target.git.push("feature/lost", "l-2"));

    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(["created"]);
    expect(target.aws.calls.map((call) => `${call.operation}:${call.errorType ?? "ok"}`)).toEqual([
      "StartPipelineExecution:AccessDeniedException",
      "ListTagsForResource:ResourceNotFoundException",
      "GetPipeline:ok",
      "CreatePipeline:ok",
    ]);
  });
});

describe("a reconcile longer than its invocation", () => {
  it("given eighty clones to create and an invocation that lasts a few seconds, when reconciled, then continuations finish the work: each clone created once, none skipped", async () => {
    // A 10-second timeout: a round starts groups for 5 s (CONTINUATION_RESERVE keeps half of it), with 250 ms per call
    // and 2 CreatePipeline in flight (API_CONCURRENCY) that is at most 5000 / 250 * 2 + 8 groups already started
    // (CONCURRENCY) = 48 creates, so 80 need a continuation however fast the machine is (the fake's latency is a floor).
    // A slow machine only adds rounds; the round's end (about 6.5 s) leaves 3.5 s before middy's timeout.
    world = await startWorld({ latencyMs: 250, clonerEnv: { TEST_TIMEOUT_MS: "10000" } });
    const target = world;
    for (let index = 0; index < 80; index++)
      target.aws.codeCommit.pushBranch(`feature/f${index}`, commit(`f${index}`));

    const rounds: PutEvent[] = [];
    await deliver(target, scheduledEvent());
    for (let next = target.aws.eventBridge.drain(); next.length > 0; next = target.aws.eventBridge.drain()) {
      for (const event of next) {
        expect(event.source).toBe(RECONCILE_CONTINUATION.source);
        rounds.push(event);
        await deliver(target, event);
      }
    }

    expect(rounds.length).toBeGreaterThan(0);
    expect(rounds.map((event) => (event.detail as { round: number }).round)).toEqual(
      rounds.map((_, index) => index + 2),
    );
    expect(target.actualClones()).toEqual(target.expectedClones());
    expect(target.aws.countCalls("CreatePipeline")).toBe(80);
    expect(target.cloner.metric("ReconcilesContinued")).toBe(rounds.length);
  });
});

describe("the orphan sweep", () => {
  it("given an ephemeral stack whose clone and branch are gone (a lost delete, a dead-lettered teardown), when reconciled, then its teardown starts, and the shared stacks and other projects' stacks stay", async () => {
    world = await startWorld();
    const target = world;
    const ephemeral = (stack: string, project = "acme") => ({
      [MANAGED_TAGS.project]: project,
      [MANAGED_TAGS.ephemeral]: "true",
      [MANAGED_TAGS.stack]: stack,
      [MANAGED_TAGS.branch]: stack.replace(/^acme-dev-feature-/, "feature/"),
    });
    target.aws.stacks.deploy("acme-dev-feature-gone", ephemeral("acme-dev-feature-gone"));
    target.aws.stacks.deploy("acme-dev", { [MANAGED_TAGS.project]: "acme" });
    target.aws.stacks.deploy("acme-dev-feature-x", ephemeral("acme-dev-feature-x", "shop"));

    const outcomes = await deliver(target, scheduledEvent());

    expect(outcomes).toEqual([
      expect.objectContaining({
        action: "teardownStack",
        subject: "acme-dev-feature-gone",
        outcome: "teardown-started",
      }),
    ]);
    expect(target.aws.codeBuild.builds.map((build) => build.environmentVariables)).toEqual([
      {
        STACK_NAME: "acme-dev-feature-gone",
        TEARDOWN_REASON: "orphan",
        PIPELINE_NAME: "acme-dev-feature-gone",
      },
    ]);
  });
});

describe("an idle stack", () => {
  const idleConfig = {
    ...CONFIG_INPUT,
    routes: {
      ...CONFIG_INPUT.routes,
      branches: { feature: { environment: "dev", ephemeral: true, idleDays: 7 } },
      pullRequests: { ...CONFIG_INPUT.routes?.pullRequests, idleDays: 7 },
    },
  };
  const at = (time: string) => ({ ...scheduledEvent(), time });

  it("given a pull request's clone whose last run started eight days ago, when reconciled, then a notice goes out first (SNS, the clone's tag, the notifier's comment), and the next reconcile tears its stack down while the clone stays", async () => {
    world = await startWorld({ configInput: idleConfig });
    const target = world;
    const config = defineConfig(idleConfig);
    notifier = await startCloner<NotifierResult>({
      endpoint: target.aws.url,
      env: { POWERTOOLS_SERVICE_NAME: "tributary-notifier", ...clonerEnvironment(config) },
      bundle: NOTIFIER_BUNDLE,
    });
    target.git.create("feature/idle", "i-1");
    const opened = target.git.openPullRequest("feature/idle", "develop");
    await deliver(target, opened.event);
    const pipeline = "acme-dev-pr-1";
    const run = target.aws.codePipeline.executions
      .filter((candidate) => candidate.pipelineName === pipeline)
      .at(-1);
    const runStarted = pipelineExecutionEvent(pipeline, run?.pipelineExecutionId ?? "", "STARTED", {
      time: "2026-11-20T10:00:00Z",
    });
    await deliver(target, runStarted);
    // The notifier posts the living comment when the run starts (PipelineNotifier.commentOnPullRequests' input).
    await notifier.deliver({
      kind: PULL_REQUEST_RUN_KIND,
      eventId: runStarted.id,
      pipeline,
      executionId: runStarted.detail["execution-id"],
      state: "STARTED",
      time: runStarted.time,
      region: runStarted.region,
      account: runStarted.account,
      project: "acme",
      repository: "infra",
    });
    // Its first run deployed the stack.
    target.aws.stacks.deploy(pipeline, {
      [MANAGED_TAGS.project]: "acme",
      [MANAGED_TAGS.ephemeral]: "true",
      [MANAGED_TAGS.stack]: pipeline,
    });
    expect(target.aws.codePipeline.tagsOf(pipeline)?.[MANAGED_TAGS.lastRun]).toBe("2026-11-20T10:00:00Z");

    await deliver(target, at("2026-11-26T12:00:00Z"));
    expect(target.aws.codePipeline.tagsOf(pipeline)?.[MANAGED_TAGS.idleNotice]).toBe("2026-11-27T10:00:00Z");
    const [notice] = target.aws.eventBridge.drain();
    expect(notice).toMatchObject({
      source: IDLE_NOTICE_EVENT.source,
      "detail-type": IDLE_NOTICE_EVENT.detailType,
    });
    const commented = await notifier.deliver({ kind: "idleNotice", detail: notice?.detail });
    expect(commented.ok && commented.result).toMatchObject({ outcome: "commented", comment: "update" });
    const [living] = target.aws.codeCommit.comments;
    expect(living?.content.split("\n")[1]).toBe('[//]: # "tributary-idle-notice"');
    expect(living?.content).toContain(
      `Stack ${pipeline} of pull request 1 (feature/idle) is torn down after 2026-11-27T10:00:00Z`,
    );
    expect(target.aws.codeBuild.builds).toEqual([]);

    await deliver(target, at("2026-11-27T12:00:00Z"));

    expect(target.aws.codeBuild.builds.map((build) => build.environmentVariables)).toEqual([
      {
        STACK_NAME: pipeline,
        TEARDOWN_REASON: "idle",
        PIPELINE_NAME: pipeline,
        IDLE_SINCE: "2026-11-20T10:00:00Z",
      },
    ]);
    expect(target.actualClones()).toContain(pipeline);
  });

  it("given a run that started since, when reconciled past the old deadline, then nothing is torn down: a push resets the clock", async () => {
    world = await startWorld({ configInput: idleConfig });
    const target = world;
    await deliver(target, target.git.create("feature/busy", "b-1"));
    const pipeline = (resolveBranch(defineConfig(idleConfig), "feature/busy") as Route).pipelineName;
    target.aws.stacks.deploy(pipeline, {
      [MANAGED_TAGS.project]: "acme",
      [MANAGED_TAGS.ephemeral]: "true",
      [MANAGED_TAGS.stack]: pipeline,
    });
    await deliver(
      target,
      pipelineExecutionEvent(pipeline, "00000001-0000-4000-8000-000000000000", "STARTED", {
        time: "2026-11-20T10:00:00Z",
      }),
    );
    await deliver(
      target,
      pipelineExecutionEvent(pipeline, "00000002-0000-4000-8000-000000000000", "STARTED", {
        time: "2026-11-26T10:00:00Z",
      }),
    );

    await deliver(target, at("2026-11-28T12:00:00Z"));

    expect(target.aws.codeBuild.builds).toEqual([]);
    expect(target.aws.codePipeline.tagsOf(pipeline)?.[MANAGED_TAGS.idleNotice]).toBeUndefined();
  });
});
