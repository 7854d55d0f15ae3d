/** The error classes core throws: a bad configuration, a malformed event, a declaration that is not plain JSON. */

/**
 * Renders any value for an error message without ever throwing (cycles, BigInt and symbols included).
 *
 * @example
 * describeValue(10n); // "10n"
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return "a function";
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return "an unreadable value";
    }
  }
}

/** "a number", "an array", … for a value that is not a string (strings are shown quoted, which says enough). */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}

/**
 * What was found where `expected` was: `is missing` (undefined), `is empty` (`""`), else
 * `is <value> (<its type>), not <expected>` (the type left out for strings and null). The reasons of `EventError`
 * read so, after the field's path: `detail.referenceName is missing`, `detail.commitId is "zz", not a git commit id`.
 *
 * @example
 * foundInstead(undefined, "a string"); // "is missing"
 * foundInstead(7, "a string");         // "is 7 (a number), not a string"
 */
export function foundInstead(value: unknown, expected: string): string {
  if (value === undefined) return "is missing";
  if (value === "") return "is empty";
  const shown = describeValue(value);
  return typeof value === "string" || value === null
    ? `is ${shown}, not ${expected}`
    : `is ${shown} (${kindOf(value)}), not ${expected}`;
}

/**
 * A configuration value that Tributary cannot use. Names the field, the bad value and the fix.
 *
 * @example
 * try {
 *   defineConfig({ project: "Acme", repository: "infra" });
 * } catch (error) {
 *   if (error instanceof ConfigError) console.log(error.path, error.fix);
 *   // project Use 1 to 24 lower-case letters and digits, starting with a letter, e.g. "acme" (no dashes: …).
 * }
 */
export class ConfigError extends Error {
  /** Dotted path of the field (`routes.branches.release.environment`); `""` for the whole input. */
  readonly path: string;
  /** The bad value, as given. */
  readonly value: unknown;
  /** What the problem is, in a few words (`must be a string`). */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;

  constructor(path: string, value: unknown, problem: string, fix: string) {
    super(`Invalid Tributary config at ${path || "(root)"}: ${describeValue(value)} ${problem}. Fix: ${fix}`);
    this.name = "ConfigError";
    this.path = path;
    this.value = value;
    this.problem = problem;
    this.fix = fix;
  }
}

/**
 * One problem of a malformed event: where, the value, what was found there instead of what, and how to fix it.
 *
 * @example
 * const problem: EventProblem = { path: "detail.commitId", value: undefined, reason: "is missing", fix: "…" };
 */
export interface EventProblem {
  /** Dotted path of the field in the event (`detail.referenceName`); `""` for the whole event. */
  readonly path: string;
  /** The bad value, as received. */
  readonly value: unknown;
  /** What was found, worded to follow the path and naming the value (`is missing`, `is 7 (a number), not a string`). */
  readonly reason: string;
  /** How to fix it; `""` when no fix is known. */
  readonly fix: string;
}

function describeProblem(problem: EventProblem): string {
  const fix = problem.fix === "" ? "" : `. Fix: ${problem.fix}`;
  return `${problem.path || "the event"} ${problem.reason}${fix}`;
}

/**
 * An EventBridge event that is not what its source promises (missing or ill-typed fields). It carries every
 * problem found (`problems`), each with its fix; `path`, `value`, `reason` and `fix` are those of the first.
 * Valid events that ask for nothing are not errors: `parseEvent` returns them as `ignored`.
 *
 * @example
 * try {
 *   parseEvent({ source: "aws.codecommit" });
 * } catch (error) {
 *   if (error instanceof EventError) console.log(error.problems.map((problem) => problem.path));
 *   // ["id", "time", "detail-type"]
 * }
 */
export class EventError extends Error {
  /** Dotted path of the (first) bad field in the event (`detail.referenceName`); `""` for the whole event. */
  readonly path: string;
  /** The (first) bad value, as received. */
  readonly value: unknown;
  /** What was found at `path` (the first problem), worded to follow it: `is missing`, `is "zz", not a git commit id`. */
  readonly reason: string;
  /** How to fix the first problem; `""` when no fix is known. */
  readonly fix: string;
  /** Every problem found, in the order of the event's fields; at least one. */
  readonly problems: readonly EventProblem[];

  /**
   * One problem (`new EventError(path, value, reason, fix?)`), or several (`EventError.of(problems)`).
   */
  constructor(path: string, value: unknown, reason: string, fix = "", more: readonly EventProblem[] = []) {
    const problems = Object.freeze([{ path, value, reason, fix }, ...more]);
    super(
      problems.length === 1
        ? `Malformed event: ${describeProblem({ path, value, reason, fix })}`
        : `Malformed event, ${problems.length} problems:\n${problems.map((problem) => `  ${describeProblem(problem)}`).join("\n")}`,
    );
    this.name = "EventError";
    this.path = path;
    this.value = value;
    this.reason = reason;
    this.fix = fix;
    this.problems = problems;
  }

  /**
   * The error for every problem of one event (at least one).
   *
   * @example
   * EventError.of([{ path: "id", value: undefined, reason: "is missing", fix: "Give the event's id." }]);
   */
  static of(problems: readonly [EventProblem, ...EventProblem[]]): EventError {
    const [first, ...more] = problems;
    return new EventError(first.path, first.value, first.reason, first.fix, more);
  }
}

/**
 * A pipeline declaration that is not plain JSON (a BigInt, a function, a `Date`, a non-finite number, a cycle), so
 * `templateVersion` cannot give it a version. Names where the value is, the value and the fix.
 *
 * @example
 * try {
 *   templateVersion({ stages: [{ runOrder: 1n }] });
 * } catch (error) {
 *   if (error instanceof DeclarationError) console.log(error.path, error.problem);
 *   // stages.0.runOrder is a bigint, not JSON
 * }
 */
export class DeclarationError extends Error {
  /** Dotted path of the value in the declaration (`stages.0.actions.1.runOrder`); `""` for the whole declaration. */
  readonly path: string;
  /** The bad value, as given. */
  readonly value: unknown;
  /** What the problem is, in a few words (`is a bigint, not JSON`). */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;

  constructor(path: string, value: unknown, problem: string, fix: string) {
    super(
      `Invalid pipeline declaration at ${path || "(root)"}: ${describeValue(value)} ${problem}. Fix: ${fix}`,
    );
    this.name = "DeclarationError";
    this.path = path;
    this.value = value;
    this.problem = problem;
    this.fix = fix;
  }
}

/**
 * `DescribeChangeSet` pages that `summarizeChangeSets` cannot turn into a preview: a field of the wrong shape, a page
 * given twice, a nested change set without its parent, pages of two root change sets for one stack, a change set
 * still being created. Names where the value is, the value and the fix.
 *
 * @example
 * try {
 *   summarizeChangeSets([{ stack: "acme-dev", environment: "dev", pages: [{ Status: "CREATE_COMPLETE" }] }]);
 * } catch (error) {
 *   if (error instanceof PreviewError) console.log(error.path, error.problem);
 *   // stacks.0.pages.0.ChangeSetId must be a change set ARN
 * }
 */
export class PreviewError extends Error {
  /** Dotted path of the value in the input (`stacks.0.pages.2.Changes.5.ResourceChange.Action`); `""` for all of it. */
  readonly path: string;
  /** The bad value, as given. */
  readonly value: unknown;
  /** What the problem is, in a few words (`must be a change set ARN`). */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;

  constructor(path: string, value: unknown, problem: string, fix: string) {
    super(
      `Invalid change-set preview input at ${path || "(root)"}: ${describeValue(value)} ${problem}. Fix: ${fix}`,
    );
    this.name = "PreviewError";
    this.path = path;
    this.value = value;
    this.problem = problem;
    this.fix = fix;
  }
}
