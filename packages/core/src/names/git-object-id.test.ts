import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isGitObjectId } from "./git-object-id.js";

describe("isGitObjectId", () => {
  describe("Compliance: full object ids as git writes them", () => {
    it.each([
      "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
      "0000000000000000000000000000000000000000",
      "6e8b2f0a9c4d1e7f3a5b8c0d2e4f6a8b0c1d3e5f6e8b2f0a9c4d1e7f3a5b8c0d",
    ])("given %j, then it is one", (id) => {
      expect(isGitObjectId(id)).toBe(true);
    });
  });

  describe("Noncompliance: anything else", () => {
    it.each([
      ["not hexadecimal", "zz"],
      ["abbreviated", "a1b2c3d"],
      ["41 digits", "a1b2c3d4e5f60718293a4b5c6d7e8f90123456789"],
      ["upper case", "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678"],
      ["a branch", "feature/login"],
      ["with a newline", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678\n"],
      ["empty", ""],
    ])("given %s (%j), then it is not one", (_name, id) => {
      expect(isGitObjectId(id)).toBe(false);
    });
  });

  it("given any string, then it is an object id exactly when it is 40 or 64 lower-case hexadecimal digits", () => {
    const hex = fc.constantFrom(..."0123456789abcdef");
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: hex, minLength: 38, maxLength: 66 })), (value) => {
        const digits = /^[0-9a-f]*$/.test(value);
        expect(isGitObjectId(value)).toBe(digits && (value.length === 40 || value.length === 64));
      }),
    );
  });
});
