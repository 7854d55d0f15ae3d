/** Collects the problems of one malformed event, so that one `EventError` names every bad field with its fix. */

import { GIT_OBJECT_ID_FORM, isGitObjectId } from "../names/git-object-id.js";
import { EventError, type EventProblem, foundInstead } from "../shared/errors.js";

/** An object of the event, read field by field. */
export type Plain = Record<string, unknown>;

/**
 * Collects every problem of one event, so that one `EventError` reports them all.
 *
 * @example
 * const problems = new Problems((path) => `Give ${path}`, "GitHub's documentation shows each payload", "Pass the delivery as GitHub sends it.");
 * const ref = problems.text(payload, "ref", "payload");
 * problems.check(); // throws EventError with every problem found
 */
export class Problems {
  private readonly found: EventProblem[] = [];

  /**
   * `fixFor(path)`: the fix of a field that is missing or has the wrong type; `examples`: where valid events are
   * shown, the end of the fix of a value outside its allowed set; `malformedFix`: the fix of an event that is
   * malformed as a whole.
   */
  constructor(
    private readonly fixFor: (path: string) => string,
    private readonly examples: string,
    private readonly malformedFix = "",
  ) {}

  add(path: string, value: unknown, reason: string, fix: string = this.fixFor(path)): void {
    this.found.push({ path, value, reason, fix });
  }

  /** The non-empty string at `parent[key]`, or `undefined` after recording the problem. */
  text(parent: Plain, key: string, path: string): string | undefined {
    const value = parent[key];
    const at = path ? `${path}.${key}` : key;
    if (typeof value === "string" && value.length > 0) return value;
    this.add(at, value, foundInstead(value, "a string"));
    return undefined;
  }

  /** The git commit id at `parent[key]` (`isGitObjectId`), or `undefined` after recording the problem. */
  commit(parent: Plain, key: string, path: string): string | undefined {
    const value = this.text(parent, key, path);
    if (value === undefined || isGitObjectId(value)) return value;
    this.add(`${path}.${key}`, value, foundInstead(value, `a git commit id (${GIT_OBJECT_ID_FORM})`));
    return undefined;
  }

  oneOf<T extends string>(parent: Plain, key: string, path: string, allowed: readonly T[]): T | undefined {
    const value = this.text(parent, key, path);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.add(
      `${path}.${key}`,
      value,
      foundInstead(value, `one of ${allowed.join(", ")}`),
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
    throw new EventError("", undefined, "is malformed", this.malformedFix);
  }
}
