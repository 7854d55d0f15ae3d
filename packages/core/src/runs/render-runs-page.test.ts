import { describe, expect, it } from "vitest";
import { action, run, runEvent, taskcatResults } from "./__fixtures__/runs.js";
import {
  escapeHtml,
  formatAgo,
  formatDuration,
  type RunsPageOptions,
  renderRunsPage,
  sourceLabel,
} from "./render-runs-page.js";

const options: RunsPageOptions = {
  project: "acme",
  region: "eu-west-1",
  now: "2026-11-27T16:00:00.000Z",
  filters: {},
  environments: ["dev", "qa", "prod"],
  rowsRead: 3,
  reportLinkMinutes: 15,
};
const REPORT =
  "https://acme-reports.s3.eu-west-1.amazonaws.com/reports/acme-dev-feature-login/e/index.html?X-Amz-Signature=abc";

describe("renderRunsPage", () => {
  it("given a run with a red region, when rendered, then the failed cell says so in words, not only in red", () => {
    const red = run({
      request: runEvent({ state: "FAILED" }),
      taskcatResults: taskcatResults(["eu-west-1", "us-west-2"], ["us-west-2"]),
      actions: [action("Test", "Test", "Failed", 0.2, 6, { summary: "Build terminated" })],
    });
    const html = renderRunsPage([{ run: red, reportUrl: REPORT }], options, 100);
    expect(html).toContain('<li class="bad">✗ failed: website-dev in us-west-2 (ROLLBACK_COMPLETE)</li>');
    expect(html).toContain('<li class="good">✓ passed: website-dev in eu-west-1</li>');
    expect(html).toContain("Failed at <strong>Test / Test</strong>: Build terminated");
    expect(html).toContain('<span class="state bad">✗ failed</span>');
  });

  it("given a run with its report signed, when rendered, then it links the execution and the report in a new tab", () => {
    const html = renderRunsPage([{ run: run(), reportUrl: REPORT }], options, 100);
    expect(html).toContain(
      'href="https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev-feature-login/executions/0a1b2c3d-0000-4000-8000-000000000000/timeline?region=eu-west-1"',
    );
    expect(html).toContain(`href="${escapeHtml(REPORT)}" target="_blank" rel="noopener noreferrer"`);
    expect(html).toContain("TaskCat report (15 min link)");
  });

  it("given a run whose report is recorded but could not be signed, when rendered, then it says there is no link", () => {
    expect(renderRunsPage([{ run: run() }], options, 100)).toContain("no report link");
  });

  it.each(["javascript:alert(1)", "http://example.com/report", 'https://x"onmouseover="alert(1)'])(
    "given the report URL %s, when rendered, then it is not linked",
    (reportUrl) => {
      expect(renderRunsPage([{ run: run(), reportUrl }], options, 100)).not.toContain("TaskCat report (");
    },
  );

  it("given a report URL of a local endpoint (moto), when rendered, then it is linked", () => {
    expect(
      renderRunsPage([{ run: run(), reportUrl: "http://127.0.0.1:5000/r/index.html?X=1" }], options, 100),
    ).toContain('href="http://127.0.0.1:5000/r/index.html?X=1"');
  });

  it("given a run stopped before TaskCat, when rendered, then its TaskCat cell says there is no report", () => {
    const html = renderRunsPage([{ run: run({ taskcatResults: undefined }) }], options, 100);
    expect(html).toContain('<span class="muted">no report</span>');
    expect(html).not.toContain("no report link");
  });

  it("given a running run, when rendered, then it is running, with no stage or TaskCat result yet", () => {
    const html = renderRunsPage([{ run: run({ request: runEvent({ state: "STARTED" }) }) }], options, 100);
    expect(html).toContain("▶ running");
    expect(html).toContain("in progress");
    expect(html).toContain("not yet");
  });

  it("given a branch name with markup, when rendered, then it is text", () => {
    const record = run({ execution: { variables: { Branch: "feature/<script>alert(1)</script>" } } });
    const html = renderRunsPage([{ run: record }], options, 100);
    expect(html).not.toContain("<script>");
    expect(html).toContain("feature/&lt;script&gt;");
  });

  it("given no run, when rendered, then the empty state says what matched nothing and when a branch appears", () => {
    const html = renderRunsPage([], { ...options, filters: { environment: "qa", failedOnly: true } }, 100);
    expect(html).toContain('role="status"');
    expect(html).toContain("No live branch or pull request matches environment qa, latest run failed");
    expect(html).toContain("with no failed run, there is nothing to fix");
    expect(html).not.toContain("<table>");
  });

  it("given more rows than the limit, when rendered, then the newest are shown and the summary counts the rest", () => {
    const rows = [0, 1, 2].map((minute) => ({
      run: run({
        request: runEvent({ executionId: `e-${minute}` }),
        startedAt: `2026-11-27T15:0${minute}:00.000Z`,
      }),
    }));
    const html = renderRunsPage(rows, options, 2);
    expect(html).toContain(
      "2 of 3 matching live branches and pull requests shown (3 live rows read; no filter)",
    );
    expect(html.indexOf('data-pipeline="acme-dev-feature-login" data-state="SUCCEEDED"')).toBeGreaterThan(0);
    expect(html.match(/<tr data-pipeline/g)).toHaveLength(2);
  });

  it("given the widget's ARN, when rendered, then a labelled filter form calls the widget again with the chosen filters", () => {
    const html = renderRunsPage(
      [],
      { ...options, endpoint: "arn:aws:lambda:eu-west-1:123456789012:function:w", filters: { kind: "pr" } },
      100,
    );
    expect(html).toContain('<label for="tributary-runs-kind">Branch kind</label>');
    expect(html).toContain('<option value="pr" selected>pull request</option>');
    expect(html).toContain(
      '<cwdb-action action="call" endpoint="arn:aws:lambda:eu-west-1:123456789012:function:w"></cwdb-action>',
    );
  });
});

describe("the page's words", () => {
  it.each([
    [45_000, "45 s"],
    [60_000, "1 min"],
    [365_000, "6 min 5 s"],
    [3_600_000, "1 h"],
    [7_380_000, "2 h 3 min"],
    [86_400_000, "1 d"],
    [97_200_000, "1 d 3 h"],
  ])("given %s ms, when formatted, then it reads %s", (milliseconds, text) => {
    expect(formatDuration(milliseconds)).toBe(text);
  });

  it.each([
    ["2026-11-27T15:59:30.000Z", "just now"],
    ["2026-11-27T15:48:00.000Z", "12 min ago"],
    ["2026-11-27T13:00:00.000Z", "3 h ago"],
    ["2026-11-25T16:00:00.000Z", "2 d ago"],
    ["not a time", "just now"],
  ])("given %s seen at 16:00, when said, then it reads %s", (time, text) => {
    expect(formatAgo(time, "2026-11-27T16:00:00.000Z")).toBe(text);
  });

  it.each([
    [{ kind: "pr", pullRequestId: "42", branch: "feature/login" }, "PR #42 (feature/login)"],
    [{ kind: "pr" }, "PR #?"],
    [{ kind: "environment" }, "acme-dev-feature-login"],
  ] as const)("given the source %j, when labelled, then it reads %s", (source, text) => {
    expect(sourceLabel({ ...run(), source })).toBe(text);
  });
});
