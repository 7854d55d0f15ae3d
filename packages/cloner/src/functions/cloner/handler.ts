/**
 * The Lambda entry point (`handler.handler`): reads the config once at init, creates the clients, logger and
 * metrics once, and hands every event to `createHandler`. A bad `TRIBUTARY_CONFIG` fails the init with a
 * `ConfigError` that says what to fix. With a GitHub source it also wires GitHub (`github-wiring.ts`); with remote
 * environments, where their stack listings are (`target-listings.ts`).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { loadClonerEnvironment, REFUSAL_TOPIC_VARIABLE } from "@tributary/core";
import type { Context } from "aws-lambda";
import { createClients } from "../../aws/clients";
import { METRICS_NAMESPACE, SERVICE_NAME } from "../../aws/constants";
import { InvocationTime } from "../../aws/invocation-time";
import { createHandler } from "./create-handler";
import { clonerGitHubWiring } from "./github-wiring";
import { targetListingsFromEnvironment } from "./target-listings";

const config = loadClonerEnvironment(process.env);
const logger = new Logger({ serviceName: SERVICE_NAME });
// Metrics' own warnings (an invocation with nothing to count) go through the logger, as JSON like every other line.
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger });
const time = new InvocationTime();

const clonerHandler = createHandler({
  config,
  clients: createClients(),
  logger,
  metrics,
  refusalTopicArn: process.env[REFUSAL_TOPIC_VARIABLE],
  // A bad TRIBUTARY_TARGET_LISTINGS fails the init with its RangeError, like a bad config.
  targetListings: targetListingsFromEnvironment(process.env),
  ...clonerGitHubWiring(config, process.env, time),
});

/**
 * Handles one event (CodeCommit branch or pull-request change, a GitHub delivery the webhook function handed on, a
 * pull-request clone's finished run, or the reconcile schedule).
 *
 * @example
 * // Lambda: runtime nodejs24.x, handler "handler.handler", environment clonerEnvironment(config)
 * await handler(event, context);
 */
export const handler = (event: unknown, context: Context) => {
  time.begin(context);
  return clonerHandler(event, context);
};
