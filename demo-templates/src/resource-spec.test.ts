import { beforeAll, describe, expect, it } from "vitest";
import { isIntrinsic, loadResourceSpecification, type ResourceSpecification } from "./resource-spec.js";

let spec: ResourceSpecification;

beforeAll(async () => {
  spec = await loadResourceSpecification();
});

function template(type: string, properties: Record<string, unknown>): unknown {
  return { Resources: { Thing: { Type: type, Properties: properties } } };
}

describe("ResourceSpecification.checkTemplate", () => {
  const compliance: [string, string, Record<string, unknown>][] = [
    [
      "a bucket with nested encryption settings",
      "AWS::S3::Bucket",
      {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
        Tags: [{ Key: "Environment", Value: "dev" }],
      },
    ],
    [
      "a property given by an intrinsic",
      "AWS::S3::Bucket",
      { BucketName: { "Fn::Sub": "${AWS::StackName}-site" } },
    ],
    [
      "an Fn::If whose branches are valid",
      "AWS::S3::Bucket",
      {
        LoggingConfiguration: {
          "Fn::If": ["Logs", { DestinationBucketName: "logs" }, { Ref: "AWS::NoValue" }],
        },
      },
    ],
    [
      "a map-typed property",
      "AWS::CloudFormation::Stack",
      { TemplateURL: "https://x", Parameters: { A: "1", B: { Ref: "P" } } },
    ],
    [
      "a JSON-typed property",
      "AWS::S3::BucketPolicy",
      { Bucket: "b", PolicyDocument: { Statement: [{ Anything: "goes" }] } },
    ],
  ];

  it.each(compliance)(
    "Compliance: given %s, when checked, then there is no finding",
    (_name, type, properties) => {
      expect(spec.checkTemplate(template(type, properties))).toEqual([]);
    },
  );

  const noncompliance: [string, string, Record<string, unknown>, string, RegExp][] = [
    [
      "an invented top-level property",
      "AWS::S3::Bucket",
      { WebsiteMagic: true },
      "Resources.Thing.Properties.WebsiteMagic",
      /"WebsiteMagic" is not a property of AWS::S3::Bucket; use one of: .*BucketEncryption/,
    ],
    [
      "an invented nested property",
      "AWS::S3::Bucket",
      {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256", Strength: 9 } },
          ],
        },
      },
      "Resources.Thing.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.Strength",
      /"Strength" is not a property of ServerSideEncryptionByDefault/,
    ],
    [
      "an invented property deep in a distribution",
      "AWS::CloudFront::Distribution",
      {
        DistributionConfig: {
          Enabled: true,
          DefaultCacheBehavior: { TargetOriginId: "o", ViewerProtocolPolicy: "allow-all", Turbo: true },
        },
      },
      "Resources.Thing.Properties.DistributionConfig.DefaultCacheBehavior.Turbo",
      /"Turbo" is not a property of DefaultCacheBehavior/,
    ],
    [
      "an invented property inside an Fn::If branch",
      "AWS::S3::Bucket",
      { LoggingConfiguration: { "Fn::If": ["Logs", { Destination: "logs" }, { Ref: "AWS::NoValue" }] } },
      "Resources.Thing.Properties.LoggingConfiguration.Fn::If[1].Destination",
      /"Destination" is not a property of LoggingConfiguration/,
    ],
    [
      "a list where an object belongs",
      "AWS::S3::Bucket",
      { VersioningConfiguration: [{ Status: "Enabled" }] },
      "Resources.Thing.Properties.VersioningConfiguration",
      /expected a VersioningConfiguration object/,
    ],
    [
      "an object where a list belongs",
      "AWS::S3::Bucket",
      { Tags: { Key: "a", Value: "b" } },
      "Resources.Thing.Properties.Tags",
      /expected a list of tag/,
    ],
    [
      "a missing required property",
      "AWS::S3::BucketPolicy",
      { Bucket: "b" },
      "Resources.Thing.Properties.PolicyDocument",
      /AWS::S3::BucketPolicy requires "PolicyDocument"/,
    ],
    [
      "a tag without a value",
      "AWS::S3::Bucket",
      { Tags: [{ Key: "a" }] },
      "Resources.Thing.Properties.Tags[0].Value",
      /requires "Value"/,
    ],
    [
      "an object where a string belongs",
      "AWS::S3::Bucket",
      { BucketName: { Name: "x" } },
      "Resources.Thing.Properties.BucketName",
      /expected a string/,
    ],
  ];

  it.each(noncompliance)(
    "Noncompliance: given %s, when checked, then it is reported at its path",
    (_name, type, properties, path, message) => {
      const findings = spec.checkTemplate(template(type, properties));
      expect(findings).toContainEqual({ path, message: expect.stringMatching(message) });
    },
  );

  it("Noncompliance: given an invented resource type, when checked, then the type is reported", () => {
    expect(spec.checkTemplate({ Resources: { Thing: { Type: "AWS::S3::Buckett" } } })).toEqual([
      {
        path: "Resources.Thing.Type",
        message: expect.stringContaining('"AWS::S3::Buckett" is not a CloudFormation resource type'),
      },
    ]);
  });

  it("given a custom resource, when checked, then its free-form properties are accepted", () => {
    expect(spec.checkTemplate(template("Custom::Seed", { ServiceToken: "arn", Anything: 1 }))).toEqual([]);
  });

  it("given a template without resources, when checked, then that is reported", () => {
    expect(spec.checkTemplate({})).toEqual([
      { path: "Resources", message: expect.stringContaining("no Resources") },
    ]);
  });
});

describe("ResourceSpecification.attributes", () => {
  it("given a distribution, when asked, then DomainName and Id are its attributes", () => {
    expect(spec.attributes("AWS::CloudFront::Distribution")).toEqual(
      expect.arrayContaining(["DomainName", "Id"]),
    );
  });

  it("given an unknown type, when asked, then there are none", () => {
    expect(spec.attributes("AWS::Nope::Nope")).toBeUndefined();
  });
});

describe("isIntrinsic", () => {
  it.each([
    [{ Ref: "X" }, true],
    [{ "Fn::Join": ["", []] }, true],
    [{ Key: "k", Value: "v" }, false],
    [{ Ref: "X", Other: 1 }, false],
    ["text", false],
    [["Ref"], false],
  ])("given %j, when tested, then it is %s", (value, expected) => {
    expect(isIntrinsic(value)).toBe(expected);
  });
});
