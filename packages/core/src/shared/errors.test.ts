import { describe, expect, it } from "vitest";
import { ConfigError, describeValue, EventError, foundInstead, PreviewError } from "./errors.js";

describe("errors", () => {
  it("given a ConfigError, then it names the path, value, problem and fix in its message", () => {
    const error = new ConfigError(
      "environments.dev.account",
      "123",
      "is not an AWS account id",
      "Use the 12 digits.",
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ConfigError");
    expect(error.message).toBe(
      'Invalid Tributary config at environments.dev.account: "123" is not an AWS account id. Fix: Use the 12 digits.',
    );
    expect([error.path, error.value, error.problem, error.fix]).toEqual([
      "environments.dev.account",
      "123",
      "is not an AWS account id",
      "Use the 12 digits.",
    ]);
  });

  it("given several event problems, then the EventError lists each with its fix and keeps the first as path", () => {
    const error = EventError.of([
      { path: "id", value: undefined, reason: "is missing", fix: "Give the id." },
      { path: "detail", value: [], reason: "is [] (an array), not an object", fix: "Give the detail." },
    ]);
    expect(error.message).toBe(
      "Malformed event, 2 problems:\n  id is missing. Fix: Give the id.\n  detail is [] (an array), not an object. Fix: Give the detail.",
    );
    expect([error.path, error.reason, error.fix, error.problems.length]).toEqual([
      "id",
      "is missing",
      "Give the id.",
      2,
    ]);
  });

  it("given an EventError at the root, then the message calls it the event", () => {
    const error = new EventError("", 42, "is 42 (a number), not an object");
    expect(error.name).toBe("EventError");
    expect(error.message).toBe("Malformed event: the event is 42 (a number), not an object");
  });

  it.each<[string, string, unknown]>([
    ["a missing value", "is missing", undefined],
    ["an empty string", "is empty", ""],
    ["another string", 'is "zz", not a git commit id', "zz"],
    ["null", "is null, not a git commit id", null],
    ["a number", "is 7 (a number), not a git commit id", 7],
    ["a boolean", "is true (a boolean), not a git commit id", true],
    ["an array", 'is ["a"] (an array), not a git commit id', ["a"]],
    ["an object", 'is {"a":1} (an object), not a git commit id', { a: 1 }],
    ["a bigint", "is 1n (a bigint), not a git commit id", 1n],
  ])("given %s where a git commit id was expected, then foundInstead says %j", (_name, expected, value) => {
    expect(foundInstead(value, "a git commit id")).toBe(expected);
  });

  it("given a PreviewError, then it names the path, value, problem and fix, and (root) for the whole input", () => {
    const error = new PreviewError(
      "stacks.0.pages.0.ChangeSetId",
      null,
      "must be a change set ARN",
      "Pass the page.",
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("PreviewError");
    expect(error.message).toBe(
      "Invalid change-set preview input at stacks.0.pages.0.ChangeSetId: null must be a change set ARN. Fix: Pass the page.",
    );
    expect([error.path, error.value, error.problem, error.fix]).toEqual([
      "stacks.0.pages.0.ChangeSetId",
      null,
      "must be a change set ARN",
      "Pass the page.",
    ]);
    expect(new PreviewError("", 1, "is not an array", "Pass an array.").message).toContain(
      "input at (root): 1",
    );
  });

  it.each<[string, unknown, string]>([
    ["undefined", undefined, "undefined"],
    ["a bigint", 10n, "10n"],
    ["a symbol", Symbol("x"), "Symbol(x)"],
    ["a function", () => 1, "a function"],
    ["a long string", "x".repeat(300), `"${"x".repeat(199)}…`],
    [
      "a cyclic object",
      (() => {
        const a: Record<string, unknown> = {};
        a.a = a;
        return a;
      })(),
      "[object Object]",
    ],
    [
      "an object with a throwing toJSON and tag",
      {
        toJSON() {
          throw new Error("x");
        },
        get [Symbol.toStringTag]() {
          throw new Error("y");
        },
      },
      "an unreadable value",
    ],
  ])("given %s, then describeValue renders it without throwing", (_name, value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});
