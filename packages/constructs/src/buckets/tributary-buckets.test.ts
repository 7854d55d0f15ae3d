import { App, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { describe, expect, it } from "vitest";
import { ENV } from "../__fixtures__/tributary-stack.js";
import { TributaryBuckets, type TributaryBucketsProps } from "./tributary-buckets.js";

function build(props: TributaryBucketsProps = {}) {
  const stack = new Stack(new App(), "Buckets", { env: ENV });
  const buckets = new TributaryBuckets(stack, "Buckets", props);
  return { stack, buckets, template: Template.fromStack(stack) };
}

const defaults = build();

/** The rendered properties of one bucket of the construct. */
function bucketProperties(
  name: "artifactsBucket" | "stagingBucket" | "reportsBucket" | "accessLogsBucket",
  built = defaults,
) {
  const id = built.stack.getLogicalId(
    built.buckets[name].node.defaultChild as unknown as import("aws-cdk-lib").CfnElement,
  );
  return built.template.toJSON().Resources[id].Properties;
}

describe("TributaryBuckets", () => {
  it("given the defaults, when built, then four private, S3-encrypted buckets block every public access", () => {
    defaults.template.resourceCountIs("AWS::S3::Bucket", 4);
    defaults.template.allResourcesProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
    });
  });

  it("given every bucket, when its policy is read, then requests without SSL are denied", () => {
    defaults.template.resourceCountIs("AWS::S3::BucketPolicy", 4);
    defaults.template.allResourcesProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("given the artifacts bucket, when built, then it is versioned and expires superseded versions", () => {
    expect(bucketProperties("artifactsBucket")).toMatchObject({
      VersioningConfiguration: { Status: "Enabled" },
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })],
      },
    });
  });

  it.each([
    ["stagingBucket", 7],
    ["reportsBucket", 30],
    ["accessLogsBucket", 90],
  ] as const)("given the defaults, when %s is built, then its objects expire after %i days", (name, days) => {
    expect(bucketProperties(name).LifecycleConfiguration.Rules[0]).toMatchObject({
      ExpirationInDays: days,
      Status: "Enabled",
    });
  });

  it("given custom expirations, when built, then staged templates and reports expire as configured", () => {
    const custom = build({ stagingExpiration: Duration.days(2), reportsExpiration: Duration.days(60) });
    expect(bucketProperties("stagingBucket", custom).LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(
      2,
    );
    expect(bucketProperties("reportsBucket", custom).LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(
      60,
    );
  });

  it("given the three working buckets, when built, then each logs server access to the access-logs bucket", () => {
    const logs = defaults.stack.resolve(defaults.buckets.accessLogsBucket.bucketName);
    for (const [name, prefix] of [
      ["artifactsBucket", "artifacts/"],
      ["stagingBucket", "staging/"],
      ["reportsBucket", "reports/"],
    ] as const) {
      expect(bucketProperties(name).LoggingConfiguration).toEqual({
        DestinationBucketName: logs,
        LogFilePrefix: prefix,
      });
    }
    expect(bucketProperties("accessLogsBucket").LoggingConfiguration).toBeUndefined();
  });

  it("given the access-logs bucket, when S3 delivers logs, then a bucket policy (not an ACL) allows logging.s3.amazonaws.com", () => {
    const logs = defaults.stack.resolve(defaults.buckets.accessLogsBucket.bucketName);
    defaults.template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: logs,
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject" }),
        ]),
      },
    });
    expect(bucketProperties("accessLogsBucket").AccessControl).toBeUndefined();
  });

  it("given the default removal policy, when built, then buckets are retained and never auto-emptied", () => {
    defaults.template.allResources("AWS::S3::Bucket", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    defaults.template.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
  });

  it("given RemovalPolicy.DESTROY, when built, then buckets are deleted and emptied with the stack", () => {
    const destroyed = build({ removalPolicy: RemovalPolicy.DESTROY });
    destroyed.template.allResources("AWS::S3::Bucket", { DeletionPolicy: "Delete" });
    destroyed.template.resourceCountIs("Custom::S3AutoDeleteObjects", 4);
  });

  it("given a KMS key, when built, then the working buckets use it and the access-logs bucket keeps SSE-S3", () => {
    const stack = new Stack(new App(), "Kms", { env: ENV });
    const key = new kms.Key(stack, "Key", { enableKeyRotation: true });
    const built = { stack, buckets: new TributaryBuckets(stack, "Buckets", { encryptionKey: key }) };
    const result = { ...built, template: Template.fromStack(stack) };
    for (const name of ["artifactsBucket", "stagingBucket", "reportsBucket"] as const) {
      expect(bucketProperties(name, result).BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
        ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: stack.resolve(key.keyArn) },
        BucketKeyEnabled: true,
      });
    }
    expect(
      bucketProperties("accessLogsBucket", result).BucketEncryption.ServerSideEncryptionConfiguration[0]
        .ServerSideEncryptionByDefault,
    ).toEqual({ SSEAlgorithm: "AES256" });
  });

  it("given a lifecycle below one day, when built, then it throws naming the fix", () => {
    expect(() => build({ reportsExpiration: Duration.hours(6) })).toThrow(
      /reportsExpiration is 6 hours, below S3's one-day lifecycle granularity\. Fix: use Duration\.days\(1\) or more/,
    );
  });

  it("given a reviewer, when granted the reports, then it may read the reports bucket", () => {
    const stack = new Stack(new App(), "Grant", { env: ENV });
    const buckets = new TributaryBuckets(stack, "Buckets");
    const reviewer = new iam.Role(stack, "Reviewer", { assumedBy: new iam.AccountRootPrincipal() });
    buckets.grantReadReports(reviewer);
    Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: Match.arrayWith(["s3:GetObject*"]),
            Resource: Match.arrayWith([stack.resolve(buckets.reportsBucket.bucketArn)]),
          }),
        ],
      },
    });
  });
});
