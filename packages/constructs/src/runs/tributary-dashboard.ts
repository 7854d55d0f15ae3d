/**
 * One CloudWatch dashboard for a Tributary project: DORA's four keys for the production environment, the operational
 * view (runs, success rate and stage durations per environment; the cloner's clones, refusals, failures and dead
 * letters), and the overview page of every live branch and pull request (a custom widget).
 */

import {
  CLONES_REFUSED_METRIC,
  doraEnvironment,
  RUN_METRIC_DIMENSIONS,
  RUN_METRICS,
  type TributaryConfig,
} from "@tributary/core";
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { Construct } from "constructs";
import { CLONER_POWERTOOLS_ENVIRONMENT, type PipelineCloner } from "../cloner/pipeline-cloner.js";
import {
  NOTIFIER_POWERTOOLS_ENVIRONMENT,
  type PipelineNotifier,
} from "../notifications/pipeline-notifier.js";
import type { RunWidgetFunction } from "./run-widget-function.js";

/**
 * Properties of {@link TributaryDashboard}.
 *
 * @example
 * const props: TributaryDashboardProps = { config, widget, cloner, notifier: notifications.notifier };
 */
export interface TributaryDashboardProps {
  readonly config: TributaryConfig;
  /**
   * The overview page's function: the dashboard ends with its custom widget.
   *
   * @default - no overview page
   */
  readonly widget?: RunWidgetFunction;
  /**
   * The cloner, for its clone counts, refusals, failures and dead letters.
   *
   * @default - no cloner row
   */
  readonly cloner?: PipelineCloner;
  /**
   * The notifier, for its dead letters.
   *
   * @default - the notifier's dead-letter queue is not shown
   */
  readonly notifier?: PipelineNotifier;
  /**
   * The environment whose DORA keys are shown.
   *
   * @default - core's `doraEnvironment`: the one that deploys the main branch (prod)
   */
  readonly doraEnvironment?: string;
  /**
   * The dashboard's name.
   *
   * @default `${project}-tributary`
   */
  readonly dashboardName?: string;
}

const NAMESPACE = NOTIFIER_POWERTOOLS_ENVIRONMENT.POWERTOOLS_METRICS_NAMESPACE;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * The dashboard. Its DORA widgets read the metrics the notifier publishes as runs finish (core's `RUN_METRICS`,
 * dimensions `service` and `environment`); each widget's title says what it computes.
 *
 * @example
 * new TributaryDashboard(stack, "Dashboard", { config, widget, cloner, notifier: notifications.notifier });
 */
export class TributaryDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The widgets, row by row (each row at most 24 columns wide). */
  public readonly rows: readonly (readonly cloudwatch.IWidget[])[];
  /** The environment whose DORA keys it shows. */
  public readonly doraEnvironment: string;

  constructor(scope: Construct, id: string, props: TributaryDashboardProps) {
    super(scope, id);
    const { config } = props;
    const production = props.doraEnvironment ?? doraEnvironment(config);
    if (!config.environments.some((environment) => environment.name === production)) {
      throw new Error(
        `TributaryDashboard doraEnvironment ${JSON.stringify(production)} is not an environment of the config. Fix: use one of ${config.environments.map((environment) => environment.name).join(", ")}.`,
      );
    }
    this.doraEnvironment = production;
    const notifierService = NOTIFIER_POWERTOOLS_ENVIRONMENT.POWERTOOLS_SERVICE_NAME;
    const run = (name: string, environment: string, statistic: string, period: Duration, label?: string) =>
      new cloudwatch.Metric({
        namespace: NAMESPACE,
        metricName: name,
        dimensionsMap: { service: notifierService, [RUN_METRIC_DIMENSIONS.environment]: environment },
        statistic,
        period,
        ...(label ? { label } : {}),
      });
    const day = Duration.days(1);
    const week = Duration.days(7);
    const deployments = run(RUN_METRICS.deployments, production, "Sum", week);
    const failed = run(RUN_METRICS.failedDeployments, production, "Sum", week);
    // Each id names one metric within a widget (CloudWatch refuses one id for two metrics).
    const hours = (id: string, metric: cloudwatch.Metric, label: string) =>
      new cloudwatch.MathExpression({
        expression: `${id} / ${HOUR_MS}`,
        usingMetrics: { [id]: metric },
        label,
        period: metric.period,
      });

    const rows: cloudwatch.IWidget[][] = [];
    rows.push([
      new cloudwatch.TextWidget({
        markdown: `## DORA's four keys: ${production}\nFrom the run history: a deployment is a finished run of a pipeline that deploys the ${production} shared stack and started its Deploy stage; it failed when Deploy failed or the next deployment is a hotfix. Lead time runs from the deployed commit's time to the end of Deploy; recovery from a failed deployment's end to the next good deployment's end. The README derives each one.`,
        width: 24,
        height: 2,
      }),
    ]);
    rows.push([
      new cloudwatch.SingleValueWidget({
        title: `${production}: the four keys over the dashboard's time range`,
        metrics: [
          run(RUN_METRICS.deployments, production, "Sum", day, "Deployments"),
          new cloudwatch.MathExpression({
            expression: "IF(d > 0, 100 * f / d, 0)",
            usingMetrics: {
              f: run(RUN_METRICS.failedDeployments, production, "Sum", day),
              d: run(RUN_METRICS.deployments, production, "Sum", day),
            },
            label: "Change fail rate (%)",
          }),
          hours(
            "lead",
            run(RUN_METRICS.changeLeadTime, production, "p50", day),
            "Change lead time, median (h)",
          ),
          hours(
            "recovery",
            run(RUN_METRICS.recoveryTime, production, "p50", day),
            "Failed deployment recovery time, median (h)",
          ),
        ],
        setPeriodToTimeRange: true,
        width: 24,
        height: 3,
      }),
    ]);
    // A duration's median and 90th percentile per week, in hours.
    const percentileHours = (title: string, metric: string) =>
      new cloudwatch.GraphWidget({
        title,
        left: [
          hours("p50", run(metric, production, "p50", week), "median"),
          hours("p90", run(metric, production, "p90", week), "90th percentile"),
        ],
        leftYAxis: { min: 0, label: "hours", showUnits: false },
        width: 6,
      });
    rows.push([
      new cloudwatch.GraphWidget({
        title: "Deployment frequency: deployments per day",
        left: [run(RUN_METRICS.deployments, production, "Sum", day, "deployments")],
        leftYAxis: { min: 0, label: "deployments", showUnits: false },
        width: 6,
      }),
      percentileHours("Change lead time: commit to deployed (hours)", RUN_METRICS.changeLeadTime),
      new cloudwatch.GraphWidget({
        title: "Change fail rate: failed / all deployments per week (%)",
        left: [
          new cloudwatch.MathExpression({
            expression: "IF(d > 0, 100 * f / d, 0)",
            usingMetrics: { f: failed, d: deployments },
            label: "change fail rate",
            period: week,
          }),
        ],
        leftYAxis: { min: 0, max: 100, label: "%", showUnits: false },
        width: 6,
      }),
      percentileHours("Failed deployment recovery time (hours)", RUN_METRICS.recoveryTime),
    ]);
    rows.push([
      new cloudwatch.GraphWidget({
        title: "Runs per environment (per day)",
        left: config.environments.map((environment) =>
          run(RUN_METRICS.runs, environment.name, "Sum", day, environment.name),
        ),
        leftYAxis: { min: 0, label: "runs", showUnits: false },
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: "Success rate per environment (%)",
        left: config.environments.map(
          (environment, index) =>
            new cloudwatch.MathExpression({
              expression: `100 * s${index}`,
              usingMetrics: {
                [`s${index}`]: run(RUN_METRICS.runsSucceeded, environment.name, "Average", day),
              },
              label: environment.name,
              period: day,
            }),
        ),
        leftYAxis: { min: 0, max: 100, label: "%", showUnits: false },
        width: 6,
      }),
      ...(["p50", "p90"] as const).map(
        (statistic) =>
          new cloudwatch.GraphWidget({
            title: `Stage durations, ${statistic} (minutes), per environment and stage`,
            left: [
              new cloudwatch.MathExpression({
                // Every stage of every environment, without listing them: the search finds what the notifier published.
                expression: `SEARCH('{${NAMESPACE},${RUN_METRIC_DIMENSIONS.environment},service,${RUN_METRIC_DIMENSIONS.stage}} MetricName="${RUN_METRICS.stageDuration}" service="${notifierService}"', '${statistic}', 86400) / ${MINUTE_MS}`,
                label: "",
                period: day,
              }),
            ],
            leftYAxis: { min: 0, label: "minutes", showUnits: false },
            width: 6,
          }),
      ),
    ]);
    if (props.cloner) {
      const clonerService = CLONER_POWERTOOLS_ENVIRONMENT.POWERTOOLS_SERVICE_NAME;
      const cloner = (name: string, statistic: string, label: string) =>
        new cloudwatch.Metric({
          namespace: NAMESPACE,
          metricName: name,
          dimensionsMap: { service: clonerService },
          statistic,
          period: Duration.hours(1),
          label,
        });
      rows.push([
        new cloudwatch.GraphWidget({
          title:
            "Clones: created, updated, deleted and refused per hour (updates are reconcile repairs of drifted clones)",
          left: [
            cloner("PipelinesCreated", "Sum", "created"),
            cloner("PipelinesUpdated", "Sum", "updated (reconcile)"),
            cloner("PipelinesDeleted", "Sum", "deleted"),
          ],
          right: [cloner(CLONES_REFUSED_METRIC, "Maximum", "refused")],
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: "The cloner's and the notifier's failures and dead letters",
          left: [
            new cloudwatch.MathExpression({
              expression: `SEARCH('{${NAMESPACE},reason,service} MetricName="Failures"', 'Sum', 3600)`,
              label: "",
              period: Duration.hours(1),
            }),
          ],
          right: [
            props.cloner.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
              label: "cloner dead letters",
              statistic: "Maximum",
              period: Duration.minutes(5),
            }),
            ...(props.notifier
              ? [
                  props.notifier.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
                    label: "notifier dead letters",
                    statistic: "Maximum",
                    period: Duration.minutes(5),
                  }),
                ]
              : []),
          ],
          width: 12,
        }),
      ]);
    }
    if (props.widget) {
      rows.push([
        new cloudwatch.CustomWidget({
          functionArn: props.widget.function.functionArn,
          title:
            "Live branches and pull requests: latest run (parameters: environment, kind, failedOnly, rows)",
          params: { rows: 100 },
          updateOnRefresh: true,
          updateOnResize: false,
          updateOnTimeRangeChange: false,
          width: 24,
          height: 14,
        }),
      ]);
    }
    this.rows = rows;
    this.dashboard = new cloudwatch.Dashboard(this, "Resource", {
      dashboardName: props.dashboardName ?? `${config.project}-tributary`,
      defaultInterval: Duration.days(90),
      widgets: rows,
    });
    // CDK tags dashboards, but AWS::CloudWatch::Dashboard takes no Tags in CloudFormation's schema (cfn-lint E3002):
    // an app-wide Tags.of(app) must not reach it.
    (this.dashboard.node.defaultChild as cloudwatch.CfnDashboard).addPropertyDeletionOverride("Tags");
  }
}
