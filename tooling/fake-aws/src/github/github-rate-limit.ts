/**
 * GitHub's rate limits as the double models them ("Rate limits for the REST API" and "Best practices for using
 * the REST API", GitHub Docs):
 * - the primary limit: `x-ratelimit-limit`, `-remaining`, `-used`, `-reset` (UTC epoch seconds) and `-resource`
 *   on every answer; past it, 403 or 429 with `x-ratelimit-remaining: 0`, to be retried after `x-ratelimit-reset`;
 * - a conditional request answered 304 does not count against the primary limit;
 * - a secondary limit, switched on by a test: 403 or 429, a message saying a secondary rate limit was exceeded,
 *   and `retry-after` in seconds when the test gives one.
 */
import { GitHubError } from "./github-error";

/** Where GitHub's rate-limit answers point. */
export const RATE_LIMIT_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

/** A secondary rate limit in force. */
export interface SecondaryLimit {
  /** 403 or 429: GitHub answers either. */
  readonly status: 403 | 429;
  /** Seconds for `retry-after`; without it the caller must wait at least a minute. */
  readonly retryAfterSeconds?: number;
}

/**
 * The primary limit's window and an optional secondary limit; `now` is injectable for the reset time.
 *
 * @example
 * const limits = new GitHubRateLimit({ limit: 5000 });
 * limits.exhaust(); // the next request is answered 403 with x-ratelimit-remaining: 0
 */
export class GitHubRateLimit {
  limit: number;
  used = 0;
  /** The window's end, in UTC epoch seconds. */
  resetAt: number;
  /** The status of a primary-limit answer: GitHub documents 403 and 429. */
  exhaustedStatus: 403 | 429 = 403;
  secondary: SecondaryLimit | undefined;

  constructor(
    options: { limit?: number; resetAt?: number } = {},
    private readonly now: () => number = () => Date.now(),
  ) {
    this.limit = options.limit ?? 5000;
    this.resetAt = options.resetAt ?? Math.floor(this.now() / 1000) + 3600;
  }

  /** Requests left in the window. */
  get remaining(): number {
    return Math.max(this.limit - this.used, 0);
  }

  /** Uses up the window, so the next counted request is refused. */
  exhaust(): void {
    this.used = this.limit;
  }

  /** Starts a new window (what the reset time brings). */
  reset(): void {
    this.used = 0;
    this.secondary = undefined;
    this.resetAt = Math.floor(this.now() / 1000) + 3600;
  }

  /** The `x-ratelimit-*` headers GitHub sends with every answer. */
  headers(): Record<string, string> {
    return {
      "x-ratelimit-limit": String(this.limit),
      "x-ratelimit-remaining": String(this.remaining),
      "x-ratelimit-used": String(this.used),
      "x-ratelimit-reset": String(this.resetAt),
      "x-ratelimit-resource": "core",
    };
  }

  /**
   * Throws the answer GitHub gives when a limit is in force; otherwise returns and the request may proceed.
   * `who` completes the primary limit's message as GitHub words it: "installation ID 42", "user ID 1".
   */
  check(who: string): void {
    if (this.secondary) {
      const { status, retryAfterSeconds } = this.secondary;
      throw new GitHubError(
        status,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        RATE_LIMIT_DOCS,
        undefined,
        {
          ...this.headers(),
          ...(retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) }),
        },
      );
    }
    if (this.remaining === 0) {
      const message = `API rate limit exceeded for ${who}.`;
      throw new GitHubError(this.exhaustedStatus, message, RATE_LIMIT_DOCS, undefined, this.headers());
    }
  }

  /** Counts one request against the primary limit (never a 304). */
  count(): void {
    this.used += 1;
  }
}
