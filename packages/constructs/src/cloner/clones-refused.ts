/** Refused clones: the cloner's grants to read the pipeline quota and remember its last reconcile, and the alarm on ClonesRefused. */

import { CLONES_REFUSED_METRIC, PIPELINE_QUOTA, type TributaryConfig } from "@tributary/core";
import { ArnFormat, Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";

/**
 * Where the cloner's logger and metrics go: the alarm reads the metric in the same namespace and service.
 *
 * @example
 * const metrics: ClonerMetrics = { namespace: "Tributary", service: "tributary-cloner" };
 */
export interface ClonerMetrics {
  readonly namespace: string;
  readonly service: string;
}

/**
 * Refused clones, in `scope`: the role may read CodePipeline's pipeline quota (core's `PIPELINE_QUOTA`, the one
 * GetServiceQuota of a reconcile), list the project's pipelines by tag (`tag:GetResources`, which has no resource-level
 * permissions), tag its own function with the last reconcile summary (policy `RefusalStatePolicy`, apart from the
 * default policy because it names the function, which depends on that policy) and publish to `topic`; and the alarm
 * `ClonesRefusedAlarm` on `ClonesRefused` (maximum over an hour ≥ 1; missing data keeps the state, so it stays raised
 * between reconciles and clears when one refuses none).
 *
 * @example
 * this.clonesRefusedAlarm = clonesRefused(this, { config, role, fn, topic, metrics });
 */
export function clonesRefused(
  scope: Construct,
  options: {
    readonly config: Pick<TributaryConfig, "project" | "maxPipelines" | "pipelineHeadroom">;
    readonly role: iam.IRole;
    readonly fn: lambda.IFunction;
    readonly topic: sns.ITopic | undefined;
    readonly metrics: ClonerMetrics;
  },
): cloudwatch.Alarm {
  const { config, role, fn, topic, metrics } = options;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "ReadPipelineQuota",
      actions: ["servicequotas:GetServiceQuota"],
      // The quota's ARN (Service Authorization Reference, resource type `quota`):
      // arn:${Partition}:servicequotas:${Region}:${Account}:${ServiceCode}/${QuotaCode}.
      resources: [
        Stack.of(scope).formatArn({
          service: "servicequotas",
          resource: PIPELINE_QUOTA.resource,
          arnFormat: ArnFormat.NO_RESOURCE_NAME,
        }),
      ],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "ListProjectPipelineTags",
      // tag:GetResources supports no resource-level permissions; the cloner filters by tributary:project itself.
      actions: ["tag:GetResources"],
      resources: ["*"],
    }),
  );
  new iam.Policy(scope, "RefusalStatePolicy", {
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        sid: "TagOwnFunctionWithRefusalState",
        actions: ["tag:TagResources"],
        resources: ["*"],
      }),
      new iam.PolicyStatement({
        sid: "TagOwnFunction",
        actions: ["lambda:TagResource"],
        resources: [fn.functionArn],
      }),
    ],
  });
  topic?.grantPublish(role);
  const alarm = new cloudwatch.Alarm(scope, "ClonesRefusedAlarm", {
    alarmDescription: `Tributary cloner of ${config.project}: clones refused, the region holds the most pipelines it may (the quota ${PIPELINE_QUOTA.quotaCode} from Service Quotas, else maxPipelines ${config.maxPipelines}; headroom ${config.pipelineHeadroom})`,
    metric: new cloudwatch.Metric({
      namespace: metrics.namespace,
      metricName: CLONES_REFUSED_METRIC,
      dimensionsMap: { service: metrics.service },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.hours(1),
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
  });
  if (topic) alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
  return alarm;
}
