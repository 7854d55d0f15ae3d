import { liveRowKey, runItemKey, runOfItem, runVersion } from "@tributary/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { lambdaContext } from "../../test/__fixtures__/lambda-context";
import { type RecordedMetrics, recordMetrics } from "../../test/__fixtures__/recorded-metrics";
import { REPORTS_BUCKET } from "../../test/__fixtures__/reports-bucket";
import {
  createPipeline,
  itemAt,
  type RunHistoryWorld,
  runActions,
  runEventInput,
  secondsAfter,
  startRun,
  startRunHistoryWorld,
  uploadPreview,
  uploadTaskcatResults,
  worldNotifier,
} from "../../test/__fixtures__/run-history";
import { readLiveRuns } from "./read-runs";
import type { RunHistoryStore } from "./run-history-store";

let world: RunHistoryWorld;
let metrics: RecordedMetrics;

beforeAll(async () => {
  world = await startRunHistoryWorld();
});
afterAll(async () => world?.close());
beforeEach(() => {
  vi.restoreAllMocks();
  metrics = recordMetrics();
});

function notifier(runHistory: RunHistoryStore = world.store) {
  return worldNotifier(world, runHistory);
}

async function deliver(input: Record<string, unknown>) {
  return notifier()(input, lambdaContext());
}

async function storedRun(pipeline: string, executionId: string) {
  const run = world.aws.codePipeline.executions.find(
    (candidate) => candidate.pipelineExecutionId === executionId,
  );
  const startedAt = new Date((run?.startTime ?? 0) * 1000).toISOString();
  const key = runItemKey({ pipeline, startedAt, executionId });
  return itemAt(world, (key.pk as { S: string }).S, (key.sk as { S: string }).S);
}

describe("recording a feature branch's run", () => {
  const pipeline = "acme-dev-feature-login";
  let executionId: string;

  beforeAll(async () => {
    executionId = createPipeline(world, "dev", pipeline, "feature/login", true);
    world.aws.codePipeline.finishExecution(executionId, "Succeeded", runActions());
    await uploadTaskcatResults(world, pipeline, executionId, ["eu-west-1", "us-west-2"], ["us-west-2"]);
    await uploadPreview(world, pipeline, executionId, "not a preview");
  });

  it("given its STARTED and SUCCEEDED events, when recorded, then the run holds its stages, TaskCat per region, lint and preview", async () => {
    expect(
      await deliver(
        runEventInput(pipeline, executionId, "dev", "STARTED", secondsAfter(world, executionId, 0)),
      ),
    ).toMatchObject({
      outcome: "recorded",
      state: "STARTED",
      run: "written",
      live: "written",
      metrics: 0,
    });
    expect(
      await deliver(
        runEventInput(pipeline, executionId, "dev", "SUCCEEDED", secondsAfter(world, executionId, 60)),
      ),
    ).toMatchObject({
      outcome: "recorded",
      state: "SUCCEEDED",
      run: "written",
      live: "written",
    });

    const run = runOfItem((await storedRun(pipeline, executionId)) ?? {});
    expect(run).toMatchObject({
      source: { kind: "feature", branch: "feature/login" },
      state: "SUCCEEDED",
      ephemeral: true,
      lintFindings: 2,
      preview: { status: "no-changes", headline: "no changes" },
      trigger: { type: "CreatePipeline" },
      taskcat: {
        reportKey: `reports/${pipeline}/${executionId}/index.html`,
        results: [
          { region: "eu-west-1", passed: true },
          { region: "us-west-2", passed: false, status: "ROLLBACK_COMPLETE" },
        ],
      },
    });
    expect(run?.stages.map((stage) => stage.name)).toEqual(["Source", "Test", "Preview", "Deploy"]);
    expect(metrics.names).toEqual(
      expect.arrayContaining(["Runs", "RunsSucceeded", "RunDuration", "StageDuration"]),
    );
    expect(metrics.total("Runs")).toBe(1);
  });

  it("given the SUCCEEDED event again (a redelivery), when recorded, then nothing changes and nothing is counted twice", async () => {
    const before = await storedRun(pipeline, executionId);
    const result = await deliver(
      runEventInput(pipeline, executionId, "dev", "SUCCEEDED", secondsAfter(world, executionId, 60)),
    );

    expect(result).toMatchObject({ outcome: "recorded", run: "unchanged", live: "unchanged", metrics: 0 });
    expect(await storedRun(pipeline, executionId)).toEqual(before);
    expect(metrics.names).toEqual([]);
  });

  it("given the STARTED event late (out of order), when recorded, then the final state stays", async () => {
    const result = await deliver(
      runEventInput(pipeline, executionId, "dev", "STARTED", secondsAfter(world, executionId, 0)),
    );

    expect(result).toMatchObject({ run: "unchanged", live: "unchanged" });
    expect(runOfItem((await storedRun(pipeline, executionId)) ?? {})?.state).toBe("SUCCEEDED");
  });

  it("given the run, when stored, then its item expires ttlDays after its start and carries its version", async () => {
    const item = await storedRun(pipeline, executionId);
    const run = runOfItem(item ?? {});
    expect(item?.expiresAt?.N).toBe(
      String(Math.floor(Date.parse(run?.startedAt ?? "") / 1000) + 400 * 86_400),
    );
    expect(item?.version?.S).toBe(runVersion(run as never));
  });

  it("given a newer run and then the older run's late final event, when recorded, then the live row keeps the newer run", async () => {
    const newer = startRun(world, pipeline);
    await deliver(runEventInput(pipeline, newer, "dev", "STARTED", secondsAfter(world, newer, 0)));
    const late = await deliver(
      runEventInput(pipeline, executionId, "dev", "FAILED", secondsAfter(world, executionId, 90)),
    );

    expect(late).toMatchObject({ run: "written", live: "unchanged" });
    const live = runOfItem((await itemAt(world, "LIVE", "branch#feature/login")) ?? {});
    expect(live?.executionId).toBe(newer);
  });

  it("given the branch deleted, when a late event of its run arrives, then the live row stays closed and the overview skips it", async () => {
    const closed = await deliver({
      kind: "sourceClosed",
      eventId: "ev-closed",
      time: new Date(Date.now() + 60_000).toISOString(),
      project: "acme",
      branch: "refs/heads/feature/login",
    });
    const late = await deliver(
      runEventInput(pipeline, executionId, "dev", "FAILED", secondsAfter(world, executionId, 95)),
    );

    expect(closed).toMatchObject({ outcome: "closed", sourceKey: "branch#feature/login", live: "written" });
    expect(late).toMatchObject({ live: "unchanged" });
    expect((await itemAt(world, "LIVE", "branch#feature/login"))?.closedAt).toBeDefined();
    const { runs } = await readLiveRuns(world.store, {});
    expect(runs.map((run) => run.pipeline)).not.toContain(pipeline);
    expect(liveRowKey("branch#feature/login").pk).toEqual({ S: "LIVE" });
  });
});

describe("recording prod deployments (DORA)", () => {
  it("given a failed deployment and then a good one, when recorded, then the metrics count both, the failure and its recovery", async () => {
    const failed = createPipeline(world, "prod", "acme-prod", "main", false);
    world.aws.codePipeline.finishExecution(failed, "Failed", runActions("Failed"));
    await deliver(runEventInput("acme-prod", failed, "prod", "FAILED", secondsAfter(world, failed, 40)));
    expect(metrics.total("Deployments")).toBe(1);
    expect(metrics.total("FailedDeployments")).toBe(1);

    const recovered = startRun(world, "acme-prod", "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e");
    world.aws.codePipeline.finishExecution(recovered, "Succeeded", runActions());
    await deliver(
      runEventInput("acme-prod", recovered, "prod", "SUCCEEDED", secondsAfter(world, recovered, 50)),
    );

    expect(metrics.total("Deployments")).toBe(2);
    expect(metrics.total("FailedDeployments")).toBe(1);
    expect(metrics.names.filter((name) => name === "FailedDeploymentRecoveryTime")).toHaveLength(1);
    expect(metrics.names).toContain("ChangeLeadTime");
    const recovery = metrics.documents.find((document) => "FailedDeploymentRecoveryTime" in document);
    expect(recovery).toMatchObject({ environment: "prod", service: "tributary-notifier" });
    expect(recovery?._aws.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(
      expect.arrayContaining(["service", "environment"]),
    );
  });
});

describe("what cannot be recorded", () => {
  it("given no table, when a run event arrives, then it is dropped with the reason", async () => {
    expect(
      await worldNotifier(world, null)(
        runEventInput(
          "acme-dev",
          "00000001-0000-4000-8000-000000000000",
          "dev",
          "STARTED",
          new Date().toISOString(),
        ),
        lambdaContext(),
      ),
    ).toEqual({ outcome: "dropped", reason: "no-run-history-table" });
  });

  it("given a malformed request, when it arrives, then it is dropped and counted as a bad event", async () => {
    expect(await deliver({ kind: "runEvent", pipeline: "" })).toMatchObject({ outcome: "dropped" });
    expect(metrics.failureReasons).toHaveLength(1);
  });

  it("given a pipeline that does not exist, when its event arrives, then it is dropped as not found", async () => {
    const result = await deliver(
      runEventInput(
        "acme-dev-feature-gone",
        "00000099-0000-4000-8000-000000000000",
        "dev",
        "FAILED",
        new Date().toISOString(),
      ),
    );
    expect(result).toEqual({ outcome: "dropped", reason: "not-found" });
  });

  it("given a pipeline not named as Tributary names them, when its event arrives, then it is ignored", async () => {
    const executionId = createPipeline(world, "dev", "acme-dev-spike-x", "spike/x", true);
    const result = await deliver(
      runEventInput("acme-dev-spike-x", executionId, "dev", "STARTED", secondsAfter(world, executionId, 0)),
    );
    expect(result).toMatchObject({ outcome: "ignored" });
  });

  it("given the reports bucket gone, when a run finishes, then it is recorded without TaskCat", async () => {
    const pipeline = "acme-dev-bugfix-typo";
    const executionId = createPipeline(world, "dev", pipeline, "bugfix/typo", true);
    world.aws.codePipeline.finishExecution(executionId, "Succeeded", runActions());
    const input = {
      ...runEventInput(pipeline, executionId, "dev", "SUCCEEDED", secondsAfter(world, executionId, 30)),
      reportsBucket: "gone-bucket",
    };

    expect(await deliver(input)).toMatchObject({ outcome: "recorded", run: "written" });
    expect(runOfItem((await storedRun(pipeline, executionId)) ?? {})?.taskcat).toBeUndefined();
    expect(REPORTS_BUCKET).not.toBe("gone-bucket");
  });
});
