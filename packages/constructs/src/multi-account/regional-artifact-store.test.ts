import { App, Duration, Stack, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { RegionalArtifactStore, type RegionalArtifactStoreProps } from "./regional-artifact-store.js";

const REGION_ENV = { account: "111111111111", region: "eu-central-1" } as const;

function build(props: Partial<RegionalArtifactStoreProps> = {}) {
  const app = new App();
  const stack = new Stack(app, "ArtifactStore", { env: REGION_ENV });
  const store = new RegionalArtifactStore(stack, "ArtifactStore", { project: "acme", ...props });
  return { app, stack, store, template: Template.fromStack(stack) };
}

describe("RegionalArtifactStore", () => {
  it("given a region's store, when synthesized, then its staging bucket is encrypted by the key's ARN, not the alias (S3 resolves an alias in the writer's account)", () => {
    const { stack, store, template } = build();
    const keyId = stack.getLogicalId(store.key.node.defaultChild as never);
    const staging =
      template.toJSON().Resources[stack.getLogicalId(store.stagingBucket.node.defaultChild as never)];
    expect(staging.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      {
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: {
          KMSMasterKeyID: { "Fn::GetAtt": [keyId, "Arn"] },
          SSEAlgorithm: "aws:kms",
        },
      },
    ]);
  });

  it("given no stagingExpiration, when synthesized, then staged templates expire after 7 days and incomplete uploads after 1", () => {
    const { stack, store, template } = build();
    const staging =
      template.toJSON().Resources[stack.getLogicalId(store.stagingBucket.node.defaultChild as never)];
    expect(staging.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: "ExpireStagedTemplates",
        Status: "Enabled",
        ExpirationInDays: 7,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
  });

  it("given a stagingExpiration of 12 hours, when built, then it throws naming S3's one-day granularity and the fix", () => {
    expect(() => build({ stagingExpiration: Duration.hours(12) })).toThrow(
      /stagingExpiration is 12 hours, below S3's one-day lifecycle granularity\. Fix: use Duration\.days\(1\) or more/,
    );
  });

  it("given the store, when cdk-nag's AwsSolutions pack validates it, then no finding is left unacknowledged", () => {
    const app = new App();
    const pack = new AwsSolutionsChecks(app);
    Validations.of(app).addPlugins(pack);
    const stack = new Stack(app, "ArtifactStore", { env: REGION_ENV });
    new RegionalArtifactStore(stack, "ArtifactStore", { project: "acme" });
    expect(pack.validateScope(app).violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});
