/** Encrypted SNS topics and EventBridge rules that report failures, deployments and pending approvals of every pipeline, clones included, through the notifier Lambda. */

import {
  environmentPipelineName,
  environmentPipelinePatterns,
  isEmailAddress,
  type NotificationKind,
  type TributaryConfig,
} from "@tributary/core";
import { Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { PipelineNotifier } from "./pipeline-notifier.js";

/**
 * The three topics one environment reports to.
 *
 * @example
 * const { failures, deployments, approvals }: NotificationTopics = notifications.topicsFor("prod");
 * new PipelineCloner(stack, "Cloner", { config, repository, pipelineRoles, alarmTopic: failures });
 */
export interface NotificationTopics {
  /** Failed pipeline executions. */
  readonly failures: sns.ITopic;
  /** Successful Deploy stages. */
  readonly deployments: sns.ITopic;
  /** Manual approvals waiting for a decision (with the branch, the commit and, given `reportsBucket`, the TaskCat report). */
  readonly approvals: sns.ITopic;
}

/**
 * The three rules of one environment.
 *
 * @example
 * const rules: NotificationRules | undefined = notifications.rulesByEnvironment.dev;
 * rules?.failures; // the rule on FAILED executions of acme-dev and its clones (acme-dev-…)
 */
export interface NotificationRules {
  /** `CodePipeline Pipeline Execution State Change`, state FAILED. */
  readonly failures: events.Rule;
  /** `CodePipeline Stage Execution State Change`, stage Deploy, state SUCCEEDED. */
  readonly deployments: events.Rule;
  /** `CodePipeline Action Execution State Change`, category Approval, state STARTED. */
  readonly approvals: events.Rule;
}

/**
 * Properties of {@link PipelineNotifications}.
 *
 * @example
 * const props: PipelineNotificationsProps = { config, reportsBucket: buckets.reportsBucket, topicPerEnvironment: true };
 * new PipelineNotifications(stack, "Notifications", props);
 */
export interface PipelineNotificationsProps {
  /** The validated Tributary config. */
  readonly config: TributaryConfig;
  /**
   * E-mail addresses subscribed to every topic (each must confirm the subscription).
   *
   * @default config.notificationEmails
   */
  readonly emails?: readonly string[];
  /**
   * One set of three topics per environment instead of one shared set.
   *
   * @default false
   */
  readonly topicPerEnvironment?: boolean;
  /**
   * The KMS key of the topics. The construct adds key-policy statements for EventBridge, CodeStar
   * Notifications and CloudWatch, and grants the notifier's role `kms:Decrypt` and `kms:GenerateDataKey*` by IAM
   * policy; an imported key must already allow those services, and IAM policies of this account, to use it.
   *
   * @default - a new key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * The notifier Lambda's code.
   *
   * @default - the notifier bundle this package carries (`dist/lambda/notifier.mjs`, built from `@tributary/cloner`)
   */
  readonly notifierCode?: lambda.Code;
  /**
   * The bucket the Test stages upload TaskCat reports to (`TributaryBuckets.reportsBucket`). Approval messages then
   * link the execution's report (`reports/<pipeline>/<execution>/index.html`), so the approval needs no
   * notification of its own: leave `EnvironmentPipeline.approvalTopic` unset to get one message per approval.
   *
   * @default - approval messages link the execution and the pipeline, not the report
   */
  readonly reportsBucket?: s3.IBucket;
  /**
   * Retention of the notifier's log group.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Services that publish to the topics and must use the key. */
const PUBLISHING_SERVICES = ["events.amazonaws.com", "cloudwatch.amazonaws.com"];

/**
 * KMS-encrypted, SSL-only SNS topics (failures, deployments, approvals; shared or one set per environment)
 * whose policies let EventBridge and CloudWatch alarms publish, and EventBridge rules that match every pipeline of
 * each environment, clones included (`<project>-<env>` and the prefix `<project>-<env>-`). The rules target the
 * {@link PipelineNotifier} Lambda with an input transformer (`kind`, `pipeline`, `executionId`, `environment`,
 * `state`, `stage`, `action`, `time`, `region`, `account`, `topicArn`, and `reportsBucket` for approvals); it adds the branch and commit of the
 * execution and publishes a readable message (core's `formatNotification`) to the topic.
 *
 * @example
 * const notifications = new PipelineNotifications(stack, "Notifications", {
 *   config, reportsBucket: buckets.reportsBucket,
 * });
 * notifications.topicsFor("prod").approvals; // approval requests, with the TaskCat report's link
 */
export class PipelineNotifications extends Construct {
  /** The key that encrypts the topics. */
  public readonly key: kms.IKey;
  /** Topics of each environment, by environment name (the same three topics unless `topicPerEnvironment`). */
  public readonly topicsByEnvironment: Readonly<Record<string, NotificationTopics>>;
  /** Rules of each environment, by environment name. */
  public readonly rulesByEnvironment: Readonly<Record<string, NotificationRules>>;
  /** Every topic this construct created (three, or three per environment). */
  public readonly topics: readonly sns.Topic[];
  /** The Lambda the rules invoke, with its dead-letter queue and alarm. */
  public readonly notifier: PipelineNotifier;

  constructor(scope: Construct, id: string, props: PipelineNotificationsProps) {
    super(scope, id);
    const { config } = props;
    const emails = props.emails ?? config.notificationEmails;
    for (const email of emails) {
      if (!isEmailAddress(email)) {
        throw new Error(
          `PipelineNotifications email ${JSON.stringify(email)} is not an e-mail address. Fix: pass addresses like ops@example.com.`,
        );
      }
    }
    const stack = Stack.of(this);
    if (props.encryptionKey) {
      this.key = props.encryptionKey;
    } else {
      this.key = new kms.Key(this, "Key", {
        description: `Encrypts the Tributary notification topics of ${config.project}`,
        enableKeyRotation: true,
      });
    }
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowPublishingServices",
        principals: PUBLISHING_SERVICES.map((service) => new iam.ServicePrincipal(service)),
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
      }),
    );

    const created: sns.Topic[] = [];
    const topic = (topicId: string, purpose: string): sns.Topic => {
      const result = new sns.Topic(this, topicId, {
        displayName: `Tributary ${config.project} ${purpose}`.slice(0, 100),
        masterKey: this.key,
        enforceSSL: true,
      });
      result.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: "AllowEventBridgePublish",
          principals: [new iam.ServicePrincipal("events.amazonaws.com")],
          actions: ["sns:Publish"],
          resources: [result.topicArn],
          conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
        }),
      );
      result.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: "AllowCloudWatchAlarmsPublish",
          principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
          actions: ["sns:Publish"],
          resources: [result.topicArn],
          conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
        }),
      );
      for (const email of emails) result.addSubscription(new subscriptions.EmailSubscription(email));
      created.push(result);
      return result;
    };
    const topicSet = (idPrefix: string, label: string): NotificationTopics => ({
      failures: topic(`${idPrefix}FailuresTopic`, `${label}failures`),
      deployments: topic(`${idPrefix}DeploymentsTopic`, `${label}deployments`),
      approvals: topic(`${idPrefix}ApprovalsTopic`, `${label}approvals`),
    });

    const shared = props.topicPerEnvironment === true ? undefined : topicSet("", "");
    const topicsByEnvironment: Record<string, NotificationTopics> = {};
    for (const environment of config.environments) {
      const idPrefix = environment.name.charAt(0).toUpperCase() + environment.name.slice(1);
      topicsByEnvironment[environment.name] = shared ?? topicSet(idPrefix, `${environment.name} `);
    }
    this.topics = created;
    this.topicsByEnvironment = topicsByEnvironment;
    const firstEnvironment = config.environments[0]?.name;
    this.notifier = new PipelineNotifier(this, "Notifier", {
      config,
      topics: created,
      encryptionKey: this.key,
      ...(firstEnvironment === undefined
        ? {}
        : { alarmTopic: topicsByEnvironment[firstEnvironment]?.failures }),
      ...(props.notifierCode ? { code: props.notifierCode } : {}),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      ...(props.reportsBucket ? { reportsBucket: props.reportsBucket } : {}),
    });

    const rulesByEnvironment: Record<string, NotificationRules> = {};
    for (const environment of config.environments) {
      const idPrefix = environment.name.charAt(0).toUpperCase() + environment.name.slice(1);
      const topics = topicsByEnvironment[environment.name] as NotificationTopics;
      const pipelineName = environmentPipelineName(config.project, environment.name);
      // The environment pipeline itself and all its clones (`<project>-<env>-<kind>-<part>`, `<project>-<env>-pr-<id>`).
      const pipelines = environmentPipelinePatterns(config, environment.name)
        .map((pattern) => (pattern.endsWith("*") ? { prefix: pattern.slice(0, -1) } : pattern))
        .reverse();
      const notify = (kind: NotificationKind, topic: sns.ITopic, fields: Record<string, string> = {}) =>
        this.notifier.target(
          events.RuleTargetInput.fromObject({
            kind,
            pipeline: events.EventField.fromPath("$.detail.pipeline"),
            executionId: events.EventField.fromPath("$.detail.execution-id"),
            environment: environment.name,
            state: events.EventField.fromPath("$.detail.state"),
            ...fields,
            time: events.EventField.fromPath("$.time"),
            region: events.EventField.fromPath("$.region"),
            account: events.EventField.fromPath("$.account"),
            topicArn: topic.topicArn,
          }),
        );
      const stage = events.EventField.fromPath("$.detail.stage");
      rulesByEnvironment[environment.name] = {
        failures: new events.Rule(this, `${idPrefix}FailuresRule`, {
          description: `Failed executions of ${pipelineName} and its clones`,
          eventPattern: {
            source: ["aws.codepipeline"],
            detailType: ["CodePipeline Pipeline Execution State Change"],
            detail: { pipeline: pipelines, state: ["FAILED"] },
          },
          targets: [notify("failure", topics.failures)],
        }),
        deployments: new events.Rule(this, `${idPrefix}DeploymentsRule`, {
          description: `Successful Deploy stages of ${pipelineName} and its clones`,
          eventPattern: {
            source: ["aws.codepipeline"],
            detailType: ["CodePipeline Stage Execution State Change"],
            detail: { pipeline: pipelines, stage: ["Deploy"], state: ["SUCCEEDED"] },
          },
          targets: [notify("deployment", topics.deployments, { stage })],
        }),
        approvals: new events.Rule(this, `${idPrefix}ApprovalsRule`, {
          description: `Manual approvals waiting in ${pipelineName} and its clones`,
          eventPattern: {
            source: ["aws.codepipeline"],
            detailType: ["CodePipeline Action Execution State Change"],
            detail: { pipeline: pipelines, state: ["STARTED"], type: { category: ["Approval"] } },
          },
          targets: [
            notify("approval", topics.approvals, {
              stage,
              action: events.EventField.fromPath("$.detail.action"),
              ...(props.reportsBucket ? { reportsBucket: props.reportsBucket.bucketName } : {}),
            }),
          ],
        }),
      };
    }
    this.rulesByEnvironment = rulesByEnvironment;
  }

  /**
   * The topics of one environment.
   *
   * @example
   * notifications.topicsFor("prod").approvals;
   */
  public topicsFor(environment: string): NotificationTopics {
    const topics = this.topicsByEnvironment[environment];
    if (topics === undefined) {
      throw new Error(
        `PipelineNotifications has no topics for environment ${JSON.stringify(environment)}. Fix: use one of ${Object.keys(this.topicsByEnvironment).join(", ")}.`,
      );
    }
    return topics;
  }

  /**
   * Grants `sns:Subscribe` on every topic, for tools that add their own subscriptions (chat bots, tickets).
   *
   * @example
   * notifications.grantSubscribe(chatbotRole);
   */
  public grantSubscribe(grantee: iam.IGrantable): iam.Grant {
    return this.topics
      .map((topic) => topic.grantSubscribe(grantee))
      .reduce((combined, grant) => combined.combine(grant));
  }
}
