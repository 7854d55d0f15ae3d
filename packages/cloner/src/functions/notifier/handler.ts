/**
 * The notifier Lambda entry point (`notifier.handler`): creates the clients, logger and metrics once and hands
 * every notification rule's input to `createNotifier`. It needs no configuration (the rule's input names the
 * environment and the topic), except with a GitHub source, whose credentials and repository it reads
 * (`github-wiring.ts`); the run-history table, when there is one, comes from `TRIBUTARY_RUN_HISTORY_TABLE`.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { createNotifierClients } from "../../aws/clients";
import { METRICS_NAMESPACE, NOTIFIER_SERVICE_NAME } from "../../aws/constants";
import { InvocationTime } from "../../aws/invocation-time";
import { runHistoryStoreFromEnvironment } from "../../run-history/run-history-store";
import { createNotifier } from "./create-notifier";
import { notifierGitHubWiring } from "./github-wiring";

const logger = new Logger({ serviceName: NOTIFIER_SERVICE_NAME });
// Metrics' own warnings (an invocation with nothing to count) go through the logger, as JSON like every other line.
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: NOTIFIER_SERVICE_NAME, logger });
const time = new InvocationTime();
const notifier = createNotifier({
  clients: createNotifierClients(),
  logger,
  metrics,
  runHistory: runHistoryStoreFromEnvironment(process.env),
  ...notifierGitHubWiring(process.env, time),
});

/**
 * Handles one notification: the object a PipelineNotifications rule's input transformer builds.
 *
 * @example
 * // Lambda: runtime nodejs24.x, handler "notifier.handler"
 * await handler({ kind: "failure", pipeline: "acme-dev", executionId: "e-1", environment: "dev", state: "FAILED",
 *   time: "2026-11-27T15:00:00Z", region: "eu-west-1", account: "123456789012", topicArn }, context);
 */
export const handler = (event: unknown, context: Context) => {
  time.begin(context);
  return notifier(event, context);
};
