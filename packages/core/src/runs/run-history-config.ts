/** The config's `runHistory` section: how long the run history keeps a run. Validated here, apart from the rest. */

import { checkKeys } from "../config/config-fields.js";
import { ConfigError } from "../shared/errors.js";
import { isRecord } from "../shared/plain-object.js";

/**
 * `runHistory` as the user writes it.
 *
 * @example
 * const runHistory: RunHistoryInput = { ttlDays: 730 }; // two years of DORA trends
 */
export interface RunHistoryInput {
  /**
   * Days a run stays in the run history (the table's TTL from the run's start); DORA's dashboard reads a year.
   *
   * @default 400
   */
  ttlDays?: number;
}

/**
 * `runHistory` after validation.
 *
 * @example
 * defineConfig({ project: "acme", repository: "infra" }).runHistory; // { ttlDays: 400 }
 */
export interface RunHistoryConfig {
  readonly ttlDays: number;
}

/**
 * The default `runHistory.ttlDays`: more than a year, so a year of DORA trends survives.
 *
 * @example
 * DEFAULT_RUN_HISTORY_TTL_DAYS; // 400
 */
export const DEFAULT_RUN_HISTORY_TTL_DAYS = 400;

/** The longest TTL accepted: ten years. */
const MAX_TTL_DAYS = 3650;

/**
 * Validates `runHistory` (absent means the defaults). Throws `ConfigError` naming the field, the value and the fix.
 *
 * @example
 * validateRunHistory({ ttlDays: 30 }); // { ttlDays: 30 }
 * validateRunHistory(undefined); // { ttlDays: 400 }
 */
export function validateRunHistory(input: unknown): RunHistoryConfig {
  if (input === undefined) return { ttlDays: DEFAULT_RUN_HISTORY_TTL_DAYS };
  if (!isRecord(input)) {
    throw new ConfigError("runHistory", input, "is not an object", "Give runHistory as { ttlDays: 400 }.");
  }
  checkKeys(input, "runHistory", ["ttlDays"]);
  const ttlDays = input.ttlDays ?? DEFAULT_RUN_HISTORY_TTL_DAYS;
  if (typeof ttlDays !== "number" || !Number.isInteger(ttlDays) || ttlDays < 1 || ttlDays > MAX_TTL_DAYS) {
    throw new ConfigError(
      "runHistory.ttlDays",
      ttlDays,
      `is not a whole number of days from 1 to ${MAX_TTL_DAYS}`,
      `Give the days a run is kept, e.g. ${DEFAULT_RUN_HISTORY_TTL_DAYS} (DORA's dashboard reads a year).`,
    );
  }
  return { ttlDays };
}
