import {
  defineConfig,
  parseTargetListingSource,
  TARGET_LISTING_PREFIX,
  TARGET_LISTINGS_VARIABLE,
} from "@tributary/core";
import { App, Stack } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { ENV } from "../__fixtures__/tributary-stack.js";
import type { ClonerTargetListings } from "./cloner-permissions.js";
import { PipelineCloner } from "./pipeline-cloner.js";

const PROD = { account: "333333333333", region: "eu-central-1" };
const config = defineConfig({
  project: "acme",
  repository: "acme-infra",
  environments: { dev: { branch: "develop" }, qa: {}, prod: { branch: "main", ...PROD } },
});

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** A stack with a CMK-encrypted artifacts bucket and a cloner given `listings` of it. */
function build(listings?: (bucket: s3.IBucket) => ClonerTargetListings) {
  const stack = new Stack(new App(), "Cicd", { env: ENV });
  const encryptionKey = new kms.Key(stack, "ArtifactKey");
  const bucket = new s3.Bucket(stack, "Artifacts", { encryption: s3.BucketEncryption.KMS, encryptionKey });
  const cloner = new PipelineCloner(stack, "Cloner", {
    config,
    repository: codecommit.Repository.fromRepositoryName(stack, "Repo", "acme-infra"),
    pipelineRoles: [iam.Role.fromRoleArn(stack, "PipelineRole", "arn:aws:iam::123456789012:role/acme-dev")],
    code: lambda.Code.fromInline("export const handler = async () => undefined;"),
    ...(listings ? { targetListings: listings(bucket) } : {}),
  });
  const template = Template.fromStack(stack);
  const roleId = stack.getLogicalId(cloner.role.node.defaultChild as iam.CfnRole);
  const statements = Object.values(
    template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: roleId }] } }),
  ).flatMap(
    (policy) =>
      (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement,
  );
  const variables = Object.values(template.findResources("AWS::Lambda::Function"))[0]?.Properties.Environment
    .Variables as Record<string, unknown>;
  return { stack, bucket, encryptionKey, statements, variables, cloner, template };
}

describe("PipelineCloner targetListings", () => {
  it("given the artifacts bucket and a remote target, when built, then the cloner's variable is core's listing source naming them", () => {
    const { stack, bucket, variables } = build((artifacts) => ({ bucket: artifacts, targets: [PROD] }));
    const bucketRef = JSON.stringify(stack.resolve(bucket.bucketName));

    // The variable joins the bucket's name in at deploy time; with a name in place, core reads it.
    const joined = variables[TARGET_LISTINGS_VARIABLE] as { "Fn::Join": [string, unknown[]] };
    const value = joined["Fn::Join"][1]
      .map((part) => (JSON.stringify(part) === bucketRef ? "acme-artifacts-1a2b" : part))
      .join("");
    expect(parseTargetListingSource(value)).toEqual({ bucket: "acme-artifacts-1a2b", targets: [PROD] });
  });

  it("given listings, when built, then the cloner may GetObject the listing keys only and decrypt with the bucket's key only through S3", () => {
    const { stack, bucket, encryptionKey, statements } = build((artifacts) => ({
      bucket: artifacts,
      targets: [PROD],
    }));

    expect(
      statements.filter(
        (statement) =>
          statement.Sid?.includes("TargetListings") || statement.Sid?.includes("TargetStackListings"),
      ),
    ).toEqual([
      {
        Sid: "ReadTargetStackListings",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: stack.resolve(bucket.arnForObjects(`${TARGET_LISTING_PREFIX}*`)),
      },
      {
        Sid: "DecryptTargetListingsThroughS3",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: stack.resolve(encryptionKey.keyArn),
        Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
      },
    ]);
  });

  it("given listings, when built, then its teardown project may write them there (the listing mode's bucket), so synth has no warning to give", () => {
    const { stack, bucket, cloner, template } = build((artifacts) => ({
      bucket: artifacts,
      targets: [PROD],
    }));
    const teardownRoleId = stack.getLogicalId(cloner.teardownProject.role?.node.defaultChild as iam.CfnRole);
    const teardownStatements = Object.values(
      template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: teardownRoleId }] } }),
    ).flatMap(
      (policy) =>
        (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement,
    );

    expect(teardownStatements).toContainEqual(
      expect.objectContaining({
        Effect: "Allow",
        Action: "s3:PutObject",
        Resource: stack.resolve(bucket.arnForObjects(`${TARGET_LISTING_PREFIX}*`)),
      }),
    );
    Annotations.fromStack(stack).hasNoWarning("*", Match.stringLikeRegexp("writeTargetListingsTo"));
  });

  it("given no listings, when built, then the cloner has neither the variable nor a grant on the bucket", () => {
    const { variables, statements } = build();

    expect(variables[TARGET_LISTINGS_VARIABLE]).toBeUndefined();
    expect(statements.flatMap((statement) => [statement.Action].flat())).not.toContain("s3:GetObject");
  });

  it("given listings without targets, when built, then it throws naming the fix", () => {
    expect(() => build((artifacts) => ({ bucket: artifacts, targets: [] }))).toThrow(
      /targetListings has no targets.*Fix: leave targetListings out/,
    );
  });
});
