import { describe, expect, it } from "vitest";
import { defineConfig } from "../config/define-config.js";
import type { TributaryConfig } from "../shared/types.js";
import { run, runEvent } from "./__fixtures__/runs.js";
import { doraEnvironment, runMetrics } from "./run-metrics.js";

describe("runMetrics", () => {
  it("given a run that succeeded, when its metrics are listed, then it counts one run, one success, its duration and each stage's", () => {
    const metrics = runMetrics(run(), undefined);
    expect(metrics.slice(0, 3)).toEqual([
      { name: "Runs", unit: "Count", value: 1, dimensions: { environment: "dev" } },
      { name: "RunsSucceeded", unit: "Count", value: 1, dimensions: { environment: "dev" } },
      { name: "RunDuration", unit: "Milliseconds", value: 540_000, dimensions: { environment: "dev" } },
    ]);
    expect(
      metrics.filter((metric) => metric.name === "StageDuration").map((metric) => metric.dimensions.stage),
    ).toEqual(["Source", "Test", "Preview", "Deploy", "Cleanup"]);
  });

  it("given a run that failed, when its metrics are listed, then it counts a run and no success", () => {
    const metrics = runMetrics(run({ request: runEvent({ state: "FAILED" }), actions: [] }), undefined);
    expect(metrics.map((metric) => [metric.name, metric.value])).toEqual([
      ["Runs", 1],
      ["RunsSucceeded", 0],
      ["RunDuration", 540_000],
    ]);
  });

  it.each(["SUPERSEDED", "CANCELED"] as const)(
    "given a %s run, when its metrics are listed, then it has no result to count",
    (state) => {
      expect(runMetrics(run({ request: runEvent({ state }), actions: [] }), undefined)).toEqual([]);
    },
  );

  it("given a run still going, when its metrics are listed, then there are none", () => {
    expect(runMetrics(run({ request: runEvent({ state: "STARTED" }) }), undefined)).toEqual([]);
  });

  it("given a deployment's DORA delta, when its metrics are listed, then the four keys' metrics follow", () => {
    const metrics = runMetrics(run({ actions: [] }), {
      deployments: 1,
      failedDeployments: 1,
      leadTimeMs: 7_200_000,
      recoveryTimesMs: [60_000, 120_000],
    });
    expect(metrics.slice(3).map((metric) => [metric.name, metric.value])).toEqual([
      ["Deployments", 1],
      ["FailedDeployments", 1],
      ["ChangeLeadTime", 7_200_000],
      ["FailedDeploymentRecoveryTime", 60_000],
      ["FailedDeploymentRecoveryTime", 120_000],
    ]);
  });
});

describe("doraEnvironment", () => {
  const environment = (name: string, branch: string | null, requiresApproval = false) =>
    ({ name, branch, requiresApproval }) as TributaryConfig["environments"][number];
  const branches = { main: "main", develop: "develop", prefixes: {} } as TributaryConfig["branches"];

  it("given the default environments, when DORA's environment is chosen, then it is prod", () => {
    expect(doraEnvironment(defineConfig({ project: "acme", repository: "infra" }))).toBe("prod");
  });

  it.each([
    ["main deployed by live", [environment("test", "develop"), environment("live", "main")], "live"],
    [
      "no environment on main and two approvals",
      [environment("stage", null, true), environment("pre", null, true), environment("x", null)],
      "pre",
    ],
    ["neither main nor approvals", [environment("test", "develop"), environment("other", null)], "other"],
  ])("given %s, when DORA's environment is chosen, then it is %s", (_what, environments, expected) => {
    expect(doraEnvironment({ environments, branches })).toBe(expected);
  });

  it("given no environment at all, when chosen, then it says defineConfig guarantees one", () => {
    expect(() => doraEnvironment({ environments: [], branches })).toThrow(/defineConfig guarantees one/);
  });
});
