import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parseTaskcatResults, TASKCAT_RESULTS_FILE } from "@tributary/core";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_DIR, python } from "./support/demo.js";
import { TASKCAT_STYLESHEET } from "./support/run-buildspec.js";

const FIXTURES = join(DEMO_DIR, "test", "__fixtures__", "taskcat");
const VERDICT = join(DEMO_DIR, "ci", "taskcat-verdict.py");
const STUB = join(DEMO_DIR, "test", "support", "taskcat-stub.py");
const scratch = mkdtempSync(join(tmpdir(), "tributary-taskcat-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function verdict(report: string, taskcatStatus = "0", results?: string): { passed: boolean; output: string } {
  const args = [VERDICT, report, taskcatStatus, ...(results === undefined ? [] : [results])];
  const result = spawnSync(python().executable, args, { encoding: "utf8" });
  return { passed: result.status === 0, output: result.stdout + result.stderr };
}

describe("ci/taskcat-verdict.py on TaskCat 0.9.57's own reports", () => {
  it("given every report, when its text is searched, then the inlined stylesheet names both result classes (why grep cannot judge it)", () => {
    for (const file of ["report-all-green.html", "report-one-red.html"]) {
      const report = readFileSync(join(FIXTURES, file), "utf8");
      expect(report).toContain("td.test-green {");
      expect(report).toContain("td.test-red {");
    }
  });

  it("Compliance: given every stack CREATE_COMPLETE, when judged, then the tests pass", () => {
    const { passed, output } = verdict(join(FIXTURES, "report-all-green.html"));
    expect(output).toContain(
      "PASS website-dev / us-east-1 / tCaT-tributary-demo-dev-website-dev-0f1e2d3c4b5a69788796a5b4c3d2e1f0: CREATE_COMPLETE",
    );
    expect(output).toContain("all 1 stacks reached CREATE_COMPLETE");
    expect(passed).toBe(true);
  });

  it("Noncompliance: given one stack ROLLBACK_COMPLETE, when judged, then the tests fail naming it", () => {
    const { passed, output } = verdict(join(FIXTURES, "report-one-red.html"), "1");
    expect(passed).toBe(false);
    expect(output).toMatch(/FAIL website-dev \/ us-west-2 \/ \S+: ROLLBACK_COMPLETE/);
    expect(output).toContain("1 of 2 stacks did not reach CREATE_COMPLETE");
  });

  it("given a report with a red region and a results path, when judged, then the results name each test and region as core parses them", () => {
    const path = join(scratch, "taskcat-results.json");
    verdict(join(FIXTURES, "report-one-red.html"), "1", path);
    const parsed = parseTaskcatResults(JSON.parse(readFileSync(path, "utf8")));
    expect(parsed).toEqual({
      results: [
        expect.objectContaining({ test: "website-dev", passed: true, status: "CREATE_COMPLETE" }),
        { test: "website-dev", region: "us-west-2", status: "ROLLBACK_COMPLETE", passed: false },
      ],
    });
    expect(basename(path)).toBe(TASKCAT_RESULTS_FILE);
  });

  it("Noncompliance: given no report, when judged, then the tests fail with the reason TaskCat writes none", () => {
    const { passed, output } = verdict(join(scratch, "missing", "index.html"), "1");
    expect(passed).toBe(false);
    expect(output).toContain("TaskCat wrote no report");
    expect(output).toContain("cannot download its stylesheet");
  });

  it("Noncompliance: given a report with no tested stack, when judged, then the tests fail", () => {
    const empty = join(scratch, "empty.html");
    writeFileSync(empty, "<head><style>td.test-green { }</style></head><table class=table-fill></table>");
    const { passed, output } = verdict(empty);
    expect(passed).toBe(false);
    expect(output).toContain("lists no tested stack");
  });

  it("Noncompliance: given an all-green report but a non-zero TaskCat exit, when judged, then the tests fail", () => {
    const { passed, output } = verdict(join(FIXTURES, "report-all-green.html"), "1");
    expect(passed).toBe(false);
    expect(output).toContain("TaskCat exited 1 although every stack reached CREATE_COMPLETE");
  });
});

/** Run the stand-in in a fresh project directory; returns its exit status and what it wrote. */
function runStub(
  regions: readonly string[],
  statuses: Record<string, string>,
  stylesheet = TASKCAT_STYLESHEET,
): { status: number | null; files: string[]; report?: string } {
  const project = mkdtempSync(join(scratch, "project-"));
  mkdirSync(join(project, "ci"));
  writeFileSync(
    join(project, "ci", ".taskcat.yml"),
    `project:\n  name: tributary-demo-dev\n  regions: [${regions.join(", ")}]\ntests:\n  website-dev:\n    template: templates/main.yaml\n`,
  );
  const result = spawnSync(python().executable, [STUB, "test", "run", "-i", "ci/.taskcat.yml"], {
    cwd: project,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      STUB_CALLS: join(project, "calls.jsonl"),
      STUB_TASKCAT_STATUSES: JSON.stringify(statuses),
      STUB_TASKCAT_STYLESHEET: stylesheet,
      STUB_TASKCAT_TESTED_ON: "Tuesday - Dec,01,2026 @ 08:00:00",
      STUB_TASKCAT_UID: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    },
  });
  const outputs = join(project, "taskcat_outputs");
  const report = join(outputs, "index.html");
  return {
    status: result.status,
    files: existsSync(outputs) ? readdirSync(outputs).sort() : [],
    ...(existsSync(report) ? { report: readFileSync(report, "utf8") } : {}),
  };
}

describe("the taskcat stand-in (test/support/taskcat-stub.py)", () => {
  it("given one green stack, when it reports, then it writes TaskCat's report byte for byte and exits 0", () => {
    const run = runStub(["us-east-1"], {});
    expect(run.report).toBe(readFileSync(join(FIXTURES, "report-all-green.html"), "utf8"));
    expect(run.status).toBe(0);
  });

  it("given a failed stack, when it reports, then it writes TaskCat's report byte for byte and exits 1, as TaskCat's clean-up raises", () => {
    const run = runStub(["us-east-1", "us-west-2"], { "website-dev/us-west-2": "ROLLBACK_COMPLETE" });
    expect(run.report).toBe(readFileSync(join(FIXTURES, "report-one-red.html"), "utf8"));
    expect(run.status).toBe(1);
  });

  it("given the stylesheet cannot be downloaded, when it reports, then it writes the stack logs but no index.html and exits 1", () => {
    const run = runStub(["us-east-1"], {}, "unreachable");
    expect(run.status).toBe(1);
    expect(run.report).toBeUndefined();
    expect(run.files).toEqual([
      "tCaT-tributary-demo-dev-website-dev-0f1e2d3c4b5a69788796a5b4c3d2e1f0-us-east-1-cfnlogs.txt",
    ]);
  });
});
