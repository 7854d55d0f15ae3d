/** The cloner: a Lambda that turns branch and pull-request events into pipeline clones, its rules, DLQ, alarms and stack teardown. */

import {
  clonerEnvironment,
  GITHUB_ENVIRONMENT,
  pipelineNamePrefix,
  REFUSAL_TOPIC_VARIABLE,
  TARGET_LISTINGS_VARIABLE,
  type TargetListingSource,
  type TributaryConfig,
} from "@tributary/core";
import { Duration, Stack } from "aws-cdk-lib";
import type * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import type * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { clonerBundleCode } from "../lambda/cloner-bundle.js";
import { deadLetterAlarm, deadLetterQueue } from "../lambda/dead-letter.js";
import {
  acknowledgeBundledLambdaFindings,
  acknowledgeTributaryFindings,
} from "../nag/nag-acknowledgements.js";
import { StackTeardown } from "../stack-teardown/stack-teardown.js";
import { CloneLifecycleRules } from "./clone-lifecycle.js";
import {
  type ClonerGitHubResources,
  type ClonerTargetListings,
  clonerStatements,
} from "./cloner-permissions.js";
import { clonerRules } from "./cloner-rules.js";
import { clonesRefused } from "./clones-refused.js";

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
  /** The validated Tributary config: the Lambda reads all of it (`TRIBUTARY_CONFIG`), and its IAM follows core's ownership rule. */
  readonly config: TributaryConfig;
  /**
   * The CodeCommit repository whose branch and pull-request events the cloner follows (a CodeCommit source).
   *
   * @default - none: a GitHub source gives `gitHub` instead (its deliveries arrive through {@link GitHubWebhook})
   */
  readonly repository?: codecommit.IRepository;
  /**
   * A GitHub source's credentials secret (`GitHubSource.credentials`) and the bucket the reconcile keeps its listing
   * pages in (e.g. `TributaryBuckets.artifactsBucket`). Required when `config.source.provider` is `github`.
   *
   * @default - none (a CodeCommit source)
   */
  readonly gitHub?: ClonerGitHubResources;
  /**
   * Where the reconcile reads the stack listings of environments in other accounts or regions (the artifacts bucket
   * and the targets), so that it sweeps their ephemeral stacks too: the cloner gets `TRIBUTARY_TARGET_LISTINGS`,
   * s3:GetObject on the bucket's `tributary/target-stacks/*` keys only and kms:Decrypt with the bucket's key through S3;
   * it never gets a role in a target account. The teardown project lists them, in its list-targets mode, and may
   * write them there (`writeTargetListingsTo`, called for this bucket).
   *
   * @default - none: every environment deploys in the CI/CD account and region
   */
  readonly targetListings?: ClonerTargetListings;
  /**
   * The service roles of the environment pipelines (`EnvironmentPipeline.role`): clones reuse them, so the
   * cloner may pass exactly these roles, and only to CodePipeline.
   */
  readonly pipelineRoles: readonly iam.IRole[];
  /**
   * The Lambda's execution role. It must trust `lambda.amazonaws.com`; the construct adds the statements listed under
   * Security to it (an imported role that is not mutable gets none: grant it those yourself).
   *
   * @default - a new role, `ServiceRole`, with exactly those statements
   */
  readonly role?: iam.IRole;
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
   * Retention of the Lambda's and the stack teardown's log groups.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The cloner Lambda from `@tributary/cloner`, started by this repository's branch and pull-request events, by the
 * finished runs of its pull-request clones (it approves or revokes the pull request's current revision; the living
 * comment is the notifier's, `PipelineNotifier.commentOnPullRequests`) and by a reconciliation schedule; failed events
 * land in an encrypted, SSL-only dead-letter queue with an alarm. It starts the {@link StackTeardown} project, which
 * it owns. Its IAM is least privilege and follows core's `ownershipRule`: pipelines under the project's prefix and
 * tagged with the project only, updates and deletion only of managed clones, `iam:PassRole` only for the pipeline
 * roles and only to CodePipeline. It is the principal of its role (`grantPrincipal`), so grants to it land there.
 *
 * @example
 * new PipelineCloner(stack, "Cloner", {
 *   config, repository: source.repository,
 *   pipelineRoles: pipelines.map((pipeline) => pipeline.role),
 *   alarmTopic: notifications.topicsFor("prod").failures,
 * });
 */
export class PipelineCloner extends Construct implements iam.IGrantable {
  /** The cloner Lambda. */
  public readonly function: lambda.Function;
  /** The Lambda's execution role (`props.role`, or the one the construct made). */
  public readonly role: iam.IRole;
  /** The role, as the principal that grants to the cloner go to. */
  public readonly grantPrincipal: iam.IPrincipal;
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
  /**
   * Rule on this repository's branch events (created, updated, deleted); `undefined` for a GitHub source, whose
   * deliveries reach the cloner through {@link GitHubWebhook}.
   */
  public readonly branchRule: events.Rule | undefined;
  /** Rule on this repository's pull-request events; `undefined` for a GitHub source. */
  public readonly pullRequestRule: events.Rule | undefined;
  /** Scheduled reconciliation (`config.reconcileSchedule`). */
  public readonly reconcileRule: events.Rule;
  /**
   * Rule on the finished runs (succeeded, failed, stopped) of this project's pull-request clones
   * (`<project>-<env>-pr-*`): the cloner approves or revokes the pull request's current revision.
   */
  public readonly pipelineRunRule: events.Rule;
  /** The CodeBuild project that empties and deletes ephemeral stacks (`<project>-stack-teardown`). */
  public readonly teardownProject: StackTeardown;
  /** The rules of the clones' life: a reconcile's continuation, and the runs that start (the idle clocks). */
  public readonly lifecycle: CloneLifecycleRules;

  constructor(scope: Construct, id: string, props: PipelineClonerProps) {
    super(scope, id);
    const { config, repository } = props;
    assertSourceResources(config, props);
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
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    if (props.targetListings !== undefined && props.targetListings.targets.length === 0) {
      throw new Error(
        "PipelineCloner targetListings has no targets, so no listing would ever be read. Fix: leave targetListings out when every environment deploys in the CI/CD account and region, or pass the remote targets (core's deploymentTargets).",
      );
    }

    this.deadLetterQueue = deadLetterQueue(this);
    this.teardownProject = new StackTeardown(this, "TeardownProject", {
      config,
      logging: {
        cloudWatch: { logGroup: new logs.LogGroup(this, "TeardownLogs", { retention: logRetention }) },
      },
    });
    // The listings the cloner reads are the ones the teardown project's listing mode writes (it reads no target account).
    if (props.targetListings) this.teardownProject.writeTargetListingsTo(props.targetListings.bucket);

    this.role =
      props.role ??
      new iam.Role(this, "ServiceRole", {
        assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
        description: `Tributary cloner of ${config.project}: clones pipelines named ${pipelineNamePrefix(config)}*`,
      });
    this.grantPrincipal = this.role;
    const logGroup = new logs.LogGroup(this, "Logs", { retention: logRetention });
    logGroup.grantWrite(this.role);
    for (const statement of clonerStatements(this, config, {
      repository,
      ...(props.gitHub ? { gitHub: props.gitHub } : {}),
      pipelineRoles: props.pipelineRoles,
      teardownProjectArn: this.teardownProject.projectArn,
      ...(props.targetListings ? { targetListings: props.targetListings } : {}),
    })) {
      this.role.addToPrincipalPolicy(statement);
    }

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
        ...(props.gitHub
          ? {
              [GITHUB_ENVIRONMENT.credentialsSecret]: props.gitHub.credentials.secretArn,
              [GITHUB_ENVIRONMENT.listingCacheBucket]: props.gitHub.listingCacheBucket.bucketName,
            }
          : {}),
        ...(props.targetListings
          ? { [TARGET_LISTINGS_VARIABLE]: targetListingsValue(this, props.targetListings) }
          : {}),
      },
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
    });

    const rules = clonerRules(
      this,
      config,
      repository,
      new targets.LambdaFunction(this.function, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
      }),
    );
    this.branchRule = rules.branchRule;
    this.pullRequestRule = rules.pullRequestRule;
    this.pipelineRunRule = rules.pipelineRunRule;
    this.reconcileRule = rules.reconcileRule;
    this.lifecycle = new CloneLifecycleRules(this, "Lifecycle", {
      config,
      function: this.function,
      deadLetterQueue: this.deadLetterQueue,
    });

    this.deadLetterAlarm = deadLetterAlarm(
      this,
      this.deadLetterQueue,
      `Tributary cloner of ${config.project}: an event failed every retry and waits in the dead-letter queue`,
      props.alarmTopic,
    );
    this.clonesRefusedAlarm = clonesRefused(this, {
      config,
      role: this.role,
      fn: this.function,
      topic: props.alarmTopic,
      metrics: {
        namespace: CLONER_POWERTOOLS_ENVIRONMENT.POWERTOOLS_METRICS_NAMESPACE,
        service: CLONER_POWERTOOLS_ENVIRONMENT.POWERTOOLS_SERVICE_NAME,
      },
    });
    acknowledgeBundledLambdaFindings(this.function, this.deadLetterQueue, "cloner");
    acknowledgeTributaryFindings(this, config);
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

/** A CodeCommit source needs `repository`, a GitHub source `gitHub`; neither takes the other's. */
function assertSourceResources(config: TributaryConfig, props: PipelineClonerProps): void {
  if (config.source.provider === "github") {
    if (props.gitHub === undefined) {
      throw new Error(
        `PipelineCloner for the GitHub repository ${config.repository} has no gitHub. Fix: pass gitHub: { credentials: gitHubSource.credentials, listingCacheBucket: buckets.artifactsBucket }.`,
      );
    }
    if (props.repository !== undefined) {
      throw new Error(
        `PipelineCloner for the GitHub repository ${config.repository} was given a CodeCommit repository. Fix: leave repository out; GitHub's deliveries arrive through GitHubWebhook.`,
      );
    }
    return;
  }
  if (props.repository === undefined) {
    throw new Error(
      `PipelineCloner for the CodeCommit repository ${config.repository} has no repository. Fix: pass repository (e.g. SourceRepository's).`,
    );
  }
  if (props.gitHub !== undefined) {
    throw new Error(
      `PipelineCloner for the CodeCommit repository ${config.repository} was given gitHub. Fix: leave gitHub out, or set source: { provider: "github", … } in the config.`,
    );
  }
}

/** `TRIBUTARY_TARGET_LISTINGS`: core's `TargetListingSource` as JSON (the bucket's name resolves at deploy time). */
function targetListingsValue(scope: Construct, listings: ClonerTargetListings): string {
  const source: TargetListingSource = {
    bucket: listings.bucket.bucketName,
    targets: listings.targets.map((target) => ({ account: target.account, region: target.region })),
  };
  return Stack.of(scope).toJsonString(source);
}
