/**
 * The run-history table as the Lambdas and the CLI reach it: a DynamoDB client, the table's name and its TTL. Core
 * builds every item and query (`runPut`, `livePut`, `liveRowsQuery`…); this folder only sends them.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DEFAULT_RUN_HISTORY_TTL_DAYS, RUN_HISTORY_VARIABLES } from "@tributary/core";
import { clientOptions } from "../aws/clients";

/**
 * Where runs are recorded and read.
 *
 * @example
 * const store: RunHistoryStore = { dynamo: new DynamoDBClient({}), tableName: "acme-tributary-runs", ttlDays: 400 };
 */
export interface RunHistoryStore {
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  /** Days a run is kept (the items' `expiresAt`). */
  readonly ttlDays: number;
}

/**
 * The store the environment names (`TRIBUTARY_RUN_HISTORY_TABLE`, `TRIBUTARY_RUN_HISTORY_TTL_DAYS`, set by the
 * constructs), with the SDK's adaptive retry (`clientOptions`); `undefined` when no table is set: then nothing is
 * recorded. A TTL that is not a whole number of days falls back to the default.
 *
 * @example
 * const store = runHistoryStoreFromEnvironment(process.env); // undefined without TRIBUTARY_RUN_HISTORY_TABLE
 */
export function runHistoryStoreFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): RunHistoryStore | undefined {
  const tableName = env[RUN_HISTORY_VARIABLES.table];
  if (tableName === undefined || tableName === "") return undefined;
  const ttlDays = Number(env[RUN_HISTORY_VARIABLES.ttlDays]);
  return {
    dynamo: new DynamoDBClient(clientOptions(env)),
    tableName,
    ttlDays: Number.isInteger(ttlDays) && ttlDays > 0 ? ttlDays : DEFAULT_RUN_HISTORY_TTL_DAYS,
  };
}
