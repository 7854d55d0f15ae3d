import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyText } from "../__fixtures__/arbitraries.js";
import { fnv1a64Hex, stableHash } from "./stable-hash.js";

/** Reference FNV-1a 64 with BigInt and TextEncoder, to check the 32-bit implementation against. */
function reference(value: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(value)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

describe("stableHash", () => {
  it.each([
    ["", "cbf29ce484222325"],
    ["a", "af63dc4c8601ec8c"],
    ["foobar", "85944171f73967e8"],
  ])("given the published FNV-1a 64 vector %j, when hashed, then it is %s", (input, expected) => {
    expect(fnv1a64Hex(input)).toBe(expected);
  });

  it("given any well-formed string, when hashed, then it equals a BigInt FNV-1a 64 over TextEncoder's UTF-8", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" })), (value) => {
        expect(fnv1a64Hex(value)).toBe(reference(value));
      }),
    );
  });

  it("given any string, when hashed, then the result is 10 base-36 characters, the first 10 of the 13-digit padded form", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const hash = stableHash(value);
        expect(hash).toMatch(/^[0-9a-z]{10}$/);
        expect(hash).toBe(
          BigInt(`0x${fnv1a64Hex(value)}`)
            .toString(36)
            .padStart(13, "0")
            .slice(0, 10),
        );
      }),
    );
  });

  it("given a lone surrogate, when hashed, then it differs from the replacement character U+FFFD", () => {
    expect(stableHash("\ud800")).not.toBe(stableHash("\ufffd"));
  });

  it("given the same input twice, when hashed, then the results are equal (pinned value)", () => {
    expect(stableHash("a")).toBe("2o0ongoiv4");
    expect(stableHash("a")).toBe(stableHash("a"));
  });
});
