/**
 * The overview page as a person sees it: the bundled widget (`dist/run-widget.mjs`, in a child process like a Lambda)
 * reads a fixture history from moto's DynamoDB and signs report links for moto's S3; Debian's chromium, driven by
 * playwright-core, renders the HTML it returns inside a stand-in for the console's page (a `main` landmark and an
 * `h1`, which the CloudWatch console provides around a custom widget). One browser for the whole file.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { REPORTS_BUCKET_VARIABLE, RUN_HISTORY_VARIABLES } from "@tributary/core";
import { type MotoServer, motoClientOptions, startMotoServer } from "@tributary/fake-aws";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORTS_BUCKET } from "../__fixtures__/reports-bucket";
import { createRunHistoryTable, TABLE } from "../__fixtures__/run-history";
import { seedHistory } from "../__fixtures__/run-history-seed";
import { type ClonerProcess, RUN_WIDGET_BUNDLE, startCloner } from "./cloner-process";

/** Where the README's screenshot lives; written only with TRIBUTARY_SCREENSHOTS=write (`pnpm screenshot`). */
const README_SCREENSHOT = fileURLToPath(new URL("../../../../docs/runs-overview.png", import.meta.url));
/** Debian's chromium, and the flags that keep it quiet and offline. */
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Runs axe-core (injected into the page, where it is the global `axe`) on the page; each violation as
 * "id: the offending elements". Playwright runs the function's source in the page.
 */
async function axeViolations(): Promise<string[]> {
  const { axe: injected } = globalThis as unknown as { axe: typeof axe };
  const result = await injected.run(); // the whole document
  return result.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(" | ")}`,
  );
}

let moto: MotoServer;
let widget: ClonerProcess<string>;
let browser: Browser;
let page: Page;

/** The console around a custom widget: a document with a language, a title, a main landmark and a heading. */
function consolePage(fragment: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CloudWatch dashboard acme-tributary</title></head><body><main><h1>acme-tributary</h1>${fragment}</main></body></html>`;
}

async function render(event: Record<string, unknown>): Promise<string> {
  const invocation = await widget.invoke({
    ...event,
    widgetContext: { dashboardName: "acme-tributary", widgetId: "widget-1", forms: { all: {} }, params: {} },
  });
  if (!invocation.ok) throw new Error(`${invocation.error.name}: ${invocation.error.message}`);
  return invocation.result;
}

beforeAll(async () => {
  moto = await startMotoServer();
  const options = motoClientOptions(moto.url);
  const dynamo = new DynamoDBClient(options);
  const s3 = new S3Client({ ...options, forcePathStyle: true });
  await createRunHistoryTable(dynamo);
  await s3.send(
    new CreateBucketCommand({
      Bucket: REPORTS_BUCKET,
      CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
    }),
  );
  await seedHistory({ dynamo, tableName: TABLE, ttlDays: 400 }, new Date(), {
    client: s3,
    bucket: REPORTS_BUCKET,
  });
  widget = await startCloner<string>({
    endpoint: moto.url,
    bundle: RUN_WIDGET_BUNDLE,
    env: {
      [RUN_HISTORY_VARIABLES.table]: TABLE,
      [RUN_HISTORY_VARIABLES.project]: "acme",
      [RUN_HISTORY_VARIABLES.environments]: "dev,qa,prod",
      [REPORTS_BUCKET_VARIABLE]: REPORTS_BUCKET,
      POWERTOOLS_SERVICE_NAME: "tributary-run-widget",
      POWERTOOLS_LOG_LEVEL: "WARN",
    },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  // Short: a full-page screenshot grows to the content, and stops there.
  page = await browser.newPage({ viewport: { width: 1400, height: 400 } });
});

afterAll(async () => {
  await browser?.close();
  await widget?.close();
  await moto?.close();
});

describe("the overview page in a browser", () => {
  beforeAll(async () => {
    await page.setContent(consolePage(await render({})));
  });

  it("given a release whose TaskCat stack failed in us-west-2, when a person looks at its row, then the red cell names the region and says failed", async () => {
    const row = page.locator("tr", { has: page.locator("th", { hasText: "release/1.2.0" }) });
    const red = row.locator("li.bad", { hasText: "us-west-2" });

    await expect(red.textContent()).resolves.toBe("✗ failed: website in us-west-2 (ROLLBACK_COMPLETE)");
    // Runs in the page; the test is compiled without the DOM's types, hence the cast.
    const background = await red.evaluate(
      (element) =>
        (
          globalThis as unknown as { getComputedStyle(node: unknown): { backgroundColor: string } }
        ).getComputedStyle(element).backgroundColor,
    );
    expect(background).toBe("rgb(252, 232, 230)");
    await expect(row.locator("li.good", { hasText: "eu-west-1" }).textContent()).resolves.toContain(
      "✓ passed",
    );
    await expect(row.locator(".state").textContent()).resolves.toBe("✗ failed");
  });

  it("given every run, when a person looks for the links, then each has its execution and each with a report its report, which opens", async () => {
    const executions = page.getByRole("link", { name: /^Execution of / });
    const reports = page.getByRole("link", { name: /^TaskCat report of / });

    await expect(executions.count()).resolves.toBe(5);
    await expect(reports.count()).resolves.toBe(3);
    const href = (await reports.first().getAttribute("href")) ?? "";
    expect(href).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    expect(href).toContain("X-Amz-Expires=900");
    const report = await fetch(href);
    expect(report.status).toBe(200);
    expect(await report.text()).toContain("TaskCat report of");
  });

  it("given a running pull request and a hotfix stopped before TaskCat, when looked at, then one says running and the other no report", async () => {
    const pullRequest = page.locator("tr", { has: page.locator("th", { hasText: "PR #42" }) });
    const hotfix = page.locator("tr", { has: page.locator("th", { hasText: "hotfix/1.2.1" }) });

    await expect(pullRequest.locator(".state").textContent()).resolves.toBe("▶ running");
    await expect(hotfix.getByText("no report").count()).resolves.toBe(1);
    await expect(hotfix.getByText(/Failed at Test \/ Test: cfn-lint: E3012/).count()).resolves.toBe(1);
  });

  it("given the page, when axe-core checks it, then it finds no accessibility violation", async () => {
    await page.addScriptTag({ content: axe.source });
    const violations = await page.evaluate(axeViolations);
    expect(violations).toEqual([]);
  });

  it("given the page, when photographed, then the screenshot is a PNG (the README's, with TRIBUTARY_SCREENSHOTS=write)", async () => {
    const target =
      process.env.TRIBUTARY_SCREENSHOTS === "write"
        ? README_SCREENSHOT
        : join(mkdtempSync(join(tmpdir(), "tributary-screenshot-")), "runs-overview.png");
    mkdirSync(dirname(target), { recursive: true });
    const image = await page.screenshot({ fullPage: true });
    writeFileSync(target, image);
    expect(image.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(image.length).toBeGreaterThan(10_000);
  });
});

describe("the empty state in a browser", () => {
  it("given filters nothing matches, when a person looks, then a status message says what matched nothing, with no table, and axe finds no violation", async () => {
    await page.setContent(consolePage(await render({ environment: "prod", failedOnly: true })));

    await expect(page.getByRole("status").textContent()).resolves.toContain(
      "No live branch or pull request matches environment prod, latest run failed",
    );
    await expect(page.locator("table").count()).resolves.toBe(0);
    await page.addScriptTag({ content: axe.source });
    const violations = await page.evaluate(axeViolations);
    expect(violations).toEqual([]);
  });
});
