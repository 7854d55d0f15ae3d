import { describe, expect, it } from "vitest";
import { checkTemplateConfiguration, parameterValueProblem } from "./template-configuration.js";

const parameters = {
  Environment: { Type: "String" },
  PriceClass: { Type: "String", AllowedValues: ["PriceClass_100", "PriceClass_All"] },
  Logs: { Type: "String", AllowedPattern: "true|false" },
};

describe("checkTemplateConfiguration", () => {
  it("Compliance: given parameters, tags and a stack policy, when checked, then there is no problem", () => {
    const configuration = {
      Parameters: { PriceClass: "PriceClass_All", Logs: "true" },
      Tags: { "cost-center": "ops", team: "platform @ acme" },
      StackPolicy: {
        Statement: [
          { Effect: "Allow", Action: "Update:*", Principal: "*", Resource: "*" },
          {
            Effect: "Deny",
            Action: ["Update:Replace", "Update:Delete"],
            Principal: "*",
            Resource: "LogicalResourceId/Website",
          },
        ],
      },
    };
    expect(checkTemplateConfiguration(configuration, parameters, ["Environment"])).toEqual([]);
  });

  const noncompliance: [string, unknown, RegExp][] = [
    [
      "an unknown key",
      { Parameters: {}, Capabilities: [] },
      /Capabilities: not a template configuration key; use Parameters, Tags, StackPolicy/,
    ],
    [
      "an undeclared parameter",
      { Parameters: { Colour: "red" } },
      /Parameters\.Colour: the template declares no parameter "Colour"/,
    ],
    [
      "a pipeline-overridden parameter",
      { Parameters: { Environment: "dev" } },
      /ParameterOverrides always set Environment/,
    ],
    [
      "a value the parameter rejects",
      { Parameters: { PriceClass: "PriceClass_999" } },
      /"PriceClass_999" is not one of the AllowedValues/,
    ],
    ["a non-string value", { Parameters: { Logs: true } }, /template configuration values are strings/],
    ["a reserved tag key", { Tags: { "aws:owner": "me" } }, /the aws: prefix is reserved/],
    [
      "a tag value with a forbidden character",
      { Tags: { branch: "feature/#1" } },
      /Tags\.branch: tag values are strings of at most 256/,
    ],
    ["a too long tag value", { Tags: { branch: "x".repeat(257) } }, /Tags\.branch: tag values/],
    ["tags as a list", { Tags: [{ Key: "a", Value: "b" }] }, /Tags: expected a mapping/],
    [
      "a stack policy with an IAM action",
      { StackPolicy: { Statement: [{ Effect: "Deny", Action: "s3:*", Principal: "*", Resource: "*" }] } },
      /stack policy actions are Update:\*/,
    ],
    [
      "a stack policy without statements",
      { StackPolicy: { Statement: [] } },
      /StackPolicy: expected \{ "Statement"/,
    ],
  ];

  it.each(noncompliance)(
    "Noncompliance: given %s, when checked, then it is reported",
    (_name, configuration, message) => {
      expect(checkTemplateConfiguration(configuration, parameters, ["Environment"])).toContainEqual(
        expect.stringMatching(message),
      );
    },
  );
});

describe("parameterValueProblem", () => {
  it.each([
    [{ AllowedPattern: "^[a-z]+$" }, "dev", undefined],
    [{ AllowedPattern: "[a-z]+" }, "dev1", /does not match the AllowedPattern/],
    [{ AllowedValues: ["true", "false"] }, "true", undefined],
    [{ AllowedValues: ["true", "false"] }, true, /is not a string or number/],
    [{ MaxLength: 3 }, "abcd", /longer than MaxLength 3/],
    [{ MinLength: 2 }, "a", /shorter than MinLength 2/],
  ] as const)("given %j and %j, when checked, then the problem is %s", (parameter, value, expected) => {
    const problem = parameterValueProblem(parameter, value);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
