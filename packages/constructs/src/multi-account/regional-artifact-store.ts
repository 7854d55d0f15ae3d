/**
 * The artifact store of one region other than the pipelines' own, in the CI/CD account: CodePipeline copies the
 * artifacts of a cross-region action into it (its `artifactStores`), as aws-cdk-lib's Pipeline does with its
 * replication buckets. Its key carries core's artifact-key alias, the same name in every region.
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
   * What happens to the bucket and key when the stack is deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A versioned, SSL-only, private bucket encrypted with a customer-managed key (rotated), whose name is generated when
 * a stack of another region references it (a pipeline's artifact store there).
 *
 * @example
 * const store = new RegionalArtifactStore(supportStack, "ArtifactStore", { project: "acme" });
 * new EnvironmentPipeline(cicd, "ProdPipeline", { ..., artifactStores: { "eu-central-1": store.bucket } });
 */
export class RegionalArtifactStore extends Construct {
  /** The artifact store. */
  public readonly bucket: s3.Bucket;
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
  }
}
