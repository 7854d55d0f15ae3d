/** Helpers for reading untyped JSON request bodies without `any`. */

/** A JSON object as the fake server receives it. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as an array of objects, or an empty array when it is missing or not an array. */
export function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** A deep copy of plain JSON data (what goes in comes out unchanged, with no shared references). */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
