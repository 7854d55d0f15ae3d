/**
 * `X-Hub-Signature-256`: "the HMAC hex digest of the request body … generated using the SHA-256 hash function and the
 * secret as the HMAC key", always prefixed `sha256=`, to be compared in constant time, never with `==` (GitHub Docs,
 * "Validating webhook deliveries"). The tests check it against `@octokit/webhooks-methods`, GitHub's own
 * implementation, and the documentation's test vector.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Whether `signature` (the header's value) is the body's HMAC-SHA256 with `secret`. The comparison runs in constant
 * time over the 32 digest bytes; a header of any other shape is refused before any digest is made.
 *
 * @example
 * verifySignature("It's a Secret to Everybody", Buffer.from("Hello, World!"),
 *   "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"); // true
 */
export function verifySignature(secret: string, body: Buffer, signature: string | undefined): boolean {
  const match = SIGNATURE.exec(signature ?? "");
  if (match?.[1] === undefined || secret === "") return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], "hex"));
}
