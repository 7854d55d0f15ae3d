/** An execution context for unit tests: the real SDK clients (mocked with aws-sdk-client-mock), quiet telemetry. */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { defineConfig, type TributaryConfig } from "@tributary/core";
import { type ExecutionContext, newExecutionContext } from "../../src/functions/cloner/execution-context";
import { testClients } from "./cloner-clients";

/** The project of the unit tests (pull requests into main are tested on prod). */
export const UNIT_CONFIG: TributaryConfig = defineConfig({
  project: "acme",
  repository: "infra",
  routes: { pullRequests: { environmentByDestination: { main: "prod" } } },
});

/** The account and region the contexts act in. */
export const UNIT_TARGET = { partition: "aws", region: "eu-west-1", accountId: "123456789012" } as const;

/** ARNs of the pipelines of `UNIT_TARGET`. */
export const PIPELINE_ARN_PREFIX = "arn:aws:codepipeline:eu-west-1:123456789012:";

/**
 * A context for one event, with a logger that keeps what it logs (`logged`) and metrics the test may flush.
 *
 * @example
 * const { context, logged } = unitContext();
 * await recordRun(context, action);
 */
export function unitContext(
  overrides: Partial<Pick<ExecutionContext, "refusals">> & { config?: TributaryConfig } = {},
): { context: ExecutionContext; logged: Array<{ level: string; message: string }>; metrics: Metrics } {
  const logged: Array<{ level: string; message: string }> = [];
  const logger = new Logger({ logLevel: "SILENT" });
  for (const level of ["info", "warn", "error"] as const) {
    const original = logger[level].bind(logger);
    logger[level] = ((message: string, ...rest: unknown[]) => {
      logged.push({ level, message });
      return (original as (message: string, ...rest: unknown[]) => void)(message, ...rest);
    }) as never;
  }
  const metrics = new Metrics({ namespace: "Test" });
  const context = newExecutionContext({
    config: overrides.config ?? UNIT_CONFIG,
    clients: testClients(),
    telemetry: { logger, metrics },
    eventId: "e-1",
    target: UNIT_TARGET,
    ...(overrides.refusals ? { refusals: overrides.refusals } : {}),
  });
  return { context, logged, metrics };
}
