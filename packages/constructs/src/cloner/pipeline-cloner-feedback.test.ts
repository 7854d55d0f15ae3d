import { clonerEnvironment, defineConfig, REPORTS_BUCKET_VARIABLE } from "@tributary/core";
import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as codecommit from "aws-cdk-lib/aws-codecommit";
import type * as events from "aws-cdk-lib/aws-events";
import type * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import { buildTributaryStack, ENV } from "../__fixtures__/tributary-stack.js";
import { PipelineCloner } from "./pipeline-cloner.js";

interface Statement {
  readonly Sid?: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

function statements(stack: Stack, role: iam.IRole): Statement[] {
  const template = Template.fromStack(stack);
  const roleId = stack.getLogicalId(role.node.defaultChild as iam.CfnRole);
  return Object.values(
    template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: roleId }] } }),
  ).flatMap(
    (policy) =>
      (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement,
  );
}

const sid = (all: Statement[], name: string) => all.find((candidate) => candidate.Sid === name);
const text = (stack: Stack, value: unknown) => JSON.stringify(stack.resolve(value));

describe("PipelineCloner's pull-request feedback", () => {
  const built = buildTributaryStack({ bucketKey: true });
  const { stack, cloner } = built;
  const template = Template.fromStack(stack);
  const all = statements(stack, cloner.role);

  it("given the app, when built, then a rule sends the finished runs of the PR clones (prefix match, no superseded) to the cloner", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.codepipeline"],
        "detail-type": ["CodePipeline Pipeline Execution State Change"],
        detail: {
          pipeline: [{ prefix: "acme-dev-pr-" }, { prefix: "acme-qa-pr-" }, { prefix: "acme-prod-pr-" }],
          state: ["SUCCEEDED", "FAILED", "STOPPED"],
        },
      },
      Targets: [{ Arn: stack.resolve(cloner.function.functionArn) }],
    });
  });

  it("given the app, when built, then the cloner reads runs of PR clones only, for the commit they built", () => {
    const runs = sid(all, "ReadPullRequestCloneRuns");
    expect(runs?.Action).toBe("codepipeline:GetPipelineExecution");
    const resources = text(stack, runs?.Resource);
    for (const env of ["dev", "qa", "prod"])
      expect(resources).toContain(`:codepipeline:eu-west-1:123456789012:acme-${env}-pr-*`);
    expect(resources).not.toMatch(/acme-\*|feature/);
  });

  it("given the app, when built, then the cloner approves on the repository only and may neither write comments nor read previews", () => {
    const approve = sid(all, "ApprovePullRequests");
    expect(approve?.Action).toBe("codecommit:UpdatePullRequestApprovalState");
    expect(text(stack, approve?.Resource)).toBe(text(stack, built.source.repository.repositoryArn));
    const actions = all.flatMap((statement) => [statement.Action].flat());
    for (const action of [
      "codecommit:PostCommentForPullRequest",
      "codecommit:GetCommentsForPullRequest",
      "codecommit:UpdateComment",
      "codepipeline:ListActionExecutions",
      "s3:GetObject",
    ])
      expect(actions).not.toContain(action);
    template.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "handler.handler",
      Environment: {
        Variables: Match.not(Match.objectLike({ [REPORTS_BUCKET_VARIABLE]: Match.anyValue() })),
      },
    });
  });
});

describe("PipelineNotifier's living comment", () => {
  const built = buildTributaryStack({ bucketKey: true });
  const { stack, notifications, pullRequestRunsRule } = built;
  const template = Template.fromStack(stack);
  const all = statements(stack, notifications.notifier.role);

  it("given the app, when built, then its own rule sends started and finished runs of the PR clones to the notifier with a pullRequestRun input", () => {
    const rule =
      template.toJSON().Resources[
        stack.getLogicalId(pullRequestRunsRule.node.defaultChild as events.CfnRule)
      ];
    expect(rule.Properties.EventPattern).toEqual({
      source: ["aws.codepipeline"],
      "detail-type": ["CodePipeline Pipeline Execution State Change"],
      detail: {
        pipeline: [{ prefix: "acme-dev-pr-" }, { prefix: "acme-qa-pr-" }, { prefix: "acme-prod-pr-" }],
        state: ["STARTED", "SUCCEEDED", "FAILED", "STOPPED"],
      },
    });
    const [target] = rule.Properties.Targets;
    expect(target.Arn).toEqual(stack.resolve(notifications.notifier.function.functionArn));
    expect(target.InputTransformer.InputPathsMap).toEqual({
      id: "$.id",
      "detail-pipeline": "$.detail.pipeline",
      "detail-execution-id": "$.detail.execution-id",
      "detail-state": "$.detail.state",
      time: "$.time",
      region: "$.region",
      account: "$.account",
    });
    const template_ = JSON.stringify(stack.resolve(target.InputTransformer.InputTemplate));
    for (const field of [
      '\\"kind\\":\\"pullRequestRun\\"',
      '\\"project\\":\\"acme\\"',
      '\\"repository\\":\\"acme-infra\\"',
      "reportsBucket",
    ])
      expect(template_).toContain(field);
  });

  it("given the app, when built, then the notifier reads the PR clones' tags and actions, with the project tag", () => {
    const runs = sid(all, "ReadPullRequestCloneRuns");
    expect(runs?.Action).toEqual(["codepipeline:ListTagsForResource", "codepipeline:ListActionExecutions"]);
    expect(runs?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/tributary:project": "acme" } });
    const resources = text(stack, runs?.Resource);
    for (const env of ["dev", "qa", "prod"])
      expect(resources).toContain(`:codepipeline:eu-west-1:123456789012:acme-${env}-pr-*`);
  });

  it("given the app, when built, then the notifier writes comments on the repository only and cannot approve", () => {
    const comments = sid(all, "WritePullRequestComments");
    expect(comments?.Action).toEqual([
      "codecommit:GetPullRequest",
      "codecommit:GetCommentsForPullRequest",
      "codecommit:PostCommentForPullRequest",
      "codecommit:UpdateComment",
    ]);
    expect(text(stack, comments?.Resource)).toBe(text(stack, built.source.repository.repositoryArn));
    expect(all.flatMap((statement) => [statement.Action].flat())).not.toContain(
      "codecommit:UpdatePullRequestApprovalState",
    );
  });

  it("given a KMS-encrypted reports bucket, when built, then the notifier may read only the project's preview.json (approvals and PR comments), and decrypt only through S3", () => {
    const previews = sid(all, "ReadChangeSetPreviews");
    expect(previews?.Action).toBe("s3:GetObject");
    const resources = text(stack, previews?.Resource);
    for (const env of ["dev", "qa", "prod"]) {
      expect(resources).toContain(`/reports/acme-${env}/*/preview.json`);
      expect(resources).toContain(`/reports/acme-${env}-*/*/preview.json`);
    }
    expect(resources).not.toContain("index.html");
    const decrypt = sid(all, "DecryptPreviewsThroughS3");
    expect(decrypt?.Action).toBe("kms:Decrypt");
    expect(decrypt?.Condition).toEqual({ StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
  });
});

describe("PipelineCloner without a reports bucket", () => {
  it("given a cloner alone, when built, then there is no S3 permission and no bucket variable", () => {
    const app = new App();
    const bare = new Stack(app, "Bare", { env: ENV });
    const config = defineConfig({ project: "acme", repository: "infra" });
    const role = { roleArn: "arn:aws:iam::123456789012:role/pipeline" } as iam.IRole;
    const alone = new PipelineCloner(bare, "Cloner", {
      config,
      repository: codecommit.Repository.fromRepositoryName(bare, "Repo", "infra"),
      pipelineRoles: [role],
      code: lambda.Code.fromInline("export const handler = async () => {};"),
    });
    const found = statements(bare, alone.role);
    expect(sid(found, "ReadChangeSetPreviews")).toBeUndefined();
    expect(sid(found, "DecryptPreviewsThroughS3")).toBeUndefined();
    Template.fromStack(bare).hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: clonerEnvironment(config) },
    });
    const variables = Object.values(Template.fromStack(bare).findResources("AWS::Lambda::Function"))[0]
      ?.Properties.Environment.Variables as Record<string, unknown>;
    expect(variables).not.toHaveProperty(REPORTS_BUCKET_VARIABLE);
  });
});
