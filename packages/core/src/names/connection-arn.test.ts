import { describe, expect, it } from "vitest";
import { parseConnectionArn, useConnectionAction } from "./connection-arn.js";

const ID = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";

describe("connection ARNs", () => {
  it.each<[string, string, string]>([
    [`arn:aws:codeconnections:eu-west-1:123456789012:connection/${ID}`, "codeconnections", "aws"],
    [`arn:aws:codestar-connections:us-east-1:123456789012:connection/${ID}`, "codestar-connections", "aws"],
    [`arn:aws-cn:codeconnections:cn-north-1:123456789012:connection/${ID}`, "codeconnections", "aws-cn"],
    [
      `arn:aws-us-gov:codestar-connections:us-gov-west-1:123456789012:connection/${ID}`,
      "codestar-connections",
      "aws-us-gov",
    ],
    // The documentation's own example id is not hexadecimal.
    [
      "arn:aws:codestar-connections:us-west-2:123456789012:connection/aEXAMPLE-8aad-4d5d-8878-dfcab0bc441f",
      "codestar-connections",
      "aws",
    ],
  ])("Compliance: given %s, then it is read with its service prefix", (arn, service, partition) => {
    expect(parseConnectionArn(arn)).toMatchObject({ service, partition, account: "123456789012" });
  });

  it.each([
    "",
    `arn:aws:codecommit:eu-west-1:123456789012:connection/${ID}`,
    `arn:aws:codeconnections:eu-west-1:123456789012:host/${ID}`,
    `arn:aws:codeconnections:eu-west-1:12345678901:connection/${ID}`,
    `arn:aws:codeconnections:Ireland:123456789012:connection/${ID}`,
    `arn:aws:codeconnections:eu-west-1:123456789012:connection/`,
    `arn:aws:codeconnections:eu-west-1:123456789012:connection/${ID}/x`,
    `arn:aws:codeconnections:eu-west-1:123456789012:connection/${"a".repeat(300)}`,
  ])("Noncompliance: given %j, then it is no connection ARN", (arn) => {
    expect(parseConnectionArn(arn)).toBeUndefined();
  });

  it("given a codeconnections ARN, then the pipeline role needs codeconnections:UseConnection", () => {
    expect(useConnectionAction(`arn:aws:codeconnections:eu-west-1:123456789012:connection/${ID}`)).toBe(
      "codeconnections:UseConnection",
    );
  });

  it("given a codestar-connections ARN, then the pipeline role needs codestar-connections:UseConnection", () => {
    expect(useConnectionAction(`arn:aws:codestar-connections:eu-west-1:123456789012:connection/${ID}`)).toBe(
      "codestar-connections:UseConnection",
    );
  });

  it("given no connection ARN, then useConnectionAction names the value and the expected shape", () => {
    expect(() => useConnectionAction("arn:aws:s3:::bucket")).toThrow(
      /"arn:aws:s3:::bucket" is not a connection ARN/,
    );
  });
});
