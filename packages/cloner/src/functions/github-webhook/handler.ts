/**
 * The GitHub webhook Lambda entry point (`github-webhook.handler`, behind a function URL): reads the config once at
 * init (the repository and the fork allow-list), creates the Lambda and Secrets Manager clients, the logger and the
 * metrics once, and hands every request to `createWebhookHandler`. The webhook secret is read on the first delivery
 * and kept for the instance's life.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { GITHUB_ENVIRONMENT, loadClonerEnvironment } from "@tributary/core";
import { clientOptions, createSecretsManagerClient } from "../../aws/clients";
import { METRICS_NAMESPACE, WEBHOOK_SERVICE_NAME } from "../../aws/constants";
import { secretOnce } from "../../aws/secrets";
import { createWebhookHandler } from "./create-webhook-handler";

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set. Fix: the constructs set it on the GitHub webhook function.`);
  return value;
}

const logger = new Logger({ serviceName: WEBHOOK_SERVICE_NAME });
// Metrics' own warnings (an invocation with nothing to count) go through the logger, as JSON like every other line.
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: WEBHOOK_SERVICE_NAME, logger });

/**
 * Handles one request to the function URL: a GitHub delivery, or anything else (refused).
 *
 * @example
 * // Lambda: runtime nodejs24.x, handler "github-webhook.handler", a function URL (auth NONE, POST), environment:
 * // TRIBUTARY_CONFIG, TRIBUTARY_GITHUB_WEBHOOK_SECRET, TRIBUTARY_CLONER_FUNCTION
 * await handler(functionUrlEvent, context);
 */
export const handler = createWebhookHandler({
  config: loadClonerEnvironment(process.env),
  lambda: new LambdaClient(clientOptions(process.env)),
  clonerFunction: required(GITHUB_ENVIRONMENT.clonerFunction),
  webhookSecret: secretOnce(
    createSecretsManagerClient(process.env),
    required(GITHUB_ENVIRONMENT.webhookSecret),
  ),
  logger,
  metrics,
});
