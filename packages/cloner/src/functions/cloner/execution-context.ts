/** What every action needs while one event is handled: config, clients, where it runs, telemetry, per-event caches. */

import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Route, TributaryConfig } from "@tributary/core";
import type { AwsTarget } from "../../aws/aws-target";
import type { ClonerClients } from "../../aws/clients";
import { FAILURE_DIMENSION, METRIC_NAMES } from "../../aws/constants";
import type { PullRequestProvider } from "../../providers/pull-request-provider";
import type { TemplateDeclaration } from "./template-declaration";

/**
 * Powertools logger and metrics, created once per Lambda instance.
 *
 * @example
 * const telemetry: Telemetry = {
 *   logger: new Logger({ serviceName: SERVICE_NAME }),
 *   metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
 * };
 */
export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Where refusals go: the topic they are published to (`REFUSAL_TOPIC_VARIABLE`, set by the PipelineCloner
 * construct), and the resource whose `REFUSAL_STATE_TAG` remembers the last reconcile summary (the cloner function,
 * from the invocation's ARN).
 *
 * @example
 * const refusals: RefusalSettings = {
 *   topicArn: "arn:aws:sns:eu-west-1:123456789012:failures",
 *   stateResourceArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-cloner",
 * };
 */
export interface RefusalSettings {
  readonly topicArn?: string | undefined;
  readonly stateResourceArn?: string | undefined;
}

/**
 * The state one event's actions share.
 *
 * @example
 * const context = newExecutionContext({ config, clients, telemetry, eventId: "e-1", target });
 * await createClone(context, route);
 */
export interface ExecutionContext extends Telemetry {
  readonly config: TributaryConfig;
  readonly clients: ClonerClients;
  /** The EventBridge event id; idempotency tokens derive from it. */
  readonly eventId: string;
  /** Partition, region and account of the pipelines; `undefined` when the function ARN could not be read. */
  readonly target: AwsTarget | undefined;
  /** Where refusal notifications go. */
  readonly refusals: RefusalSettings;
  /**
   * During a reconcile, the clones CodePipeline itself refused (LimitExceededException) are collected here for the
   * one summary instead of one message each; `undefined` for branch and pull-request events, which notify at once.
   */
  readonly refusedDuringRun: Route[] | undefined;
  /** Template declarations fetched during this event (a reconcile clones each template once). */
  readonly templates: Map<string, Promise<TemplateDeclaration>>;
  /**
   * The git provider's pull-request calls (comments, approvals).
   *
   * @default - CodeCommit, on `config.repository` (`codeCommitPullRequests`)
   */
  readonly pullRequests?: PullRequestProvider | undefined;
}

/**
 * Builds a context with empty caches (one per event).
 *
 * @example
 * const context = newExecutionContext({ config, clients, telemetry: { logger, metrics }, eventId: event.id, target });
 */
export function newExecutionContext(
  fields: Omit<ExecutionContext, "templates" | "logger" | "metrics" | "refusals" | "refusedDuringRun"> & {
    readonly telemetry: Telemetry;
    readonly refusals?: RefusalSettings;
    /** `true` for a reconcile: refusals are collected for its summary. */
    readonly reconcile?: boolean;
  },
): ExecutionContext {
  const { telemetry, refusals, reconcile, ...rest } = fields;
  return {
    ...rest,
    logger: telemetry.logger,
    metrics: telemetry.metrics,
    refusals: refusals ?? {},
    refusedDuringRun: reconcile ? [] : undefined,
    templates: new Map(),
  };
}

/**
 * Adds 1 to one of the cloner's count metrics.
 *
 * @example
 * countMetric(context, "pipelinesCreated");
 * countMetric(context, "clonesRefused", refused.length); // 0 included, so the alarm clears
 */
export function countMetric(
  telemetry: Telemetry,
  metric: Exclude<keyof typeof METRIC_NAMES, "failures">,
  count = 1,
): void {
  telemetry.metrics.addMetric(METRIC_NAMES[metric], MetricUnit.Count, count);
}

/**
 * Publishes one `Failures` data point with its `reason` dimension (a single metric, so the dimension
 * does not spill onto the other metrics of the invocation).
 *
 * @example
 * countFailure(context, "foreign-pipeline");
 */
export function countFailure(telemetry: Telemetry, reason: string): void {
  const single = telemetry.metrics.singleMetric();
  single.addDimension(FAILURE_DIMENSION, reason);
  single.addMetric(METRIC_NAMES.failures, MetricUnit.Count, 1);
}

/**
 * Whether an SDK error has one of the given names (the exception's shape name).
 *
 * @example
 * if (isAwsError(error, "PipelineNotFoundException")) return createClone(context, route);
 */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}
