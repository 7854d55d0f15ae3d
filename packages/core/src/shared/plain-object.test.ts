import { describe, expect, it } from "vitest";
import {
  isPlainObject,
  isRecord,
  optionalBoolean,
  optionalString,
  rejectUnknownKeys,
} from "./plain-object.js";

/** A `reject` that throws what it was given, so a test can read it. */
function rejecting(value: unknown): never {
  throw { rejected: value };
}

function rejectionOf(action: () => unknown): unknown {
  try {
    action();
  } catch (thrown) {
    return (thrown as { rejected: unknown }).rejected;
  }
  throw new Error("nothing was rejected");
}

describe("isRecord and isPlainObject", () => {
  it.each<[string, unknown, boolean, boolean]>([
    ["an object literal", { a: 1 }, true, true],
    ["parsed JSON", JSON.parse('{"a":[1]}'), true, true],
    ["an object without a prototype", Object.create(null), true, true],
    ["a Date", new Date(0), true, false],
    ["a Map", new Map(), true, false],
    ["an array", [1], false, false],
    ["null", null, false, false],
    ["a string", "{}", false, false],
    ["undefined", undefined, false, false],
  ])("given %s, then isRecord is %s and isPlainObject is %s", (_name, value, record, plain) => {
    expect(isRecord(value)).toBe(record);
    expect(isPlainObject(value)).toBe(plain);
  });
});

describe("rejectUnknownKeys", () => {
  it("given only known keys, when checked, then nothing is rejected", () => {
    expect(() => rejectUnknownKeys({ a: 1, b: 2 }, ["a", "b", "c"], rejecting)).not.toThrow();
  });

  it("given two unknown keys, when checked, then the first is rejected with its value", () => {
    const rejected = rejectionOf(() =>
      rejectUnknownKeys({ a: 1, x: "first", y: "second" }, ["a"], (key, value) => rejecting({ key, value })),
    );

    expect(rejected).toEqual({ key: "x", value: "first" });
  });
});

describe("optionalString", () => {
  it.each<[string, unknown, { nullIsAbsent?: boolean }, string | undefined]>([
    ["a string", "eu-west-1", {}, "eu-west-1"],
    ["an empty string", "", {}, ""],
    ["undefined", undefined, {}, undefined],
    ["null where null means absent", null, { nullIsAbsent: true }, undefined],
  ])("Compliance: given %s, then it is read", (_name, value, options, expected) => {
    expect(optionalString(value, rejecting, options)).toBe(expected);
  });

  it.each<[string, unknown, { nullIsAbsent?: boolean }]>([
    ["null where null is a value", null, {}],
    ["a number", 6, {}],
    ["an object", { region: "eu-west-1" }, { nullIsAbsent: true }],
  ])("Noncompliance: given %s, then it is rejected as given", (_name, value, options) => {
    expect(rejectionOf(() => optionalString(value, rejecting, options))).toEqual(value);
  });
});

describe("optionalBoolean", () => {
  it.each<[unknown, boolean | undefined]>([
    [true, true],
    [false, false],
    [undefined, undefined],
  ])("Compliance: given %j, then it is read", (value, expected) => {
    expect(optionalBoolean(value, rejecting)).toBe(expected);
  });

  it.each<[unknown]>([["yes"], [null], [0]])("Noncompliance: given %j, then it is rejected", (value) => {
    expect(rejectionOf(() => optionalBoolean(value, rejecting))).toEqual(value);
  });
});
