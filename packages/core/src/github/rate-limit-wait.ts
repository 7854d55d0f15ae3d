/**
 * How long a GitHub rate-limit answer asks the caller to wait, as GitHub documents it ("Rate limits for the REST
 * API" and "Best practices for using the REST API", GitHub Docs; the GitHub double's FACTS.md cites both):
 * - a primary or secondary limit answers 403 or 429;
 * - with `retry-after`, wait that many seconds;
 * - with `x-ratelimit-remaining: 0`, wait until `x-ratelimit-reset` (UTC epoch seconds);
 * - otherwise a secondary limit (its message says so) asks for at least one minute.
 * A 403 with none of these is no rate limit but a refusal (a missing permission), which no wait fixes.
 */

/**
 * A rate-limit answer, as `rateLimitWait` reads it: the status, the headers in lower case and the message.
 *
 * @example
 * const answer: RateLimitAnswer = { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1767603600" }, message: "API rate limit exceeded for installation ID 1." };
 */
export interface RateLimitAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly message?: string;
}

/**
 * How long to wait, and why (for the log line).
 *
 * @example
 * const wait: RateLimitWait = { waitMs: 60_000, reason: "secondary rate limit, no retry-after: at least one minute" };
 */
export interface RateLimitWait {
  readonly waitMs: number;
  readonly reason: string;
}

/**
 * The least a secondary limit without `retry-after` asks for: "wait for at least one minute".
 *
 * @example
 * rateLimitWait({ status: 429, headers: {} }, Date.now())?.waitMs; // SECONDARY_LIMIT_WAIT_MS, 60000
 */
export const SECONDARY_LIMIT_WAIT_MS = 60_000;

/**
 * The wait a GitHub answer asks for, or `undefined` when it is no rate-limit answer. `now` is the caller's clock
 * (epoch milliseconds); a reset already past waits one second.
 *
 * @example
 * rateLimitWait({ status: 429, headers: { "retry-after": "30" } }, Date.now()); // { waitMs: 30000, reason: "retry-after: 30 s" }
 * rateLimitWait({ status: 403, headers: {}, message: "Resource not accessible by integration" }, Date.now()); // undefined
 */
export function rateLimitWait(answer: RateLimitAnswer, now: number): RateLimitWait | undefined {
  if (answer.status !== 403 && answer.status !== 429) return undefined;
  const retryAfter = Number(answer.headers["retry-after"]);
  if (answer.headers["retry-after"] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) {
    return { waitMs: Math.ceil(retryAfter * 1000), reason: `retry-after: ${retryAfter} s` };
  }
  if (answer.headers["x-ratelimit-remaining"] === "0") {
    const reset = Number(answer.headers["x-ratelimit-reset"]);
    const waitMs = Number.isFinite(reset) ? Math.max(reset * 1000 - now, 1000) : SECONDARY_LIMIT_WAIT_MS;
    return {
      waitMs,
      reason: `primary rate limit used up until x-ratelimit-reset ${answer.headers["x-ratelimit-reset"]}`,
    };
  }
  if (answer.status === 429 || /secondary rate limit/i.test(answer.message ?? "")) {
    return {
      waitMs: SECONDARY_LIMIT_WAIT_MS,
      reason: "secondary rate limit, no retry-after: at least one minute",
    };
  }
  return undefined;
}
