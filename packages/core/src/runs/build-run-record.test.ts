import { describe, expect, it } from "vitest";
import { fixturePages } from "../preview/__fixtures__/change-sets/build.js";
import { action, COMMIT, facts, greenActions, run, runEvent, taskcatResults } from "./__fixtures__/runs.js";
import { buildRunRecord, stageResults } from "./build-run-record.js";

describe("buildRunRecord", () => {
  it("given a green run of a feature branch, when recorded, then it names the source, commit, trigger, duration and stack", () => {
    expect(run()).toMatchObject({
      project: "acme",
      pipeline: "acme-dev-feature-login",
      environment: "dev",
      source: { kind: "feature", branch: "feature/login" },
      state: "SUCCEEDED",
      startedAt: "2026-11-27T15:00:00.000Z",
      endedAt: "2026-11-27T15:09:00.000Z",
      durationMs: 540_000,
      commit: { id: COMMIT, message: "Login page", time: "2026-11-27T14:30:00.000Z" },
      trigger: { type: "StartPipelineExecution" },
      ephemeral: true,
      stackName: "acme-dev-feature-login",
      lintFindings: 2,
    });
  });

  it("given a green run, when recorded, then every stage has its result and duration in start order", () => {
    expect(run().stages.map((stage) => [stage.name, stage.status, stage.durationMs])).toEqual([
      ["Source", "Succeeded", 6_000],
      ["Test", "Succeeded", 360_000],
      ["Preview", "Succeeded", 60_000],
      ["Deploy", "Succeeded", 84_000],
      ["Cleanup", "Succeeded", 6_000],
    ]);
  });

  it("given TaskCat's results, when recorded, then each test and region has its cell and the report its key", () => {
    const record = run({ taskcatResults: taskcatResults(["eu-west-1", "us-west-2"], ["us-west-2"]) });
    expect(record.taskcat).toEqual({
      reportKey: "reports/acme-dev-feature-login/0a1b2c3d-0000-4000-8000-000000000000/index.html",
      results: [
        { test: "website-dev", region: "eu-west-1", status: "CREATE_COMPLETE", passed: true },
        { test: "website-dev", region: "us-west-2", status: "ROLLBACK_COMPLETE", passed: false },
      ],
    });
  });

  it("given no results file (the build stopped before TaskCat), when recorded, then the run has no TaskCat and no report", () => {
    expect(run({ taskcatResults: undefined }).taskcat).toBeUndefined();
  });

  it("given a results file that is not one, when recorded, then the run has no TaskCat cells", () => {
    expect(run({ taskcatResults: "<html>" }).taskcat).toBeUndefined();
  });

  it("given a failed Test action, when recorded, then the failed action carries CodePipeline's reason", () => {
    const record = run({
      request: runEvent({ state: "FAILED" }),
      actions: [
        action("Source", "Source", "Succeeded", 0, 0.1),
        action("Test", "Test", "Failed", 0.2, 6, { summary: "Build terminated with state: FAILED" }),
      ],
    });
    expect(record.failedAction).toEqual({
      stage: "Test",
      action: "Test",
      reason: "Build terminated with state: FAILED",
    });
    expect(record.lintFindings).toBeUndefined();
    expect(record.stages.map((stage) => stage.status)).toEqual(["Succeeded", "Failed"]);
  });

  it("given a stage that was retried, when recorded, then its latest attempt decides its result", () => {
    const record = run({
      request: runEvent({ attempt: 2 }),
      actions: [action("Test", "Test", "Failed", 0.2, 6), action("Test", "Test", "Succeeded", 20, 6)],
    });
    expect(record.stages).toEqual([
      expect.objectContaining({ name: "Test", status: "Succeeded", durationMs: 360_000 }),
    ]);
    expect(record.failedAction).toBeUndefined();
  });

  it("given a stage still in progress (a stopping run), when recorded, then it has a start but no end", () => {
    const [stage] = stageResults([action("Approval", "Approve", "InProgress", 7, 30)]);
    expect(stage).toEqual({ name: "Approval", status: "InProgress", startedAt: "2026-11-27T15:07:00.000Z" });
  });

  it("given an abandoned action beside a succeeded one, when its stage is summed up, then it is abandoned", () => {
    const [stage] = stageResults([
      action("Deploy", "CreateChangeSet", "Succeeded", 7, 1),
      action("Deploy", "ExecuteChangeSet", "Abandoned", 8, 1),
    ]);
    expect(stage?.status).toBe("Abandoned");
  });

  it("given actions without times, when summed up, then their stage has no times", () => {
    expect(stageResults([{ stageName: "Source", actionName: "Source", status: "Succeeded" }])).toEqual([
      { name: "Source", status: "Succeeded" },
    ]);
  });

  it("given the preview.json the run wrote, when recorded, then the preview's headline is core's", () => {
    const previewDocument = [
      { stack: "acme-dev", environment: "dev", changeSetType: "UPDATE", pages: fixturePages("every-action") },
    ];
    expect(run({ previewDocument }).preview).toMatchObject({
      status: "changes",
      headline: expect.stringMatching(/change/),
    });
  });

  it.each([
    ["changes", "changes (preview.json unavailable)"],
    ["no-changes", "no changes"],
    ["error", "the preview failed"],
  ])(
    "given no preview.json but PREVIEW_STATUS %s, when recorded, then the headline says %s",
    (status, headline) => {
      expect(run({ previewDocument: "not a preview" }).preview).toEqual({
        status: "changes",
        headline: "changes (preview.json unavailable)",
      });
      const actions = greenActions().map((entry) =>
        entry.actionName === "Preview" ? { ...entry, outputVariables: { PREVIEW_STATUS: status } } : entry,
      );
      expect(run({ actions }).preview).toEqual({ status, headline });
    },
  );

  it("given no preview at all, when recorded, then the run has none", () => {
    const actions = greenActions().filter((entry) => entry.actionName !== "Preview");
    expect(run({ actions }).preview).toBeUndefined();
  });

  it("given a STARTED event, when recorded, then the run is in progress with no stages, end or results", () => {
    const record = run({ request: runEvent({ state: "STARTED", time: "2026-11-27T15:00:01.000Z" }) });
    expect(record).toMatchObject({ state: "STARTED", stages: [] });
    expect(record.endedAt).toBeUndefined();
    expect(record.durationMs).toBeUndefined();
    expect(record.preview).toBeUndefined();
  });

  it("given a pipeline the naming scheme does not produce, when recorded, then there is no record", () => {
    expect(buildRunRecord(facts({ request: runEvent({ pipeline: "acme-dev-spike-x" }) }))).toBeUndefined();
  });

  it("given an execution without commit, trigger or variables, when recorded, then those fields are absent", () => {
    const record = run({ execution: { variables: {} } });
    expect(record.commit).toBeUndefined();
    expect(record.trigger).toBeUndefined();
    expect(record.ephemeral).toBeUndefined();
    expect(record.source).toEqual({ kind: "feature" });
  });

  it("given a commit without message or time, when recorded, then the commit has only its id", () => {
    expect(run({ execution: { variables: {}, commitId: COMMIT, commitMessage: "\n" } }).commit).toEqual({
      id: COMMIT,
    });
  });
});
