/** Reads the fields of a config input, each failure a `ConfigError` that names the field, the value and the fix. */

import { ConfigError } from "../shared/errors.js";
import { isPlainObject, optionalBoolean, optionalString, rejectUnknownKeys } from "../shared/plain-object.js";

/** A config object read from the input. */
export type Plain = Record<string, unknown>;

/** `path.key`, or `key` at the root. */
export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Own enumerable string keys, read safely (no getters run twice, no symbols). */
export function readObject(value: unknown, path: string, what: string): Plain {
  if (!isPlainObject(value)) {
    throw new ConfigError(path, value, "is not an object", `Give ${what} as a plain object.`);
  }
  return value;
}

/** Throws for the first key of `object` that is not `allowed`. */
export function checkKeys(object: Plain, path: string, allowed: readonly string[]): void {
  rejectUnknownKeys(object, allowed, (key, value) => {
    throw new ConfigError(
      join(path, key),
      value,
      "is not a known setting",
      `Remove "${key}"; the settings here are: ${allowed.join(", ")}.`,
    );
  });
}

/** `object[key]` when it is a string, `undefined` when absent. */
export function stringSetting(object: Plain, key: string, path: string, fix: string): string | undefined {
  return optionalString(object[key], (value) => {
    throw new ConfigError(join(path, key), value, "is not a string", fix);
  });
}

/** `object[key]` when it is a boolean, `undefined` when absent. */
export function booleanSetting(object: Plain, key: string, path: string): boolean | undefined {
  return optionalBoolean(object[key], (value) => {
    throw new ConfigError(join(path, key), value, "is not a boolean", "Use true or false.");
  });
}

/** A whole number of at least `minimum`, or `fallback` when absent. */
export function wholeNumber(value: unknown, path: string, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < minimum) {
    throw new ConfigError(
      path,
      value,
      `is not a whole number of at least ${minimum}`,
      `Give a whole number such as ${fallback}.`,
    );
  }
  return value;
}

/** Freezes `value` and everything it holds. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Plain)[key]);
  }
  return value;
}
