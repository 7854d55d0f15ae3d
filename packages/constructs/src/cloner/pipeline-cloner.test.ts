import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clonerEnvironment, defineConfig, SOURCE_CLOSED_EVENT } from "@tributary/core";
import { App, type CfnElement, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { buildTributaryStack, CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { clonerBundleCode } from "../lambda/cloner-bundle.js";
import { clonerLifecycleStatements } from "./clone-lifecycle.js";
import { PipelineCloner } from "./pipeline-cloner.js";

const built = buildTributaryStack();
const template = Template.fromStack(built.stack);
const { stack, cloner } = built;

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The statements of the cloner Lambda's role policy. */
function clonerStatements(): readonly Statement[] {
  const roleId = stack.getLogicalId(cloner.role.node.defaultChild as iam.CfnRole);
  const policies = Object.values(
    template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: roleId }] } }),
  );
  return policies.flatMap(
    (policy) =>
      (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement,
  );
}

function statement(sid: string): Statement {
  const found = clonerStatements().find((candidate) => candidate.Sid === sid);
  if (found === undefined) throw new Error(`no statement ${sid}`);
  return found;
}

const pipelinesArn = {
  "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":codepipeline:eu-west-1:123456789012:acme-*"]],
};

describe("PipelineCloner", () => {
  it("given the contract, when built, then the Lambda runs handler.handler on nodejs24.x arm64 with core's environment", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "handler.handler",
      Environment: {
        Variables: {
          ...clonerEnvironment(CONFIG),
          POWERTOOLS_SERVICE_NAME: "tributary-cloner",
          POWERTOOLS_METRICS_NAMESPACE: "Tributary",
        },
      },
      DeadLetterConfig: { TargetArn: stack.resolve(cloner.deadLetterQueue.queueArn) },
    });
  });

  it("given the cloner bundle this package carries, when the app is synthesized, then the Lambda asset holds only handler.mjs", () => {
    const assembly = built.app.synth();
    const assets = readdirSync(assembly.directory).filter((entry) => entry.startsWith("asset."));
    const clonerAsset = assets
      .map((entry) => readdirSync(join(assembly.directory, entry)))
      .find((files) => files.includes("handler.mjs"));
    expect(clonerAsset).toEqual(["handler.mjs"]);
  });

  it("given a directory without handler.mjs, when the bundle is loaded, then the error says to run pnpm turbo build", () => {
    const empty = mkdtempSync(join(tmpdir(), "tributary-cloner-"));
    expect(() => clonerBundleCode(empty)).toThrow(
      /handler\.mjs does not exist\. Fix: run `pnpm turbo build`/,
    );
  });

  it("given this repository, when built, then its branch events reach the cloner", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.codecommit"],
        "detail-type": ["CodeCommit Repository State Change"],
        resources: [stack.resolve(built.source.repository.repositoryArn)],
        detail: {
          referenceType: ["branch"],
          event: ["referenceCreated", "referenceUpdated", "referenceDeleted"],
        },
      },
      Targets: [Match.objectLike({ Arn: stack.resolve(cloner.function.functionArn) })],
    });
  });

  it("given this repository, when built, then its pull-request events reach the cloner", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.codecommit"],
        "detail-type": ["CodeCommit Pull Request State Change"],
        resources: [stack.resolve(built.source.repository.repositoryArn)],
      },
      Targets: [Match.objectLike({ Arn: stack.resolve(cloner.function.functionArn) })],
    });
  });

  it.each([
    [undefined, "rate(6 hours)"],
    ["cron(0 3 * * ? *)", "cron(0 3 * * ? *)"],
  ])("given reconcileSchedule %s, when built, then reconciliation runs on %s", (schedule, expected) => {
    const config = defineConfig({
      project: "acme",
      repository: "acme-infra",
      ...(schedule ? { reconcileSchedule: schedule } : {}),
    });
    const result = clonerAlone(config);
    result.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: expected,
      Targets: [Match.objectLike({ Id: "Target0" })],
    });
  });

  it("given every rule target, when built, then failed deliveries retry and then land in the dead-letter queue", () => {
    const rules = [cloner.branchRule, cloner.pullRequestRule, cloner.reconcileRule];
    for (const rule of rules) {
      if (rule === undefined)
        throw new Error("a CodeCommit source's cloner has its branch and pull-request rules");
      const id = stack.getLogicalId(rule.node.defaultChild as CfnElement);
      const properties = template.toJSON().Resources[id].Properties;
      expect(properties.Targets[0]).toMatchObject({
        DeadLetterConfig: { Arn: stack.resolve(cloner.deadLetterQueue.queueArn) },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
      });
    }
  });

  it("given the dead-letter queue, when built, then it is encrypted and refuses non-SSL requests", () => {
    template.hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true });
    template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("given the alarm topic, when a message waits in the dead-letter queue, then the alarm notifies it", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Namespace: "AWS/SQS",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      AlarmActions: [stack.resolve(built.notifications.topicsFor("dev").failures.topicArn)],
    });
  });

  it("given the cloner role, when it deletes or updates a pipeline, then only one under the prefix tagged as this project's managed clone", () => {
    expect(statement("ChangeManagedClonesOnly")).toEqual({
      Sid: "ChangeManagedClonesOnly",
      Effect: "Allow",
      Action: ["codepipeline:UpdatePipeline", "codepipeline:DeletePipeline"],
      Resource: pipelinesArn,
      Condition: {
        StringEquals: {
          "aws:ResourceTag/tributary:managed": "true",
          "aws:ResourceTag/tributary:project": "acme",
        },
      },
    });
    const changes = clonerStatements().filter(
      (candidate) =>
        candidate.Effect === "Allow" &&
        [candidate.Action]
          .flat()
          .some(
            (action) => action === "codepipeline:UpdatePipeline" || action === "codepipeline:DeletePipeline",
          ),
    );
    expect(changes.map((candidate) => candidate.Sid)).toEqual(["ChangeManagedClonesOnly"]);
  });

  it("given the cloner role, when it creates or tags a pipeline, then only with this project's managed tags, and only an untagged pipeline or its own clone", () => {
    const requestTags = {
      "aws:RequestTag/tributary:managed": "true",
      "aws:RequestTag/tributary:project": "acme",
    };
    expect(statement("CreateManagedClonesOnly")).toEqual({
      Sid: "CreateManagedClonesOnly",
      Effect: "Allow",
      Action: "codepipeline:CreatePipeline",
      Resource: pipelinesArn,
      Condition: { StringEquals: requestTags },
    });
    expect(statement("TagManagedClonesOnly")).toEqual({
      Sid: "TagManagedClonesOnly",
      Effect: "Allow",
      Action: "codepipeline:TagResource",
      Resource: pipelinesArn,
      Condition: {
        StringEquals: requestTags,
        StringEqualsIfExists: {
          "aws:ResourceTag/tributary:managed": "true",
          "aws:ResourceTag/tributary:project": "acme",
        },
      },
    });
  });

  it("given the cloner role, when it reads and starts pipelines, then only this project's, by name prefix and tag, and it may never untag", () => {
    expect(statement("ReadProjectPipelines")).toEqual({
      Sid: "ReadProjectPipelines",
      Effect: "Allow",
      Action: "codepipeline:GetPipeline",
      Resource: pipelinesArn,
      Condition: { StringEquals: { "aws:ResourceTag/tributary:project": "acme" } },
    });
    expect(statement("StartManagedClonesOnly")).toEqual({
      Sid: "StartManagedClonesOnly",
      Effect: "Allow",
      Action: "codepipeline:StartPipelineExecution",
      Resource: pipelinesArn,
      Condition: {
        StringEquals: {
          "aws:ResourceTag/tributary:managed": "true",
          "aws:ResourceTag/tributary:project": "acme",
        },
      },
    });
    expect(statement("ReadPipelineTagsUnderPrefix")).toEqual({
      Sid: "ReadPipelineTagsUnderPrefix",
      Effect: "Allow",
      Action: "codepipeline:ListTagsForResource",
      Resource: pipelinesArn,
    });
    const allowed = clonerStatements()
      .filter((candidate) => candidate.Effect === "Allow")
      .flatMap((candidate) => [candidate.Action].flat());
    expect(allowed).not.toContain("codepipeline:UntagResource");
  });

  it("given the cloner role, when it puts events, then only its own continuation and idle notices on the default bus", () => {
    expect(statement("PutOwnEvents")).toEqual({
      Sid: "PutOwnEvents",
      Effect: "Allow",
      Action: "events:PutEvents",
      Resource: {
        "Fn::Join": [
          "",
          ["arn:", { Ref: "AWS::Partition" }, ":events:eu-west-1:123456789012:event-bus/default"],
        ],
      },
      Condition: {
        "ForAllValues:StringEquals": {
          "events:source": ["tributary.cloner"],
          "events:detail-type": ["Tributary Reconcile Continuation", "Tributary Idle Notice"],
        },
      },
    });
  });

  it("given a GitHub source, when the cloner's statements are built, then it may also put its Source Closed events (for the run history)", () => {
    const gitHub = defineConfig({
      project: "acme",
      source: { provider: "github", owner: "acme", repository: "infra" },
    });
    const stack = new Stack(new App(), "GitHubCloner", { env: ENV });
    const putOwn = clonerLifecycleStatements(stack, gitHub)
      .map((candidate) => stack.resolve(candidate.toStatementJson()))
      .find((candidate) => candidate.Sid === "PutOwnEvents");
    expect(putOwn.Condition).toEqual({
      "ForAllValues:StringEquals": {
        "events:source": ["tributary.cloner"],
        "events:detail-type": [
          "Tributary Reconcile Continuation",
          "Tributary Idle Notice",
          SOURCE_CLOSED_EVENT.detailType,
        ],
      },
    });
  });

  it("given the cloner, when built, then a reconcile's continuation and every clone's run start come back to it", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["tributary.cloner"],
        "detail-type": ["Tributary Reconcile Continuation"],
      },
    });
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.codepipeline"],
        detail: {
          pipeline: [{ prefix: "acme-dev-" }, { prefix: "acme-qa-" }, { prefix: "acme-prod-" }],
          state: ["STARTED"],
        },
      },
    });
  });

  it("given the cloner role, when it passes a role, then only the pipeline roles and only to CodePipeline", () => {
    expect(statement("PassPipelineRolesToCodePipeline")).toEqual({
      Sid: "PassPipelineRolesToCodePipeline",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: built.pipelines.map((pipeline) => stack.resolve(pipeline.role.roleArn)),
      Condition: { StringEquals: { "iam:PassedToService": "codepipeline.amazonaws.com" } },
    });
  });

  it("given the environment pipelines, when the cloner tags, untags, updates or deletes them, then an explicit deny stops it", () => {
    expect(statement("ProtectEnvironmentPipelines")).toEqual({
      Sid: "ProtectEnvironmentPipelines",
      Effect: "Deny",
      Action: [
        "codepipeline:DeletePipeline",
        "codepipeline:TagResource",
        "codepipeline:UntagResource",
        "codepipeline:UpdatePipeline",
      ],
      Resource: ["acme-dev", "acme-qa", "acme-prod"].map((name) => ({
        "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:codepipeline:eu-west-1:123456789012:${name}`]],
      })),
    });
  });

  it("given the cloner role, when a statement has Resource *, then it is an action without resource-level permissions", () => {
    const wildcards = clonerStatements().filter((candidate) => candidate.Resource === "*");
    expect(wildcards).toEqual([
      { Sid: "ListPipelines", Effect: "Allow", Action: "codepipeline:ListPipelines", Resource: "*" },
      { Sid: "ListProjectPipelineTags", Effect: "Allow", Action: "tag:GetResources", Resource: "*" },
      { Sid: "TagOwnFunctionWithRefusalState", Effect: "Allow", Action: "tag:TagResources", Resource: "*" },
    ]);
  });

  it("given the cloner role, when it reads CodeCommit or starts a teardown, then only this repository and the teardown project", () => {
    expect(statement("ReadRepository")).toMatchObject({
      Resource: stack.resolve(built.source.repository.repositoryArn),
      Action: ["codecommit:ListBranches", "codecommit:ListPullRequests", "codecommit:GetPullRequest"],
    });
    expect(statement("StartStackTeardown")).toMatchObject({
      Action: "codebuild:StartBuild",
      Resource: stack.resolve(cloner.teardownProject.projectArn),
    });
  });

  it("given a role, when the cloner is built, then the Lambda runs as it, the cloner's statements land on it and no role of its own is made", () => {
    const scope = new Stack(new App(), "GivenRole", { env: ENV });
    const repository = codecommit.Repository.fromRepositoryName(scope, "Repo", "acme-infra");
    const role = new iam.Role(scope, "Given", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    });
    const pipelineRole = iam.Role.fromRoleArn(
      scope,
      "PipelineRole",
      "arn:aws:iam::123456789012:role/acme-dev",
    );

    const given = new PipelineCloner(scope, "Cloner", {
      config: CONFIG,
      repository,
      pipelineRoles: [pipelineRole],
      role,
      code: inline(),
    });

    const synthesized = Template.fromStack(scope);
    expect(given.role).toBe(role);
    expect(given.grantPrincipal).toBe(role);
    synthesized.hasResourceProperties("AWS::Lambda::Function", {
      Role: scope.resolve(role.roleArn),
    });
    expect(Object.keys(synthesized.findResources("AWS::IAM::Role"))).toEqual([
      scope.getLogicalId(role.node.defaultChild as CfnElement),
      // the teardown project's own role
      scope.getLogicalId(given.teardownProject.role?.node.defaultChild as CfnElement),
    ]);
    synthesized.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [{ Ref: scope.getLogicalId(role.node.defaultChild as CfnElement) }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Sid: "CreateManagedClonesOnly" })]),
      },
    });
  });

  it("given a grant to the cloner, when built, then it lands on the cloner's role", () => {
    const scope = new Stack(new App(), "Grant", { env: ENV });
    const repository = codecommit.Repository.fromRepositoryName(scope, "Repo", "acme-infra");
    const pipelineRole = iam.Role.fromRoleArn(
      scope,
      "PipelineRole",
      "arn:aws:iam::123456789012:role/acme-dev",
    );
    const alone = new PipelineCloner(scope, "Cloner", {
      config: CONFIG,
      repository,
      pipelineRoles: [pipelineRole],
      code: inline(),
    });
    const queue = new sqs.Queue(scope, "Queue", { enforceSSL: true });

    queue.grantSendMessages(alone);

    Template.fromStack(scope).hasResourceProperties("AWS::IAM::Policy", {
      Roles: [{ Ref: scope.getLogicalId(alone.role.node.defaultChild as CfnElement) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(["sqs:SendMessage"]),
            Resource: scope.resolve(queue.queueArn),
          }),
        ]),
      },
    });
  });

  it("given no pipeline roles, when the cloner is built, then it throws naming the fix", () => {
    const scope = new Stack(new App(), "Empty", { env: ENV });
    const repository = codecommit.Repository.fromRepositoryName(scope, "Repo", "acme-infra");
    expect(
      () =>
        new PipelineCloner(scope, "Cloner", {
          config: CONFIG,
          repository,
          pipelineRoles: [],
          code: inline(),
        }),
    ).toThrow(/pipelineRoles is empty.*Fix: pass the role of every EnvironmentPipeline/);
  });
});

function inline(): lambda.Code {
  return lambda.Code.fromInline("export const handler = async () => undefined;");
}

/** A stack with only a cloner (inline code, an imported pipeline role). */
function clonerAlone(config: ReturnType<typeof defineConfig>): Template {
  const scope = new Stack(new App(), "Alone", { env: ENV });
  const repository = codecommit.Repository.fromRepositoryName(scope, "Repo", "acme-infra");
  const pipelineRole = iam.Role.fromRoleArn(
    scope,
    "PipelineRole",
    "arn:aws:iam::123456789012:role/acme-dev-pipeline",
  );
  new PipelineCloner(scope, "Cloner", { config, repository, pipelineRoles: [pipelineRole], code: inline() });
  return Template.fromStack(scope);
}
