/**
 * Records one execution state change in the run history: reads what core needs (the execution, its start, and for a
 * final state its actions, TaskCat's results and the preview), lets core build the record and its items, and writes
 * them with conditional puts (core's merge rule), so a redelivered or late event never replaces a newer state. Publishes
 * the run's metrics (core's `runMetrics`) once, when its record first becomes final.
 */

import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { GetPipelineExecutionCommand, ListPipelineExecutionsCommand } from "@aws-sdk/client-codepipeline";
import {
  ConditionalCheckFailedException,
  PutItemCommand,
  type PutItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import {
  buildRunRecord,
  type ConditionalPut,
  DEFAULT_PREFIXES,
  deploymentOf,
  doraDelta,
  isFinalRunState,
  livePut,
  liveRowOf,
  previewKey,
  type RunEventRequest,
  type RunFacts,
  type RunMetric,
  type RunRecord,
  runMetrics,
  runOfItem,
  runPut,
  taskcatResultsKey,
} from "@tributary/core";
import { classifyFailure } from "../aws/classify-failure";
import type { NotifierClients } from "../aws/clients";
import { executionDetails } from "../aws/execution-details";
import { readReportJson } from "../aws/report-objects";
import { listRunActions } from "../aws/run-actions";
import type { Telemetry } from "../aws/telemetry";
import { readDeployments } from "./read-runs";
import type { RunHistoryStore } from "./run-history-store";

/**
 * Pages of `ListPipelineExecutions` (100 executions each) searched for an execution's start: a final event arrives
 * within hours, so its execution is on the first page unless the pipeline ran more than 100 times since.
 *
 * @example
 * EXECUTION_START_PAGES; // 5
 */
export const EXECUTION_START_PAGES = 5;

/**
 * What one conditional put did: `written`, or `unchanged` when the table already held this state or a newer one.
 *
 * @example
 * const outcome: PutOutcome = "unchanged"; // a redelivered event
 */
export type PutOutcome = "written" | "unchanged";

/**
 * What recording one state change did.
 *
 * @example
 * const result: RecordRunResult = { outcome: "recorded", state: "SUCCEEDED", run: "written", live: "written", metrics: 9 };
 */
export type RecordRunResult =
  | {
      readonly outcome: "recorded";
      readonly state: RunRecord["state"];
      readonly run: PutOutcome;
      readonly live: PutOutcome;
      /** Metric values published (0 unless the record just became final). */
      readonly metrics: number;
    }
  | { readonly outcome: "ignored"; readonly reason: string };

/**
 * What recording needs: the notifier's CodePipeline and S3 clients, its telemetry, and the store.
 *
 * @example
 * const dependencies: RecordRunDependencies = { clients, logger, metrics, store: { dynamo, tableName, ttlDays: 400 } };
 */
export interface RecordRunDependencies extends Telemetry {
  readonly clients: Pick<NotifierClients, "codePipeline" | "s3">;
  readonly store: RunHistoryStore;
}

/**
 * One conditional put of the merge rule (`ReturnValues: ALL_OLD`): `written` with the item it replaced, or
 * `unchanged` when DynamoDB refused it because the table holds this version or a newer one.
 *
 * @example
 * const { outcome, replaced } = await conditionalPut(store, runPut(run, store.ttlDays));
 */
export async function conditionalPut(
  store: RunHistoryStore,
  put: ConditionalPut,
): Promise<{ readonly outcome: PutOutcome; readonly replaced?: Record<string, unknown> | undefined }> {
  try {
    const answer = await store.dynamo.send(
      new PutItemCommand({
        TableName: store.tableName,
        ...(put as Omit<PutItemCommandInput, "TableName">),
        ReturnValues: "ALL_OLD",
      }),
    );
    return { outcome: "written", replaced: answer.Attributes };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { outcome: "unchanged" };
    throw error;
  }
}

/** When CodePipeline started the execution (`ListPipelineExecutions`' `startTime`), or `undefined` if not listed. */
async function executionStart(
  clients: Pick<NotifierClients, "codePipeline">,
  pipelineName: string,
  executionId: string,
): Promise<string | undefined> {
  let nextToken: string | undefined;
  for (let page = 0; page < EXECUTION_START_PAGES; page++) {
    const answer = await clients.codePipeline.send(
      new ListPipelineExecutionsCommand({ pipelineName, maxResults: 100, nextToken }),
    );
    const found = answer.pipelineExecutionSummaries?.find(
      (summary) => summary.pipelineExecutionId === executionId,
    );
    if (found?.startTime) return found.startTime.toISOString();
    nextToken = answer.nextToken;
    if (nextToken === undefined) return undefined;
  }
  return undefined;
}

/** One JSON object of the reports bucket; absent (or unreadable for good: access denied) is `undefined`. */
async function readOptional(
  dependencies: RecordRunDependencies,
  bucket: string,
  key: string,
): Promise<unknown> {
  try {
    return await readReportJson(dependencies.clients.s3, bucket, key);
  } catch (error) {
    const failure = classifyFailure(error);
    // A transient failure is retried with the whole event: a record is never written without what it should hold.
    if (failure.kind === "transient") throw error;
    dependencies.logger.warn("Could not read a report object; recording the run without it", {
      bucket,
      key,
      reason: failure.reason,
    });
    return undefined;
  }
}

/** What the notifier reads about the execution for core's `buildRunRecord`. */
async function readFacts(dependencies: RecordRunDependencies, request: RunEventRequest): Promise<RunFacts> {
  const { clients } = dependencies;
  const { pipeline, executionId } = request;
  const final = isFinalRunState(request.state);
  const bucket = request.reportsBucket;
  const reportsRead = final && bucket !== undefined;
  // The reads are independent: side by side, so the event waits for the slowest, not for their sum.
  const [output, actions, started, taskcatResults, previewDocument] = await Promise.all([
    clients.codePipeline.send(
      new GetPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId: executionId }),
    ),
    final ? listRunActions(clients, pipeline, executionId) : [],
    executionStart(clients, pipeline, executionId),
    reportsRead ? readOptional(dependencies, bucket, taskcatResultsKey(pipeline, executionId)) : undefined,
    reportsRead ? readOptional(dependencies, bucket, previewKey(pipeline, executionId)) : undefined,
  ]);
  const details = executionDetails(output);
  const revision = output.pipelineExecution?.artifactRevisions?.find((candidate) => candidate.revisionId);
  const trigger = output.pipelineExecution?.trigger;
  const earliestAction = actions
    .map((action) => action.startTime)
    .filter((time): time is string => time !== undefined)
    .sort()[0];
  if (started === undefined) {
    dependencies.logger.warn("The execution is not among the pipeline's latest; its start is estimated", {
      pages: EXECUTION_START_PAGES,
    });
  }
  return {
    request,
    startedAt: started ?? earliestAction ?? request.time,
    execution: {
      variables: details.variables,
      ...(details.commitId ? { commitId: details.commitId } : {}),
      ...(details.commitMessage ? { commitMessage: details.commitMessage } : {}),
      ...(revision?.created ? { commitTime: revision.created.toISOString() } : {}),
      ...(trigger?.triggerType
        ? {
            trigger: {
              type: trigger.triggerType,
              ...(trigger.triggerDetail ? { detail: trigger.triggerDetail } : {}),
            },
          }
        : {}),
    },
    actions,
    ...(reportsRead ? { taskcatResults, previewDocument } : {}),
  };
}

/**
 * What DORA counts for a finished deployment: `doraDelta` over the environment's deployments that started before it
 * (the Deployments index, latest 50 within the TTL); `undefined` for a run that is not a deployment.
 */
async function doraOf(
  store: RunHistoryStore,
  record: RunRecord,
  hotfixPrefix: string,
): Promise<ReturnType<typeof doraDelta> | undefined> {
  const finished = deploymentOf(record, hotfixPrefix);
  if (finished === undefined) return undefined;
  const from = new Date(Date.parse(record.startedAt) - store.ttlDays * 86_400_000).toISOString();
  const { runs } = await readDeployments(store, record.environment, from, record.startedAt, 50);
  const before = runs.flatMap((run) => {
    const deployment = deploymentOf(run, hotfixPrefix);
    return deployment === undefined ? [] : [deployment];
  });
  return doraDelta(before, finished);
}

/**
 * Publishes each metric as one EMF document with its own dimensions (Powertools' single metric), at once.
 *
 * @example
 * publishRunMetrics(telemetry, runMetrics(run, undefined));
 */
export function publishRunMetrics(telemetry: Telemetry, metrics: readonly RunMetric[]): void {
  for (const metric of metrics) {
    const single = telemetry.metrics.singleMetric();
    for (const [name, value] of Object.entries(metric.dimensions)) single.addDimension(name, value);
    single.addMetric(
      metric.name,
      metric.unit === "Count" ? MetricUnit.Count : MetricUnit.Milliseconds,
      metric.value,
    );
  }
}

/**
 * Records one state change: side by side, GetPipelineExecution, ListPipelineExecutions (the start), and for a final
 * state ListActionExecutions and two S3 GetObjects (TaskCat's results, the preview); for a finished deployment one Query of
 * the Deployments index; then the run's conditional put, its metrics when it just became final, and the live row's
 * conditional put. Throws what the calls throw (the caller classifies it); writes nothing before every read succeeded.
 *
 * @example
 * await recordRun({ clients, store, logger, metrics }, request);
 * // { outcome: "recorded", state: "SUCCEEDED", run: "written", live: "written", metrics: 9 }
 */
export async function recordRun(
  dependencies: RecordRunDependencies,
  request: RunEventRequest,
): Promise<RecordRunResult> {
  const { store } = dependencies;
  const record = buildRunRecord(await readFacts(dependencies, request));
  if (record === undefined) {
    const reason = `pipeline ${request.pipeline} is not named as Tributary names ${request.project}'s ${request.environment} pipelines`;
    dependencies.logger.warn("Run not recorded", { reason });
    return { outcome: "ignored", reason };
  }
  const final = isFinalRunState(record.state);
  // The rule names the project's hotfix prefix; without one, git-flow's default (core's DEFAULT_PREFIXES).
  const dora = final
    ? await doraOf(store, record, request.hotfixPrefix ?? DEFAULT_PREFIXES.hotfix)
    : undefined;
  const run = await conditionalPut(store, runPut(record, store.ttlDays));
  const before = run.replaced === undefined ? undefined : runOfItem(run.replaced);
  const firstFinal =
    run.outcome === "written" &&
    final &&
    (before === undefined || !isFinalRunState(before.state) || before.attempt < record.attempt);
  const metrics = firstFinal ? runMetrics(record, dora) : [];
  publishRunMetrics(dependencies, metrics);
  const live = await conditionalPut(store, livePut(liveRowOf(record), store.ttlDays));
  dependencies.logger.info("Run recorded", {
    state: record.state,
    startedAt: record.startedAt,
    run: run.outcome,
    live: live.outcome,
    metrics: metrics.length,
  });
  return {
    outcome: "recorded",
    state: record.state,
    run: run.outcome,
    live: live.outcome,
    metrics: metrics.length,
  };
}
