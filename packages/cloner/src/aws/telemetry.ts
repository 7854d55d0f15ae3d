/** The Powertools wiring both Lambdas share: Powertools' own middy middleware around a handler factory's logic. */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import type { Telemetry } from "../functions/cloner/execution-context";

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
