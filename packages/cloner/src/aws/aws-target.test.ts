import { describe, expect, it } from "vitest";
import { pipelineArn, targetFromFunctionArn } from "./aws-target";

describe("targetFromFunctionArn", () => {
  it.each([
    [
      "arn:aws:lambda:eu-west-1:123456789012:function:acme-cloner",
      { partition: "aws", region: "eu-west-1", accountId: "123456789012" },
    ],
    [
      "arn:aws:lambda:us-east-1:111122223333:function:acme-cloner:live",
      { partition: "aws", region: "us-east-1", accountId: "111122223333" },
    ],
    [
      "arn:aws-cn:lambda:cn-north-1:111122223333:function:f",
      { partition: "aws-cn", region: "cn-north-1", accountId: "111122223333" },
    ],
  ])("given the function ARN %s, when read, then partition, region and account come out", (arn, target) => {
    expect(targetFromFunctionArn(arn)).toEqual(target);
  });

  it.each(["", "not-an-arn", "arn:aws:s3:::bucket", "arn:aws:lambda:eu-west-1:123:function:short-account"])(
    "given %j, when read, then there is no target",
    (arn) => {
      expect(targetFromFunctionArn(arn)).toBeUndefined();
    },
  );
});

describe("pipelineArn", () => {
  it("given a target and a name, when the ARN is built, then it is the CodePipeline resource ARN", () => {
    expect(
      pipelineArn({ partition: "aws", region: "eu-west-1", accountId: "123456789012" }, "acme-dev-pr-7"),
    ).toBe("arn:aws:codepipeline:eu-west-1:123456789012:acme-dev-pr-7");
  });
});
