import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTemplateReferences, parameterValueProblem, subVariables } from "./template-references.js";

const base = {
  Parameters: { Env: { Type: "String", AllowedValues: ["dev", "prod"], Default: "dev" } },
  Conditions: { IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] } },
  Mappings: { Ids: { Cache: { Optimized: "abc" } } },
  Resources: {
    Bucket: { Type: "AWS::S3::Bucket" },
    Site: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "https://x" } },
  },
};

function withResource(
  properties: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...base,
    Resources: { ...base.Resources, Thing: { Type: "AWS::SNS::Topic", Properties: properties, ...extra } },
  };
}

const context = {
  attributesOf: (type: string) => (type === "AWS::S3::Bucket" ? ["Arn", "DomainName"] : undefined),
  nestedOutputs: (id: string) => (id === "Site" ? ["URL"] : undefined),
};

describe("checkTemplateReferences", () => {
  const compliance: [string, unknown][] = [
    [
      "Refs to a parameter, a resource and a pseudo parameter",
      withResource({ A: { Ref: "Env" }, B: { Ref: "Bucket" }, C: { Ref: "AWS::Region" } }),
    ],
    [
      "GetAtt in both forms",
      withResource({ A: { "Fn::GetAtt": ["Bucket", "Arn"] }, B: { "Fn::GetAtt": "Bucket.DomainName" } }),
    ],
    ["a nested stack output", withResource({ A: { "Fn::GetAtt": ["Site", "Outputs.URL"] } })],
    [
      "Sub variables of every kind",
      withResource({ A: { "Fn::Sub": "${Env}-${Bucket.Arn}-${AWS::AccountId}-${!Literal}" } }),
    ],
    [
      "Sub with its own variables",
      withResource({ A: { "Fn::Sub": ["${Name}-x", { Name: { Ref: "Env" } }] } }),
    ],
    [
      "conditions in If, Condition and outputs",
      {
        ...withResource(
          { A: { "Fn::If": ["IsProd", "a", { Ref: "AWS::NoValue" }] } },
          { Condition: "IsProd", DependsOn: ["Bucket"] },
        ),
        Outputs: { O: { Value: { Ref: "Bucket" }, Condition: "IsProd" } },
      },
    ],
    ["a FindInMap that resolves", withResource({ A: { "Fn::FindInMap": ["Ids", "Cache", "Optimized"] } })],
  ];

  it.each(compliance)("Compliance: given %s, when checked, then there is no problem", (_name, template) => {
    expect(checkTemplateReferences(template, context)).toEqual([]);
  });

  const noncompliance: [string, unknown, RegExp][] = [
    [
      "a Ref to nothing",
      withResource({ A: { Ref: "Nope" } }),
      /Resources\.Thing\.Properties\.A: Ref "Nope" is not a parameter, resource or pseudo parameter/,
    ],
    [
      "a GetAtt of an undeclared resource",
      withResource({ A: { "Fn::GetAtt": ["Nope", "Arn"] } }),
      /names no declared resource "Nope"/,
    ],
    [
      "a GetAtt of an attribute the type lacks",
      withResource({ A: { "Fn::GetAtt": ["Bucket", "Colour"] } }),
      /AWS::S3::Bucket has no attribute "Colour"; use one of Arn, DomainName/,
    ],
    [
      "a nested stack output that does not exist",
      withResource({ A: { "Fn::GetAtt": ["Site", "Outputs.Nope"] } }),
      /nested stack "Site" has no output "Nope"; it declares URL/,
    ],
    [
      "a Sub variable that is not declared",
      withResource({ A: { "Fn::Sub": "${Bucket}-${Missing}" } }),
      /\$\{Missing\}: Ref "Missing"/,
    ],
    [
      "a Sub attribute of an undeclared resource",
      withResource({ A: { "Fn::Sub": "${Gone.Arn}" } }),
      /GetAtt "Gone.Arn" names no declared resource/,
    ],
    [
      "an If on an undeclared condition",
      withResource({ A: { "Fn::If": ["Nope", 1, 2] } }),
      /condition "Nope" is not declared under Conditions/,
    ],
    [
      "a resource Condition that is not declared",
      withResource({}, { Condition: "Nope" }),
      /Resources\.Thing\.Condition: condition "Nope"/,
    ],
    [
      "a DependsOn on nothing",
      withResource({}, { DependsOn: "Ghost" }),
      /DependsOn: "Ghost" is not another declared resource/,
    ],
    [
      "a FindInMap on an unknown key",
      withResource({ A: { "Fn::FindInMap": ["Ids", "Cache", "Fast"] } }),
      /mapping "Ids.Cache" has no key "Fast"/,
    ],
    [
      "a FindInMap on an unknown mapping",
      withResource({ A: { "Fn::FindInMap": ["Nope", "a", "b"] } }),
      /mapping "Nope" is not declared/,
    ],
    [
      "an unknown resource key",
      withResource({}, { Propertiez: {} }),
      /Resources\.Thing\.Propertiez: not a valid key here/,
    ],
    ["an unknown top-level key", { ...base, Output: {} }, /<template>\.Output: not a valid key here/],
    [
      "an output without Value",
      { ...base, Outputs: { O: { Description: "x" } } },
      /Outputs\.O\.Value: every output needs a Value/,
    ],
    [
      "a default its own constraint rejects",
      { ...base, Parameters: { Env: { Type: "String", AllowedValues: ["dev"], Default: "qa" } } },
      /Parameters\.Env\.Default: "qa" is not one of the AllowedValues dev/,
    ],
    [
      "a condition that Refs a resource",
      { ...base, Conditions: { Bad: { "Fn::Equals": [{ Ref: "Bucket" }, "x"] } } },
      /conditions can Ref only parameters/,
    ],
  ];

  it.each(noncompliance)(
    "Noncompliance: given %s, when checked, then it is reported",
    (_name, template, message) => {
      expect(checkTemplateReferences(template, context)).toContainEqual(expect.stringMatching(message));
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

describe("subVariables", () => {
  it("given a Sub string, when scanned, then literals ${!x} are skipped", () => {
    expect(subVariables("${A}/${B.C}/${!D}/${AWS::Region}")).toEqual(["A", "B.C", "AWS::Region"]);
  });
});

describe("checkTemplateReferences (properties)", () => {
  const names = fc.uniqueArray(fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,20}$/), { minLength: 1, maxLength: 8 });

  it("given declared parameters, when every one is referenced, then there is no problem; an undeclared one is the only problem", () => {
    fc.assert(
      fc.property(names, fc.stringMatching(/^Zz[A-Za-z0-9]{1,10}$/), (declared, missing) => {
        const template = (refs: string[]) => ({
          Parameters: Object.fromEntries(declared.map((name) => [name, { Type: "String" }])),
          Resources: {
            Topic: {
              Type: "AWS::SNS::Topic",
              Properties: { TopicName: { "Fn::Join": ["-", refs.map((ref) => ({ Ref: ref }))] } },
            },
          },
        });
        expect(checkTemplateReferences(template(declared))).toEqual([]);
        const problems = checkTemplateReferences(template([...declared, missing]));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain(`Ref "${missing}"`);
      }),
    );
  });
});
