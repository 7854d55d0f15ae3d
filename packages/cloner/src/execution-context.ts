/** What every action needs while one event is handled: config, clients, where it runs, telemetry, per-event caches. */

import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { TributaryConfig } from "@tributary/core";
import type { AwsTarget } from "./aws-target";
import type { ClonerClients } from "./clients";
import { FAILURE_DIMENSION, METRIC_NAMES } from "./constants";
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
  /** Template declarations fetched during this event (a reconcile clones each template once). */
  readonly templates: Map<string, Promise<TemplateDeclaration>>;
  /**
   * Tags of the project's pipelines as a reconcile read them while planning (`undefined`: the pipeline was gone),
   * so that its actions need not read them again. Empty for branch and pull-request events.
   */
  readonly listedTags: Map<string, Readonly<Record<string, string>> | undefined>;
}

/**
 * Builds a context with empty caches (one per event).
 *
 * @example
 * const context = newExecutionContext({ config, clients, telemetry: { logger, metrics }, eventId: event.id, target });
 */
export function newExecutionContext(
  fields: Omit<ExecutionContext, "templates" | "listedTags" | "logger" | "metrics"> & {
    readonly telemetry: Telemetry;
  },
): ExecutionContext {
  const { telemetry, ...rest } = fields;
  return {
    ...rest,
    logger: telemetry.logger,
    metrics: telemetry.metrics,
    templates: new Map(),
    listedTags: new Map(),
  };
}

/**
 * Adds 1 to one of the cloner's count metrics.
 *
 * @example
 * countMetric(context, "pipelinesCreated");
 */
export function countMetric(
  telemetry: Telemetry,
  metric: Exclude<keyof typeof METRIC_NAMES, "failures">,
): void {
  telemetry.metrics.addMetric(METRIC_NAMES[metric], MetricUnit.Count, 1);
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
