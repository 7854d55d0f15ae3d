import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type MotoServer, motoClientOptions, startMotoServer } from "@tributary/fake-aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";
import { createRunHistoryTable, TABLE, WIDGET_SETTINGS } from "../../../test/__fixtures__/run-history";
import { seedHistory } from "../../../test/__fixtures__/run-history-seed";
import type { RunHistoryStore } from "../../run-history/run-history-store";
import { createRunWidget, type RunWidgetDependencies } from "./create-run-widget";

const NOW = new Date("2026-11-27T16:00:00.000Z");
let moto: MotoServer;
let store: RunHistoryStore;
const signed: string[] = [];

function widget(overrides: Partial<RunWidgetDependencies> = {}) {
  return createRunWidget({
    store,
    settings: WIDGET_SETTINGS,
    logger: new Logger({ serviceName: "tributary-run-widget", logLevel: "SILENT" }),
    presign: async (key) => {
      signed.push(key);
      return `https://acme-reports.s3.eu-west-1.amazonaws.com/${key}?X-Amz-Signature=test`;
    },
    now: () => NOW,
    ...overrides,
  });
}

const widgetContext = (forms: Record<string, unknown> = {}) => ({
  widgetContext: { dashboardName: "acme-tributary", widgetId: "widget-1", forms: { all: forms }, params: {} },
});

beforeAll(async () => {
  moto = await startMotoServer();
  const dynamo = new DynamoDBClient(motoClientOptions(moto.url));
  await createRunHistoryTable(dynamo);
  store = { dynamo, tableName: TABLE, ttlDays: 400 };
  await seedHistory(store, NOW);
});
afterAll(async () => moto?.close());

describe("the run widget", () => {
  it("given the fixture history, when the widget renders without filters, then every live source's latest run is a row", async () => {
    const html = await widget()(widgetContext(), lambdaContext());

    expect(html.match(/<tr data-pipeline=/g)).toHaveLength(5);
    expect(html).toContain(
      "5 of 5 matching live branches and pull requests shown (5 live rows read; no filter)",
    );
    expect(html).toContain(`endpoint="${lambdaContext().invokedFunctionArn}"`);
  });

  it("given runs with reports, when rendered, then only their report keys are signed", async () => {
    signed.length = 0;
    await widget()(widgetContext(), lambdaContext());

    expect(signed.sort()).toEqual([
      expect.stringMatching(/^reports\/acme-dev-feature-login\/.+\/index\.html$/),
      expect.stringMatching(/^reports\/acme-prod\/.+\/index\.html$/),
      expect.stringMatching(/^reports\/acme-qa-release-1\.2\.0\/.+\/index\.html$/),
    ]);
  });

  it("given the widget's parameters environment qa and failed only, when rendered, then only qa's red runs are rows", async () => {
    const html = await widget()({ environment: "qa", failedOnly: true, ...widgetContext() }, lambdaContext());

    expect(html.match(/data-pipeline="([^"]+)"/g)).toEqual([
      'data-pipeline="acme-qa-release-1.2.0"',
      'data-pipeline="acme-qa-hotfix-1.2.1"',
    ]);
  });

  it("given the page's form asks for pull requests, when rendered, then the form's choice wins", async () => {
    const html = await widget()({ kind: "release", ...widgetContext({ kind: "pr" }) }, lambdaContext());

    expect(html.match(/data-pipeline="([^"]+)"/g)).toEqual(['data-pipeline="acme-dev-pr-42"']);
  });

  it("given a filter nothing matches, when rendered, then the page shows the empty state", async () => {
    const html = await widget()(
      { environment: "prod", failedOnly: true, ...widgetContext() },
      lambdaContext(),
    );

    expect(html).toContain('role="status"');
    expect(html).not.toContain("<tr data-pipeline");
  });

  it("given the console asks for the documentation, when called, then it returns the Markdown with the parameters", async () => {
    expect(await widget()({ describe: true }, lambdaContext())).toContain("``` yaml");
  });

  it("given no table, when rendered, then the page says what to deploy", async () => {
    expect(await widget({ store: undefined })(widgetContext(), lambdaContext())).toContain(
      "The run-history table is not set",
    );
  });

  it("given a table that does not exist, when rendered, then the page shows an alert naming the error, not a stack", async () => {
    const html = await widget({ store: { ...store, tableName: "missing" } })(
      widgetContext(),
      lambdaContext(),
    );

    expect(html).toMatch(
      /^<p role="alert">Could not read the run history \(ResourceNotFoundException, not-found\)/,
    );
  });
});
