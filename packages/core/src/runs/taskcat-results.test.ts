import { describe, expect, it } from "vitest";
import { taskcatResults } from "./__fixtures__/runs.js";
import {
  isTaskcatReportKey,
  parseTaskcatResults,
  taskcatReportKey,
  taskcatResultsKey,
} from "./taskcat-results.js";

describe("TaskCat's results file", () => {
  it("given the file the verdict writes, when parsed, then each row is a test in a region with its status", () => {
    expect(parseTaskcatResults(taskcatResults(["eu-west-1"], ["eu-west-1"]))).toEqual({
      results: [{ test: "website-dev", region: "eu-west-1", status: "ROLLBACK_COMPLETE", passed: false }],
    });
  });

  it.each([
    ["text", "<html>", "is not an object with format"],
    ["another format", { format: "x", results: [] }, "is not an object with format"],
    ["no results", { format: "tributary-taskcat-results/1" }, "has no results list"],
    [
      "a row without passed",
      { format: "tributary-taskcat-results/1", results: [{ test: "t", region: "r", status: "s" }] },
      "results[0]",
    ],
    ["a null row", { format: "tributary-taskcat-results/1", results: [null] }, "results[0]"],
  ])("Noncompliance: given %s, when parsed, then the error says why", (_what, document, reason) => {
    expect(parseTaskcatResults(document)).toEqual({ error: expect.stringContaining(reason) });
  });

  it("given an execution, when its keys are named, then both live under its report prefix", () => {
    expect(taskcatResultsKey("acme-dev", "e-1")).toBe("reports/acme-dev/e-1/taskcat-results.json");
    expect(taskcatReportKey("acme-dev", "e-1")).toBe("reports/acme-dev/e-1/index.html");
  });

  it.each([
    ["reports/acme-dev/0a1b2c3d-0000-4000-8000-000000000000/index.html", true],
    ["reports/acme-dev/e-1/preview.json", false],
    ["reports/acme-dev/e-1/../../secret/index.html", false],
    ["staging/acme-dev/e-1/index.html", false],
    ["reports/acme-dev/e-1/x/index.html", false],
  ])("given the key %s, when asked whether the page may sign it, then %s", (key, expected) => {
    expect(isTaskcatReportKey(key)).toBe(expected);
  });
});
