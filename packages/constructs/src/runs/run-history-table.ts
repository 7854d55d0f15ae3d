/** The run-history table: every run of every pipeline and clone, DynamoDB on demand, KMS-encrypted, with point-in-time recovery and a TTL. */

import {
  DEPLOYMENTS_INDEX,
  LIVE_PARTITION,
  RUN_HISTORY_VARIABLES,
  RUN_TABLE_ATTRIBUTES,
  runHistoryTableName,
  type TributaryConfig,
} from "@tributary/core";
import { RemovalPolicy, Stack } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";

/**
 * Properties of {@link RunHistoryTable}.
 *
 * @example
 * const props: RunHistoryTableProps = { config, removalPolicy: RemovalPolicy.RETAIN };
 */
export interface RunHistoryTableProps {
  /** The validated Tributary config: the project names the table, `runHistory.ttlDays` sets how long runs stay. */
  readonly config: TributaryConfig;
  /**
   * The customer-managed KMS key that encrypts the table (`SSESpecification`, `KMSMasterKeyId`).
   *
   * @default - a new key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * What `cdk destroy` does with the table (and the key it created).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The run history's DynamoDB table, named by core (`runHistoryTableName`, `<project>-tributary-runs`) with core's key
 * design (`pk`/`sk`, the sparse `Deployments` index): on-demand billing, encrypted with a customer-managed KMS key,
 * point-in-time recovery on, items expiring at `expiresAt` (`runHistory.ttlDays` after the run started). The notifier
 * records runs through {@link RunHistoryTable.grantRecordRuns}; the overview page reads through
 * {@link RunHistoryTable.grantReadLiveRows}.
 *
 * @example
 * const runs = new RunHistoryTable(stack, "RunHistory", { config });
 * notifications.notifier.recordRuns({ table: runs, repository, reportsBucket: buckets.reportsBucket });
 */
export class RunHistoryTable extends Construct {
  /** The table. */
  public readonly table: dynamodb.Table;
  /** The key that encrypts it. */
  public readonly encryptionKey: kms.IKey;
  /** Days a run stays (the config's `runHistory.ttlDays`). */
  public readonly ttlDays: number;

  constructor(scope: Construct, id: string, props: RunHistoryTableProps) {
    super(scope, id);
    const { config } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.ttlDays = config.runHistory.ttlDays;
    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, "Key", {
        description: `Encrypts the Tributary run history of ${config.project}`,
        enableKeyRotation: true,
        removalPolicy,
      });
    const { partitionKey, sortKey, deploymentsPartitionKey, deploymentsSortKey, ttl } = RUN_TABLE_ATTRIBUTES;
    this.table = new dynamodb.Table(this, "Resource", {
      tableName: runHistoryTableName(config),
      partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: ttl,
      removalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: DEPLOYMENTS_INDEX,
      partitionKey: { name: deploymentsPartitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: deploymentsSortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }

  /**
   * The environment variables that point a Tributary Lambda at this table (core's `RUN_HISTORY_VARIABLES`).
   *
   * @example
   * fn.addEnvironment(...Object.entries(runs.environment())[0]);
   */
  public environment(): Record<string, string> {
    return {
      [RUN_HISTORY_VARIABLES.table]: this.table.tableName,
      [RUN_HISTORY_VARIABLES.ttlDays]: String(this.ttlDays),
    };
  }

  /** Use of the key, through DynamoDB only. */
  private grantKey(grantee: iam.IGrantable, actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.encryptionKey.keyArn],
      conditions: { StringEquals: { "kms:ViaService": `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
    });
  }

  /**
   * Lets the notifier record runs, and nothing more: `dynamodb:PutItem` on the table (the conditional puts of core's
   * merge rule; it never reads or deletes an item) and `dynamodb:Query` on the Deployments index only (the previous
   * deployments DORA compares a finished one with), with the key through DynamoDB (`kms:Decrypt`, `kms:Encrypt`,
   * `kms:GenerateDataKey*`).
   *
   * @example
   * runs.grantRecordRuns(notifier.role);
   */
  public grantRecordRuns(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:PutItem"],
      resourceArns: [this.table.tableArn],
    })
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: ["dynamodb:Query"],
          resourceArns: [`${this.table.tableArn}/index/${DEPLOYMENTS_INDEX}`],
        }),
      )
      .combine(this.grantKey(grantee, ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"]));
  }

  /**
   * Lets the overview page read the live rows, and nothing more: `dynamodb:Query` on the table when every partition key
   * it reads is `LIVE` (the `dynamodb:LeadingKeys` condition), and `kms:Decrypt` through DynamoDB.
   *
   * @example
   * runs.grantReadLiveRows(widget.role);
   */
  public grantReadLiveRows(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:Query"],
      resourceArns: [this.table.tableArn],
      conditions: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [LIVE_PARTITION] } },
    }).combine(this.grantKey(grantee, ["kms:Decrypt"]));
  }
}
