import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rateLimitWait, SECONDARY_LIMIT_WAIT_MS } from "./rate-limit-wait.js";

const NOW = Date.parse("2026-01-05T09:00:00Z");

describe("rateLimitWait", () => {
  it("given retry-after, then the wait is that many seconds", () => {
    expect(rateLimitWait({ status: 429, headers: { "retry-after": "30" } }, NOW)).toEqual({
      waitMs: 30_000,
      reason: "retry-after: 30 s",
    });
  });

  it("given the primary limit used up, then the wait lasts until x-ratelimit-reset", () => {
    const reset = String(NOW / 1000 + 120);
    const wait = rateLimitWait(
      { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset } },
      NOW,
    );
    expect(wait?.waitMs).toBe(120_000);
  });

  it("given a reset already past, then the wait is one second", () => {
    const wait = rateLimitWait(
      { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 - 5) } },
      NOW,
    );
    expect(wait?.waitMs).toBe(1000);
  });

  it("given a secondary limit without retry-after, then the wait is at least one minute", () => {
    const message =
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
    expect(rateLimitWait({ status: 403, headers: {}, message }, NOW)?.waitMs).toBe(SECONDARY_LIMIT_WAIT_MS);
    expect(rateLimitWait({ status: 429, headers: {} }, NOW)?.waitMs).toBe(SECONDARY_LIMIT_WAIT_MS);
  });

  it("given a 403 that refuses a permission, then it is no rate limit", () => {
    expect(
      rateLimitWait(
        {
          status: 403,
          headers: { "x-ratelimit-remaining": "4999" },
          message: "Resource not accessible by integration",
        },
        NOW,
      ),
    ).toBeUndefined();
  });

  it("given any answer, then the wait is undefined or a whole non-negative number of milliseconds", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        fc.dictionary(
          fc.constantFrom("retry-after", "x-ratelimit-remaining", "x-ratelimit-reset"),
          fc.string(),
        ),
        fc.option(fc.string(), { nil: undefined }),
        (status, headers, message) => {
          const wait = rateLimitWait({ status, headers, ...(message === undefined ? {} : { message }) }, NOW);
          if (status !== 403 && status !== 429) expect(wait).toBeUndefined();
          if (wait !== undefined) expect(Number.isInteger(wait.waitMs) && wait.waitMs >= 0).toBe(true);
        },
      ),
    );
  });
});
