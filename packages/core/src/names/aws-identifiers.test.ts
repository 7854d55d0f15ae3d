import { describe, expect, it } from "vitest";
import { isAwsAccountId, isAwsRegion } from "./aws-identifiers.js";

describe("isAwsAccountId", () => {
  it.each(["123456789012", "000000000000"])("given %s, when checked, then it is an account id", (value) => {
    expect(isAwsAccountId(value)).toBe(true);
  });
  it.each(["", "12345678901", "1234567890123", "12345678901a", " 123456789012"])(
    "given %j, when checked, then it is not an account id",
    (value) => {
      expect(isAwsAccountId(value)).toBe(false);
    },
  );
});

describe("isAwsRegion", () => {
  it.each(["eu-west-1", "us-east-1", "us-gov-west-1", "ap-southeast-4", "eu-central-2"])(
    "given %s, when checked, then it is a region",
    (value) => {
      expect(isAwsRegion(value)).toBe(true);
    },
  );
  it.each(["", "eu-west", "EU-WEST-1", "Frankfurt", "eu-west-12", "euwest1"])(
    "given %j, when checked, then it is not a region",
    (value) => {
      expect(isAwsRegion(value)).toBe(false);
    },
  );
});
