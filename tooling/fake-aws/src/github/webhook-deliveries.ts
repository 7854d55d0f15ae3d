/**
 * A webhook delivery as GitHub sends it: a POST whose raw JSON body is signed with the webhook's secret.
 *
 * Headers (GitHub Docs, "Webhook events and payloads", Delivery headers; and the header parameters of every
 * webhook in the description's `x-webhooks`): `X-GitHub-Event` (the event name), `X-GitHub-Delivery` (a GUID that
 * identifies the delivery and stays the same on a redelivery), `X-GitHub-Hook-ID`, `X-GitHub-Hook-Installation-
 * Target-ID`/`-Type`, `X-Hub-Signature-256` (`sha256=` and the HMAC-SHA256 hex digest of the body with the secret
 * as the key), `User-Agent` starting `GitHub-Hookshot/`, and `Content-Type: application/json`. The signature is
 * made by `@octokit/webhooks-methods`' `sign`, GitHub's own JavaScript implementation.
 */
import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import type { GitHubEvent } from "./webhook-events";

/**
 * A signed delivery: what arrives at the webhook endpoint.
 *
 * @example
 * const delivery: WebhookDelivery = await signedDelivery(event, secret);
 * await handler({ headers: delivery.headers, body: delivery.body });
 */
export interface WebhookDelivery {
  /** `X-GitHub-Delivery`: the delivery's GUID (the event id for idempotency). */
  readonly id: string;
  readonly event: GitHubEvent["name"];
  /** Header names in lower case, as Node's `IncomingMessage` and API Gateway hand them over. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, byte for byte what the signature covers. */
  readonly body: string;
}

/**
 * Options of one delivery.
 *
 * @example
 * await signedDelivery(event, secret, { deliveryId: first.id }); // a redelivery
 */
export interface DeliveryOptions {
  /** `X-GitHub-Delivery`; a fresh GUID by default. Pass the same one to model a redelivery. */
  readonly deliveryId?: string;
  /** `X-GitHub-Hook-ID`. @default 1 */
  readonly hookId?: number;
  /** `X-GitHub-Hook-Installation-Target-ID` (the repository id for a repository webhook). @default 1 */
  readonly targetId?: number;
}

/**
 * Signs an event with a webhook secret and returns the delivery GitHub would send.
 *
 * @example
 * const [created] = github.repository("acme/infra").pushBranch("feature/login");
 * const delivery = await signedDelivery(created, "webhook secret");
 * await fetch(endpoint, { method: "POST", headers: delivery.headers, body: delivery.body });
 */
export async function signedDelivery(
  event: GitHubEvent,
  secret: string,
  options: DeliveryOptions = {},
): Promise<WebhookDelivery> {
  const body = JSON.stringify(event.payload);
  const id = options.deliveryId ?? randomUUID();
  return {
    id,
    event: event.name,
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/fake",
      "x-github-event": event.name,
      "x-github-delivery": id,
      "x-github-hook-id": String(options.hookId ?? 1),
      "x-github-hook-installation-target-id": String(options.targetId ?? 1),
      "x-github-hook-installation-target-type": "repository",
      "x-hub-signature-256": await sign(secret, body),
    },
  };
}
