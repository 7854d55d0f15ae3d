/** The notifier: a Lambda that enriches pipeline events with branch and commit and publishes them to SNS, with its DLQ and alarm. */

import {
  COMMENTED_RUN_STATES,
  clonerEnvironment,
  GITHUB_ENVIRONMENT,
  ownershipRule,
  PIPELINE_EXECUTION_STATE_CHANGE,
  PULL_REQUEST_RUN_KIND,
  pipelineNamePrefix,
  previewKey,
  pullRequestClonePrefixes,
  resourceTagConditions,
  type TributaryConfig,
} from "@tributary/core";
import { ArnFormat, Duration, Stack } from "aws-cdk-lib";
import type * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { decryptThroughS3, readProjectObjects } from "../buckets/project-objects.js";
import { notifierBundleCode } from "../lambda/cloner-bundle.js";
import { deadLetterAlarm, deadLetterQueue } from "../lambda/dead-letter.js";
import {
  acknowledgeBundledLambdaFindings,
  acknowledgeTributaryFindings,
} from "../nag/nag-acknowledgements.js";
import { type RecordRunsProps, type RunHistoryRules, recordRunHistory } from "../runs/record-runs.js";
import { idleNoticeInput, idleNoticePattern } from "./idle-notice-rule.js";

/**
 * Powertools settings the notifier's logger and metrics read.
 *
 * @example
 * NOTIFIER_POWERTOOLS_ENVIRONMENT.POWERTOOLS_SERVICE_NAME; // "tributary-notifier"
 * // PipelineNotifier's Lambda: environment { ...NOTIFIER_POWERTOOLS_ENVIRONMENT }
 */
export const NOTIFIER_POWERTOOLS_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: "tributary-notifier",
  POWERTOOLS_METRICS_NAMESPACE: "Tributary",
} as const;

/**
 * The config values {@link PipelineNotifier} reads (a whole `TributaryConfig` fits).
 *
 * @example
 * const config: NotifierConfig = defineConfig({ project: "acme", repository: "infra" });
 */
export type NotifierConfig = Pick<TributaryConfig, "project" | "repository" | "environments">;

/**
 * Properties of {@link PipelineNotifier}.
 *
 * @example
 * const props: PipelineNotifierProps = { config, topics: [failures, deployments, approvals], encryptionKey: key };
 * new PipelineNotifier(stack, "Notifier", props);
 */
export interface PipelineNotifierProps {
  /**
   * The config values the notifier needs: the project (it reads executions of `<project>-*` pipelines only), its
   * environments (whose pipelines' previews it may read) and the repository (the pull requests it comments on).
   */
  readonly config: NotifierConfig;
  /** The topics the notifier may publish to. */
  readonly topics: readonly sns.ITopic[];
  /** The key that encrypts the topics (the notifier gets `kms:GenerateDataKey*` and `kms:Decrypt` on it). */
  readonly encryptionKey: kms.IKey;
  /**
   * The Lambda's execution role. It must trust `lambda.amazonaws.com`; the construct adds the statements listed under
   * Security to it (an imported role that is not mutable gets none: grant it those yourself).
   *
   * @default - a new role, `ServiceRole`, with exactly those statements
   */
  readonly role?: iam.IRole;
  /**
   * Topic the dead-letter-queue alarm notifies.
   *
   * @default - the alarm has no action
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The Lambda code.
   *
   * @default - the notifier bundle this package carries (`dist/lambda/notifier.mjs`, built from `@tributary/cloner`)
   */
  readonly code?: lambda.Code;
  /**
   * Retention of the Lambda's log group.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The reports bucket: the notifier may then read the change-set previews (`preview.json`, core's `previewKey`)
   * of this project's pipelines and clones, which approval messages summarize.
   *
   * @default - no preview is read (approval messages link nothing but the pipeline)
   */
  readonly reportsBucket?: s3.IBucket;
}

/**
 * What {@link PipelineNotifier.commentOnPullRequests} needs.
 *
 * @example
 * const props: PullRequestCommentsProps = { repository: source.repository, reportsBucket: buckets.reportsBucket };
 * notifier.commentOnPullRequests(props);
 */
export interface PullRequestCommentsProps {
  /**
   * The CodeCommit repository whose pull requests get the living comment (a CodeCommit source).
   *
   * @default - none: a GitHub source gives `gitHub` instead
   */
  readonly repository?: codecommit.IRepository;
  /**
   * A GitHub source: the whole config (the notifier then reads it, `TRIBUTARY_CONFIG`, for the repository and the
   * gate's context) and the credentials secret (`GitHubSource.credentials`). The comment and the `pending` gate at a
   * run's start then go through GitHub's REST API.
   *
   * @default - none (a CodeCommit source)
   */
  readonly gitHub?: { readonly config: TributaryConfig; readonly credentials: secretsmanager.ISecret };
  /**
   * The reports bucket (`TributaryBuckets.reportsBucket`), where the Preview step writes `preview.json`: the notifier
   * reads it (only the `preview.json` of pull-request clones, and with its KMS key only to decrypt through S3) to show
   * the change-set preview in the comment.
   *
   * @default - the comment shows the run's result without the change-set preview
   */
  readonly reportsBucket?: s3.IBucket;
}

/**
 * The notifier Lambda from `@tributary/cloner` (`notifier.handler`, nodejs24.x, arm64). Notification rules target
 * it through {@link PipelineNotifier.target}; it reads the execution's branch and commit (`GetPipelineExecution`)
 * and publishes a readable message to the topic the rule names. Failed deliveries and invocations land in an
 * encrypted, SSL-only dead-letter queue with an alarm. IAM: `codepipeline:GetPipelineExecution` on the project's
 * pipelines, `sns:Publish` on the given topics, and use of their key; nothing else.
 *
 * @example
 * const notifier = new PipelineNotifier(stack, "Notifier", { config, topics: [failures], encryptionKey: key });
 * new events.Rule(stack, "Rule", { eventPattern, targets: [notifier.target(events.RuleTargetInput.fromObject(input))] });
 */
export class PipelineNotifier extends Construct implements iam.IGrantable {
  /** The notifier Lambda. */
  public readonly function: lambda.Function;
  /** The Lambda's execution role (`props.role`, or the one the construct made). */
  public readonly role: iam.IRole;
  /** The role, as the principal that grants to the notifier go to. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** Dead-letter queue of the Lambda's asynchronous invocations and of the rule targets. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Alarm raised when the dead-letter queue holds a message. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  private readonly config: NotifierConfig;
  /** Buckets whose previews the role may already read. */
  private readonly previewBuckets = new Set<s3.IBucket>();

  constructor(scope: Construct, id: string, props: PipelineNotifierProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    if (props.topics.length === 0) {
      throw new Error(
        "PipelineNotifier topics is empty, so the notifier could publish nowhere. Fix: pass the notification topics.",
      );
    }
    const stack = Stack.of(this);
    const prefix = pipelineNamePrefix(config);

    this.deadLetterQueue = deadLetterQueue(this);

    this.role =
      props.role ??
      new iam.Role(this, "ServiceRole", {
        assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
        description: `Tributary notifier of ${config.project}: reads executions of ${prefix}* and publishes to the notification topics`,
      });
    this.grantPrincipal = this.role;
    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    logGroup.grantWrite(this.role);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadProjectExecutions",
        // Only this project's pipelines (tagged by EnvironmentPipeline and by the cloner), even under this prefix.
        actions: ["codepipeline:GetPipelineExecution"],
        conditions: { StringEquals: resourceTagConditions(ownershipRule(config).projectTags) },
        resources: [
          stack.formatArn({
            service: "codepipeline",
            resource: `${prefix}*`,
            arnFormat: ArnFormat.NO_RESOURCE_NAME,
          }),
        ],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "PublishToNotificationTopics",
        actions: ["sns:Publish"],
        resources: props.topics.map((topic) => topic.topicArn),
      }),
    );
    props.encryptionKey.grant(this.role, "kms:GenerateDataKey*", "kms:Decrypt");
    if (props.reportsBucket) this.grantReadPreviews(props.reportsBucket);

    this.function = new lambda.Function(this, "Resource", {
      description: `Tributary notifier of ${config.project}: pipeline events with branch and commit, to SNS`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "notifier.handler",
      code: props.code ?? notifierBundleCode(),
      role: this.role,
      logGroup,
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: { ...NOTIFIER_POWERTOOLS_ENVIRONMENT },
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
    });

    this.deadLetterAlarm = deadLetterAlarm(
      this,
      this.deadLetterQueue,
      `Tributary notifier of ${config.project}: a notification failed every retry and waits in the dead-letter queue`,
      props.alarmTopic,
    );

    acknowledgeBundledLambdaFindings(this.function, this.deadLetterQueue, "notifier");
    acknowledgeTributaryFindings(this, config);
  }

  /**
   * An EventBridge target that invokes the notifier with `input`, retries for up to 6 hours (8 attempts) and then
   * sends the event to the dead-letter queue.
   *
   * @example
   * rule.addTarget(notifier.target(events.RuleTargetInput.fromObject({ kind: "failure", ... })));
   */
  public target(input: events.RuleTargetInput): targets.LambdaFunction {
    return new targets.LambdaFunction(this.function, {
      event: input,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 8,
      maxEventAge: Duration.hours(6),
    });
  }

  /**
   * Makes the notifier write each pull request's living comment: a rule on the runs of this project's pull-request
   * clones (`pullRequestClonePrefixes`; started, succeeded, failed, stopped: `COMMENTED_RUN_STATES`) invokes it with
   * a `pullRequestRun` input (core's `parsePullRequestRunRequest`). Its own rule, not a second target of the
   * cloner's: the first version is written when a run starts, and the cloner has nothing to do then. Grants the
   * notifier: `codepipeline:ListTagsForResource` and `ListActionExecutions` on the pull-request clones (with the
   * project tag), `codecommit:GetPullRequest`, `GetCommentsForPullRequest`, `PostCommentForPullRequest` and
   * `UpdateComment` on the repository (or, for GitHub, `secretsmanager:GetSecretValue` on the credentials secret),
   * and with a reports bucket `s3:GetObject` on the clones' `preview.json` (and
   * `kms:Decrypt` through S3 only). Call it once.
   *
   * @example
   * const rule = notifications.notifier.commentOnPullRequests({ repository: source.repository, reportsBucket: buckets.reportsBucket });
   */
  public commentOnPullRequests(props: PullRequestCommentsProps): events.Rule {
    const { config } = this;
    const stack = Stack.of(this);
    const prefixes = pullRequestClonePrefixes(config);
    const clones = prefixes.map((clonePrefix) =>
      stack.formatArn({
        service: "codepipeline",
        resource: `${clonePrefix}*`,
        arnFormat: ArnFormat.NO_RESOURCE_NAME,
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadPullRequestCloneRuns",
        // The clone's tags (its pull request, and that it is this project's) and its run's actions, for the comment.
        actions: ["codepipeline:ListTagsForResource", "codepipeline:ListActionExecutions"],
        conditions: { StringEquals: resourceTagConditions(ownershipRule(config).projectTags) },
        resources: clones,
      }),
    );
    if (props.gitHub !== undefined) {
      if (props.repository !== undefined) {
        throw new Error(
          "PipelineNotifier.commentOnPullRequests was given both repository and gitHub. Fix: pass gitHub for a GitHub source, repository for CodeCommit.",
        );
      }
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: "ReadGitHubCredentials",
          // The comment and the gate go through GitHub's API with these credentials; nothing else of AWS.
          actions: ["secretsmanager:GetSecretValue"],
          resources: [props.gitHub.credentials.secretArn],
        }),
      );
      for (const [name, value] of Object.entries({
        ...clonerEnvironment(props.gitHub.config),
        [GITHUB_ENVIRONMENT.credentialsSecret]: props.gitHub.credentials.secretArn,
      })) {
        this.function.addEnvironment(name, value);
      }
    } else if (props.repository !== undefined) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: "WritePullRequestComments",
          // The living comment: found, posted once, then updated in place (only its author may update it).
          actions: [
            "codecommit:GetPullRequest",
            "codecommit:GetCommentsForPullRequest",
            "codecommit:PostCommentForPullRequest",
            "codecommit:UpdateComment",
          ],
          resources: [props.repository.repositoryArn],
        }),
      );
    } else {
      throw new Error(
        "PipelineNotifier.commentOnPullRequests has no repository. Fix: pass repository (CodeCommit) or gitHub (a GitHub source's config and credentials).",
      );
    }
    if (props.reportsBucket) this.grantReadPreviews(props.reportsBucket);
    const rule = new events.Rule(this, "PullRequestRunsRule", {
      description: `Runs of the pull-request clones of ${config.project} for the Tributary notifier's living comment`,
      eventPattern: {
        source: ["aws.codepipeline"],
        detailType: [PIPELINE_EXECUTION_STATE_CHANGE],
        detail: {
          pipeline: prefixes.map((clonePrefix) => ({ prefix: clonePrefix })),
          state: [...COMMENTED_RUN_STATES],
        },
      },
      targets: [
        this.target(
          events.RuleTargetInput.fromObject({
            kind: PULL_REQUEST_RUN_KIND,
            eventId: events.EventField.fromPath("$.id"),
            pipeline: events.EventField.fromPath("$.detail.pipeline"),
            executionId: events.EventField.fromPath("$.detail.execution-id"),
            state: events.EventField.fromPath("$.detail.state"),
            time: events.EventField.fromPath("$.time"),
            region: events.EventField.fromPath("$.region"),
            account: events.EventField.fromPath("$.account"),
            project: config.project,
            repository: config.repository,
            ...(props.reportsBucket ? { reportsBucket: props.reportsBucket.bucketName } : {}),
          }),
        ),
      ],
    });
    // A pull request's idle notice, put by the cloner, on its living comment (clone-lifecycle.ts).
    new events.Rule(this, "IdleNoticesRule", {
      description: `Idle notices of the pull-request stacks of ${config.project}, for their living comments`,
      eventPattern: idleNoticePattern(config),
      targets: [this.target(idleNoticeInput())],
    });
    // The grants above came after the constructor's pass: acknowledge their accepted wildcards too.
    acknowledgeTributaryFindings(this, config);
    return rule;
  }

  /**
   * Makes the notifier record every run in the run history (core's `parseRunHistoryRequest`, the cloner's
   * `run-history/`, built by `runs/record-runs.ts`): one rule per environment sends every `CodePipeline Pipeline Execution State Change` of its pipeline
   * and clones (all states: the run's start and its end) as a `runEvent`; two rules on the repository send a deleted
   * branch and a closed pull request as a `sourceClosed`, so it leaves the overview. Stage durations come from the
   * run's actions when it ends (one `ListActionExecutions`), not from stage events: two events per run instead of a
   * dozen. Grants: the table's `grantRecordRuns`, `codepipeline:ListPipelineExecutions` and `ListActionExecutions` on
   * the project's pipelines (with the project tag), and with a reports bucket `s3:GetObject` on the runs'
   * `taskcat-results.json` and `preview.json`. Sets the notifier's `TRIBUTARY_RUN_HISTORY_TABLE` and TTL. Call it once.
   *
   * @example
   * notifier.recordRuns({ table: runs, repository: source.repository, reportsBucket: buckets.reportsBucket });
   */
  public recordRuns(props: RecordRunsProps): RunHistoryRules {
    if (props.reportsBucket) this.grantReadPreviews(props.reportsBucket);
    return recordRunHistory(this, this.config, props);
  }

  /**
   * Lets the notifier read the change-set previews (`preview.json`, core's `previewKey`) of this project's pipelines
   * and clones, and nothing else of the bucket; with a KMS key, decrypt with it only through S3. Approvals and the
   * pull requests' living comments read them; granted once per bucket.
   */
  private grantReadPreviews(bucket: s3.IBucket): void {
    if (this.previewBuckets.has(bucket)) return;
    this.previewBuckets.add(bucket);
    const { config } = this;
    // Only preview.json, of this project's pipelines and clones: never the TaskCat reports or other objects.
    this.role.addToPrincipalPolicy(
      readProjectObjects(config, bucket, "ReadChangeSetPreviews", (pipeline) => previewKey(pipeline, "*")),
    );
    const decrypt = decryptThroughS3(this, bucket, "DecryptPreviewsThroughS3");
    if (decrypt) this.role.addToPrincipalPolicy(decrypt);
  }

  /**
   * Grants `lambda:InvokeFunction` on the notifier, for tools that replay events from the dead-letter queue.
   *
   * @example
   * notifier.grantInvoke(operatorsRole);
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvoke(grantee);
  }
}
