import { parseNotificationRequest, previewKey, resolveBranch, resolvePullRequest } from "@tributary/core";
import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import {
  codePipelineEvent,
  type PatternValue,
  type RuleProperties,
  templateText,
  transform,
} from "../__fixtures__/event-rules.js";
import { buildTributaryStack, CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { PipelineNotifications } from "./pipeline-notifications.js";

const built = buildTributaryStack();
const template = Template.fromStack(built.stack);

/**
 * The notification rules (detail.pipeline set, an input transformer for the notifier) of the fixture stack; the
 * cloner's rule on pull-request clones' runs hands the event over as it is, and the notifier's living-comment rule
 * (`kind` pullRequestRun) publishes to no topic.
 */
function notificationRules(): RuleProperties[] {
  return Object.values(template.findResources("AWS::Events::Rule"))
    .map((resource) => resource.Properties as RuleProperties)
    .filter(
      (rule) =>
        rule.EventPattern?.detail?.pipeline !== undefined &&
        rule.Targets[0]?.InputTransformer !== undefined &&
        !templateText(rule.Targets[0].InputTransformer.InputTemplate).includes('"kind":"pullRequestRun"'),
    );
}

/** EventBridge semantics for one field: the value equals a string of the list or starts with a prefix of it. */
function fieldMatches(values: readonly PatternValue[], value: string): boolean {
  return values.some((candidate) =>
    typeof candidate === "string" ? candidate === value : value.startsWith(candidate.prefix),
  );
}

/** Environments whose failure rule matches a pipeline name. */
function environmentsMatching(pipelineName: string): string[] {
  return notificationRules()
    .filter((rule) => rule.EventPattern["detail-type"][0] === "CodePipeline Pipeline Execution State Change")
    .filter((rule) => fieldMatches(rule.EventPattern.detail.pipeline as PatternValue[], pipelineName))
    .map(
      (rule) =>
        /"environment":"([a-z0-9]+)"/.exec(
          templateText(rule.Targets[0]?.InputTransformer.InputTemplate),
        )?.[1] ?? "?",
    );
}

function routeName(route: { readonly pipelineName: string } | null): string {
  if (route === null) throw new Error("the branch does not route");
  return route.pipelineName;
}

describe("PipelineNotifications", () => {
  it.each([
    ["acme-dev", "dev"],
    ["acme-qa", "qa"],
    ["acme-prod", "prod"],
    [routeName(resolveBranch(CONFIG, "feature/login")), "dev"],
    [routeName(resolveBranch(CONFIG, "bugfix/JIRA-12_crash")), "dev"],
    [routeName(resolveBranch(CONFIG, "release/1.2.0")), "qa"],
    [routeName(resolveBranch(CONFIG, "hotfix/urgent")), "qa"],
    [
      routeName(
        resolvePullRequest(CONFIG, { id: "7", sourceBranch: "feature/x", destinationBranch: "develop" }),
      ),
      "dev",
    ],
  ])("given pipeline %s, when it fails, then exactly the %s rule matches it", (pipelineName, environment) => {
    expect(environmentsMatching(pipelineName)).toEqual([environment]);
  });

  it.each(["acme-development", "acme-qa2", "other-dev", "acme", "acme-stack-teardown"])(
    "given a pipeline %s outside the project's environments, when it fails, then no rule matches it",
    (pipelineName) => {
      expect(environmentsMatching(pipelineName)).toEqual([]);
    },
  );

  it("given each environment, when built, then it has rules for failures, Deploy successes and pending approvals", () => {
    for (const environment of ["dev", "qa", "prod"]) {
      const pipeline = [{ prefix: `acme-${environment}-` }, `acme-${environment}`];
      template.hasResourceProperties("AWS::Events::Rule", {
        EventPattern: {
          source: ["aws.codepipeline"],
          "detail-type": ["CodePipeline Pipeline Execution State Change"],
          detail: { pipeline, state: ["FAILED"] },
        },
      });
      template.hasResourceProperties("AWS::Events::Rule", {
        EventPattern: {
          "detail-type": ["CodePipeline Stage Execution State Change"],
          detail: { pipeline, stage: ["Deploy"], state: ["SUCCEEDED"] },
        },
      });
      template.hasResourceProperties("AWS::Events::Rule", {
        EventPattern: {
          "detail-type": ["CodePipeline Action Execution State Change"],
          detail: { pipeline, state: ["STARTED"], type: { category: ["Approval"] } },
        },
      });
    }
    expect(notificationRules()).toHaveLength(9);
  });

  it.each([
    [
      "a failed execution",
      "CodePipeline Pipeline Execution State Change",
      { pipeline: "acme-prod", state: "FAILED" },
      "FailuresTopic",
      { kind: "failure", state: "FAILED" },
    ],
    [
      "a successful Deploy stage",
      "CodePipeline Stage Execution State Change",
      { pipeline: "acme-prod-pr-7", stage: "Deploy", state: "SUCCEEDED" },
      "DeploymentsTopic",
      { kind: "deployment", state: "SUCCEEDED", stage: "Deploy" },
    ],
    [
      "a pending approval",
      "CodePipeline Action Execution State Change",
      {
        pipeline: "acme-prod",
        stage: "Approve",
        action: "Approve",
        state: "STARTED",
        type: { owner: "AWS", provider: "Manual", category: "Approval", version: "1" },
      },
      "ApprovalsTopic",
      {
        kind: "approval",
        state: "STARTED",
        stage: "Approve",
        action: "Approve",
        reportsBucket: "tributary-bucketsreportse712e931",
      },
    ],
  ])(
    "given %s in prod, when its rule transforms the event, then the notifier gets input core accepts, naming the topic",
    (_case, detailType, detail, topic, expected) => {
      const event = codePipelineEvent(detailType, detail);
      const rule = notificationRules().find(
        (candidate) =>
          candidate.EventPattern["detail-type"][0] === detailType &&
          templateText(candidate.Targets[0]?.InputTransformer.InputTemplate).includes('"environment":"prod"'),
      );
      if (rule === undefined) throw new Error(`no prod rule for ${detailType}`);

      const { input, topicArn } = parseNotificationRequest(transform(rule, event));

      expect(input).toEqual({
        ...expected,
        pipeline: detail.pipeline,
        executionId: "0a1b2c3d-0000-4000-8000-000000000000",
        environment: "prod",
        time: "2026-11-27T15:00:00Z",
        region: "eu-west-1",
        account: "123456789012",
      });
      expect(topicArn).toMatch(
        new RegExp(`^arn:aws:sns:eu-west-1:123456789012:Notifications${topic}[0-9A-F]{8}$`),
      );
    },
  );

  it("given every notification rule, when built, then it targets the notifier with a dead-letter queue and a retry policy", () => {
    const notifier = built.stack.resolve(built.notifications.notifier.function.functionArn);
    const queue = built.stack.resolve(built.notifications.notifier.deadLetterQueue.queueArn);
    for (const rule of notificationRules()) {
      expect(rule.Targets).toEqual([
        expect.objectContaining({
          Arn: notifier,
          DeadLetterConfig: { Arn: queue },
          RetryPolicy: { MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 8 },
        }),
      ]);
    }
  });

  it("given the notifier, when built, then it is the notifier bundle on nodejs24.x arm64 with its own dead-letter queue", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "notifier.handler",
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: "tributary-notifier" } },
      DeadLetterConfig: {
        TargetArn: built.stack.resolve(built.notifications.notifier.deadLetterQueue.queueArn),
      },
    });
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: built.stack.resolve(built.notifications.notifier.function.functionName),
      MaximumRetryAttempts: 2,
    });
    template.hasResourceProperties("AWS::SQS::Queue", {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
    template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [built.stack.resolve(built.notifications.notifier.deadLetterQueue.queueUrl)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("given the notifier's role, when read, then it may read executions of the project's pipelines and their change-set previews, publish to its topics, use their key and write pull requests' living comments, nothing else", () => {
    const role = built.stack.resolve(built.notifications.notifier.role.roleName);
    const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter((policy) =>
      JSON.stringify(policy.Properties.Roles).includes(JSON.stringify(role)),
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0]?.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>;
    const topicRefs = built.notifications.topics.map((topic) => built.stack.resolve(topic.topicArn));
    expect(statements).toEqual([
      expect.objectContaining({ Action: ["logs:CreateLogStream", "logs:PutLogEvents"] }),
      {
        Sid: "ReadProjectExecutions",
        Effect: "Allow",
        Action: "codepipeline:GetPipelineExecution",
        Condition: { StringEquals: { "aws:ResourceTag/tributary:project": "acme" } },
        Resource: {
          "Fn::Join": [
            "",
            ["arn:", { Ref: "AWS::Partition" }, ":codepipeline:eu-west-1:123456789012:acme-*"],
          ],
        },
      },
      { Sid: "PublishToNotificationTopics", Effect: "Allow", Action: "sns:Publish", Resource: topicRefs },
      {
        Effect: "Allow",
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: built.stack.resolve(built.notifications.key.keyArn),
      },
      {
        Sid: "ReadChangeSetPreviews",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: CONFIG.environments.flatMap((environment) =>
          [environment.pipelineName, `${environment.pipelineName}-*`].map((pattern) => ({
            "Fn::Join": [
              "",
              [
                { "Fn::GetAtt": [expect.stringMatching(/^BucketsReports/), "Arn"] },
                `/${previewKey(pattern, "*")}`,
              ],
            ],
          })),
        ),
      },
      {
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: built.stack.resolve(built.notifications.notifier.deadLetterQueue.queueArn),
      },
      expect.objectContaining({
        Sid: "ReadPullRequestCloneRuns",
        Action: ["codepipeline:ListTagsForResource", "codepipeline:ListActionExecutions"],
      }),
      expect.objectContaining({ Sid: "WritePullRequestComments" }),
    ]);
  });

  it("given the notifier's dead-letter queue, when it holds a message, then the alarm notifies the failures topic", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmDescription: Match.stringLikeRegexp("^Tributary notifier of acme"),
      AlarmActions: [built.stack.resolve(built.notifications.topicsFor("dev").failures.topicArn)],
      Threshold: 1,
    });
  });

  it("given the shared topics, when built, then there are three, KMS-encrypted, and SSL is enforced", () => {
    template.resourceCountIs("AWS::SNS::Topic", 3);
    const keyArn = built.stack.resolve(built.notifications.key.keyArn);
    template.allResourcesProperties("AWS::SNS::Topic", { KmsMasterKeyId: keyArn });
    template.allResourcesProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("given each topic policy, when read, then EventBridge of this account may publish", () => {
    template.allResourcesProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: "AllowEventBridgePublish",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
          }),
        ]),
      },
    });
    const unconditioned = Object.values(template.findResources("AWS::SNS::TopicPolicy")).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Effect: string; Condition?: unknown }[]).filter(
        (candidate) => candidate.Effect === "Allow" && candidate.Condition === undefined,
      ),
    );
    expect(unconditioned).toEqual([]);
  });

  it("given the key policy, when read, then only EventBridge and CloudWatch may use the key (nothing uses CodeStar Notifications)", () => {
    template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: "AllowPublishingServices",
            Effect: "Allow",
            Principal: {
              Service: ["events.amazonaws.com", "cloudwatch.amazonaws.com"],
            },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
          },
        ]),
      },
    });
  });

  it("given one e-mail, when built, then every topic has that e-mail subscription", () => {
    template.resourceCountIs("AWS::SNS::Subscription", 3);
    template.allResourcesProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@example.com",
    });
  });

  it("given topicPerEnvironment, when built, then each environment reports to its own three topics", () => {
    const stack = new Stack(new App(), "PerEnvironment", { env: ENV });
    const notifications = new PipelineNotifications(stack, "Notifications", {
      config: CONFIG,
      topicPerEnvironment: true,
      emails: ["a@example.com", "b@example.com"],
    });
    const result = Template.fromStack(stack);
    result.resourceCountIs("AWS::SNS::Topic", 9);
    result.resourceCountIs("AWS::SNS::Subscription", 18);
    expect(notifications.topicsFor("dev").failures).not.toBe(notifications.topicsFor("prod").failures);
    result.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: { detail: { pipeline: [{ prefix: "acme-prod-" }, "acme-prod"], state: ["FAILED"] } },
      Targets: [
        Match.objectLike({
          InputTransformer: Match.objectLike({
            InputTemplate: {
              "Fn::Join": [
                "",
                Match.arrayWith([stack.resolve(notifications.topicsFor("prod").failures.topicArn)]),
              ],
            },
          }),
        }),
      ],
    });
    result.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: "PublishToNotificationTopics",
            Resource: notifications.topics.map((topic) => stack.resolve(topic.topicArn)),
          }),
        ]),
      },
    });
    expect(notifications.topics).toHaveLength(9);
  });

  it("given an invalid e-mail, when built, then it throws naming the address", () => {
    const stack = new Stack(new App(), "BadEmail", { env: ENV });
    expect(
      () => new PipelineNotifications(stack, "Notifications", { config: CONFIG, emails: ["not-an-email"] }),
    ).toThrow(/email "not-an-email" is not an e-mail address\. Fix:/);
  });

  it("given an unknown environment, when its topics are asked for, then it throws listing the known ones", () => {
    expect(() => built.notifications.topicsFor("staging")).toThrow(
      /no topics for environment "staging"\. Fix: use one of dev, qa, prod/,
    );
  });

  it("given notifier code, when built, then the notifier uses it", () => {
    const stack = new Stack(new App(), "CustomCode", { env: ENV });
    new PipelineNotifications(stack, "Notifications", {
      config: CONFIG,
      notifierCode: lambda.Code.fromInline("export const handler = async () => undefined;"),
    });
    Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function", {
      Handler: "notifier.handler",
      Code: { ZipFile: "export const handler = async () => undefined;" },
    });
  });
});
