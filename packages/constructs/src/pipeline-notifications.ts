/** Encrypted SNS topics and EventBridge rules that report failures, deployments and pending approvals of every pipeline, clones included. */

import { environmentPipelineName, executionConsoleUrl, type TributaryConfig } from "@tributary/core";
import { Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";

/** The three topics one environment reports to. */
export interface NotificationTopics {
  /** Failed pipeline executions. */
  readonly failures: sns.ITopic;
  /** Successful Deploy stages. */
  readonly deployments: sns.ITopic;
  /** Manual approvals waiting for a decision (pass it to `EnvironmentPipeline.approvalTopic`). */
  readonly approvals: sns.ITopic;
}

/** The three rules of one environment. */
export interface NotificationRules {
  /** `CodePipeline Pipeline Execution State Change`, state FAILED. */
  readonly failures: events.Rule;
  /** `CodePipeline Stage Execution State Change`, stage Deploy, state SUCCEEDED. */
  readonly deployments: events.Rule;
  /** `CodePipeline Action Execution State Change`, category Approval, state STARTED. */
  readonly approvals: events.Rule;
}

/** Properties of {@link PipelineNotifications}. */
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
   * Notifications and CloudWatch; an imported key must already allow them `kms:Decrypt` and
   * `kms:GenerateDataKey*`.
   *
   * @default - a new key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;
}

/** Placeholders that survive `encodeURIComponent`, swapped for EventBridge input paths after core builds the URL. */
const URL_PLACEHOLDERS = {
  region: "TRIBUTARYREGION",
  pipeline: "TRIBUTARYPIPELINE",
  execution: "TRIBUTARYEXECUTION",
};

/** Services that publish to the topics and must use the key. */
const PUBLISHING_SERVICES = [
  "events.amazonaws.com",
  "codestar-notifications.amazonaws.com",
  "cloudwatch.amazonaws.com",
];

/**
 * KMS-encrypted, SSL-only SNS topics (failures, deployments, approvals; shared or one set per environment)
 * whose policies let EventBridge publish, and EventBridge rules that match every pipeline of each environment,
 * clones included (`<project>-<env>` and the prefix `<project>-<env>-`), with readable messages: pipeline,
 * environment, state, execution, branch and a console link.
 *
 * @example
 * const notifications = new PipelineNotifications(stack, "Notifications", { config });
 * notifications.topicsFor("prod").approvals; // pass to EnvironmentPipeline.approvalTopic
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

  constructor(scope: Construct, id: string, props: PipelineNotificationsProps) {
    super(scope, id);
    const { config } = props;
    const emails = props.emails ?? config.notificationEmails;
    for (const email of emails) {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
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
      // Rule targets get the topic by ARN: CDK then adds no unconditioned events.amazonaws.com statements of its
      // own to the topic and key policies; the account-scoped statements above are the whole grant.
      targetsByTopic.set(result, sns.Topic.fromTopicArn(this, `${topicId}Target`, result.topicArn));
      return result;
    };
    const targetsByTopic = new Map<sns.ITopic, sns.ITopic>();
    const publish = (target: sns.ITopic, message: events.RuleTargetInput) =>
      new targets.SnsTopic(targetsByTopic.get(target) ?? target, { message });
    const topicSet = (idPrefix: string, label: string): NotificationTopics => ({
      failures: topic(`${idPrefix}FailuresTopic`, `${label}failures`),
      deployments: topic(`${idPrefix}DeploymentsTopic`, `${label}deployments`),
      approvals: topic(`${idPrefix}ApprovalsTopic`, `${label}approvals`),
    });

    const shared = props.topicPerEnvironment === true ? undefined : topicSet("", "");
    const topicsByEnvironment: Record<string, NotificationTopics> = {};
    const rulesByEnvironment: Record<string, NotificationRules> = {};
    for (const environment of config.environments) {
      const idPrefix = environment.name.charAt(0).toUpperCase() + environment.name.slice(1);
      const topics = shared ?? topicSet(idPrefix, `${environment.name} `);
      topicsByEnvironment[environment.name] = topics;
      const pipelineName = environmentPipelineName(config.project, environment.name);
      // The environment pipeline itself and all its clones (`<project>-<env>-<kind>-<part>`, `<project>-<env>-pr-<id>`).
      const pipelines = [{ prefix: `${pipelineName}-` }, pipelineName];
      const branch =
        environment.branch === null
          ? `${pipelineName} is a template run only by its clones`
          : `${pipelineName} runs ${environment.branch}`;
      const message = (headline: string, lines: readonly string[]) =>
        events.RuleTargetInput.fromText(
          [
            headline,
            "",
            `Pipeline: ${events.EventField.fromPath("$.detail.pipeline")}`,
            `Environment: ${environment.name}`,
            ...lines,
            `Execution: ${events.EventField.fromPath("$.detail.execution-id")}`,
            `Branch: ${branch}; a clone's name encodes its branch after ${pipelineName}- (<kind>-<branch> or pr-<id>)`,
            `Open: ${executionLink()}`,
          ].join("\n"),
        );
      const pipeline = events.EventField.fromPath("$.detail.pipeline");
      rulesByEnvironment[environment.name] = {
        failures: new events.Rule(this, `${idPrefix}FailuresRule`, {
          description: `Failed executions of ${pipelineName} and its clones`,
          eventPattern: {
            source: ["aws.codepipeline"],
            detailType: ["CodePipeline Pipeline Execution State Change"],
            detail: { pipeline: pipelines, state: ["FAILED"] },
          },
          targets: [
            publish(
              topics.failures,
              message(`Tributary: ${pipeline} FAILED (${environment.name})`, [
                `State: ${events.EventField.fromPath("$.detail.state")}`,
              ]),
            ),
          ],
        }),
        deployments: new events.Rule(this, `${idPrefix}DeploymentsRule`, {
          description: `Successful Deploy stages of ${pipelineName} and its clones`,
          eventPattern: {
            source: ["aws.codepipeline"],
            detailType: ["CodePipeline Stage Execution State Change"],
            detail: { pipeline: pipelines, stage: ["Deploy"], state: ["SUCCEEDED"] },
          },
          targets: [
            publish(
              topics.deployments,
              message(`Tributary: ${pipeline} deployed to ${environment.name}`, [
                `Stage: ${events.EventField.fromPath("$.detail.stage")}`,
                `State: ${events.EventField.fromPath("$.detail.state")}`,
              ]),
            ),
          ],
        }),
        approvals: new events.Rule(this, `${idPrefix}ApprovalsRule`, {
          description: `Manual approvals waiting in ${pipelineName} and its clones`,
          eventPattern: {
            source: ["aws.codepipeline"],
            detailType: ["CodePipeline Action Execution State Change"],
            detail: { pipeline: pipelines, state: ["STARTED"], type: { category: ["Approval"] } },
          },
          targets: [
            publish(
              topics.approvals,
              message(`Tributary: ${pipeline} waits for approval (${environment.name})`, [
                `Action: ${events.EventField.fromPath("$.detail.stage")}/${events.EventField.fromPath("$.detail.action")}`,
                `State: ${events.EventField.fromPath("$.detail.state")}`,
              ]),
            ),
          ],
        }),
      };
    }
    this.topics = created;
    this.topicsByEnvironment = topicsByEnvironment;
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

/** Core's execution console URL, with the region, pipeline and execution id taken from the event. */
function executionLink(): string {
  return executionConsoleUrl(URL_PLACEHOLDERS.region, URL_PLACEHOLDERS.pipeline, URL_PLACEHOLDERS.execution)
    .replaceAll(URL_PLACEHOLDERS.region, () => events.EventField.fromPath("$.region"))
    .replaceAll(URL_PLACEHOLDERS.pipeline, () => events.EventField.fromPath("$.detail.pipeline"))
    .replaceAll(URL_PLACEHOLDERS.execution, () => events.EventField.fromPath("$.detail.execution-id"));
}
