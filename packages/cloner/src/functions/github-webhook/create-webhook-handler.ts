/**
 * The GitHub webhook function's logic, given its dependencies: verify the delivery's signature before anything else
 * of it is read, parse it (core's `parseGitHubDelivery`), hand an accepted event to the cloner, answer GitHub.
 *
 * Why a Lambda function URL, not an HTTP API: both take at most 6 MB into a Lambda (a function URL's request payload
 * is Lambda's synchronous invocation limit; an HTTP API accepts 10 MB but its Lambda integration passes on at most
 * Lambda's 6 MB), and GitHub sends up to 25 MB, so neither takes every delivery; the larger ones are pushes of
 * thousands of commits, and the reconcile repairs what such a lost delivery would have done. A function URL costs
 * nothing beyond the invocation (an HTTP API bills per request), has no stage, route or integration to keep, and makes
 * public exactly one thing: this function's POST, which refuses everything not signed with the secret. The constructs
 * bound its concurrency so that unsigned traffic cannot run up the bill.
 *
 * Why an asynchronous Invoke of the cloner: Lambda queues the event durably before it answers (202), the answer comes
 * in milliseconds (GitHub waits 10 seconds at most), and the cloner handles it exactly as it handles EventBridge's
 * events, which also arrive as asynchronous invocations: the same two retries and the same dead-letter queue apply.
 * EventBridge PutEvents would add a bus, a rule and a hop for the same at-least-once delivery.
 *
 * Answers: 202 `accepted` (handed on) or `ignored` (a ping, a tag, an event or action Tributary does not handle, with
 * the reason: GitHub then shows the delivery as successful); 400 a malformed delivery (missing headers, not JSON, a
 * payload without the fields its event has: every bad field named); 401 no or a wrong signature; 403 another
 * repository's delivery; 405 anything but POST; 413 a body over the function's limit; 500 when the cloner could not
 * be invoked (GitHub lets a person redeliver it). Nothing of the body or the secret is ever logged.
 */
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import {
  EventError,
  forwardedGitHubEvent,
  type GitHubDelivery,
  parseGitHubDelivery,
  type TributaryConfig,
} from "@tributary/core";
import type { APIGatewayProxyStructuredResultV2, Context, LambdaFunctionURLEvent } from "aws-lambda";
import { classifyFailure } from "../../aws/classify-failure";
import { countFailure, countMetric, type Telemetry, withTelemetry } from "../../aws/telemetry";
import { verifySignature } from "./verify-signature";

/**
 * The largest body the function reads: Lambda's 6 MB synchronous payload (a function URL refuses a larger request
 * itself, with 413, before the function runs; this check answers the same for a body that fits the event but not
 * what is left of it once decoded).
 *
 * @example
 * Buffer.byteLength(event.body) > WEBHOOK_BODY_LIMIT_BYTES; // answered 413
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 6 * 1024 * 1024;

/**
 * What the webhook function needs; `handler.ts` creates them once per Lambda instance, tests inject them.
 *
 * @example
 * const dependencies: WebhookDependencies = { config, lambda, clonerFunction, webhookSecret: secretOnce(secrets, id), logger, metrics };
 */
export interface WebhookDependencies extends Telemetry {
  readonly config: TributaryConfig;
  readonly lambda: LambdaClient;
  /** The cloner function's name or ARN. */
  readonly clonerFunction: string;
  /** The webhook's secret, read once per cold start. */
  readonly webhookSecret: () => Promise<string>;
  /** When the delivery was received. @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * The webhook function's handler signature (a function URL's event; its structured result: status, headers, body).
 *
 * @example
 * const handler: WebhookHandler = createWebhookHandler(dependencies);
 */
export type WebhookHandler = (
  event: LambdaFunctionURLEvent,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

function answer(statusCode: number, body: Record<string, unknown>): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** The raw body as the bytes GitHub signed (a function URL passes non-text bodies base64-encoded). */
function rawBody(event: LambdaFunctionURLEvent): Buffer {
  return Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
}

/**
 * Builds the handler (Powertools' middleware adds the Lambda context to the logs and flushes the metrics).
 *
 * @example
 * const handler = createWebhookHandler({ config, lambda, clonerFunction, webhookSecret, logger, metrics });
 * await handler(functionUrlEvent, context); // { statusCode: 202, body: '{"outcome":"accepted",…}' }
 */
export function createWebhookHandler(dependencies: WebhookDependencies): WebhookHandler {
  const { config, lambda, clonerFunction, webhookSecret, logger, metrics } = dependencies;
  const now = dependencies.now ?? (() => new Date());
  const refuse = (statusCode: number, reason: string, fields: Record<string, unknown> = {}) => {
    countMetric({ logger, metrics }, "deliveriesRefused");
    logger.warn("Delivery refused", { statusCode, reason, ...fields });
    return answer(statusCode, { outcome: "refused", reason, ...fields });
  };
  const handle = async (event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const headers = event.headers ?? {};
    if (event.requestContext?.http?.method !== "POST") {
      return refuse(405, "only POST is accepted: this is a GitHub webhook endpoint");
    }
    const body = rawBody(event);
    if (body.length > WEBHOOK_BODY_LIMIT_BYTES) {
      return refuse(
        413,
        `the body has ${body.length} bytes; this endpoint takes at most ${WEBHOOK_BODY_LIMIT_BYTES}`,
      );
    }
    // The signature first: nothing else of the delivery is read before it is known to come from GitHub.
    if (!verifySignature(await webhookSecret(), body, headers["x-hub-signature-256"])) {
      return refuse(
        401,
        headers["x-hub-signature-256"] === undefined
          ? "the delivery has no X-Hub-Signature-256: give the webhook the secret Tributary generated"
          : "X-Hub-Signature-256 does not match: the webhook's secret is not the one Tributary generated",
      );
    }
    const name = headers["x-github-event"];
    const deliveryId = headers["x-github-delivery"];
    logger.appendKeys({ githubEvent: name, deliveryId });
    if (!name || !deliveryId) {
      return refuse(400, "the delivery lacks X-GitHub-Event or X-GitHub-Delivery");
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString("utf8"));
    } catch {
      return refuse(400, "the body is not JSON: set the webhook's content type to application/json");
    }
    let delivery: GitHubDelivery;
    try {
      delivery = parseGitHubDelivery(config, { name, deliveryId, receivedAt: now().toISOString(), payload });
    } catch (error) {
      if (!(error instanceof EventError)) throw error;
      // The paths and fixes only: core's reasons quote the value found, and nothing of the body is logged or echoed.
      const problems = error.problems.map(({ path, fix }) => ({ path, fix }));
      return refuse(400, "the payload is malformed", { problems });
    }
    if (delivery.outcome === "foreign") {
      return refuse(403, delivery.event.reason, { repository: delivery.repository });
    }
    if (delivery.outcome === "ignored") {
      countMetric({ logger, metrics }, "deliveriesIgnored");
      logger.info("Delivery ignored", { reason: delivery.event.reason });
      return answer(202, { outcome: "ignored", reason: delivery.event.reason });
    }
    try {
      await lambda.send(
        new InvokeCommand({
          FunctionName: clonerFunction,
          InvocationType: "Event",
          Payload: Buffer.from(JSON.stringify(forwardedGitHubEvent(delivery.event))),
        }),
      );
    } catch (error) {
      const { reason } = classifyFailure(error);
      countFailure({ logger, metrics }, reason);
      logger.error("Delivery not handed to the cloner", { reason, error });
      return answer(500, {
        outcome: "failed",
        reason: "the cloner could not be invoked; redeliver the delivery",
      });
    }
    countMetric({ logger, metrics }, "deliveriesForwarded");
    logger.info("Delivery handed to the cloner", { eventType: delivery.event.type });
    return answer(202, { outcome: "accepted", eventId: delivery.event.id, eventType: delivery.event.type });
  };
  return withTelemetry({ logger, metrics }, (event, _context) => handle(event as LambdaFunctionURLEvent));
}
