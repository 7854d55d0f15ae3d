/** The Powertools logger and metrics both Lambdas share: their middy wiring around a handler, and the metrics they count. */
import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { FAILURE_DIMENSION, METRIC_NAMES } from "./constants";

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
 * Wraps a handler with `injectLambdaContext` (the Lambda context in every log line, appended keys reset after each
 * invocation) and `logMetrics` (stored metrics flushed as EMF after every invocation, failed ones included).
 *
 * @example
 * export const handler = withTelemetry({ logger, metrics }, async (event, context) => plan(event));
 */
export function withTelemetry<Result>(
  telemetry: Telemetry,
  handler: (event: unknown, context: Context) => Promise<Result>,
): (event: unknown, context: Context) => Promise<Result> {
  const wrapped = middy<unknown, Result, Error, Context>(handler)
    .use(injectLambdaContext(telemetry.logger, { resetKeys: true }))
    .use(logMetrics(telemetry.metrics));
  return (event, context) => wrapped(event, context);
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
