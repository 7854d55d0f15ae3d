/**
 * `tributary runs` against moto's DynamoDB: the shipped config's table (`acme-tributary-runs`) holds a small history,
 * written with core's conditional puts as the notifier writes it; the CLI reads it with the credentials, region and
 * endpoint of its environment.
 */
import { CreateTableCommand, type CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { conditionalPut } from "@tributary/cloner";
import {
  buildRunRecord,
  livePut,
  liveRowOf,
  type RunRecord,
  runPut,
  runTableDefinition,
} from "@tributary/core";
import { type MotoServer, motoClientOptions, startMotoServer } from "@tributary/fake-aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../__fixtures__/cli";
import { EXIT } from "./main";

let moto: MotoServer;

/** One finished run of `pipeline`, started `minutesAgo` minutes ago. */
function runOf(
  pipeline: string,
  environment: string,
  branch: string,
  state: "SUCCEEDED" | "FAILED",
  minutesAgo: number,
): RunRecord {
  const start = Date.now() - minutesAgo * 60_000;
  const record = buildRunRecord({
    request: {
      kind: "runEvent",
      eventId: `e-${pipeline}-${minutesAgo}`,
      pipeline,
      executionId: `${String(minutesAgo).padStart(8, "0")}-0000-4000-8000-000000000000`,
      state,
      attempt: 1,
      time: new Date(start + 5 * 60_000).toISOString(),
      region: "eu-west-1",
      account: "123456789012",
      project: "acme",
      environment,
    },
    startedAt: new Date(start).toISOString(),
    execution: {
      variables: { Branch: branch, Ephemeral: "true" },
      commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e",
    },
    actions: [
      {
        stageName: "Test",
        actionName: "Test",
        status: state === "SUCCEEDED" ? "Succeeded" : "Failed",
        startTime: new Date(start).toISOString(),
        lastUpdateTime: new Date(start + 4 * 60_000).toISOString(),
      },
    ],
  });
  if (record === undefined) throw new Error(`${pipeline} is not a Tributary pipeline`);
  return record;
}

function cli(argv: string[], env: Record<string, string>, color = false) {
  return runCli(argv, process.cwd(), { env, color });
}

beforeAll(async () => {
  moto = await startMotoServer();
  const dynamo = new DynamoDBClient(motoClientOptions(moto.url));
  await dynamo.send(
    new CreateTableCommand(runTableDefinition("acme-tributary-runs") as CreateTableCommandInput),
  );
  const store = { dynamo, tableName: "acme-tributary-runs", ttlDays: 400 };
  for (const record of [
    runOf("acme-dev-feature-login", "dev", "feature/login", "FAILED", 300),
    runOf("acme-dev-feature-login", "dev", "feature/login", "SUCCEEDED", 200),
    runOf("acme-dev-feature-login", "dev", "feature/login", "SUCCEEDED", 100),
    runOf("acme-qa-release-1.2.0", "qa", "release/1.2.0", "FAILED", 50),
  ]) {
    await conditionalPut(store, runPut(record, 400));
    await conditionalPut(store, livePut(liveRowOf(record), 400));
  }
  dynamo.destroy();
});
afterAll(async () => moto?.close());

describe("tributary runs", () => {
  it("given no terminal, when it lists the live branches, then it prints each one's latest run as plain text", async () => {
    const { code, stdout } = await cli(["runs"], moto.environment);

    expect(code).toBe(EXIT.ok);
    expect(stdout).not.toContain("\u001b[");
    expect(stdout.split("\n").slice(0, 3)).toEqual([
      "Latest run of each live branch and pull request (table acme-tributary-runs, 2 shown)",
      "",
      expect.stringMatching(/^SOURCE\s+KIND\s+ENV\s+STATE/),
    ]);
    expect(stdout).toMatch(/release\/1\.2\.0\s+release\s+qa\s+✗ failed/);
    expect(stdout).toMatch(/feature\/login\s+feature\s+dev\s+✓ succeeded/);
  });

  it("given --env qa --failed, when run, then only qa's red source is listed", async () => {
    const { stdout } = await cli(["runs", "--env", "qa", "--failed"], moto.environment);

    expect(stdout).toContain("1 shown");
    expect(stdout).not.toContain("feature/login");
  });

  it("given --branch and --json, when run, then the branch's runs come newest first, for scripts", async () => {
    const { code, stdout } = await cli(["runs", "--branch", "feature/login", "--json"], moto.environment);
    const result = JSON.parse(stdout) as { view: string; pipeline: string; runs: RunRecord[] };

    expect(code).toBe(EXIT.ok);
    expect(result.view).toBe("branch");
    expect(result.pipeline).toBe("acme-dev-feature-login");
    expect(result.runs.map((run) => run.state)).toEqual(["SUCCEEDED", "SUCCEEDED", "FAILED"]);
  });

  it("given --branch, --failed and --limit, when run, then only that many of its failed runs are read", async () => {
    const { stdout } = await cli(
      ["runs", "--branch", "feature/login", "--failed", "--limit", "5", "--json"],
      moto.environment,
    );
    expect((JSON.parse(stdout) as { runs: RunRecord[] }).runs.map((run) => run.state)).toEqual(["FAILED"]);
  });

  it("given a terminal, when it lists the runs, then the states are coloured", async () => {
    const { stdout } = await cli(["runs"], moto.environment, true);
    expect(stdout).toContain("\u001b[31m✗ failed");
  });

  it.each([
    [["runs", "--branch", "support/1.x"], "gets no pipeline"],
    [["runs", "--env", "live"], '--env "live" is not an environment of the config'],
  ])("given %j, when run, then it exits 1 saying what to fix", async (argv, message) => {
    const { code, stderr } = await cli(argv, moto.environment);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain(message);
    expect(stderr).toContain("Fix:");
  });

  it.each([
    [["runs", "--limit", "0", "--branch", "feature/login"], "--limit 0"],
    [["runs", "--limit", "5"], "`--limit` goes with `--branch`"],
    [["runs", "extra"], "`runs` takes options only"],
    [["explain", "develop", "--failed"], "go with `runs`"],
  ])("given %j, when run, then it exits 2 with the usage", async (argv, message) => {
    const { code, stderr } = await cli(argv, moto.environment);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain(message);
  });

  it("given a region without the table, when run, then it exits 1 naming the table and what to check", async () => {
    const { code, stderr } = await cli(["runs"], { ...moto.environment, AWS_REGION: "us-east-2" });
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain(
      "could not read the run history table acme-tributary-runs (ResourceNotFoundException",
    );
    expect(stderr).toContain("Fix: sign in to the account");
  });
});
