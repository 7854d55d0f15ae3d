/** The stack teardown project: core's ownership rule as its IAM, as PipelineCloner builds it and alone. */

import { ownershipRule } from "@tributary/core";
import { App, type CfnElement, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import type * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import { describe, expect, it } from "vitest";
import { buildTributaryStack, CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { StackTeardown } from "./stack-teardown.js";
import { teardownVariables } from "./teardown-buildspec.js";

const built = buildTributaryStack();
const template = Template.fromStack(built.stack);
const { stack, cloner } = built;

describe("StackTeardown", () => {
  it("given the teardown project, when built, then it is named by core and may delete only the project's ephemeral stacks", () => {
    template.hasResourceProperties("AWS::CodeBuild::Project", {
      Name: "acme-stack-teardown",
      Source: { Type: "NO_SOURCE", BuildSpec: Match.stringLikeRegexp("delete-stack") },
    });
    const roleId = stack.getLogicalId(cloner.teardownProject.role?.node.defaultChild as iam.CfnRole);
    template.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: "TeardownEphemeralStacks",
            Action: ["cloudformation:ListStackResources", "cloudformation:DeleteStack"],
            Resource: {
              "Fn::Join": [
                "",
                ["arn:", { Ref: "AWS::Partition" }, ":cloudformation:eu-west-1:123456789012:stack/acme-*"],
              ],
            },
            Condition: {
              StringEquals: {
                "aws:ResourceTag/tributary:ephemeral": "true",
                "aws:ResourceTag/tributary:project": "acme",
              },
            },
          }),
          Match.objectLike({
            Sid: "EmptyStackBuckets",
            Resource: [
              { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":s3:::acme-*"]] },
              { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":s3:::acme-*/*"]] },
            ],
          }),
        ]),
      },
    });
  });

  it("given the protected stacks and the app's buckets, when the teardown role deletes them, then an explicit deny stops it", () => {
    const roleId = stack.getLogicalId(cloner.teardownProject.role?.node.defaultChild as iam.CfnRole);
    const stackArn = (name: string) => ({
      "Fn::Join": [
        "",
        ["arn:", { Ref: "AWS::Partition" }, `:cloudformation:eu-west-1:123456789012:stack/${name}/*`],
      ],
    });
    template.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: "NeverDeleteProtectedStacks",
            Effect: "Deny",
            Action: "cloudformation:DeleteStack",
            Resource: [
              "acme-dev",
              "acme-qa",
              "acme-prod",
              "acme-tributary-repository",
              "acme-tributary-cicd",
              "Tributary",
            ].map(stackArn),
          },
          Match.objectLike({
            Sid: "NeverEmptyTributaryBuckets",
            Effect: "Deny",
            Resource: ["acme-tributary-repository", "acme-tributary-cicd", "tributary"].flatMap((name) => [
              { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:s3:::${name}-*`]] },
              { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:s3:::${name}-*/*`]] },
            ]),
          }),
        ]),
      },
    });
  });

  it("given the cloner, when built, then the teardown project keeps the logical ids it had inside the cloner", () => {
    expect(stack.getLogicalId(cloner.teardownProject.node.defaultChild as CfnElement)).toMatch(
      /^ClonerTeardownProject[0-9A-F]{8}$/,
    );
    expect(stack.getLogicalId(cloner.teardownProject.role?.node.defaultChild as CfnElement)).toMatch(
      /^ClonerTeardownProjectRole[0-9A-F]{8}$/,
    );
    expect(Object.keys(template.findResources("AWS::Logs::LogGroup"))).toContainEqual(
      expect.stringMatching(/^ClonerTeardownLogs[0-9A-F]{8}$/),
    );
  });

  it("given a StackTeardown alone, when built, then it carries core's ownership rule as variables and logs where it is told", () => {
    const scope = new Stack(new App(), "Alone", { env: ENV });
    const logGroup = new logs.LogGroup(scope, "Logs", { retention: logs.RetentionDays.ONE_WEEK });

    new StackTeardown(scope, "Teardown", { config: CONFIG, logging: { cloudWatch: { logGroup } } });

    const variables = Object.entries({
      TRIBUTARY_PROJECT: CONFIG.project,
      ...teardownVariables(ownershipRule(CONFIG)),
    }).map(([Name, Value]) => ({ Name, Type: "PLAINTEXT", Value }));
    Template.fromStack(scope).hasResourceProperties("AWS::CodeBuild::Project", {
      Name: "acme-stack-teardown",
      Environment: { EnvironmentVariables: variables },
      LogsConfig: { CloudWatchLogs: { GroupName: scope.resolve(logGroup.logGroupName), Status: "ENABLED" } },
      TimeoutInMinutes: 120,
    });
  });
});
