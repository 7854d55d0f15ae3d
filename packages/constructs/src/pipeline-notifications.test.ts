import { defineConfig, executionConsoleUrl, resolveBranch, resolvePullRequest } from "@tributary/core";
import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { buildTributaryStack, CONFIG, ENV } from "./__fixtures__/tributary-stack.js";
import { PipelineNotifications } from "./pipeline-notifications.js";

const built = buildTributaryStack();
const template = Template.fromStack(built.stack);

type PatternValue = string | { readonly prefix: string };
interface RuleProperties {
  readonly EventPattern: {
    readonly "detail-type": readonly string[];
    readonly detail: Record<string, unknown>;
  };
  readonly Targets: readonly {
    readonly Arn: unknown;
    readonly InputTransformer: {
      readonly InputPathsMap: Record<string, string>;
      readonly InputTemplate: string;
    };
  }[];
}

/** The notification rules (detail.pipeline set) of the fixture stack. */
function notificationRules(): RuleProperties[] {
  return Object.values(template.findResources("AWS::Events::Rule"))
    .map((resource) => resource.Properties as RuleProperties)
    .filter((rule) => rule.EventPattern?.detail?.pipeline !== undefined);
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
        /Environment: ([a-z0-9]+)/.exec(rule.Targets[0]?.InputTransformer.InputTemplate ?? "")?.[1] ?? "?",
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

  it("given a failure rule, when its message is rendered, then it names pipeline, environment, state, execution, branch and link", () => {
    const rule = notificationRules().find((candidate) =>
      candidate.Targets[0]?.InputTransformer.InputTemplate.includes("FAILED (prod)"),
    );
    const transformer = rule?.Targets[0]?.InputTransformer;
    expect(transformer?.InputPathsMap).toEqual({
      "detail-pipeline": "$.detail.pipeline",
      "detail-state": "$.detail.state",
      "detail-execution-id": "$.detail.execution-id",
      region: "$.region",
    });
    const text = JSON.parse(transformer?.InputTemplate ?? "null") as string;
    expect(text.split("\n")).toEqual([
      "Tributary: <detail-pipeline> FAILED (prod)",
      "",
      "Pipeline: <detail-pipeline>",
      "Environment: prod",
      "State: <detail-state>",
      "Execution: <detail-execution-id>",
      "Branch: acme-prod runs main; a clone's name encodes its branch after acme-prod- (<kind>-<branch> or pr-<id>)",
      `Open: ${executionConsoleUrl("<region>", "PIPELINE", "EXECUTION").replace("PIPELINE", "<detail-pipeline>").replace("EXECUTION", "<detail-execution-id>")}`,
    ]);
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

  it("given the key policy, when read, then EventBridge, CodeStar Notifications and CloudWatch may use the key", () => {
    template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: "AllowPublishingServices",
            Effect: "Allow",
            Principal: {
              Service: [
                "events.amazonaws.com",
                "codestar-notifications.amazonaws.com",
                "cloudwatch.amazonaws.com",
              ],
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
      Targets: [Match.objectLike({ Arn: stack.resolve(notifications.topicsFor("prod").failures.topicArn) })],
    });
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

  it("given a template-only environment, when its message is rendered, then it says only clones run it", () => {
    const config = defineConfig({ project: "acme", repository: "acme-infra" });
    const stack = new Stack(new App(), "Template", { env: ENV });
    new PipelineNotifications(stack, "Notifications", { config });
    const templates = Object.values(Template.fromStack(stack).findResources("AWS::Events::Rule")).map(
      (rule) => rule.Properties.Targets[0].InputTransformer.InputTemplate as string,
    );
    expect(
      templates.filter((text) => text.includes("acme-qa is a template run only by its clones")),
    ).toHaveLength(3);
  });
});
