/** The cloner: a Lambda that turns branch and pull-request events into pipeline clones, its rules, DLQ, alarm and teardown project. */

import {
  CLONES_REFUSED_METRIC,
  clonerEnvironment,
  ownershipRule,
  PIPELINE_EXECUTION_STATE_CHANGE,
  PIPELINE_QUOTA,
  PULL_REQUEST_STATE_CHANGE,
  pipelineNamePrefix,
  pullRequestClonePrefixes,
  REFUSAL_TOPIC_VARIABLE,
  REPORTED_RUN_STATES,
  REPOSITORY_STATE_CHANGE,
  requestTagConditions,
  resourceTagConditions,
  type TributaryConfig,
  teardownProjectName,
  tributaryStackNames,
} from "@tributary/core";
import { ArnFormat, Duration, Stack, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { clonerBundleCode } from "./cloner-bundle.js";
import { deadLetterAlarm, deadLetterQueue } from "./dead-letter.js";
import { acknowledgeBundledLambdaFindings, acknowledgeTributaryFindings } from "./nag-acknowledgements.js";
import { teardownBuildSpec, teardownEnvironment } from "./teardown-buildspec.js";

/**
 * Powertools settings the cloner's logger and metrics read (PIPELINE-CONTRACT.md).
 *
 * @example
 * CLONER_POWERTOOLS_ENVIRONMENT.POWERTOOLS_METRICS_NAMESPACE; // "Tributary"
 * // PipelineCloner's Lambda: environment { ...clonerEnvironment(config), ...CLONER_POWERTOOLS_ENVIRONMENT }
 */
export const CLONER_POWERTOOLS_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: "tributary-cloner",
  POWERTOOLS_METRICS_NAMESPACE: "Tributary",
} as const;

/**
 * Properties of {@link PipelineCloner}.
 *
 * @example
 * const props: PipelineClonerProps = {
 *   config,
 *   repository: source.repository,
 *   pipelineRoles: pipelines.map((pipeline) => pipeline.role),
 *   alarmTopic: notifications.topicsFor("prod").failures,
 * };
 * new PipelineCloner(stack, "Cloner", props);
 */
export interface PipelineClonerProps {
  /** The validated Tributary config (passed to the Lambda as `TRIBUTARY_CONFIG`). */
  readonly config: TributaryConfig;
  /** The repository whose branch and pull-request events the cloner follows. */
  readonly repository: codecommit.IRepository;
  /**
   * The service roles of the environment pipelines (`EnvironmentPipeline.role`): clones reuse them, so the
   * cloner may pass exactly these roles, and only to CodePipeline.
   */
  readonly pipelineRoles: readonly iam.IRole[];
  /**
   * Topic the dead-letter-queue and refused-clones alarms notify, and the cloner publishes refused clones to.
   *
   * @default - the alarms have no action and refusals are only logged and counted
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The Lambda code.
   *
   * @default - the cloner bundle this package carries (`dist/lambda/handler.mjs`, built from `@tributary/cloner`)
   */
  readonly code?: lambda.Code;
  /**
   * The Lambda timeout (a reconciliation lists every pipeline of the account).
   *
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * The Lambda memory size in MiB.
   *
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Retention of the Lambda's and the teardown project's log groups.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The cloner Lambda from `@tributary/cloner`, started by this repository's branch and pull-request events, by the
 * finished runs of its pull-request clones (it approves or revokes the pull request's current revision; the living
 * comment is the notifier's, `PipelineNotifier.commentOnPullRequests`) and by a reconciliation schedule; failed events land in an encrypted, SSL-only dead-letter queue with an alarm.
 * It also owns the CodeBuild project that tears ephemeral stacks down. Its IAM is least privilege and follows core's
 * `ownershipRule`: pipelines under the project's prefix and tagged with the project only, updates and deletion only of
 * managed clones, `iam:PassRole` only for the pipeline roles and only to CodePipeline; the teardown deletes only
 * stacks tagged ephemeral, never the protected stacks, and never empties the app's own buckets.
 *
 * @example
 * new PipelineCloner(stack, "Cloner", {
 *   config, repository: source.repository,
 *   pipelineRoles: pipelines.map((pipeline) => pipeline.role),
 *   alarmTopic: notifications.topicsFor("prod").failures,
 * });
 */
export class PipelineCloner extends Construct {
  /** The cloner Lambda. */
  public readonly function: lambda.Function;
  /** The Lambda's execution role. */
  public readonly role: iam.Role;
  /** Dead-letter queue of the Lambda's asynchronous invocations and of the rule targets. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Alarm raised when the dead-letter queue holds a message. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  /**
   * Alarm raised when the cloner refused a clone because the region holds its pipeline limit (the account's quota
   * from Service Quotas, else `maxPipelines`) minus the headroom
   * (metric `ClonesRefused`); it clears when a reconcile refuses none.
   */
  public readonly clonesRefusedAlarm: cloudwatch.Alarm;
  /** Rule on this repository's branch events (created, updated, deleted). */
  public readonly branchRule: events.Rule;
  /** Rule on this repository's pull-request events. */
  public readonly pullRequestRule: events.Rule;
  /** Scheduled reconciliation (`config.reconcileSchedule`). */
  public readonly reconcileRule: events.Rule;
  /**
   * Rule on the finished runs (succeeded, failed, stopped) of this project's pull-request clones
   * (`<project>-<env>-pr-*`): the cloner approves or revokes the pull request's current revision.
   */
  public readonly pipelineRunRule: events.Rule;
  /** The CodeBuild project that empties and deletes ephemeral stacks (`<project>-stack-teardown`). */
  public readonly teardownProject: codebuild.Project;

  constructor(scope: Construct, id: string, props: PipelineClonerProps) {
    super(scope, id);
    const { config, repository } = props;
    if (props.pipelineRoles.length === 0) {
      throw new Error(
        "PipelineCloner pipelineRoles is empty, so clones could not be created. Fix: pass the role of every EnvironmentPipeline (pipeline.role).",
      );
    }
    const memorySize = props.memorySize ?? 512;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) {
      throw new Error(
        `PipelineCloner memorySize ${memorySize} is invalid. Fix: use a whole number of MiB in 128..10240.`,
      );
    }
    const stack = Stack.of(this);
    const ownership = ownershipRule(config);
    const prefix = ownership.namePrefix;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.deadLetterQueue = deadLetterQueue(this);

    this.teardownProject = new codebuild.Project(this, "TeardownProject", {
      projectName: teardownProjectName(config),
      description: `Empties and deletes ephemeral stacks of ${config.project} (started by the cloner with STACK_NAME)`,
      buildSpec: teardownBuildSpec(),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        environmentVariables: {
          TRIBUTARY_PROJECT: { value: config.project },
          // Core's ownership rule, handed over as data: the script checks exactly what IAM enforces.
          ...teardownEnvironment(ownership),
        },
      },
      timeout: Duration.hours(2),
      logging: {
        cloudWatch: { logGroup: new logs.LogGroup(this, "TeardownLogs", { retention: logRetention }) },
      },
    });
    const stackArn = (name: string) =>
      stack.formatArn({ service: "cloudformation", resource: "stack", resourceName: name });
    this.teardownProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadStacks",
        // Unconditioned within the prefix, so the script can tell "does not exist" from "not ephemeral".
        actions: ["cloudformation:DescribeStacks"],
        resources: [stackArn(`${prefix}*`)],
      }),
    );
    this.teardownProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "TeardownEphemeralStacks",
        // Only stacks tagged as this project's ephemeral stacks (nested stacks inherit the tags).
        actions: ["cloudformation:ListStackResources", "cloudformation:DeleteStack"],
        resources: [stackArn(`${prefix}*`)],
        conditions: { StringEquals: resourceTagConditions(ownership.ephemeralStackTags) },
      }),
    );
    this.teardownProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "NeverDeleteProtectedStacks",
        // The environments' shared stacks and the app's own stacks are never ephemeral, whatever their tags say.
        effect: iam.Effect.DENY,
        actions: ["cloudformation:DeleteStack"],
        // The stack holding this construct too, should an app name it otherwise than core's tributaryStackNames.
        resources: [...new Set([...ownership.protectedStacks, stack.stackName])].map((name) =>
          stackArn(`${name}/*`),
        ),
      }),
    );
    this.teardownProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "EmptyStackBuckets",
        actions: ["s3:ListBucketVersions", "s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: [`arn:${stack.partition}:s3:::${prefix}*`, `arn:${stack.partition}:s3:::${prefix}*/*`],
      }),
    );
    // CloudFormation names a stack's buckets <stack name, lower-cased>-<logical id>-<suffix>.
    const tributaryStacks = [
      ...new Set([...Object.values(tributaryStackNames(config)), stack.stackName.toLowerCase()]),
    ];
    this.teardownProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "NeverEmptyTributaryBuckets",
        // CloudFormation names the app's own buckets after its stacks (<project>-tributary-cicd-…).
        effect: iam.Effect.DENY,
        actions: ["s3:ListBucketVersions", "s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: tributaryStacks.flatMap((name) => [
          `arn:${stack.partition}:s3:::${name}-*`,
          `arn:${stack.partition}:s3:::${name}-*/*`,
        ]),
      }),
    );

    this.role = new iam.Role(this, "ServiceRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Tributary cloner of ${config.project}: clones pipelines named ${prefix}*`,
    });
    const logGroup = new logs.LogGroup(this, "Logs", { retention: logRetention });
    logGroup.grantWrite(this.role);
    const pipelines = stack.formatArn({
      service: "codepipeline",
      resource: `${prefix}*`,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadAndStartProjectPipelines",
        // The project tag (on the environment pipelines, which EnvironmentPipeline tags, and on every clone) keeps
        // pipelines of other projects out of reach, even under this prefix.
        actions: [
          "codepipeline:GetPipeline",
          "codepipeline:ListTagsForResource",
          "codepipeline:StartPipelineExecution",
        ],
        resources: [pipelines],
        conditions: { StringEquals: resourceTagConditions(ownership.projectTags) },
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "CreateManagedClonesOnly",
        actions: ["codepipeline:CreatePipeline"],
        resources: [pipelines],
        conditions: { StringEquals: requestTagConditions(ownership.cloneTags) },
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "TagManagedClonesOnly",
        // CreatePipeline with tags is also authorized as TagResource, on a pipeline without tags yet; an existing
        // pipeline must already be this project's managed clone, so no other pipeline can be claimed by tagging it.
        actions: ["codepipeline:TagResource"],
        resources: [pipelines],
        conditions: {
          StringEquals: requestTagConditions(ownership.cloneTags),
          StringEqualsIfExists: resourceTagConditions(ownership.cloneTags),
        },
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ChangeManagedClonesOnly",
        // Reconcile copies a changed template onto its clones and deletes stale ones: only this project's managed clones.
        actions: ["codepipeline:UpdatePipeline", "codepipeline:DeletePipeline"],
        resources: [pipelines],
        conditions: { StringEquals: resourceTagConditions(ownership.cloneTags) },
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ProtectEnvironmentPipelines",
        // Environment pipelines are never clones: the cloner may not tag them as managed, untag, change or delete them.
        effect: iam.Effect.DENY,
        actions: [
          "codepipeline:DeletePipeline",
          "codepipeline:TagResource",
          "codepipeline:UntagResource",
          "codepipeline:UpdatePipeline",
        ],
        resources: ownership.environmentPipelines.map((name) =>
          stack.formatArn({ service: "codepipeline", resource: name, arnFormat: ArnFormat.NO_RESOURCE_NAME }),
        ),
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ListPipelines",
        // codepipeline:ListPipelines supports no resource-level permissions: "*" is the only resource it accepts.
        actions: ["codepipeline:ListPipelines"],
        resources: ["*"],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "PassPipelineRolesToCodePipeline",
        actions: ["iam:PassRole"],
        resources: props.pipelineRoles.map((role) => role.roleArn),
        conditions: { StringEquals: { "iam:PassedToService": "codepipeline.amazonaws.com" } },
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadRepository",
        actions: ["codecommit:ListBranches", "codecommit:ListPullRequests", "codecommit:GetPullRequest"],
        resources: [repository.repositoryArn],
      }),
    );
    const pullRequestClones = pullRequestClonePrefixes(config).map((clonePrefix) =>
      stack.formatArn({
        service: "codepipeline",
        resource: `${clonePrefix}*`,
        arnFormat: ArnFormat.NO_RESOURCE_NAME,
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadPullRequestCloneRuns",
        // A finished run of a pull-request clone: the commit it built, for the approval of the current revision.
        actions: ["codepipeline:GetPipelineExecution"],
        resources: pullRequestClones,
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ApprovePullRequests",
        // The approval of the current revision (the approval rule names this role). The living comment is the
        // notifier's (PipelineNotifier.commentOnPullRequests).
        actions: ["codecommit:UpdatePullRequestApprovalState"],
        resources: [repository.repositoryArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "StartStackTeardown",
        actions: ["codebuild:StartBuild"],
        resources: [this.teardownProject.projectArn],
      }),
    );

    this.function = new lambda.Function(this, "Resource", {
      description: `Tributary cloner of ${config.project}: branch and pull-request pipelines`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "handler.handler",
      code: props.code ?? clonerBundleCode(),
      role: this.role,
      logGroup,
      memorySize,
      timeout: props.timeout ?? Duration.minutes(5),
      environment: {
        ...clonerEnvironment(config),
        ...CLONER_POWERTOOLS_ENVIRONMENT,
        ...(props.alarmTopic ? { [REFUSAL_TOPIC_VARIABLE]: props.alarmTopic.topicArn } : {}),
      },
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
    });

    const target = new targets.LambdaFunction(this.function, {
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 8,
      maxEventAge: Duration.hours(6),
    });
    this.branchRule = new events.Rule(this, "BranchRule", {
      description: `Branch events of ${config.repository} for the Tributary cloner`,
      eventPattern: {
        source: ["aws.codecommit"],
        detailType: [REPOSITORY_STATE_CHANGE],
        resources: [repository.repositoryArn],
        detail: {
          referenceType: ["branch"],
          event: ["referenceCreated", "referenceUpdated", "referenceDeleted"],
        },
      },
      targets: [target],
    });
    this.pullRequestRule = new events.Rule(this, "PullRequestRule", {
      description: `Pull-request events of ${config.repository} for the Tributary cloner`,
      eventPattern: {
        source: ["aws.codecommit"],
        detailType: [PULL_REQUEST_STATE_CHANGE],
        resources: [repository.repositoryArn],
        detail: {
          event: [
            "pullRequestCreated",
            "pullRequestSourceBranchUpdated",
            "pullRequestStatusChanged",
            "pullRequestMergeStatusUpdated",
          ],
        },
      },
      targets: [target],
    });
    this.pipelineRunRule = new events.Rule(this, "PipelineRunRule", {
      description: `Finished runs of the pull-request clones of ${config.project} for the Tributary cloner`,
      eventPattern: {
        source: ["aws.codepipeline"],
        detailType: [PIPELINE_EXECUTION_STATE_CHANGE],
        detail: {
          pipeline: pullRequestClonePrefixes(config).map((clonePrefix) => ({ prefix: clonePrefix })),
          state: [...REPORTED_RUN_STATES],
        },
      },
      targets: [target],
    });
    this.reconcileRule = new events.Rule(this, "ReconcileRule", {
      description: `Reconciles the pipeline clones of ${config.project} with the branches and pull requests`,
      schedule: events.Schedule.expression(config.reconcileSchedule),
      targets: [target],
    });

    this.deadLetterAlarm = deadLetterAlarm(
      this,
      this.deadLetterQueue,
      `Tributary cloner of ${config.project}: an event failed every retry and waits in the dead-letter queue`,
      props.alarmTopic,
    );
    this.clonesRefusedAlarm = this.refusals(config, props.alarmTopic);
    acknowledgeFindings(this, config);
  }

  /**
   * Refused clones: the alarm on `ClonesRefused` (maximum over an hour ≥ 1; missing data keeps the state, so it
   * stays raised between reconciles and clears when one refuses none), the cloner's permission to publish to the
   * topic, and to read and write the tag on its own function that remembers the last reconcile summary. The
   * reconcile's GetResources is granted here too: the tagging API has no resource-level permissions. So is the one
   * GetServiceQuota of a reconcile, on CodePipeline's pipeline quota only (core's `PIPELINE_QUOTA`).
   */
  private refusals(config: TributaryConfig, topic: sns.ITopic | undefined): cloudwatch.Alarm {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadPipelineQuota",
        actions: ["servicequotas:GetServiceQuota"],
        // The quota's ARN (Service Authorization Reference, resource type `quota`):
        // arn:${Partition}:servicequotas:${Region}:${Account}:${ServiceCode}/${QuotaCode}.
        resources: [
          Stack.of(this).formatArn({
            service: "servicequotas",
            resource: PIPELINE_QUOTA.resource,
            arnFormat: ArnFormat.NO_RESOURCE_NAME,
          }),
        ],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ListProjectPipelineTags",
        // tag:GetResources supports no resource-level permissions; the cloner filters by tributary:project itself.
        actions: ["tag:GetResources"],
        resources: ["*"],
      }),
    );
    // A policy of its own: it names the function, which depends on the role's default policy.
    new iam.Policy(this, "RefusalStatePolicy", {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: "TagOwnFunctionWithRefusalState",
          actions: ["tag:TagResources"],
          resources: ["*"],
        }),
        new iam.PolicyStatement({
          sid: "TagOwnFunction",
          actions: ["lambda:TagResource"],
          resources: [this.function.functionArn],
        }),
      ],
    });
    topic?.grantPublish(this.role);
    const alarm = new cloudwatch.Alarm(this, "ClonesRefusedAlarm", {
      alarmDescription: `Tributary cloner of ${config.project}: clones refused, the region holds the most pipelines it may (the quota ${PIPELINE_QUOTA.quotaCode} from Service Quotas, else maxPipelines ${config.maxPipelines}; headroom ${config.pipelineHeadroom})`,
      metric: new cloudwatch.Metric({
        namespace: CLONER_POWERTOOLS_ENVIRONMENT.POWERTOOLS_METRICS_NAMESPACE,
        metricName: CLONES_REFUSED_METRIC,
        dimensionsMap: { service: CLONER_POWERTOOLS_ENVIRONMENT.POWERTOOLS_SERVICE_NAME },
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

  /**
   * Grants `lambda:InvokeFunction` on the cloner, for tools that replay events from the dead-letter queue.
   *
   * @example
   * cloner.grantInvoke(operatorsRole);
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvoke(grantee);
  }
}

/** cdk-nag AwsSolutions findings that this construct's design accepts, each with its reason. */
function acknowledgeFindings(cloner: PipelineCloner, config: TributaryConfig): void {
  Validations.of(cloner.teardownProject).acknowledge({
    id: "AwsSolutions-CB4",
    reason:
      "The teardown project has no source and produces no artifacts: there is nothing for a KMS key to encrypt.",
  });
  acknowledgeBundledLambdaFindings(cloner.function, cloner.deadLetterQueue, "cloner");
  acknowledgeTributaryFindings(cloner, config);
}
