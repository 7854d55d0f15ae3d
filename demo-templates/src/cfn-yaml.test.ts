import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CFN_FUNCTION_TAGS, parseCloudFormationYaml, TemplateParseError } from "./cfn-yaml.js";

describe("parseCloudFormationYaml", () => {
  const compliance: [string, string, unknown][] = [
    ["!Ref", "v: !Ref Bucket", { Ref: "Bucket" }],
    [
      "!Sub scalar",
      "v: !Sub https://${Bucket}.s3.${AWS::Region}",
      { "Fn::Sub": "https://${Bucket}.s3.${AWS::Region}" },
    ],
    ["!Sub sequence", 'v: !Sub ["${A}-x", { A: !Ref B }]', { "Fn::Sub": ["${A}-x", { A: { Ref: "B" } }] }],
    ["!GetAtt scalar", "v: !GetAtt Bucket.Arn", { "Fn::GetAtt": ["Bucket", "Arn"] }],
    ["!GetAtt nested output", "v: !GetAtt Site.Outputs.URL", { "Fn::GetAtt": ["Site", "Outputs.URL"] }],
    ["!GetAtt sequence", "v: !GetAtt [Bucket, Arn]", { "Fn::GetAtt": ["Bucket", "Arn"] }],
    ["!If", "v: !If [C, a, !Ref AWS::NoValue]", { "Fn::If": ["C", "a", { Ref: "AWS::NoValue" }] }],
    ["!Equals", 'v: !Equals [!Ref P, "true"]', { "Fn::Equals": [{ Ref: "P" }, "true"] }],
    ["!Join", 'v: !Join ["-", [a, b]]', { "Fn::Join": ["-", ["a", "b"]] }],
    ["!Select", 'v: !Select [0, !GetAZs ""]', { "Fn::Select": [0, { "Fn::GetAZs": "" }] }],
    ["!Split", 'v: !Split ["/", !Ref AWS::StackId]', { "Fn::Split": ["/", { Ref: "AWS::StackId" }] }],
    ["!FindInMap", "v: !FindInMap [M, a, b]", { "Fn::FindInMap": ["M", "a", "b"] }],
    ["!GetAZs", "v: !GetAZs eu-west-1", { "Fn::GetAZs": "eu-west-1" }],
    ["!ImportValue", "v: !ImportValue shared-vpc", { "Fn::ImportValue": "shared-vpc" }],
    ["!Base64", "v: !Base64 hello", { "Fn::Base64": "hello" }],
    ["!Base64 of a mapping", 'v: !Base64 { "Fn::Sub": x }', { "Fn::Base64": { "Fn::Sub": "x" } }],
    ["!Cidr", "v: !Cidr [10.0.0.0/16, 4, 8]", { "Fn::Cidr": ["10.0.0.0/16", 4, 8] }],
    ["!And", "v: !And [!Condition A, !Condition B]", { "Fn::And": [{ Condition: "A" }, { Condition: "B" }] }],
    ["!Or", "v: !Or [!Condition A, !Condition B]", { "Fn::Or": [{ Condition: "A" }, { Condition: "B" }] }],
    ["!Not", "v: !Not [!Condition A]", { "Fn::Not": [{ Condition: "A" }] }],
    ["!Condition", "v: !Condition A", { Condition: "A" }],
  ];

  it.each(compliance)("given %s, when parsed, then it becomes the long form", (_name, yaml, expected) => {
    expect(parseCloudFormationYaml(yaml)).toEqual({ v: expected });
  });

  it("given the listed short forms, when counted, then every tag the brief names is supported", () => {
    const named = ["Sub", "If", "Equals", "Join", "Select", "Split", "FindInMap", "GetAZs", "ImportValue"];
    const more = ["Base64", "Cidr", "And", "Or", "Not"];
    expect(CFN_FUNCTION_TAGS).toEqual(expect.arrayContaining([...named, ...more]));
  });

  const noncompliance: [string, string, RegExp][] = [
    ["an unknown tag", "v: !Reff Bucket", /Unresolved tag: !Reff/],
    ["a GetAtt without attribute", "v: !GetAtt Bucket", /Resource\.Attribute/],
    ["a duplicate key", "a: 1\na: 2", /Map keys must be unique/],
    ["broken YAML", "a: [1, 2", /Flow sequence|Missing|Expected/],
  ];

  it.each(noncompliance)(
    "given %s, when parsed, then it throws naming the problem",
    (_name, yaml, message) => {
      expect(() => parseCloudFormationYaml(yaml, "bad.yaml")).toThrow(TemplateParseError);
      expect(() => parseCloudFormationYaml(yaml, "bad.yaml")).toThrow(message);
    },
  );

  it("given a parse error, when thrown, then the message names the file and the fix", () => {
    expect(() => parseCloudFormationYaml("v: !Nope x", "templates/x.yaml")).toThrow(
      /templates\/x\.yaml is not valid CloudFormation YAML: .*use only CloudFormation's short-form tags/,
    );
  });
});

describe("parseCloudFormationYaml (properties)", () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,30}$/);

  it("given any Resource.Attribute.Path, when written as !GetAtt, then the first dot splits resource from attribute", () => {
    fc.assert(
      fc.property(name, fc.array(name, { minLength: 1, maxLength: 4 }), (resource, path) => {
        expect(parseCloudFormationYaml(`v: !GetAtt ${resource}.${path.join(".")}`)).toEqual({
          v: { "Fn::GetAtt": [resource, path.join(".")] },
        });
      }),
    );
  });

  it("given any string, when written as a quoted !Sub, then the long form holds the same string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", maxLength: 80 }), (text) => {
        expect(parseCloudFormationYaml(`v: !Sub ${JSON.stringify(text)}`)).toEqual({
          v: { "Fn::Sub": text },
        });
      }),
    );
  });
});
