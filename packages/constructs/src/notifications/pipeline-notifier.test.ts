import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, type CfnElement, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { buildTributaryStack, CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { notifierBundleCode } from "../lambda/cloner-bundle.js";
import { PipelineNotifier } from "./pipeline-notifier.js";

function standalone() {
  const stack = new Stack(new App(), "Standalone", { env: ENV });
  const key = new kms.Key(stack, "Key", { enableKeyRotation: true });
  const topic = new sns.Topic(stack, "Topic", { masterKey: key });
  return { stack, key, topic };
}

describe("PipelineNotifier", () => {
  it("given no topics, when built, then it throws saying what to pass", () => {
    const { stack, key } = standalone();
    expect(
      () => new PipelineNotifier(stack, "Notifier", { config: CONFIG, topics: [], encryptionKey: key }),
    ).toThrow(/topics is empty.*Fix: pass the notification topics/);
  });

  it("given no alarm topic, when built, then the dead-letter alarm has no action", () => {
    const { stack, key, topic } = standalone();
    new PipelineNotifier(stack, "Notifier", { config: CONFIG, topics: [topic], encryptionKey: key });
    const alarms = Object.values(Template.fromStack(stack).findResources("AWS::CloudWatch::Alarm"));
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties.AlarmActions).toBeUndefined();
  });

  it("given a role, when the notifier is built, then the Lambda runs as it, the notifier's statements land on it and no role of its own is made", () => {
    const { stack, key, topic } = standalone();
    const role = new iam.Role(stack, "Given", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    });

    const notifier = new PipelineNotifier(stack, "Notifier", {
      config: CONFIG,
      topics: [topic],
      encryptionKey: key,
      role,
    });

    const template = Template.fromStack(stack);
    expect(notifier.role).toBe(role);
    expect(notifier.grantPrincipal).toBe(role);
    template.hasResourceProperties("AWS::Lambda::Function", { Role: stack.resolve(role.roleArn) });
    expect(Object.keys(template.findResources("AWS::IAM::Role"))).toEqual([
      stack.getLogicalId(role.node.defaultChild as CfnElement),
    ]);
    template.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as CfnElement) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: "PublishToNotificationTopics", Resource: stack.resolve(topic.topicArn) }),
        ]),
      },
    });
  });

  it("given a grant to the notifier, when built, then it lands on the notifier's role", () => {
    const { stack, key, topic } = standalone();
    const notifier = new PipelineNotifier(stack, "Notifier", {
      config: CONFIG,
      topics: [topic],
      encryptionKey: key,
    });
    const queue = new sqs.Queue(stack, "Queue", { enforceSSL: true });

    queue.grantSendMessages(notifier);

    Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", {
      Roles: [{ Ref: stack.getLogicalId(notifier.role.node.defaultChild as CfnElement) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(["sqs:SendMessage"]),
            Resource: stack.resolve(queue.queueArn),
          }),
        ]),
      },
    });
  });

  it("given an operator role, when granted invoke, then it may invoke the notifier only", () => {
    const { stack, key, topic } = standalone();
    const notifier = new PipelineNotifier(stack, "Notifier", {
      config: CONFIG,
      topics: [topic],
      encryptionKey: key,
    });
    const operator = new iam.Role(stack, "Operator", { assumedBy: new iam.AccountRootPrincipal() });
    notifier.grantInvoke(operator);
    Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: [
          {
            Action: "lambda:InvokeFunction",
            Effect: "Allow",
            Resource: [
              stack.resolve(notifier.function.functionArn),
              { "Fn::Join": ["", [stack.resolve(notifier.function.functionArn), ":*"]] },
            ],
          },
        ],
      },
    });
  });

  it("given the notifier bundle this package carries, when the app is synthesized, then the notifier asset holds only notifier.mjs", () => {
    const built = buildTributaryStack();
    const assembly = built.app.synth();
    const notifierAsset = readdirSync(assembly.directory)
      .filter((entry) => entry.startsWith("asset."))
      .map((entry) => readdirSync(join(assembly.directory, entry)))
      .find((files) => files.includes("notifier.mjs"));
    expect(notifierAsset).toEqual(["notifier.mjs"]);
  });

  it("given a directory without notifier.mjs, when the bundle is loaded, then the error says to run pnpm turbo build", () => {
    const empty = mkdtempSync(join(tmpdir(), "tributary-notifier-"));
    expect(() => notifierBundleCode(empty)).toThrow(
      /notifier\.mjs does not exist\. Fix: run `pnpm turbo build`/,
    );
  });
});
