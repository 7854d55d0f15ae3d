import { describe, expect, it } from "vitest";
import { prodRun, run, runEvent } from "./__fixtures__/runs.js";
import { liveVersion, runVersion } from "./merge-runs.js";
import {
  deploymentsQuery,
  isSharedStackDeployment,
  livePut,
  liveRowOf,
  liveRowsQuery,
  pipelineRunsQuery,
  runHistoryTableName,
  runOfItem,
  runPut,
  runTableDefinition,
} from "./run-table.js";

describe("the run item", () => {
  it("given a run, when put, then its key is its pipeline's partition and its start and execution, with a conditional version", () => {
    const record = run();
    const put = runPut(record, 400);
    expect(put.Item).toMatchObject({
      pk: { S: "PIPELINE#acme-dev-feature-login" },
      sk: { S: "RUN#2026-11-27T15:00:00.000Z#0a1b2c3d-0000-4000-8000-000000000000" },
      version: { S: runVersion(record) },
      state: { S: "SUCCEEDED" },
      environment: { S: "dev" },
      kind: { S: "feature" },
      expiresAt: { N: String(Date.parse("2026-11-27T15:00:00.000Z") / 1000 + 400 * 86_400) },
    });
    expect(put.ConditionExpression).toBe("attribute_not_exists(#pk) OR #version < :version");
    expect(put.ExpressionAttributeValues).toEqual({ ":version": { S: runVersion(record) } });
  });

  it("given a run put, when its item is read back, then it is the same record", () => {
    const record = run();
    expect(runOfItem(runPut(record, 400).Item)).toEqual(record);
  });

  it.each([
    ["no run attribute", {}],
    ["a run that is not JSON", { run: { S: "{" } }],
    ["JSON that is not a run", { run: { S: '{"pipeline":1}' } }],
    ["JSON null", { run: { S: "null" } }],
  ])("given an item with %s, when read, then it holds no run", (_what, item) => {
    expect(runOfItem(item)).toBeUndefined();
  });

  it("given a feature branch's ephemeral run, when put, then it is not in the Deployments index", () => {
    expect(runPut(run(), 400).Item).not.toHaveProperty("deployPk");
  });

  it("given a prod run that deployed, when put, then the Deployments index holds it by environment and start", () => {
    const record = prodRun("e-1", 0, "Failed");
    expect(isSharedStackDeployment(record)).toBe(true);
    expect(runPut(record, 400).Item).toMatchObject({
      deployPk: { S: "DEPLOY#prod" },
      deploySk: { S: "2026-11-27T00:00:00.000Z#e-1" },
    });
  });

  it("given a prod run that stopped before Deploy, when put, then it is no deployment", () => {
    expect(runPut(prodRun("e-1", 0, undefined), 400).Item).not.toHaveProperty("deployPk");
  });
});

describe("the live row", () => {
  it("given a run, when its live row is put, then the row is keyed by its source in the LIVE partition", () => {
    const record = run();
    const put = livePut(liveRowOf(record), 400);
    expect(put.Item).toMatchObject({
      pk: { S: "LIVE" },
      sk: { S: "branch#feature/login" },
      version: { S: liveVersion(liveRowOf(record)) },
      kind: { S: "feature" },
    });
    expect(runOfItem(put.Item)).toEqual(record);
  });

  it("given a closed source, when its row is put, then it holds the close time and expires two days later", () => {
    const put = livePut({ sourceKey: "pr#7", closedAt: "2026-11-28T09:00:00.000Z" }, 400);
    expect(put.Item).toEqual({
      pk: { S: "LIVE" },
      sk: { S: "pr#7" },
      closedAt: { S: "2026-11-28T09:00:00.000Z" },
      expiresAt: { N: String(Date.parse("2026-11-30T09:00:00.000Z") / 1000) },
      version: { S: "2026-11-28T09:00:00.000Z#~closed" },
    });
    expect(runOfItem(put.Item)).toBeUndefined();
  });
});

describe("the queries", () => {
  it("given no filter, when the live rows are queried, then the query reads the LIVE partition with no filter", () => {
    expect(liveRowsQuery({})).toEqual({
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": "pk" },
      ExpressionAttributeValues: { ":pk": { S: "LIVE" } },
    });
  });

  it("given every filter, when the live rows are queried, then each is one condition of the filter expression", () => {
    expect(liveRowsQuery({ environment: "qa", kind: "release", failedOnly: true })).toMatchObject({
      FilterExpression: "#environment = :environment AND #kind = :kind AND #state = :state",
      ExpressionAttributeValues: {
        ":environment": { S: "qa" },
        ":kind": { S: "release" },
        ":state": { S: "FAILED" },
      },
    });
  });

  it("given a pipeline, when its runs are queried, then the newest come first, a page at a time", () => {
    expect(pipelineRunsQuery("acme-dev", { failedOnly: true }, 20)).toMatchObject({
      ExpressionAttributeValues: { ":pk": { S: "PIPELINE#acme-dev" }, ":state": { S: "FAILED" } },
      ScanIndexForward: false,
      Limit: 20,
    });
  });

  it("given a window, when an environment's deployments are queried, then the index is read between its ends", () => {
    expect(deploymentsQuery("prod", "2025-11-27T00:00:00.000Z", "2026-11-27T00:00:00.000Z", 10)).toEqual({
      IndexName: "Deployments",
      KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
      ExpressionAttributeNames: { "#pk": "deployPk", "#sk": "deploySk" },
      ExpressionAttributeValues: {
        ":pk": { S: "DEPLOY#prod" },
        ":from": { S: "2025-11-27T00:00:00.000Z" },
        ":to": { S: "2026-11-27T00:00:00.000Z#" },
      },
      ScanIndexForward: false,
      Limit: 10,
    });
  });

  it("given a run starting exactly at the window's end, when compared with the query's bounds, then it is outside", () => {
    const { ExpressionAttributeValues } = deploymentsQuery("prod", "a", "2026-11-27T00:00:00.000Z");
    const key = "2026-11-27T00:00:00.000Z#0a1b2c3d-0000-4000-8000-000000000000";
    expect(key > (ExpressionAttributeValues[":to"] as { S: string }).S).toBe(true);
  });

  it("given a name, when the table is defined, then it has core's keys and the Deployments index on demand", () => {
    expect(runTableDefinition("t")).toMatchObject({
      TableName: "t",
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [{ IndexName: "Deployments", Projection: { ProjectionType: "ALL" } }],
    });
  });

  it("given the project, when the table is named, then the name is fixed", () => {
    expect(runHistoryTableName({ project: "acme" })).toBe("acme-tributary-runs");
  });

  it("given a running run, when asked whether it deployed, then it has not yet", () => {
    expect(isSharedStackDeployment(run({ request: runEvent({ state: "STARTED" }) }))).toBe(false);
  });
});
