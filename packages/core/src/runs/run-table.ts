/**
 * The run-history table's key design, as pure functions from records to DynamoDB items and query parameters (plain
 * data in DynamoDB's attribute-value JSON; the cloner sends them unchanged). One table, on-demand:
 *
 * | item       | pk                    | sk                              | Deployments index (sparse)                 |
 * | ---------- | --------------------- | ------------------------------- | ------------------------------------------ |
 * | run        | `PIPELINE#<pipeline>` | `RUN#<started at>#<execution>`  | `DEPLOY#<environment>`, `<started at>#<execution>` when it deployed a shared stack |
 * | live row   | `LIVE`                | `<source key>`                  | —                                          |
 *
 * Why: the overview needs every live branch and pull request with its latest run, so each source keeps one live row
 * in one partition and a render is one `Query` (pages of 1 MB); a pipeline's history is one partition in start order
 * (`runs --branch`); DORA reads only deployments, a year of one environment in one index partition.
 */

import type { LiveRow } from "./merge-runs.js";
import { liveVersion, runVersion } from "./merge-runs.js";
import type { RunRecord, RunSourceKind, RunState } from "./run-record.js";
import { liveSourceKey } from "./run-source.js";

/**
 * A DynamoDB attribute value as the API's JSON carries it (the subset the table uses).
 *
 * @example
 * const value: TableValue = { S: "LIVE" };
 */
export type TableValue = { readonly S: string } | { readonly N: string };

/**
 * A table item: attribute names to values.
 *
 * @example
 * const key: TableItem = { pk: { S: "LIVE" }, sk: { S: "pr#42" } };
 */
export type TableItem = Readonly<Record<string, TableValue>>;

/**
 * The table's attribute names: the keys, the Deployments index's keys, the TTL attribute and the ones filters read.
 *
 * @example
 * RUN_TABLE_ATTRIBUTES.ttl; // "expiresAt"
 */
export const RUN_TABLE_ATTRIBUTES = Object.freeze({
  partitionKey: "pk",
  sortKey: "sk",
  deploymentsPartitionKey: "deployPk",
  deploymentsSortKey: "deploySk",
  ttl: "expiresAt",
  version: "version",
  state: "state",
  environment: "environment",
  kind: "kind",
  run: "run",
  closedAt: "closedAt",
} as const);

/**
 * The sparse global secondary index of deployments (runs that deployed a shared stack), by environment and start.
 *
 * @example
 * new dynamodb.Table(this, "Resource", { ... }).addGlobalSecondaryIndex({ indexName: DEPLOYMENTS_INDEX, ... });
 */
export const DEPLOYMENTS_INDEX = "Deployments";

/**
 * The partition of the live rows.
 *
 * @example
 * liveRowKey("pr#42"); // { pk: { S: LIVE_PARTITION }, sk: { S: "pr#42" } }
 */
export const LIVE_PARTITION = "LIVE";

/**
 * Days a closed source's row stays after the close: longer than EventBridge's retries (24 hours) and the notifier's
 * (6 hours), so a late event of an old run still finds it and does not bring the row back.
 *
 * @example
 * CLOSED_ROW_TTL_DAYS; // 2
 */
export const CLOSED_ROW_TTL_DAYS = 2;

/**
 * The name of the run-history table: fixed, so the CLI finds it from the config alone.
 *
 * @example
 * runHistoryTableName({ project: "acme" }); // "acme-tributary-runs"
 */
export function runHistoryTableName(config: { readonly project: string }): string {
  return `${config.project}-tributary-runs`;
}

/**
 * The stage that changes a stack: a run that started it is a deployment (the constructs' `PIPELINE_STAGES.deploy`,
 * which a constructs test holds equal to this).
 *
 * @example
 * record.stages.some((stage) => stage.name === DEPLOY_STAGE_NAME); // the run reached Deploy
 */
export const DEPLOY_STAGE_NAME = "Deploy";
const SECONDS_PER_DAY = 86_400;

/**
 * Whether a final run deployed an environment's shared stack: it started its `Deploy` stage and its `Ephemeral`
 * variable is `false`. A run stopped before `Deploy` (a red test, a rejected approval) changed nothing and is not one.
 *
 * @example
 * isSharedStackDeployment({ ...run, ephemeral: false, stages: [{ name: "Deploy", status: "Succeeded" }] }); // true
 */
export function isSharedStackDeployment(record: RunRecord): boolean {
  return (
    record.ephemeral === false &&
    record.endedAt !== undefined &&
    record.stages.some((stage) => stage.name === DEPLOY_STAGE_NAME && stage.status !== "InProgress")
  );
}

/**
 * The outcome of a deployment: its `Deploy` stage succeeded (the change set executed) or not (failed, or stopped).
 *
 * @example
 * deploymentSucceeded(run); // true when the Deploy stage succeeded
 */
export function deploymentSucceeded(record: RunRecord): boolean {
  return record.stages.some((stage) => stage.name === DEPLOY_STAGE_NAME && stage.status === "Succeeded");
}

function expiresAt(from: string, days: number): TableValue {
  return { N: String(Math.floor(Date.parse(from) / 1000) + days * SECONDS_PER_DAY) };
}

/**
 * The key of a run's item.
 *
 * @example
 * runItemKey(run); // { pk: { S: "PIPELINE#acme-dev" }, sk: { S: "RUN#2026-11-27T15:00:00.000Z#0a1b…" } }
 */
export function runItemKey(record: Pick<RunRecord, "pipeline" | "startedAt" | "executionId">): TableItem {
  return {
    pk: { S: pipelinePartition(record.pipeline) },
    sk: { S: `RUN#${record.startedAt}#${record.executionId}` },
  };
}

/**
 * The key of a source's live row.
 *
 * @example
 * liveRowKey("branch#feature/login"); // { pk: { S: "LIVE" }, sk: { S: "branch#feature/login" } }
 */
export function liveRowKey(sourceKey: string): TableItem {
  return { pk: { S: LIVE_PARTITION }, sk: { S: sourceKey } };
}

/**
 * A put that applies the merge rule: it writes `item` only when the table holds no item at its key or an older version.
 * DynamoDB answers `ConditionalCheckFailedException` otherwise, which means the table already holds this state or a
 * newer one: nothing to do.
 *
 * @example
 * await dynamo.send(new PutItemCommand({ TableName, ...runPut(run, 400) }));
 */
export interface ConditionalPut {
  readonly Item: TableItem;
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Readonly<Record<string, string>>;
  readonly ExpressionAttributeValues: TableItem;
}

function conditionalPut(item: TableItem, version: string): ConditionalPut {
  return {
    Item: { ...item, [RUN_TABLE_ATTRIBUTES.version]: { S: version } },
    ConditionExpression: "attribute_not_exists(#pk) OR #version < :version",
    ExpressionAttributeNames: {
      "#pk": RUN_TABLE_ATTRIBUTES.partitionKey,
      "#version": RUN_TABLE_ATTRIBUTES.version,
    },
    ExpressionAttributeValues: { ":version": { S: version } },
  };
}

function filterAttributes(record: RunRecord): TableItem {
  return {
    [RUN_TABLE_ATTRIBUTES.state]: { S: record.state },
    [RUN_TABLE_ATTRIBUTES.environment]: { S: record.environment },
    [RUN_TABLE_ATTRIBUTES.kind]: { S: record.source.kind },
    [RUN_TABLE_ATTRIBUTES.run]: { S: JSON.stringify(record) },
  };
}

/**
 * The conditional put of a run's item: the record as JSON, its state, environment and kind for filters, its version,
 * the Deployments index keys when it deployed a shared stack, and the TTL (`ttlDays` after it started).
 *
 * @example
 * runPut(run, 400).Item.pk; // { S: "PIPELINE#acme-prod" }
 */
export function runPut(record: RunRecord, ttlDays: number): ConditionalPut {
  const deployment: TableItem = isSharedStackDeployment(record)
    ? {
        [RUN_TABLE_ATTRIBUTES.deploymentsPartitionKey]: { S: `DEPLOY#${record.environment}` },
        [RUN_TABLE_ATTRIBUTES.deploymentsSortKey]: { S: `${record.startedAt}#${record.executionId}` },
      }
    : {};
  return conditionalPut(
    {
      ...runItemKey(record),
      ...filterAttributes(record),
      ...deployment,
      [RUN_TABLE_ATTRIBUTES.ttl]: expiresAt(record.startedAt, ttlDays),
    },
    runVersion(record),
  );
}

/**
 * The conditional put of a source's live row: its latest run (or its closing, with a short TTL,
 * `CLOSED_ROW_TTL_DAYS`), under the live-row merge rule (`liveVersion`).
 *
 * @example
 * livePut({ sourceKey: "pr#7", run }, 400).Item.sk; // { S: "pr#7" }
 */
export function livePut(row: LiveRow, ttlDays: number): ConditionalPut {
  const item =
    row.run === undefined
      ? {
          ...liveRowKey(row.sourceKey),
          [RUN_TABLE_ATTRIBUTES.closedAt]: { S: row.closedAt },
          [RUN_TABLE_ATTRIBUTES.ttl]: expiresAt(row.closedAt, CLOSED_ROW_TTL_DAYS),
        }
      : {
          ...liveRowKey(row.sourceKey),
          ...filterAttributes(row.run),
          [RUN_TABLE_ATTRIBUTES.ttl]: expiresAt(row.run.startedAt, ttlDays),
        };
  return conditionalPut(item, liveVersion(row));
}

/**
 * The live row a run writes: its source's key (`liveSourceKey`) and the run.
 *
 * @example
 * liveRowOf(run); // { sourceKey: "branch#feature/login", run }
 */
export function liveRowOf(record: RunRecord): LiveRow {
  return { sourceKey: liveSourceKey(record.source, record.pipeline), run: record };
}

/**
 * The run a table item holds (a run item or a live row), or `undefined` for a closed source's row or an item that
 * holds no readable run.
 *
 * @example
 * runOfItem(item)?.pipeline; // "acme-dev-feature-login"
 */
export function runOfItem(item: Readonly<Record<string, unknown>>): RunRecord | undefined {
  const value = (item[RUN_TABLE_ATTRIBUTES.run] as { S?: unknown } | undefined)?.S;
  if (typeof value !== "string") return undefined;
  try {
    const record = JSON.parse(value) as RunRecord;
    return typeof record === "object" &&
      record !== null &&
      typeof record.pipeline === "string" &&
      typeof record.executionId === "string" &&
      typeof record.startedAt === "string" &&
      Array.isArray(record.stages)
      ? record
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the overview shows: runs of one environment, of one kind of source, only those whose latest run failed. Every
 * field is optional; none means everything.
 *
 * @example
 * const filters: RunFilters = { environment: "qa", kind: "release", failedOnly: true };
 */
export interface RunFilters {
  readonly environment?: string;
  readonly kind?: RunSourceKind;
  readonly failedOnly?: boolean;
}

/**
 * A `Query`'s parameters (without the table's name and the page's start key).
 *
 * @example
 * await dynamo.send(new QueryCommand({ TableName, ...liveRowsQuery({}) }));
 */
export interface TableQuery {
  readonly IndexName?: string;
  readonly KeyConditionExpression: string;
  readonly FilterExpression?: string;
  readonly ExpressionAttributeNames: Readonly<Record<string, string>>;
  readonly ExpressionAttributeValues: TableItem;
  readonly ScanIndexForward?: boolean;
  readonly Limit?: number;
}

const FAILED: RunState = "FAILED";

function filterExpression(
  filters: RunFilters,
): Pick<TableQuery, "FilterExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues"> {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, TableValue> = {};
  const equals = (attribute: string, value: string): void => {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = { S: value };
    conditions.push(`#${attribute} = :${attribute}`);
  };
  if (filters.environment !== undefined) equals(RUN_TABLE_ATTRIBUTES.environment, filters.environment);
  if (filters.kind !== undefined) equals(RUN_TABLE_ATTRIBUTES.kind, filters.kind);
  if (filters.failedOnly === true) equals(RUN_TABLE_ATTRIBUTES.state, FAILED);
  return {
    ...(conditions.length > 0 ? { FilterExpression: conditions.join(" AND ") } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * The query of the live rows (every live branch and pull request with its latest run), with the filters as a
 * `FilterExpression`. A filter saves bandwidth, not reads: DynamoDB reads the whole partition either way, which is why
 * the live rows are one partition of small items. Closed sources' rows come back too (they hold no run and are
 * skipped by `runOfItem`), until their TTL removes them.
 *
 * @example
 * liveRowsQuery({ environment: "qa" }).FilterExpression; // "#environment = :environment"
 */
export function liveRowsQuery(filters: RunFilters): TableQuery {
  return partitionQuery(LIVE_PARTITION, filters);
}

/** The partition of one pipeline's runs. */
function pipelinePartition(pipeline: string): string {
  return `PIPELINE#${pipeline}`;
}

/** The query of one partition of the table, with the filters as a `FilterExpression`. */
function partitionQuery(partition: string, filters: RunFilters): TableQuery {
  const filter = filterExpression(filters);
  return {
    KeyConditionExpression: "#pk = :pk",
    ...filter,
    ExpressionAttributeNames: {
      ...filter.ExpressionAttributeNames,
      "#pk": RUN_TABLE_ATTRIBUTES.partitionKey,
    },
    ExpressionAttributeValues: { ...filter.ExpressionAttributeValues, ":pk": { S: partition } },
  };
}

/**
 * The query of one pipeline's runs, latest first (`limit` items per page).
 *
 * @example
 * pipelineRunsQuery("acme-dev-feature-login", {}, 20).KeyConditionExpression; // "#pk = :pk"
 */
export function pipelineRunsQuery(pipeline: string, filters: RunFilters, limit: number): TableQuery {
  return { ...partitionQuery(pipelinePartition(pipeline), filters), ScanIndexForward: false, Limit: limit };
}

/**
 * The query of one environment's deployments (the Deployments index) that started in `[from, to)`, latest first.
 *
 * @example
 * deploymentsQuery("prod", "2025-11-27T00:00:00.000Z", "2026-11-27T00:00:00.000Z").IndexName; // "Deployments"
 */
export function deploymentsQuery(environment: string, from: string, to: string, limit?: number): TableQuery {
  return {
    IndexName: DEPLOYMENTS_INDEX,
    KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
    ExpressionAttributeNames: {
      "#pk": RUN_TABLE_ATTRIBUTES.deploymentsPartitionKey,
      "#sk": RUN_TABLE_ATTRIBUTES.deploymentsSortKey,
    },
    ExpressionAttributeValues: {
      ":pk": { S: `DEPLOY#${environment}` },
      ":from": { S: from },
      // Below every "<to>#<execution>": "#" sorts before the execution ids' characters.
      ":to": { S: `${to}#` },
    },
    ScanIndexForward: false,
    ...(limit === undefined ? {} : { Limit: limit }),
  };
}

/**
 * The environment variables the constructs set on the Lambdas that use the run history: the table, its TTL, and for
 * the overview page the project, its environments (comma-separated, in config order) and how long report links last.
 *
 * @example
 * process.env[RUN_HISTORY_VARIABLES.table]; // "acme-tributary-runs"
 */
export const RUN_HISTORY_VARIABLES = Object.freeze({
  table: "TRIBUTARY_RUN_HISTORY_TABLE",
  ttlDays: "TRIBUTARY_RUN_HISTORY_TTL_DAYS",
  project: "TRIBUTARY_PROJECT",
  environments: "TRIBUTARY_ENVIRONMENTS",
  reportLinkSeconds: "TRIBUTARY_REPORT_LINK_SECONDS",
} as const);

/**
 * How long the overview's presigned report links stay valid by default: long enough to open the report, short enough
 * that a copied link soon stops working.
 *
 * @example
 * REPORT_LINK_SECONDS; // 900
 */
export const REPORT_LINK_SECONDS = 900;

/**
 * The table as DynamoDB's `CreateTable` takes it (plain data): core's keys, the sparse Deployments index (every
 * attribute projected), on-demand billing. The RunHistoryTable construct declares the same (a constructs test compares
 * them); tests create their table in moto from it.
 *
 * @example
 * await dynamo.send(new CreateTableCommand(runTableDefinition("acme-tributary-runs")));
 */
export function runTableDefinition(tableName: string): {
  readonly TableName: string;
  readonly BillingMode: "PAY_PER_REQUEST";
  readonly AttributeDefinitions: readonly { readonly AttributeName: string; readonly AttributeType: "S" }[];
  readonly KeySchema: readonly { readonly AttributeName: string; readonly KeyType: "HASH" | "RANGE" }[];
  readonly GlobalSecondaryIndexes: readonly {
    readonly IndexName: string;
    readonly KeySchema: readonly { readonly AttributeName: string; readonly KeyType: "HASH" | "RANGE" }[];
    readonly Projection: { readonly ProjectionType: "ALL" };
  }[];
} {
  const { partitionKey, sortKey, deploymentsPartitionKey, deploymentsSortKey } = RUN_TABLE_ATTRIBUTES;
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [partitionKey, sortKey, deploymentsPartitionKey, deploymentsSortKey].map(
      (name) => ({
        AttributeName: name,
        AttributeType: "S" as const,
      }),
    ),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: "HASH" },
      { AttributeName: sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: DEPLOYMENTS_INDEX,
        KeySchema: [
          { AttributeName: deploymentsPartitionKey, KeyType: "HASH" },
          { AttributeName: deploymentsSortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
  };
}
