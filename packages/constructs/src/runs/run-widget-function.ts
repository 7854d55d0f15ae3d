/** The overview page's Lambda: a CloudWatch dashboard custom widget that renders the run history as HTML. */

import {
  REPORTS_BUCKET_VARIABLE,
  RUN_HISTORY_VARIABLES,
  type TributaryConfig,
  taskcatReportKey,
} from "@tributary/core";
import { Duration, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { decryptThroughS3, readProjectObjects } from "../buckets/project-objects.js";
import { runWidgetBundleCode } from "../lambda/cloner-bundle.js";
import { acknowledgeTributaryFindings } from "../nag/nag-acknowledgements.js";
import type { RunHistoryTable } from "./run-history-table.js";

/**
 * Powertools settings of the widget's logger.
 *
 * @example
 * RUN_WIDGET_POWERTOOLS_ENVIRONMENT.POWERTOOLS_SERVICE_NAME; // "tributary-run-widget"
 */
export const RUN_WIDGET_POWERTOOLS_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: "tributary-run-widget",
} as const;

/**
 * Properties of {@link RunWidgetFunction}.
 *
 * @example
 * const props: RunWidgetFunctionProps = { config, table: runs, reportsBucket: buckets.reportsBucket };
 */
export interface RunWidgetFunctionProps {
  readonly config: TributaryConfig;
  /** The run history the page shows. */
  readonly table: RunHistoryTable;
  /**
   * The reports bucket: the page links each run's TaskCat report through a presigned URL, so the function may read
   * the reports' `index.html` (and nothing else of the bucket).
   *
   * @default - the page links no report
   */
  readonly reportsBucket?: s3.IBucket;
  /**
   * How long a presigned report link stays valid.
   *
   * @default Duration.minutes(15)
   */
  readonly reportLinkDuration?: Duration;
  /**
   * The Lambda's execution role. It must trust `lambda.amazonaws.com`; the construct adds the statements listed on
   * {@link RunWidgetFunction} to it (an imported role that is not mutable gets none: grant it those yourself).
   *
   * @default - a new role, `ServiceRole`, with exactly those statements
   */
  readonly role?: iam.IRole;
  /**
   * The Lambda code.
   *
   * @default - the bundle `dist/run-widget.mjs` of `@tributary/cloner`
   */
  readonly code?: lambda.Code;
  /**
   * Retention of the function's log group.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The overview page's Lambda from `@tributary/cloner` (`run-widget.handler`, nodejs24.x, arm64), which a CloudWatch
 * dashboard's custom widget calls. IAM: `dynamodb:Query` on the run history's live rows only
 * (`RunHistoryTable.grantReadLiveRows`), `s3:GetObject` on the project's TaskCat reports (`reports/<pipeline>/<execution>/index.html`,
 * the keys its presigned URLs sign) and the bucket's key through S3 when it has one. Nobody else invokes it: a person
 * who opens the dashboard needs `lambda:InvokeFunction` on it, like any custom widget's function.
 *
 * @example
 * const widget = new RunWidgetFunction(stack, "RunWidget", { config, table: runs, reportsBucket: buckets.reportsBucket });
 * new cloudwatch.CustomWidget({ functionArn: widget.function.functionArn, title: "Runs" });
 */
export class RunWidgetFunction extends Construct implements iam.IGrantable {
  /** The widget's Lambda. */
  public readonly function: lambda.Function;
  /** The Lambda's execution role (`props.role`, or the one the construct made). */
  public readonly role: iam.IRole;
  /** The role, as the principal that grants to the widget go to. */
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: RunWidgetFunctionProps) {
    super(scope, id);
    const { config } = props;
    const linkDuration = props.reportLinkDuration ?? Duration.minutes(15);
    if (linkDuration.toSeconds() < 60 || linkDuration.toSeconds() > 43_200) {
      throw new Error(
        `RunWidgetFunction reportLinkDuration is ${linkDuration.toHumanString()}; presigned links of the Lambda's role last at most its session. Fix: use 1 minute to 12 hours, e.g. Duration.minutes(15).`,
      );
    }
    this.role =
      props.role ??
      new iam.Role(this, "ServiceRole", {
        assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
        description: `Tributary overview page of ${config.project}: reads the run history's live rows and signs TaskCat report links`,
      });
    this.grantPrincipal = this.role;
    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    logGroup.grantWrite(this);
    props.table.grantReadLiveRows(this);
    if (props.reportsBucket) this.grantSignReports(config, props.reportsBucket);

    this.function = new lambda.Function(this, "Resource", {
      description: `Tributary overview page of ${config.project}: runs of live branches and pull requests, for a CloudWatch custom widget`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "run-widget.handler",
      code: props.code ?? runWidgetBundleCode(),
      role: this.role,
      logGroup,
      memorySize: 512,
      timeout: Duration.seconds(30),
      environment: {
        ...RUN_WIDGET_POWERTOOLS_ENVIRONMENT,
        ...props.table.environment(),
        [RUN_HISTORY_VARIABLES.project]: config.project,
        [RUN_HISTORY_VARIABLES.environments]: config.environments
          .map((environment) => environment.name)
          .join(","),
        [RUN_HISTORY_VARIABLES.reportLinkSeconds]: String(linkDuration.toSeconds()),
        ...(props.reportsBucket ? { [REPORTS_BUCKET_VARIABLE]: props.reportsBucket.bucketName } : {}),
      },
    });
    Validations.of(this.function).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "PIPELINE-CONTRACT.md fixes nodejs24.x: the @tributary/cloner run-widget bundle is built (target node24) and tested for Node 24.",
    });
    acknowledgeTributaryFindings(this, config);
  }

  /** `s3:GetObject` on the project's TaskCat reports only (the page presigns them), and the key through S3. */
  private grantSignReports(config: TributaryConfig, bucket: s3.IBucket): void {
    // Only the reports' index.html of this project's pipelines and clones (core's taskcatReportKey).
    this.grantPrincipal.addToPrincipalPolicy(
      readProjectObjects(config, bucket, "SignTaskCatReports", (pipeline) => taskcatReportKey(pipeline, "*")),
    );
    const decrypt = decryptThroughS3(this, bucket, "DecryptReportsThroughS3");
    if (decrypt) this.grantPrincipal.addToPrincipalPolicy(decrypt);
  }
}
