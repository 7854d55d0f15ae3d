/**
 * The Lambda entry point (`handler.handler`): reads the config once at init, creates the clients, logger and
 * metrics once, and hands every event to `createHandler`. A bad `TRIBUTARY_CONFIG` fails the init with a
 * `ConfigError` that says what to fix.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { loadClonerEnvironment, REFUSAL_TOPIC_VARIABLE } from "@tributary/core";
import { createClients } from "../../aws/clients";
import { METRICS_NAMESPACE, SERVICE_NAME } from "../../aws/constants";
import { createHandler } from "./create-handler";

const config = loadClonerEnvironment(process.env);
const logger = new Logger({ serviceName: SERVICE_NAME });
// Metrics' own warnings (an invocation with nothing to count) go through the logger, as JSON like every other line.
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger });

/**
 * Handles one EventBridge event (CodeCommit branch or pull-request change, a pull-request clone's finished run, or
 * the reconcile schedule).
 *
 * @example
 * // Lambda: runtime nodejs24.x, handler "handler.handler", environment clonerEnvironment(config)
 * await handler(event, context);
 */
export const handler = createHandler({
  config,
  clients: createClients(),
  logger,
  metrics,
  refusalTopicArn: process.env[REFUSAL_TOPIC_VARIABLE],
});
