/**
 * Benchmark of the run history (`pnpm --filter @tributary/cloner bench`, after `build`). Prints figures and asserts
 * nothing on time:
 * - writes per run: the DynamoDB requests and write request units (WRU) the notifier spends on a feature branch's run
 *   (STARTED and SUCCEEDED, and a redelivery) and on a prod deployment (with the Deployments index and DORA's Query),
 *   against moto's DynamoDB with CodePipeline on the fake; WRUs from each item's size by DynamoDB's rules;
 * - one render of the overview page for 1,200 live clones with a year of history (100 runs a day) in the table:
 *   queries, pages, read request units (RRU) and milliseconds (median of 5, on this shared 2-core machine: noisy);
 * - the table's monthly cost at 100 runs a day, from the published prices (cited below).
 */

import { Logger } from "@aws-lambda-powertools/logger";
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { livePut, liveRowOf, type RunRecord, runPut, type TableItem } from "@tributary/core";
import { createRunWidget } from "../src/functions/run-widget/create-run-widget";
import { presignReportUrl } from "../src/functions/run-widget/presign-report";
import { readLiveRuns } from "../src/run-history/read-runs";
import { lambdaContext } from "../test/__fixtures__/lambda-context";
import {
  createPipeline,
  type RunHistoryWorld,
  runActions,
  runEventInput,
  secondsAfter,
  startRun,
  startRunHistoryWorld,
  uploadTaskcatResults,
  WIDGET_SETTINGS,
  worldNotifier,
} from "../test/__fixtures__/run-history";
import { SEED_RUNS, seedRecord } from "../test/__fixtures__/run-history-seed";
import { median } from "./median";

const LIVE_CLONES = 1_200;
const RUNS_PER_DAY = 100;
const DAYS = 365;
const RENDERS = 5;

/**
 * Published prices, us-east-1 (DynamoDB Standard table class, on demand): https://aws.amazon.com/dynamodb/pricing/on-demand/
 * (request units: a write of up to 1 KB is one WRU, an eventually consistent read of up to 4 KB half an RRU; a global
 * secondary index write is one more write), https://aws.amazon.com/dynamodb/pricing/ (storage $0.25 per GB-month, the
 * first 25 GB free), continuous backups (PITR) $0.20 per GB-month of table and index data, and
 * https://aws.amazon.com/kms/pricing/ ($1 per key-month, $0.03 per 10,000 requests, 20,000 free).
 */
const PRICES = {
  writeRequestUnit: 0.625 / 1_000_000,
  readRequestUnit: 0.125 / 1_000_000,
  storageGbMonth: 0.25,
  pitrGbMonth: 0.2,
  kmsKeyMonth: 1,
} as const;

/** DynamoDB's item size: each attribute's name (UTF-8) plus its value (strings UTF-8, numbers about 1 byte per 2 digits + 1). */
function itemBytes(item: Readonly<Record<string, unknown>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name, "utf8");
    const attribute = value as { S?: string; N?: string };
    if (attribute.S !== undefined) bytes += Buffer.byteLength(attribute.S, "utf8");
    if (attribute.N !== undefined) bytes += Math.ceil(attribute.N.replace(/[^0-9]/g, "").length / 2) + 1;
  }
  return bytes;
}

const writeUnits = (item: Readonly<Record<string, unknown>>) =>
  Math.max(1, Math.ceil(itemBytes(item) / 1024));

/** Records the DynamoDB requests a client sends: each operation, and the WRUs of each write by its item's size. */
function countRequests(dynamo: DynamoDBClient) {
  const requests: { operation: string; writeUnits: number; indexWrite: boolean }[] = [];
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const input = (args as { input: { Item?: Record<string, unknown> } }).input;
      const item = input.Item;
      requests.push({
        operation: String(context.commandName).replace(/Command$/, ""),
        writeUnits: item === undefined ? 0 : writeUnits(item),
        indexWrite: item?.deployPk !== undefined,
      });
      return next(args);
    },
    { step: "initialize", name: "benchCountRequests" },
  );
  return requests;
}

async function writesPerRun(world: RunHistoryWorld): Promise<{ featureUnits: number; deployUnits: number }> {
  const requests = countRequests(world.dynamo);
  const notifier = worldNotifier(world);
  const at = (executionId: string, seconds: number) => secondsAfter(world, executionId, seconds);
  const deliver = async (label: string, input: Record<string, unknown>) => {
    const before = requests.length;
    // Powertools warns through console.warn when an invocation publishes no metric: not a figure.
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      await notifier(input, lambdaContext());
    } finally {
      console.warn = warn;
    }
    const made = requests.slice(before);
    const units = made.reduce(
      (sum, request) => sum + request.writeUnits + (request.indexWrite ? request.writeUnits : 0),
      0,
    );
    console.log(
      `  ${label.padEnd(40)} ${made.map((request) => request.operation).join(" + ") || "none"}; ${units} WRU${made.some((request) => request.indexWrite) ? " (Deployments index write included)" : ""}`,
    );
    return units;
  };
  console.log("Writes per run (DynamoDB requests the notifier sends; WRU from the items' sizes)");
  const feature = createPipeline(world, "dev", "acme-dev-feature-bench", "feature/bench", true);
  world.aws.codePipeline.finishExecution(feature, "Succeeded", runActions());
  await uploadTaskcatResults(world, "acme-dev-feature-bench", feature, ["eu-west-1", "us-east-1"]);
  const started = await deliver(
    "feature run: STARTED",
    runEventInput("acme-dev-feature-bench", feature, "dev", "STARTED", at(feature, 0)),
  );
  const succeeded = await deliver(
    "feature run: SUCCEEDED",
    runEventInput("acme-dev-feature-bench", feature, "dev", "SUCCEEDED", at(feature, 60)),
  );
  const redelivered = await deliver(
    "feature run: SUCCEEDED redelivered",
    runEventInput("acme-dev-feature-bench", feature, "dev", "SUCCEEDED", at(feature, 60)),
  );
  createPipeline(world, "prod", "acme-prod", "main", false);
  const deploy = startRun(world, "acme-prod", "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e");
  world.aws.codePipeline.finishExecution(deploy, "Succeeded", runActions());
  const deployStarted = await deliver(
    "prod deployment: STARTED",
    runEventInput("acme-prod", deploy, "prod", "STARTED", at(deploy, 0)),
  );
  const deployDone = await deliver(
    "prod deployment: SUCCEEDED (DORA Query)",
    runEventInput("acme-prod", deploy, "prod", "SUCCEEDED", at(deploy, 60)),
  );
  console.log(
    `  a run: 2 events, 4 PutItems, ${started + succeeded} WRU (a redelivered event: ${redelivered} WRU, its conditional puts refused); a prod deployment: ${deployStarted + deployDone} WRU and 1 Query`,
  );
  return { featureUnits: started + succeeded, deployUnits: deployStarted + deployDone };
}

/** Writes `items` 25 at a time (BatchWriteItem's limit), retrying what DynamoDB leaves unprocessed. */
async function batchWrite(
  dynamo: DynamoDBClient,
  tableName: string,
  items: readonly TableItem[],
): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests: WriteRequest[] = items
      .slice(start, start + 25)
      .map((item) => ({ PutRequest: { Item: item as never } }));
    while (requests.length > 0) {
      const answer = await dynamo.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = answer.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

async function renderAtScale(
  world: RunHistoryWorld,
): Promise<{ readUnits: number; liveBytes: number; runItemBytes: number }> {
  const now = new Date();
  const { tableName } = world.store;
  // 1,200 live clones, each with its latest run (the fixture history's runs, renamed); a year of 100 runs a day.
  const live: RunRecord[] = [];
  for (let index = 0; index < LIVE_CLONES; index++) {
    const seed = SEED_RUNS[index % SEED_RUNS.length] ?? SEED_RUNS[0];
    if (seed === undefined) throw new Error("no seed run");
    const name = `bench-${String(index).padStart(4, "0")}`;
    const record = seedRecord(
      {
        ...seed,
        pipeline: `acme-dev-feature-${name}`,
        environment: "dev",
        branch: `feature/${name}`,
        startedMinutesAgo: 5 + (index % 1_000),
      },
      index,
      now,
    );
    live.push({ ...record, executionId: `${String(index).padStart(8, "0")}-0000-4000-8000-000000000000` });
  }
  const history: TableItem[] = [];
  for (let day = 0; day < DAYS; day++) {
    for (let run = 0; run < RUNS_PER_DAY; run++) {
      const base = live[(day * RUNS_PER_DAY + run) % live.length] as RunRecord;
      const startedAt = new Date(now.getTime() - (day * 86_400 + run * 600) * 1000).toISOString();
      history.push(
        runPut(
          {
            ...base,
            startedAt,
            executionId: `${String(day).padStart(4, "0")}${String(run).padStart(4, "0")}-0000-4000-8000-000000000000`,
          },
          400,
        ).Item,
      );
    }
  }
  const seeding = Date.now();
  await batchWrite(
    world.dynamo,
    tableName,
    live.map((record) => livePut(liveRowOf(record), 400).Item),
  );
  await batchWrite(world.dynamo, tableName, history);
  const liveBytes = live.reduce((sum, record) => sum + itemBytes(livePut(liveRowOf(record), 400).Item), 0);
  const historyBytes = history.reduce((sum, item) => sum + itemBytes(item), 0);
  console.log(
    `\nThe overview page with ${LIVE_CLONES.toLocaleString("en")} live clones and a year of history (${history.length.toLocaleString("en")} runs) in moto's DynamoDB (seeded in ${((Date.now() - seeding) / 1000).toFixed(0)} s)`,
  );
  console.log(
    `  live rows ${(liveBytes / 1024).toFixed(0)} KB (${(liveBytes / LIVE_CLONES).toFixed(0)} bytes each); run items ${(historyBytes / 1024 / 1024).toFixed(1)} MB (${(historyBytes / history.length).toFixed(0)} bytes each)`,
  );
  const widget = createRunWidget({
    store: world.store,
    settings: WIDGET_SETTINGS,
    logger: new Logger({ serviceName: "tributary-run-widget", logLevel: "SILENT" }),
    presign: (key) => presignReportUrl(world.s3, "acme-reports", key, 900),
  });
  const milliseconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
  const times: number[] = [];
  const readTimes: number[] = [];
  let bytes = 0;
  for (let render = 0; render < RENDERS; render++) {
    let started = process.hrtime.bigint();
    await readLiveRuns(world.store, {});
    readTimes.push(milliseconds(started));
    started = process.hrtime.bigint();
    const html = await widget({ widgetContext: { forms: { all: {} } } }, lambdaContext());
    times.push(milliseconds(started));
    bytes = Buffer.byteLength(html, "utf8");
  }
  const read = await readLiveRuns(world.store, {});
  const failed = await readLiveRuns(world.store, { failedOnly: true });
  const computedUnits = Math.ceil(liveBytes / 4096) * 0.5;
  console.log(
    `  one render: 1 Query, ${read.pages} pages (1 MB each), ${read.itemsRead.toLocaleString("en")} items read; ${computedUnits} RRU by item size (eventually consistent, 4 KB per half RRU; moto reports ${read.readUnits})`,
  );
  console.log(
    `  the year of history costs the render nothing: the live rows are one partition of their own (failed only: ${failed.pages} pages, the same ${failed.itemsRead.toLocaleString("en")} items read, ${failed.runs.length} returned)`,
  );
  console.log(
    `  ${median(times).toFixed(0)} ms a render, median of ${RENDERS} (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}): the read alone ${median(readTimes).toFixed(0)} ms (moto, a Python server, serializing 2 pages of 1 MB), ${read.runs.length.toLocaleString("en")} presigned links and the page of 100 rows (${(bytes / 1024).toFixed(0)} KB of HTML) the rest`,
  );
  return { readUnits: computedUnits, liveBytes, runItemBytes: historyBytes / history.length };
}

function monthlyCost(figures: {
  featureUnits: number;
  deployUnits: number;
  readUnits: number;
  runItemBytes: number;
  liveBytes: number;
}): void {
  const runsPerMonth = RUNS_PER_DAY * 30;
  const deploymentsPerMonth = 2 * 30;
  const writes =
    runsPerMonth * figures.featureUnits + deploymentsPerMonth * (figures.deployUnits - figures.featureUnits);
  const rendersPerMonth = 10_000;
  const reads = rendersPerMonth * figures.readUnits + deploymentsPerMonth * 1;
  // Runs kept 400 days, the live rows, and the prod deployments' copies in the Deployments index.
  const storedGb = ((RUNS_PER_DAY + 2) * 400 * figures.runItemBytes + figures.liveBytes) / 1024 ** 3;
  const writeCost = writes * PRICES.writeRequestUnit;
  const readCost = reads * PRICES.readRequestUnit;
  const storageCost = Math.max(0, storedGb - 25) * PRICES.storageGbMonth;
  const pitrCost = storedGb * PRICES.pitrGbMonth;
  console.log(
    `\nThe table's monthly cost at ${RUNS_PER_DAY} runs a day (us-east-1, on demand; 2 prod deployments a day, ${rendersPerMonth.toLocaleString("en")} renders of the page, 400 days kept)`,
  );
  console.log(`  writes   ${writes.toLocaleString("en")} WRU             $${writeCost.toFixed(4)}`);
  console.log(`  reads    ${reads.toLocaleString("en")} RRU           $${readCost.toFixed(4)}`);
  console.log(
    `  storage  ${(storedGb * 1024).toFixed(0)} MB (free below 25 GB)   $${storageCost.toFixed(4)}`,
  );
  console.log(`  PITR     ${(storedGb * 1024).toFixed(0)} MB                     $${pitrCost.toFixed(4)}`);
  console.log(`  KMS key  1 (its requests fall in the free tier)  $${PRICES.kmsKeyMonth.toFixed(2)}`);
  console.log(
    `  total    $${(writeCost + readCost + storageCost + pitrCost + PRICES.kmsKeyMonth).toFixed(2)} a month, of which the key is $${PRICES.kmsKeyMonth.toFixed(2)}`,
  );
}

// The bench counts requests, not metrics: keep the notifier's EMF and its "no metrics" warnings out of the figures.
process.env.POWERTOOLS_METRICS_DISABLED = "true";
process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
const world = await startRunHistoryWorld();
try {
  const { featureUnits, deployUnits } = await writesPerRun(world);
  const { readUnits, liveBytes, runItemBytes } = await renderAtScale(world);
  monthlyCost({ featureUnits, deployUnits, readUnits, runItemBytes, liveBytes });
} finally {
  await world.close();
}
