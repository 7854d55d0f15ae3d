/**
 * The checks of untyped input (a config file, parsed JSON, an EventBridge event) that every parser of Tributary
 * shares. Each takes the caller's `reject`, which throws the caller's own error with its own path, message and fix.
 */

/**
 * Whether `value` is an object that is neither `null` nor an array (what JSON calls an object, and any other object).
 *
 * @example
 * isRecord({ stack: "acme-dev" }); // true
 * isRecord(["acme-dev"]);          // false
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether `value` is a plain object: a record whose prototype is `Object.prototype` or `null` (an object literal or
 * parsed JSON), not an instance of a class such as `Date` or `Map`.
 *
 * @example
 * isPlainObject({ project: "acme" }); // true
 * isPlainObject(new Date());          // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Rejects the first own key of `object` that is not in `known`: calls `reject(key, value)`, which throws.
 *
 * @example
 * rejectUnknownKeys({ projet: "x" }, ["project", "repository"], (key, value) => {
 *   throw new ConfigError(key, value, "is not a known setting", "Remove it.");
 * }); // throws at "projet"
 */
export function rejectUnknownKeys(
  object: Readonly<Record<string, unknown>>,
  known: readonly string[],
  reject: (key: string, value: unknown) => never,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) reject(key, object[key]);
  }
}

/**
 * `value` when it is a string; `undefined` when it is absent (`undefined`, and `null` too with `nullIsAbsent`, as in
 * AWS API output); anything else goes to `reject`, which throws.
 *
 * @example
 * optionalString(record.stage, (bad) => {
 *   throw new EventError("stage", bad, "must be a string when present");
 * }, { nullIsAbsent: true }); // "Deploy", or undefined
 */
export function optionalString(
  value: unknown,
  reject: (value: unknown) => never,
  options: { readonly nullIsAbsent?: boolean } = {},
): string | undefined {
  if (value === undefined || (value === null && options.nullIsAbsent === true)) return undefined;
  if (typeof value !== "string") reject(value);
  return value;
}

/**
 * `value` when it is a boolean, `undefined` when it is absent; anything else goes to `reject`, which throws.
 *
 * @example
 * optionalBoolean(settings.retainOnDelete, (bad) => {
 *   throw new ConfigError("retainOnDelete", bad, "is not a boolean", "Use true or false.");
 * }) ?? true;
 */
export function optionalBoolean(value: unknown, reject: (value: unknown) => never): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") reject(value);
  return value;
}
