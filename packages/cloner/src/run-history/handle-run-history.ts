/**
 * The notifier's handling of run-history requests: parse (core), then record a run's state change or retire a closed
 * branch's or pull request's live row. Bad input and permanent failures are logged, counted and dropped; transient
 * ones are rethrown, so Lambda retries and the dead-letter queue keeps the event.
 */
import {
  closedSourceKey,
  livePut,
  parseRunHistoryRequest,
  type RunHistoryRequest,
  SOURCE_CLOSED_KIND,
} from "@tributary/core";
import { classifyFailure, reportFailure } from "../aws/classify-failure";
import type { NotifierClients } from "../aws/clients";
import { countFailure, type Telemetry } from "../aws/telemetry";
import { conditionalPut, type PutOutcome, type RecordRunResult, recordRun } from "./record-run";
import type { RunHistoryStore } from "./run-history-store";

/**
 * What one run-history request did.
 *
 * @example
 * const result: RunHistoryResult = { outcome: "closed", sourceKey: "pr#42", live: "written" };
 */
export type RunHistoryResult =
  | RecordRunResult
  | { readonly outcome: "closed"; readonly sourceKey: string; readonly live: PutOutcome }
  | { readonly outcome: "dropped"; readonly reason: string };

/**
 * What the run history needs from the notifier: its clients and telemetry, and the store (`undefined` when the
 * function has no table: requests are then dropped with a warning).
 *
 * @example
 * const dependencies: RunHistoryDependencies = { clients, logger, metrics, runHistory: runHistoryStoreFromEnvironment(process.env) };
 */
export interface RunHistoryDependencies extends Telemetry {
  readonly clients: Pick<NotifierClients, "codePipeline" | "s3">;
  readonly runHistory?: RunHistoryStore | undefined;
}

/**
 * Handles one run-history request (`runEvent` or `sourceClosed`, core's `parseRunHistoryRequest`). A closed source
 * gets a closing row (`livePut` with `closedAt`), which no late event of an older run replaces.
 *
 * @example
 * if (isRunHistoryRequest(raw)) return handleRunHistory(dependencies, raw);
 */
export async function handleRunHistory(
  dependencies: RunHistoryDependencies,
  raw: unknown,
): Promise<RunHistoryResult> {
  const { logger } = dependencies;
  let request: RunHistoryRequest;
  try {
    request = parseRunHistoryRequest(raw);
  } catch (error) {
    const { reason } = classifyFailure(error);
    countFailure(dependencies, reason);
    logger.error("Invalid run-history input; dropping", { reason, error, input: raw });
    return { outcome: "dropped", reason };
  }
  const store = dependencies.runHistory;
  if (store === undefined) {
    logger.warn("No run-history table is set (TRIBUTARY_RUN_HISTORY_TABLE); dropping", {
      kind: request.kind,
    });
    return { outcome: "dropped", reason: "no-run-history-table" };
  }
  try {
    if (request.kind === SOURCE_CLOSED_KIND) {
      const sourceKey = closedSourceKey(request);
      logger.appendKeys({ kind: request.kind, sourceKey });
      const live = await conditionalPut(store, livePut({ sourceKey, closedAt: request.time }, store.ttlDays));
      logger.info("Source closed in the run history", { live: live.outcome });
      return { outcome: "closed", sourceKey, live: live.outcome };
    }
    logger.appendKeys({
      kind: request.kind,
      pipelineName: request.pipeline,
      pipelineExecutionId: request.executionId,
      state: request.state,
      environment: request.environment,
    });
    return await recordRun({ ...dependencies, store }, request);
  } catch (error) {
    const { reason } = reportFailure(dependencies, error, { action: "recordRun" });
    return { outcome: "dropped", reason };
  }
}
