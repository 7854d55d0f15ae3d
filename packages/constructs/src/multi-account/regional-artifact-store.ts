/**
 * The artifact store of one region other than the pipelines' own, in the CI/CD account: CodePipeline copies the
 * artifacts of a cross-region action into it (its `artifactStores`), as aws-cdk-lib's Pipeline does with its
 * replication buckets. Its key carries core's artifact-key alias, the same name in every region. Beside it, the staging
 * bucket of the region: the nested-stack templates of that region's environments.
 *
 * Why a staging bucket per region: CloudFormation reads a nested stack's `TemplateURL` from S3, and a regional S3 URL
 * must name the bucket's own region. S3 answers a request for a bucket of another region with a redirect, which
 * CloudFormation reports as "S3 error: The bucket you are attempting to access must be addressed using the specified
 * endpoint" (awslabs/aws-service-catalog-factory#167, a nested stack deployed in us-east-1 from a eu-west-2 URL). The
 * demo's URL names the stack's region (`https://${TemplateBucket}.s3.${AWS::Region}.${AWS::URLSuffix}/…`), and
 * `aws cloudformation package` names the region of its `--region` (awscli's `S3Uploader.to_path_style_s3_url`: the
 * endpoint of the S3 client it makes for that region, then the bucket and key; staged-template-url.test.ts runs it),
 * which a remote build's `TRIBUTARY_TARGET_CREDENTIALS` sets to the environment's. Only the legacy global endpoint
 * (`<bucket>.s3.amazonaws.com`) reaches a bucket of any region, and only in the `aws` partition (GovCloud's and China's
 * endpoints are regional: aws-samples/aws-cloudformation-region-parity) and for regions launched before 20 March 2019
 * (the S3 User Guide's "Virtual hosting of buckets": later regions answer 400). A bucket in the environment's region is
 * right for every URL form and every partition.
 *
 * The bucket is SSE-KMS with this region's key: S3 encrypts and decrypts with a key of the bucket's own region. So a
 * target role that reads a staged template (CloudFormation's role reads a nested stack's template; the Preview role a
 * change set's `TemplateURL`) needs `s3:GetObject` in this bucket's policy and `kms:Decrypt` in this key's policy,
 * both naming the role by `aws:PrincipalArn` (the pipeline's grants put them there), and the same on its own side
 * (its target stack allows the CI/CD account's keys).
 */

import { artifactKeyAlias } from "@tributary/core";
import { Duration, PhysicalName, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

/**
 * Properties of {@link RegionalArtifactStore}.
 *
 * @example
 * const props: RegionalArtifactStoreProps = { project: "acme" };
 */
export interface RegionalArtifactStoreProps {
  /** The project: the key's alias is core's `artifactKeyAlias(project)`. */
  readonly project: string;
  /**
   * What happens to the buckets and key when the stack is deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long staged templates are kept if the pipeline's Cleanup stage never ran (as `TributaryBuckets`'
   * `stagingExpiration`).
   *
   * @default Duration.days(7)
   */
  readonly stagingExpiration?: Duration;
}

/**
 * A versioned, SSL-only, private bucket encrypted with a customer-managed key (rotated), and a staging bucket encrypted
 * with the same key whose objects expire; their names are generated when a stack of another region references them (a
 * pipeline's artifact store and staging bucket there).
 *
 * @example
 * const store = new RegionalArtifactStore(supportStack, "ArtifactStore", { project: "acme" });
 * new EnvironmentPipeline(cicd, "ProdPipeline", {
 *   ..., artifactStores: { "eu-central-1": store.bucket }, stagingBuckets: { "eu-central-1": store.stagingBucket },
 * });
 */
export class RegionalArtifactStore extends Construct {
  /** The artifact store. */
  public readonly bucket: s3.Bucket;
  /** The region's staged nested-stack templates (`staging/<pipeline>/<execution>/`); expires after `stagingExpiration`. */
  public readonly stagingBucket: s3.Bucket;
  /** Its key. */
  public readonly key: kms.Key;
  /** The key's alias (the bucket's `encryptionKey`, so that a pipeline in another region can name it). */
  public readonly alias: kms.Alias;

  constructor(scope: Construct, id: string, props: RegionalArtifactStoreProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.key = new kms.Key(this, "Key", {
      enableKeyRotation: true,
      removalPolicy,
      description: `Tributary ${props.project}: the pipelines' artifact store of this region`,
    });
    // CodePipeline's artifactStores name the key by alias ARN: the key's id is generated, the alias is core's.
    this.alias = new kms.Alias(this, "Alias", {
      aliasName: artifactKeyAlias(props.project),
      targetKey: this.key,
    });
    this.bucket = new s3.Bucket(this, "Bucket", {
      bucketName: PhysicalName.GENERATE_IF_NEEDED,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.alias,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy,
      lifecycleRules: [
        {
          id: "ExpireNoncurrentArtifacts",
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "CodePipeline's copies of the artifacts of one region, as aws-cdk-lib's replication buckets; the pipeline's own artifacts bucket in the CI/CD region keeps server access logs.",
    });
    if (props.stagingExpiration !== undefined && props.stagingExpiration.toDays({ integral: false }) < 1) {
      throw new Error(
        `RegionalArtifactStore stagingExpiration is ${props.stagingExpiration.toHumanString()}, below S3's one-day lifecycle granularity. Fix: use Duration.days(1) or more.`,
      );
    }
    this.stagingBucket = new s3.Bucket(this, "Staging", {
      bucketName: PhysicalName.GENERATE_IF_NEEDED,
      encryption: s3.BucketEncryption.KMS,
      // The key's ARN, not the alias: a target role writes here, and S3 resolves a default-encryption alias in the
      // requester's account (S3 API reference, ServerSideEncryptionByDefault.KMSMasterKeyID), where this alias does not exist.
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      lifecycleRules: [
        {
          id: "ExpireStagedTemplates",
          expiration: props.stagingExpiration ?? Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.stagingBucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Short-lived copies of the templates a build staged in this region (they expire); S3 delivers server access logs only to a bucket of the same region, and the CI/CD region's buckets keep theirs.",
    });
  }
}
