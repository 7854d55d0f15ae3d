/** The private buckets of a Tributary project: pipeline artifacts, staged templates, TaskCat reports, access logs. */

import { Duration, PhysicalName, RemovalPolicy } from "aws-cdk-lib";
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as cxapi from "aws-cdk-lib/cx-api";
import { Construct } from "constructs";

/**
 * The three buckets an {@link EnvironmentPipeline} uses; {@link TributaryBuckets} provides them.
 *
 * @example
 * const buckets: PipelineBuckets = new TributaryBuckets(stack, "Buckets");
 * new EnvironmentPipeline(stack, "DevPipeline", { config, environment: "dev", repository, buckets });
 */
export interface PipelineBuckets {
  /** CodePipeline's artifact store (source and build outputs). */
  readonly artifactsBucket: s3.IBucket;
  /** Nested-stack templates staged under `staging/<pipeline>/<execution>/`, read by CloudFormation. */
  readonly stagingBucket: s3.IBucket;
  /** TaskCat reports under `reports/<pipeline>/<execution>/`. */
  readonly reportsBucket: s3.IBucket;
}

/**
 * Properties of {@link TributaryBuckets}.
 *
 * @example
 * const props: TributaryBucketsProps = { removalPolicy: RemovalPolicy.DESTROY, reportsExpiration: Duration.days(14) };
 * new TributaryBuckets(stack, "Buckets", props);
 */
export interface TributaryBucketsProps {
  /**
   * A customer-managed KMS key for the artifacts, staging and reports buckets. The access-logs bucket always
   * uses S3-managed keys, because S3 server access logging cannot deliver to SSE-KMS buckets.
   *
   * @default - S3-managed keys (SSE-S3) for every bucket
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * How long TaskCat reports are kept.
   *
   * @default Duration.days(30)
   */
  readonly reportsExpiration?: Duration;
  /**
   * How long staged templates are kept if the pipeline's Cleanup stage never ran (a failed execution).
   *
   * @default Duration.days(7)
   */
  readonly stagingExpiration?: Duration;
  /**
   * How long superseded versions of pipeline artifacts are kept.
   *
   * @default Duration.days(30)
   */
  readonly artifactsNoncurrentExpiration?: Duration;
  /**
   * How long server access logs are kept.
   *
   * @default Duration.days(90)
   */
  readonly accessLogsExpiration?: Duration;
  /**
   * What happens to the buckets when they leave the stack. `RemovalPolicy.DESTROY` also turns on
   * `autoDeleteObjects`, so `cdk destroy` empties and deletes them; choose it only for throw-away projects.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Private, SSL-only, encrypted buckets with server access logs: artifacts (versioned), staged templates and
 * TaskCat reports (both with lifecycle expiry), and the access-logs bucket itself.
 *
 * @example
 * const buckets = new TributaryBuckets(stack, "Buckets", { removalPolicy: RemovalPolicy.DESTROY });
 * new EnvironmentPipeline(stack, "Dev", { config, environment: "dev", repository, buckets });
 */
export class TributaryBuckets extends Construct implements PipelineBuckets {
  /** CodePipeline's artifact store; versioned. */
  public readonly artifactsBucket: s3.Bucket;
  /** Staged nested-stack templates; expires objects after `stagingExpiration`. */
  public readonly stagingBucket: s3.Bucket;
  /** TaskCat reports; expires objects after `reportsExpiration`. */
  public readonly reportsBucket: s3.Bucket;
  /** Receives the server access logs of the three other buckets. */
  public readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: TributaryBucketsProps = {}) {
    super(scope, id);
    // Deliver access logs through a bucket policy (not the legacy LogDelivery ACL), whatever the app's flags say.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    for (const [name, value] of Object.entries({
      reportsExpiration: props.reportsExpiration,
      stagingExpiration: props.stagingExpiration,
      artifactsNoncurrentExpiration: props.artifactsNoncurrentExpiration,
      accessLogsExpiration: props.accessLogsExpiration,
    })) {
      if (value !== undefined && value.toDays({ integral: false }) < 1) {
        throw new Error(
          `TributaryBuckets ${name} is ${value.toHumanString()}, below S3's one-day lifecycle granularity. Fix: use Duration.days(1) or more.`,
        );
      }
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const destroy = removalPolicy === RemovalPolicy.DESTROY;
    const common = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      autoDeleteObjects: destroy,
    } satisfies s3.BucketProps;
    const encryption = props.encryptionKey
      ? { encryption: s3.BucketEncryption.KMS, encryptionKey: props.encryptionKey, bucketKeyEnabled: true }
      : { encryption: s3.BucketEncryption.S3_MANAGED };

    // A target account's roles name these buckets: CDK generates their names only when another account's stack does.
    const crossAccountName = { bucketName: PhysicalName.GENERATE_IF_NEEDED };
    this.accessLogsBucket = new s3.Bucket(this, "AccessLogs", {
      ...common,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        { id: "ExpireAccessLogs", expiration: props.accessLogsExpiration ?? Duration.days(90) },
      ],
    });
    this.artifactsBucket = new s3.Bucket(this, "Artifacts", {
      ...common,
      ...crossAccountName,
      ...encryption,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: "artifacts/",
      lifecycleRules: [
        {
          id: "ExpireNoncurrentArtifacts",
          noncurrentVersionExpiration: props.artifactsNoncurrentExpiration ?? Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    this.stagingBucket = new s3.Bucket(this, "Staging", {
      ...common,
      ...crossAccountName,
      ...encryption,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: "staging/",
      lifecycleRules: [
        {
          id: "ExpireStagedTemplates",
          expiration: props.stagingExpiration ?? Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    this.reportsBucket = new s3.Bucket(this, "Reports", {
      ...common,
      ...crossAccountName,
      ...encryption,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: "reports/",
      lifecycleRules: [
        {
          id: "ExpireReports",
          expiration: props.reportsExpiration ?? Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }

  /**
   * Grants read access (`s3:GetObject*`, `s3:GetBucket*`, `s3:List*`, and `kms:Decrypt` with a KMS key) to the
   * TaskCat reports, for people or tools that review them.
   *
   * @example
   * buckets.grantReadReports(reviewersRole);
   */
  public grantReadReports(grantee: iam.IGrantable): iam.Grant {
    return this.reportsBucket.grantRead(grantee);
  }
}
