/**
 * What the cloner needs for its clones' whole life (issue 16): the grants that start only its own clones and read any
 * pipeline's tags under the project's prefix, the continuation of a reconcile that ran out of time, the runs' start
 * times (the idle clock) and the idle notices. (The teardown build's reads of the clones that may still deploy a
 * stack are `StackTeardown`'s.)
 */

import {
  IDLE_NOTICE_EVENT,
  ownershipRule,
  PIPELINE_EXECUTION_STATE_CHANGE,
  RECONCILE_CONTINUATION,
  resourceTagConditions,
  SOURCE_CLOSED_EVENT,
  type TributaryConfig,
} from "@tributary/core";
import { ArnFormat, Duration, Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/**
 * The pipelines under the project's prefix (`arn:…:codepipeline:<region>:<account>:<project>-*`).
 *
 * @example
 * projectPipelinesArn(stack, config); // "arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:acme-*"
 */
export function projectPipelinesArn(scope: Construct, config: Pick<TributaryConfig, "project">): string {
  return Stack.of(scope).formatArn({
    service: "codepipeline",
    resource: `${ownershipRule({ project: config.project, environments: [] }).namePrefix}*`,
    arnFormat: ArnFormat.NO_RESOURCE_NAME,
  });
}

/**
 * The cloner's statements for its clones' life. Starts: only this project's managed clones (both tags, so a pipeline
 * tagged with the project but made by hand is out of reach). Tag reads: every pipeline under the prefix, without a
 * tag condition, so that a missing pipeline answers "not found" and a foreign one shows its tags (the one extra read
 * after a denied start), and a denied read means a missing grant. PutEvents: only the cloner's own events
 * (`RECONCILE_CONTINUATION`, `IDLE_NOTICE_EVENT`, and with a GitHub source `SOURCE_CLOSED_EVENT`) on the default bus.
 *
 * @example
 * for (const statement of clonerLifecycleStatements(stack, config)) role.addToPolicy(statement);
 */
export function clonerLifecycleStatements(scope: Construct, config: TributaryConfig): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const pipelines = projectPipelinesArn(scope, config);
  return [
    new iam.PolicyStatement({
      sid: "StartManagedClonesOnly",
      actions: ["codepipeline:StartPipelineExecution"],
      resources: [pipelines],
      conditions: { StringEquals: resourceTagConditions(ownershipRule(config).cloneTags) },
    }),
    new iam.PolicyStatement({
      sid: "ReadPipelineTagsUnderPrefix",
      actions: ["codepipeline:ListTagsForResource"],
      resources: [pipelines],
    }),
    new iam.PolicyStatement({
      sid: "PutOwnEvents",
      actions: ["events:PutEvents"],
      resources: [stack.formatArn({ service: "events", resource: "event-bus", resourceName: "default" })],
      conditions: {
        "ForAllValues:StringEquals": {
          "events:source": [RECONCILE_CONTINUATION.source],
          "events:detail-type": [
            RECONCILE_CONTINUATION.detailType,
            IDLE_NOTICE_EVENT.detailType,
            // A GitHub source's closed branches and pull requests, for the run history (CodeCommit puts its own).
            ...(config.source.provider === "github" ? [SOURCE_CLOSED_EVENT.detailType] : []),
          ],
        },
      },
    }),
  ];
}

/**
 * Properties of {@link CloneLifecycleRules}.
 *
 * @example
 * const props: CloneLifecycleRulesProps = { config, function: cloner.function, deadLetterQueue: cloner.deadLetterQueue };
 */
export interface CloneLifecycleRulesProps {
  readonly config: TributaryConfig;
  /** The cloner Lambda. */
  readonly function: lambda.IFunction;
  /** The cloner's dead-letter queue (the rules' targets use it, with the other rules' retries). */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * The cloner's rules for its clones' life: a reconcile's continuation comes back to the cloner (`continuationRule`),
 * and so does every clone's run start (`runStartedRule`, the idle clock's `tributary:last-run`), with the retries and
 * dead-letter queue of the cloner's other rules.
 *
 * @example
 * new CloneLifecycleRules(cloner, "Lifecycle", { config, function: cloner.function, deadLetterQueue: cloner.deadLetterQueue });
 */
export class CloneLifecycleRules extends Construct {
  /** Brings a reconcile's next round back to the cloner (`RECONCILE_CONTINUATION`). */
  public readonly continuationRule: events.Rule;
  /** The runs that start on this project's clones (`<project>-<env>-…`), for their idle clocks. */
  public readonly runStartedRule: events.Rule;

  constructor(scope: Construct, id: string, props: CloneLifecycleRulesProps) {
    super(scope, id);
    const { config } = props;
    const target = new targets.LambdaFunction(props.function, {
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 8,
      maxEventAge: Duration.hours(6),
    });
    this.continuationRule = new events.Rule(this, "ContinuationRule", {
      description: `Continues a reconcile of ${config.project} that ran out of time`,
      eventPattern: {
        source: [RECONCILE_CONTINUATION.source],
        detailType: [RECONCILE_CONTINUATION.detailType],
        account: [Stack.of(this).account],
      },
      targets: [target],
    });
    this.runStartedRule = new events.Rule(this, "RunStartedRule", {
      description: `Runs that start on the clones of ${config.project}, for their idle clocks`,
      eventPattern: {
        source: ["aws.codepipeline"],
        detailType: [PIPELINE_EXECUTION_STATE_CHANGE],
        detail: {
          pipeline: config.environments.map((environment) => ({ prefix: `${environment.pipelineName}-` })),
          state: ["STARTED"],
        },
      },
      targets: [target],
    });
  }
}
