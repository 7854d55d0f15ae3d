/**
 * A reconcile that does not fit one Lambda invocation asks for the rest with an event of its own (EventBridge
 * PutEvents on the default bus, which a rule sends back to the cloner with the same retries and dead-letter queue as
 * the schedule). The event carries no checkpoint: reconcile plans are idempotent, so the next invocation lists the
 * account again and plans exactly what is still missing.
 */

import { EventError } from "../shared/errors.js";
import { isRecord } from "../shared/plain-object.js";
import type { ReconcileEvent } from "./tributary-event.js";

/**
 * The source and detail-type of a continuation event (what the cloner puts and its rule matches).
 *
 * @example
 * { source: [RECONCILE_CONTINUATION.source], "detail-type": [RECONCILE_CONTINUATION.detailType] } // the rule's pattern
 */
export const RECONCILE_CONTINUATION = {
  source: "tributary.cloner",
  detailType: "Tributary Reconcile Continuation",
} as const;

/**
 * The most rounds one scheduled reconcile may take (a bound on a chain that never ends; the next schedule starts over).
 *
 * @example
 * MAX_RECONCILE_ROUNDS; // 50
 */
export const MAX_RECONCILE_ROUNDS = 50;

/**
 * The detail of a continuation event.
 *
 * @example
 * const detail: ReconcileContinuation = { round: 2, origin: "b7c8…" };
 */
export interface ReconcileContinuation {
  /** 2 for the first continuation of a scheduled reconcile (the scheduled one is round 1). */
  readonly round: number;
  /** The id of the scheduled event that started the chain. */
  readonly origin: string;
}

/**
 * The detail of the event that continues `event`, or `undefined` when the chain has had `MAX_RECONCILE_ROUNDS`.
 *
 * @example
 * nextContinuation({ type: "reconcile", id: "ev-1", time: "…" }); // { round: 2, origin: "ev-1" }
 */
export function nextContinuation(event: ReconcileEvent): ReconcileContinuation | undefined {
  const round = (event.continuation?.round ?? 1) + 1;
  if (round > MAX_RECONCILE_ROUNDS) return undefined;
  return { round, origin: event.continuation?.origin ?? event.id };
}

/**
 * Reads a continuation event's detail; throws `EventError` naming the field and the fix.
 *
 * @example
 * parseContinuation({ id: "e-2", time: "…" }, { round: 2, origin: "e-1" }); // { type: "reconcile", …, continuation: { round: 2, origin: "e-1" } }
 */
export function parseContinuation(base: { id: string; time: string }, detail: unknown): ReconcileEvent {
  const example = '{ round: 2, origin: "<id of the scheduled event>" }';
  if (!isRecord(detail))
    throw new EventError(
      "detail",
      detail,
      "must be an object",
      `Give the continuation's detail, e.g. ${example}.`,
    );
  const { round, origin } = detail;
  if (
    typeof round !== "number" ||
    !Number.isSafeInteger(round) ||
    round < 2 ||
    round > MAX_RECONCILE_ROUNDS
  ) {
    throw new EventError(
      "detail.round",
      round,
      `must be a whole number from 2 to ${MAX_RECONCILE_ROUNDS}`,
      `Give the round of the continuation, e.g. ${example}.`,
    );
  }
  if (typeof origin !== "string" || origin.length === 0) {
    throw new EventError(
      "detail.origin",
      origin,
      "must be a non-empty string",
      `Give the id of the scheduled event the chain started from, e.g. ${example}.`,
    );
  }
  return { ...base, type: "reconcile", continuation: { round, origin } };
}
