/** Collects the problems of one malformed event, so that one `EventError` names every bad field with its fix. */

import { EventError, type EventProblem } from "../shared/errors.js";

/** An object of the event, read field by field. */
export type Plain = Record<string, unknown>;

/**
 * Collects every problem of one event, so that one `EventError` reports them all.
 *
 * @example
 * const problems = new Problems((path) => `Give ${path}`, "GitHub's documentation shows each payload");
 * const ref = problems.text(payload, "ref", "payload");
 * problems.check(); // throws EventError with every problem found
 */
export class Problems {
  private readonly found: EventProblem[] = [];

  /**
   * `fixFor(path)`: the fix of a field that is missing or has the wrong type; `examples`: where valid events are
   * shown, the end of the fix of a value outside its allowed set.
   */
  constructor(
    private readonly fixFor: (path: string) => string,
    private readonly examples: string,
  ) {}

  add(path: string, value: unknown, reason: string, fix: string = this.fixFor(path)): void {
    this.found.push({ path, value, reason, fix });
  }

  /** The non-empty string at `parent[key]`, or `undefined` after recording the problem. */
  text(parent: Plain, key: string, path: string): string | undefined {
    const value = parent[key];
    const at = path ? `${path}.${key}` : key;
    if (typeof value === "string" && value.length > 0) return value;
    this.add(at, value, "must be a non-empty string");
    return undefined;
  }

  oneOf<T extends string>(parent: Plain, key: string, path: string, allowed: readonly T[]): T | undefined {
    const value = this.text(parent, key, path);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.add(
      `${path}.${key}`,
      value,
      `must be one of ${allowed.join(", ")}`,
      `Use one of ${allowed.map((option) => JSON.stringify(option)).join(", ")}; ${this.examples}.`,
    );
    return undefined;
  }

  /** Throws one `EventError` with every problem found so far, if any. */
  check(): void {
    const [first, ...more] = this.found;
    if (first !== undefined) throw EventError.of([first, ...more]);
  }

  /** Throws one `EventError` with every problem found (at least one was added). */
  fail(): never {
    this.check();
    throw new EventError("", undefined, "is malformed");
  }
}
