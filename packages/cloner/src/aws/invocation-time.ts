/** What is left of the current invocation: how long a rate-limit wait may last before the Lambda's timeout. */
import type { Context } from "aws-lambda";

/**
 * Time kept back from every wait for the work that follows it (the calls after a listing, the answer).
 *
 * @example
 * time.remainingMs(); // the invocation's remaining time minus INVOCATION_RESERVE_MS
 */
export const INVOCATION_RESERVE_MS = 30_000;

/**
 * The deadline of the invocation in progress. A Lambda instance runs one invocation at a time, so the entry point
 * sets it as each one begins and the clients created once per instance read it.
 *
 * @example
 * const time = new InvocationTime();
 * export const handler = (event, context) => { time.begin(context); return inner(event, context); };
 */
export class InvocationTime {
  private deadline = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts an invocation: its deadline is now plus what Lambda says remains. */
  begin(context: Pick<Context, "getRemainingTimeInMillis">): void {
    this.deadline = this.now() + context.getRemainingTimeInMillis();
  }

  /** Milliseconds left before the deadline, less `reserveMs`; 0 outside an invocation. */
  remainingMs(reserveMs: number = INVOCATION_RESERVE_MS): number {
    return Math.max(this.deadline - this.now() - reserveMs, 0);
  }
}
