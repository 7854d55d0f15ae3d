import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  commitStatusContext,
  type GatePhase,
  mergeGateStatus,
  STATUS_DESCRIPTION_LIMIT,
} from "./commit-status.js";

const config = { project: "acme" };
const COMMIT = "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e";
const PHASES: GatePhase[] = ["QUEUED", "STARTED", "SUCCEEDED", "FAILED", "STOPPED"];

describe("mergeGateStatus", () => {
  it("given a project, then its status context is tributary/<project>", () => {
    expect(commitStatusContext(config)).toBe("tributary/acme");
  });

  it.each<[GatePhase, string]>([
    ["QUEUED", "pending"],
    ["STARTED", "pending"],
    ["SUCCEEDED", "success"],
    ["FAILED", "failure"],
    ["STOPPED", "error"],
  ])("given the phase %s, then the state is %s", (phase, state) => {
    expect(mergeGateStatus(config, { phase, commitId: COMMIT }).state).toBe(state);
  });

  it("given a green run, then the status names the commit and links the execution", () => {
    expect(
      mergeGateStatus(config, { phase: "SUCCEEDED", commitId: COMMIT, targetUrl: "https://example.com/e" }),
    ).toEqual({
      context: "tributary/acme",
      state: "success",
      description: "Pipeline run succeeded (4c8f2e1)",
      targetUrl: "https://example.com/e",
    });
  });

  it("GitHub's limit is 140 characters (refused, not truncated, above it)", () => {
    expect(STATUS_DESCRIPTION_LIMIT).toBe(140);
  });

  it("given any phase, commit and project, then the description fits GitHub's 140 characters", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PHASES),
        fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{40,64}$/)),
        fc.stringMatching(/^[a-z][a-z0-9]{0,23}$/),
        (phase, commitId, project) => {
          const status = mergeGateStatus({ project }, { phase, commitId });
          expect([...status.description].length).toBeLessThanOrEqual(STATUS_DESCRIPTION_LIMIT);
          expect(status.context).toBe(`tributary/${project}`);
        },
      ),
    );
  });
});
