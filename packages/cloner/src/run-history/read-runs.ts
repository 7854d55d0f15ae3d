/**
 * Reads the run history: the live rows (the overview page, `tributary runs`), one pipeline's runs (`runs --branch`),
 * one environment's deployments (DORA). Each read says what it cost: queries, pages and DynamoDB read units.
 */
import { type AttributeValue, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import {
  deploymentsQuery,
  liveRowsQuery,
  pipelineRunsQuery,
  type RunFilters,
  type RunRecord,
  runOfItem,
  type TableQuery,
} from "@tributary/core";
import type { RunHistoryStore } from "./run-history-store";

/**
 * What a read cost: `Query` calls (one per page), read units DynamoDB consumed (`ConsumedCapacity`), and items
 * DynamoDB evaluated before the filter (`ScannedCount`).
 *
 * @example
 * const { runs, pages, readUnits } = await readLiveRuns(store, {});
 */
export interface ReadResult {
  readonly runs: RunRecord[];
  readonly pages: number;
  readonly readUnits: number;
  readonly itemsRead: number;
}

/** Every page of a query, or until `maxItems` items came back: at most `maxItems` runs. */
async function queryPages(
  store: RunHistoryStore,
  query: TableQuery,
  maxItems = Infinity,
): Promise<ReadResult> {
  const runs: RunRecord[] = [];
  let pages = 0;
  let readUnits = 0;
  let itemsRead = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await store.dynamo.send(
      new QueryCommand({
        TableName: store.tableName,
        ...(query as Omit<QueryCommandInput, "TableName">),
        ReturnConsumedCapacity: "TOTAL",
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    pages += 1;
    readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
    itemsRead += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      const run = runOfItem(item);
      if (run !== undefined) runs.push(run);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && runs.length < maxItems);
  return { runs: runs.slice(0, maxItems), pages, readUnits, itemsRead };
}

/**
 * Every live branch and pull request with its latest run, filtered (closed sources' rows are skipped). One `Query` of
 * the `LIVE` partition, one page per MB of live rows.
 *
 * @example
 * const { runs } = await readLiveRuns(store, { environment: "qa", failedOnly: true });
 */
export function readLiveRuns(store: RunHistoryStore, filters: RunFilters): Promise<ReadResult> {
  return queryPages(store, liveRowsQuery(filters));
}

/**
 * One pipeline's latest runs (at most `limit`), newest first.
 *
 * @example
 * const { runs } = await readPipelineRuns(store, "acme-dev-feature-login", {}, 20);
 */
export function readPipelineRuns(
  store: RunHistoryStore,
  pipeline: string,
  filters: RunFilters,
  limit: number,
): Promise<ReadResult> {
  return queryPages(store, pipelineRunsQuery(pipeline, filters, limit), limit);
}

/**
 * One environment's deployments that started in `[from, to)`, newest first (at most `limit`).
 *
 * @example
 * const { runs } = await readDeployments(store, "prod", "2025-11-27T00:00:00.000Z", "2026-11-27T00:00:00.000Z");
 */
export function readDeployments(
  store: RunHistoryStore,
  environment: string,
  from: string,
  to: string,
  limit?: number,
): Promise<ReadResult> {
  return queryPages(store, deploymentsQuery(environment, from, to, limit), limit);
}
