/**
 * Per-operation request rates for the fake server: one token bucket per operation (`rate` tokens a second, up to
 * `burst`), a call without a token is answered with the service's throttling error. Tests and the bench pass the
 * rates they model; the server applies none unless given some.
 */

/** The steady rate and the burst of one operation. */
export interface RateLimit {
  /** Calls a second, on average. */
  readonly rate: number;
  /** Calls that may arrive at once after a quiet spell. */
  readonly burst: number;
}

/**
 * Token buckets keyed by operation.
 *
 * @example
 * const limits = new RateLimits({ ListTagsForResource: { rate: 10, burst: 10 } });
 * limits.take("ListTagsForResource"); // true until the bucket is empty
 */
export class RateLimits {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private limits: Readonly<Record<string, RateLimit>> = {},
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Replaces the rates (full buckets from now on). */
  set(limits: Readonly<Record<string, RateLimit>>): void {
    this.limits = limits;
    this.buckets.clear();
  }

  /** Takes a token for `operation`: `false` when it must be throttled; operations without a limit always pass. */
  take(operation: string): boolean {
    const limit = this.limits[operation];
    if (!limit) return true;
    const time = this.now();
    const bucket = this.buckets.get(operation) ?? { tokens: limit.burst, at: time };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((time - bucket.at) / 1000) * limit.rate);
    bucket.at = time;
    this.buckets.set(operation, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
