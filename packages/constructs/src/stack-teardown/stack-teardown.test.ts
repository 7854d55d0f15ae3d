/** The stack teardown project: core's ownership rule as its IAM, as PipelineCloner builds it and alone. */

import { defineConfig, ownershipRule, TARGET_LISTING_PREFIX, teardownTargets } from "@tributary/core";
import { App, type CfnElement, Stack } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import type * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { buildTributaryStack, CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { StackTeardown } from "./stack-teardown.js";
import { REMOTE_TEARDOWN_SCRIPT, TEARDOWN_SCRIPT, teardownVariables } from "./teardown-buildspec.js";

/** The commands of the teardown project's buildspec in `template`. */
function teardownCommands(template: Template): string[] {
  const [project] = Object.values(
    template.findResources("AWS::CodeBuild::Project", { Properties: { Name: "acme-stack-teardown" } }),
  ) as { Properties: { Source: { BuildSpec: string } } }[];
  return (
    JSON.parse(project?.Properties.Source.BuildSpec ?? "{}") as { phases: { build: { commands: string[] } } }
  ).phases.build.commands;
}

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

  it("given a StackTeardown of a same-account config, when built, then its role has no fixed name and may assume nothing", () => {
    const roleId = stack.getLogicalId(cloner.teardownProject.role?.node.defaultChild as iam.CfnRole);

    expect(template.toJSON().Resources[roleId].Properties.RoleName).toBeUndefined();
    expect(
      JSON.stringify(
        template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: roleId }] } }),
      ),
    ).not.toContain("sts:AssumeRole");
    expect(cloner.teardownProject.teardownTargets).toEqual([]);
    expect(teardownCommands(template)[1]).toBe(TEARDOWN_SCRIPT);
  });

  it("given environments in other accounts and regions, when built, then the project runs the remote script with core's teardownTargets as the fixed CI/CD teardown role, which may assume exactly the target teardown roles", () => {
    const config = defineConfig({
      project: "acme",
      repository: "infra",
      environments: {
        dev: { branch: "develop" },
        qa: { branch: null, account: "222222222222" },
        prod: { branch: "main", account: "333333333333", region: "eu-central-1" },
        perf: { branch: null, account: "333333333333", region: "eu-central-1" },
      },
    });
    const scope = new Stack(new App(), "Remote", { env: { account: "111111111111", region: "eu-west-1" } });

    const teardown = new StackTeardown(scope, "Teardown", { config });

    const targets = teardownTargets("acme", [
      { name: "qa", account: "222222222222", region: "eu-west-1" },
      { name: "prod", account: "333333333333", region: "eu-central-1" },
      { name: "perf", account: "333333333333", region: "eu-central-1" },
    ]);
    expect(teardown.teardownTargets).toEqual(targets);
    const remote = Template.fromStack(scope);
    remote.hasResourceProperties("AWS::CodeBuild::Project", {
      Environment: {
        EnvironmentVariables: Match.arrayWith([
          { Name: "TEARDOWN_TARGETS", Type: "PLAINTEXT", Value: JSON.stringify(targets) },
        ]),
      },
    });
    expect(teardownCommands(remote)[1]).toBe(REMOTE_TEARDOWN_SCRIPT);
    remote.hasResourceProperties("AWS::IAM::Role", { RoleName: "acme-tributary-cicd-teardown" });
    remote.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: "AssumeTargetTeardownRoles",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: [
              "arn:aws:iam::222222222222:role/acme-tributary-teardown-eu-west-1",
              "arn:aws:iam::333333333333:role/acme-tributary-teardown-eu-central-1",
            ],
          },
        ]),
      },
    });
  });

  it("given environments in other accounts and a listing bucket with its own key, when writeTargetListingsTo is called, then the project may put objects only under core's listing prefix and encrypt with that key", () => {
    const config = defineConfig({
      project: "acme",
      repository: "infra",
      environments: {
        dev: { branch: "develop" },
        qa: { branch: null },
        prod: { branch: "main", account: "333333333333", region: "eu-central-1" },
      },
    });
    const scope = new Stack(new App(), "Listing", { env: { account: "111111111111", region: "eu-west-1" } });
    const bucket = new s3.Bucket(scope, "Artifacts", {
      encryptionKey: new kms.Key(scope, "Key", { enableKeyRotation: true }),
    });
    const teardown = new StackTeardown(scope, "Teardown", { config });

    teardown.writeTargetListingsTo(bucket);

    const template = Template.fromStack(scope);
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: "WriteTargetListings",
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: {
              "Fn::Join": [
                "",
                [
                  { "Fn::GetAtt": [scope.getLogicalId(bucket.node.defaultChild as CfnElement), "Arn"] },
                  `/${TARGET_LISTING_PREFIX}*`,
                ],
              ],
            },
          },
          {
            Sid: "EncryptTargetListings",
            Effect: "Allow",
            Action: "kms:GenerateDataKey",
            Resource: {
              "Fn::GetAtt": [
                scope.getLogicalId(bucket.encryptionKey?.node.defaultChild as CfnElement),
                "Arn",
              ],
            },
          },
        ]),
      },
    });
    template.hasResourceProperties("AWS::CodeBuild::Project", {
      Environment: {
        EnvironmentVariables: Match.arrayWith([
          {
            Name: "TEARDOWN_LISTING_BUCKET",
            Type: "PLAINTEXT",
            Value: { Ref: scope.getLogicalId(bucket.node.defaultChild as CfnElement) },
          },
        ]),
      },
    });
    Annotations.fromStack(scope).hasNoWarning("*", Match.stringLikeRegexp("writeTargetListingsTo"));
  });

  it("given environments in other accounts and no listing bucket, when synthesized, then synth warns with the fix", () => {
    const config = defineConfig({
      project: "acme",
      repository: "infra",
      environments: {
        dev: { branch: "develop" },
        qa: { branch: null },
        prod: { branch: "main", account: "333333333333", region: "eu-central-1" },
      },
    });
    const scope = new Stack(new App(), "NoListing", {
      env: { account: "111111111111", region: "eu-west-1" },
    });
    new StackTeardown(scope, "Teardown", { config });

    Annotations.fromStack(scope).hasWarning(
      "/NoListing/Teardown",
      Match.stringLikeRegexp("Fix: call writeTargetListingsTo"),
    );
  });

  it("given a same-account config, when writeTargetListingsTo is called, then it throws: there is nothing to list", () => {
    const scope = new Stack(new App(), "SameAccount", { env: ENV });
    const teardown = new StackTeardown(scope, "Teardown", { config: CONFIG });

    expect(() => teardown.writeTargetListingsTo(new s3.Bucket(scope, "Artifacts"))).toThrow(
      /nothing to list/,
    );
  });
});
