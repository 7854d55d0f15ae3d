import { describe, expect, it } from "vitest";
import { action, run, runEvent, taskcatResults } from "./__fixtures__/runs.js";
import { formatRunsTable } from "./format-runs.js";

const now = "2026-11-27T16:00:00.000Z";

describe("formatRunsTable", () => {
  it("given runs and no terminal, when formatted, then the table is plain aligned text, newest first", () => {
    const failed = run({
      request: runEvent({ executionId: "e-2", state: "FAILED", time: "2026-11-27T15:36:00.000Z" }),
      startedAt: "2026-11-27T15:30:00.000Z",
      taskcatResults: taskcatResults(["eu-west-1", "us-west-2"], ["us-west-2"]),
      actions: [action("Test", "Test", "Failed", 30.2, 6)],
    });
    const text = formatRunsTable([run(), failed], { color: false, now });
    expect(text).not.toContain("\u001b[");
    expect(text.split("\n")).toEqual([
      "SOURCE         KIND     ENV  STATE        STARTED     DURATION  COMMIT   TASKCAT              FAILED AT",
      "feature/login  feature  dev  ✗ failed     30 min ago  6 min     4c8f2e1  failed in us-west-2  Test/Test",
      "feature/login  feature  dev  ✓ succeeded  1 h ago     9 min     4c8f2e1  2 passed",
    ]);
  });

  it("given a terminal, when formatted, then the state is coloured", () => {
    expect(formatRunsTable([run()], { color: true, now })).toContain("\u001b[32m✓ succeeded");
  });

  it("given a running run without TaskCat results, when formatted, then its cells say so", () => {
    const text = formatRunsTable(
      [run({ request: runEvent({ state: "STARTED" }), taskcatResults: undefined })],
      { color: false, now },
    );
    expect(text).toMatch(/▶ running\s+1 h ago\s+-\s+4c8f2e1\s+-/);
  });

  it("given no runs, when formatted, then it says none match", () => {
    expect(formatRunsTable([], { color: false, now })).toBe("No runs match.");
  });
});
