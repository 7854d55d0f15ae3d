/**
 * The idle clock of an ephemeral clone: when its stack is torn down for want of runs (`idleDays`), when people are
 * told a day before, and how `tributary keep` moves it. Everything is read from the clone's tags (and its creation
 * time), which a reconcile already lists in bulk.
 */

import type { Route } from "../branches/route.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import type { PrefixedBranchKind, TributaryConfig } from "../shared/types.js";

/** One day, in milliseconds. */
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long before the deadline the notice goes out: one day.
 *
 * @example
 * IDLE_NOTICE_DAYS; // 1
 */
export const IDLE_NOTICE_DAYS = 1;

/**
 * The `idleDays` of a route's config (`routes.branches.<kind>.idleDays`, `routes.pullRequests.idleDays`), or
 * `undefined` when the route has none or deploys no stack of its own.
 *
 * @example
 * routeIdleDays(defineConfig({ project: "acme", repository: "infra", routes: { pullRequests: { idleDays: 7 } } }), prRoute); // 7
 */
export function routeIdleDays(config: TributaryConfig, route: Route): number | undefined {
  if (!route.clone || !route.ephemeral) return undefined;
  if (route.source.type === "pullRequest") return config.routes.pullRequests.idleDays;
  return config.routes.branches[route.source.kind as PrefixedBranchKind]?.idleDays;
}

/**
 * An ISO 8601 UTC timestamp without milliseconds (what the tags hold).
 *
 * @example
 * isoTime(Date.parse("2026-11-27T10:00:00.123Z")); // "2026-11-27T10:00:00Z"
 */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const parse = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
};

/**
 * When a clone's stack becomes idle and when its notice is due.
 *
 * @example
 * const clock: IdleClock = { lastActivity: "2026-11-20T10:00:00Z", deadline: "2026-11-27T10:00:00Z", noticeAt: "2026-11-26T10:00:00Z" };
 */
export interface IdleClock {
  /** The latest of the clone's last run (`tributary:last-run`) and its creation. */
  readonly lastActivity: string;
  /** `lastActivity + idleDays`, or `tributary:keep-until` when that is later. */
  readonly deadline: string;
  /** A day before the deadline. */
  readonly noticeAt: string;
}

/**
 * The idle clock of a clone from its tags and creation time; `undefined` when neither says when it was last active.
 *
 * @example
 * idleClock(7, { "tributary:last-run": "2026-11-20T10:00:00Z" }).deadline; // "2026-11-27T10:00:00Z"
 */
export function idleClock(
  idleDays: number,
  tags: Readonly<Record<string, string>>,
  created?: string,
): IdleClock | undefined {
  const activity = [parse(tags[MANAGED_TAGS.lastRun]), parse(created)].filter(
    (value): value is number => value !== undefined,
  );
  if (activity.length === 0) return undefined;
  const lastActivity = Math.max(...activity);
  const deadline = Math.max(lastActivity + idleDays * DAY_MS, parse(tags[MANAGED_TAGS.keepUntil]) ?? 0);
  return {
    lastActivity: isoTime(lastActivity),
    deadline: isoTime(deadline),
    noticeAt: isoTime(deadline - IDLE_NOTICE_DAYS * DAY_MS),
  };
}

/**
 * What an idle clock asks for at `now`: nothing, the notice (once per deadline: `tributary:idle-notice` remembers the
 * deadline announced), or the teardown, which never comes before its notice (a notice that went out late moves the
 * teardown to the next reconcile).
 *
 * @example
 * idleDue(clock, {}, "2026-11-26T12:00:00Z"); // "notice"
 * idleDue(clock, { "tributary:idle-notice": clock.deadline }, "2026-11-27T12:00:00Z"); // "teardown"
 */
export function idleDue(
  clock: IdleClock,
  tags: Readonly<Record<string, string>>,
  now: string,
): "none" | "notice" | "teardown" {
  const at = parse(now);
  if (at === undefined || at < (parse(clock.noticeAt) ?? Number.POSITIVE_INFINITY)) return "none";
  const noticed = tags[MANAGED_TAGS.idleNotice] === clock.deadline;
  if (!noticed) return "notice";
  return at >= (parse(clock.deadline) ?? Number.POSITIVE_INFINITY) ? "teardown" : "none";
}

/**
 * The `tributary:keep-until` value `tributary keep --days <days>` writes at `now`: that many days from now.
 *
 * @example
 * keepUntil("2026-11-27T10:00:00Z", 14); // "2026-12-11T10:00:00Z"
 */
export function keepUntil(now: string, days: number): string {
  const at = parse(now);
  if (at === undefined)
    throw new RangeError(`${JSON.stringify(now)} is not a time. Fix: pass an ISO 8601 time.`);
  return isoTime(at + days * DAY_MS);
}
