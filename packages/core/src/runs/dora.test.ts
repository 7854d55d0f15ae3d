import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prodRun } from "./__fixtures__/runs.js";
import {
  classifyDeployments,
  type Deployment,
  deploymentOf,
  doraDelta,
  doraKeys,
  isHotfixMerge,
} from "./dora.js";

const HOUR = 3_600_000;

function deployment(id: string, hour: number, succeeded: boolean, hotfix = false): Deployment {
  const start = Date.parse("2026-11-01T00:00:00.000Z") + hour * HOUR;
  return {
    executionId: id,
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + HOUR / 2).toISOString(),
    succeeded,
    hotfix,
    commitTime: new Date(start - 2 * HOUR).toISOString(),
  };
}

describe("what counts as a deployment", () => {
  it("given a prod run whose Deploy stage succeeded, when read by DORA, then it is a successful deployment with its commit's time", () => {
    expect(deploymentOf(prodRun("e-1", 0, "Succeeded"), "hotfix/")).toEqual({
      executionId: "e-1",
      startedAt: "2026-11-27T00:00:00.000Z",
      endedAt: "2026-11-27T00:30:00.000Z",
      succeeded: true,
      hotfix: false,
      commitTime: "2026-11-26T23:00:00.000Z",
    });
  });

  it("given a prod run that failed in Test, when read by DORA, then it is no deployment (production did not change)", () => {
    expect(deploymentOf(prodRun("e-1", 0, undefined), "hotfix/")).toBeUndefined();
  });

  it("given git-flow's merge of a hotfix, when read by DORA, then it is a hotfix deployment", () => {
    expect(
      deploymentOf(prodRun("e-1", 0, "Succeeded", "Merge branch 'hotfix/1.2.1'"), "hotfix/")?.hotfix,
    ).toBe(true);
  });

  it.each([
    ["Merge branch 'hotfix/1.2.1'", "hotfix/", true],
    ["Merge branch 'hotfix/1.2.1' into main", "hotfix/", true],
    ["Merge branch 'release/1.3.0'", "hotfix/", false],
    ["Fix hotfix/1.2.1", "hotfix/", false],
    ["Merge branch 'hf-1'", "hf-", true],
    [undefined, "hotfix/", false],
    ["Merge branch 'x'", "", false],
  ])(
    "given the commit message %j and prefix %j, when asked whether it merges a hotfix, then %s",
    (message, prefix, expected) => {
      expect(isHotfixMerge(message, prefix)).toBe(expected);
    },
  );
});

describe("DORA's verdicts", () => {
  it("given a failed deployment and a later good one, when classified, then the failure is recovered by the good one", () => {
    const [failed, good] = classifyDeployments([deployment("b", 5, true), deployment("a", 1, false)]);
    expect(failed).toMatchObject({
      executionId: "a",
      failed: true,
      failure: "deploy-failed",
      recoveryTimeMs: 4 * HOUR,
    });
    expect(failed?.leadTimeMs).toBeUndefined();
    expect(good).toMatchObject({ executionId: "b", failed: false, leadTimeMs: 2.5 * HOUR });
  });

  it("given a good deployment followed by a hotfix, when classified, then the first needed a hotfix and the hotfix recovered it", () => {
    const [release, hotfix] = classifyDeployments([deployment("a", 0, true), deployment("b", 3, true, true)]);
    expect(release).toMatchObject({
      failed: true,
      failure: "hotfixed",
      recoveryTimeMs: 3 * HOUR,
      leadTimeMs: 2.5 * HOUR,
    });
    expect(hotfix).toMatchObject({ failed: false });
  });

  it("given two failures in a row, when classified, then each recovers at the first good deployment after it", () => {
    const verdicts = classifyDeployments([
      deployment("a", 0, false),
      deployment("b", 2, false),
      deployment("c", 6, true),
    ]);
    expect(verdicts.map((verdict) => verdict.recoveryTimeMs)).toEqual([6 * HOUR, 4 * HOUR, undefined]);
  });

  it("given a failure not yet recovered, when the keys are computed, then it counts as unrecovered", () => {
    const keys = doraKeys([deployment("a", 0, true), deployment("b", 30, false)], {
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-03T00:00:00.000Z",
    });
    expect(keys).toMatchObject({
      deployments: 2,
      deploymentsPerDay: 1,
      failedDeployments: 1,
      changeFailRate: 0.5,
      unrecovered: 1,
      changeLeadTimeMs: { p50: 2.5 * HOUR, p90: 2.5 * HOUR },
      recoveryTimeMs: { p50: undefined, p90: undefined },
    });
  });

  it("given a hotfix inside the window for a release before it, when the keys are computed, then only deployments inside count", () => {
    const keys = doraKeys([deployment("a", 0, true), deployment("b", 30, true, true)], {
      from: "2026-11-02T00:00:00.000Z",
      to: "2026-11-03T00:00:00.000Z",
    });
    expect(keys).toMatchObject({ deployments: 1, failedDeployments: 0, changeFailRate: 0 });
  });

  it("given no deployment, when the keys are computed over an empty window, then every rate is zero", () => {
    expect(doraKeys([], { from: "2026-11-01T00:00:00.000Z", to: "2026-11-01T00:00:00.000Z" })).toMatchObject({
      deployments: 0,
      deploymentsPerDay: 0,
      changeFailRate: 0,
    });
  });

  it("given a redelivered deployment, when classified, then it counts once", () => {
    expect(classifyDeployments([deployment("a", 0, true), deployment("a", 0, true)])).toHaveLength(1);
  });
});

describe("what one finished deployment adds", () => {
  it("given a failure yesterday, when a good deployment finishes, then it adds one deployment and the recovery time", () => {
    expect(doraDelta([deployment("a", 0, false)], deployment("b", 24, true))).toEqual({
      deployments: 1,
      failedDeployments: 0,
      leadTimeMs: 2.5 * HOUR,
      recoveryTimesMs: [24 * HOUR],
    });
  });

  it("given a good release, when a hotfix finishes, then it reveals the release's failure", () => {
    expect(doraDelta([deployment("a", 0, true)], deployment("b", 5, true, true))).toMatchObject({
      failedDeployments: 1,
      recoveryTimesMs: [5 * HOUR],
    });
  });

  it("given deployments finishing in order, when their deltas are summed, then the counts are doraKeys' counts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ succeeded: fc.boolean(), hotfix: fc.boolean() }), {
          minLength: 1,
          maxLength: 30,
        }),
        (outcomes) => {
          const all = outcomes.map((outcome, index) =>
            deployment(`e-${String(index).padStart(3, "0")}`, index * 3, outcome.succeeded, outcome.hotfix),
          );
          let deployments = 0;
          let failed = 0;
          all.forEach((finished, index) => {
            const delta = doraDelta(all.slice(0, index), finished);
            deployments += delta.deployments;
            failed += delta.failedDeployments;
          });
          const keys = doraKeys(all, { from: "2026-01-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" });
          expect({ deployments, failed }).toEqual({
            deployments: keys.deployments,
            failed: keys.failedDeployments,
          });
        },
      ),
    );
  });
});
