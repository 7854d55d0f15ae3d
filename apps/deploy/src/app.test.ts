import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "@tributary/core";
import { Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { configFile, DUPLICATE_DEV_CONFIG } from "./__fixtures__/config-file";
import { GITHUB_CONFIG, IMPORTED_REPOSITORY_CONFIG } from "./__fixtures__/configs";
import { createApp, type TributaryApp } from "./app";
import { approvalRuleCommandsFor, CLONER_ROLE_LOGICAL_ID_PREFIX } from "./cli/approval-rule";
import { loadConfig } from "./load-config";
import { formatSummary } from "./summary";

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function outdir(): string {
  return mkdtempSync(join(tmpdir(), "tributary-app-"));
}

/** Unacknowledged AwsSolutions findings of the whole construct tree, as `rule at path` lines. */
function nagFindings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
  );
}

describe("the app from tributary.config.ts", () => {
  let built: TributaryApp;
  let cicd: Template;
  let repository: Template;

  beforeAll(async () => {
    built = createApp(await loadConfig(), { outdir: outdir() });
    // Synthesizing runs the cdk-nag plugin too: any unacknowledged finding throws here.
    built.app.synth();
    cicd = Template.fromStack(built.cicdStack);
    if (built.repositoryStack === undefined) throw new Error("the shipped config creates the repository");
    repository = Template.fromStack(built.repositoryStack);
  });

  it("given the shipped config, when synthesized, then there are two stacks with project-prefixed names", () => {
    expect(
      built.app.node.children
        .filter((child) => child instanceof Stack)
        .map((stack) => (stack as Stack).stackName),
    ).toEqual(["acme-tributary-repository", "acme-tributary-cicd"]);
    expect(built.cicdStack.dependencies).toContain(built.repositoryStack);
  });

  it("given the shipped config, when synthesized, then the repository is created and retained on deletion", () => {
    repository.resourceCountIs("AWS::CodeCommit::Repository", 1);
    repository.hasResource("AWS::CodeCommit::Repository", {
      Properties: { RepositoryName: "infra-deployment" },
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    cicd.resourceCountIs("AWS::CodeCommit::Repository", 0);
  });

  it.each([
    { name: "acme-dev", environment: "dev", branch: "develop", approval: false },
    { name: "acme-qa", environment: "qa", branch: "develop", approval: false },
    { name: "acme-prod", environment: "prod", branch: "main", approval: true },
  ])("given the shipped config, when synthesized, then $name is a V2 pipeline on $branch", (row) => {
    const [pipeline, ...others] = Object.values(
      cicd.findResources("AWS::CodePipeline::Pipeline", { Properties: { Name: row.name } }),
    );

    expect(others).toEqual([]);
    expect(pipeline?.Properties).toMatchObject({
      PipelineType: "V2",
      Tags: expect.arrayContaining([
        { Key: "tributary:project", Value: "acme" },
        { Key: "tributary:environment", Value: row.environment },
      ]),
    });
    const stages = pipeline?.Properties.Stages as {
      Name: string;
      Actions: { Name: string; Configuration?: Record<string, unknown> }[];
    }[];
    expect(stages.map((stage) => stage.Name)).toEqual(
      row.approval
        ? ["Source", "Test", "Preview", "Approval", "Deploy", "Cleanup"]
        : ["Source", "Test", "Preview", "Deploy", "Cleanup"],
    );
    expect(stages[0]?.Actions[0]?.Configuration).toMatchObject({
      BranchName: row.branch,
      PollForSourceChanges: false,
    });
    expect(stages.find((stage) => stage.Name === "Deploy")?.Actions.map((action) => action.Name)).toEqual([
      "CreateChangeSet",
      "ExecuteChangeSet",
    ]);
    expect(JSON.stringify(pipeline?.Properties.Tags)).not.toContain("tributary:managed");
  });

  it("given the shipped config, when synthesized, then there are exactly three pipelines", () => {
    cicd.resourceCountIs("AWS::CodePipeline::Pipeline", 3);
  });

  it("given the shipped config, when synthesized, then the cloner Lambda carries the config", () => {
    cicd.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "handler.handler",
      Environment: {
        Variables: {
          TRIBUTARY_CONFIG: Match.stringLikeRegexp('"project":"acme"'),
          POWERTOOLS_SERVICE_NAME: "tributary-cloner",
        },
      },
      DeadLetterConfig: Match.objectLike({ TargetArn: Match.anyValue() }),
    });
    cicd.hasResourceProperties("AWS::CodeBuild::Project", { Name: "acme-stack-teardown" });
  });

  it("given the shipped config, when synthesized, then the cloner's rules cover branches, pull requests and the schedule", () => {
    const clonerFunction = Object.keys(
      cicd.findResources("AWS::Lambda::Function", { Properties: { Handler: "handler.handler" } }),
    );
    expect(clonerFunction).toHaveLength(1);
    const target = Match.arrayWith([Match.objectLike({ Arn: { "Fn::GetAtt": [clonerFunction[0], "Arn"] } })]);

    cicd.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: Match.objectLike({
        source: ["aws.codecommit"],
        "detail-type": ["CodeCommit Repository State Change"],
      }),
      Targets: target,
    });
    cicd.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: Match.objectLike({
        source: ["aws.codecommit"],
        "detail-type": ["CodeCommit Pull Request State Change"],
      }),
      Targets: target,
    });
    cicd.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "rate(6 hours)", Targets: target });
  });

  it("given the shipped config, when synthesized, then three encrypted topics get failures, deployments and approvals of every environment", () => {
    cicd.resourceCountIs("AWS::SNS::Topic", 3);
    cicd.allResourcesProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    // The rules that go through the notifier's input transformer (the cloner's run rule hands events over as they are).
    const notificationRules = cicd.findResources("AWS::Events::Rule", {
      Properties: {
        EventPattern: Match.objectLike({ source: ["aws.codepipeline"] }),
        Targets: [Match.objectLike({ InputTransformer: Match.anyValue() })],
      },
    });
    // Three rules (failures, deployments, approvals) per environment, plus the notifier's living-comment rule on the
    // pull-request clones' runs (kind pullRequestRun, no topic). The run history's rules (kind runEvent) publish to no
    // topic either; they have tests of their own.
    for (const [id, rule] of Object.entries(notificationRules)) {
      if (JSON.stringify(rule.Properties.Targets).includes('\\"kind\\":\\"runEvent\\"'))
        delete notificationRules[id];
    }
    const topicRules = Object.values(notificationRules).filter(
      (rule) => !JSON.stringify(rule.Properties.Targets).includes('\\"kind\\":\\"pullRequestRun\\"'),
    );
    expect(topicRules).toHaveLength(9);
    expect(Object.keys(notificationRules)).toHaveLength(10);
    for (const pipeline of ["acme-dev", "acme-qa", "acme-prod"]) {
      cicd.hasResourceProperties("AWS::Events::Rule", {
        EventPattern: Match.objectLike({
          detail: Match.objectLike({ pipeline: [{ prefix: `${pipeline}-` }, pipeline], state: ["FAILED"] }),
        }),
      });
    }
  });

  it("given the shipped config, when synthesized, then each approval is reported once, by the approvals rule, with the TaskCat report", () => {
    const prod = Object.values(cicd.findResources("AWS::CodePipeline::Pipeline")).find(
      (resource) => resource.Properties.Name === "acme-prod",
    );
    const stages = (prod?.Properties.Stages ?? []) as {
      Name: string;
      Actions: { Name: string; Configuration?: object }[];
    }[];
    const approve = stages
      .find((stage) => stage.Name === "Approval")
      ?.Actions.find((action) => action.Name === "Approve");
    expect(approve).toBeDefined();
    expect(approve?.Configuration).not.toHaveProperty("NotificationArn");
    const approvalRules = Object.values(
      cicd.findResources("AWS::Events::Rule", {
        Properties: {
          EventPattern: Match.objectLike({ "detail-type": ["CodePipeline Action Execution State Change"] }),
        },
      }),
    );
    expect(approvalRules).toHaveLength(3);
    for (const rule of approvalRules) {
      expect(JSON.stringify(rule.Properties.Targets)).toContain('\\"reportsBucket\\"');
    }
  });

  it("given the shipped config, when synthesized, then every bucket is private, encrypted, SSL-only and retained", () => {
    cicd.resourceCountIs("AWS::S3::Bucket", 4);
    cicd.allResources("AWS::S3::Bucket", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: Match.anyValue(),
      }),
    });
    const policies = Object.values(cicd.findResources("AWS::S3::BucketPolicy"));
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it("given the shipped config, when synthesized, then every taggable resource carries tributary:project", () => {
    for (const template of [cicd, repository]) {
      const taggable = Object.entries(
        template.toJSON().Resources as Record<string, { Type: string; Properties?: { Tags?: unknown } }>,
      ).filter(([, resource]) => resource.Properties?.Tags !== undefined);
      expect(taggable.length).toBeGreaterThan(0);
      for (const [, resource] of taggable) {
        expect(JSON.stringify(resource.Properties?.Tags)).toContain("tributary:project");
      }
    }
  });

  it("given the shipped config, when checked with cdk-nag AwsSolutions, then the whole app has no unacknowledged finding", () => {
    expect(nagFindings(built.app)).toEqual([]);
  });

  it("given the shipped config, when summarized, then the summary lists pipelines, routes, topics and buckets", () => {
    const text = formatSummary(built.summary);

    expect(text).toMatch(/acme-dev\s+develop\s+no\s+acme-dev/);
    expect(text).toMatch(/acme-qa\s+\(clones only\)\s+no\s+acme-qa/);
    expect(text).toMatch(/acme-prod\s+main\s+yes\s+acme-prod/);
    expect(text).toMatch(
      /feature\/\*\s+dev\s+acme-dev-feature-<name>\s+acme-dev-feature-<name> \(ephemeral\)/,
    );
    expect(text).toMatch(/release\/\*\s+qa\s+acme-qa-release-<name>\s+acme-qa\n/);
    expect(text).toMatch(/support\/\*\s+\(none\)/);
    expect(text).toMatch(/pull requests\s+destination's\s+acme-<env>-pr-<id>/);
    expect(text).toContain("FailuresTopic");
    expect(text).toContain("ApprovalsTopic");
    expect(text).toContain("Artifacts");
    expect(text).toContain("AccessLogs");
  });
});

/** The parameters of one lifecycle call of the custom resource of `type`, its references written `<Ref:X>`. */
function sdkCall(template: Template, type: string, event: "Create" | "Delete") {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  const flatten = (value: unknown): string => {
    if (typeof value === "string") return value;
    const join = (value as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
    if (join !== undefined) return join[1].map(flatten).join(join[0]);
    const ref = (value as { Ref?: string }).Ref;
    if (ref !== undefined) return `<Ref:${ref}>`;
    throw new Error(`unexpected ${JSON.stringify(value)}`);
  };
  return JSON.parse(flatten(resources[0]?.Properties?.[event])) as {
    action: string;
    parameters: Record<string, string>;
  };
}

describe("the merge gate", () => {
  it.each([
    ["the shipped config (created repository)", undefined, "acme", "infra-deployment"],
    ["an imported repository", IMPORTED_REPOSITORY_CONFIG, "shop", "shop-infra"],
  ] as const)(
    "given %s, when synthesized, then the CI/CD stack's template needs one approval from the cloner's role and is associated with the repository",
    async (_name, input, project, repositoryName) => {
      const built = createApp(input ?? (await loadConfig()), { outdir: outdir(), nag: false });
      const cicd = Template.fromStack(built.cicdStack);
      const create = sdkCall(cicd, "Custom::TributaryApprovalRuleTemplate", "Create");
      expect(create.parameters.approvalRuleTemplateName).toBe(`${project}-tributary-green-pipeline`);
      const clonerRole = Object.keys(cicd.findResources("AWS::IAM::Role")).filter((id) =>
        id.startsWith(CLONER_ROLE_LOGICAL_ID_PREFIX),
      );
      // The manual commands look the role up by this prefix: exactly one role may match.
      expect(clonerRole).toHaveLength(1);
      expect(JSON.parse(create.parameters.approvalRuleTemplateContent ?? "")).toEqual({
        Version: "2018-11-08",
        DestinationReferences: ["refs/heads/main", "refs/heads/develop"],
        Statements: [
          {
            Type: "Approvers",
            NumberOfApprovalsNeeded: 1,
            ApprovalPoolMembers: [
              `arn:<Ref:AWS::Partition>:sts::<Ref:AWS::AccountId>:assumed-role/<Ref:${clonerRole[0]}>/*`,
            ],
          },
        ],
      });
      expect(sdkCall(cicd, "Custom::TributaryApprovalRuleTemplateAssociation", "Create").parameters).toEqual({
        approvalRuleTemplateName: `${project}-tributary-green-pipeline`,
        repositoryName,
      });
    },
  );

  it("given approvals.pullRequestRule false, when synthesized, then no template is created and the CLI prints the commands that create it", () => {
    const built = createApp(
      { ...IMPORTED_REPOSITORY_CONFIG, approvals: { pullRequestRule: false } },
      { outdir: outdir() },
    );
    built.app.synth();
    const cicd = Template.fromStack(built.cicdStack);
    cicd.resourceCountIs("Custom::TributaryApprovalRuleTemplate", 0);
    cicd.resourceCountIs("Custom::TributaryApprovalRuleTemplateAssociation", 0);
    expect(built.summary.mergeGate).toMatch(/^off \(approvals\.pullRequestRule: false\)/);
    const { commands, appliedByStack } = approvalRuleCommandsFor(built.config.tributary, undefined);
    expect(appliedByStack).toBe(false);
    expect(commands.map((command) => command.split(" ").slice(0, 3).join(" "))).toEqual([
      "ROLE=$(aws cloudformation list-stack-resources",
      "ACCOUNT=$(aws sts get-caller-identity",
      "aws codecommit create-approval-rule-template",
      "aws codecommit associate-approval-rule-template-with-repository",
    ]);
  });
});

describe("the app with an imported repository, throw-away buckets and topics per environment", () => {
  let built: TributaryApp;

  beforeAll(() => {
    built = createApp(IMPORTED_REPOSITORY_CONFIG, { outdir: outdir() });
    built.app.synth();
  });

  it("given create: false, when synthesized, then there is no repository stack and the CI/CD stack imports it by name", () => {
    expect(built.repositoryStack).toBeUndefined();
    const cicd = Template.fromStack(built.cicdStack);
    cicd.resourceCountIs("AWS::CodeCommit::Repository", 0);
    cicd.hasResourceProperties("AWS::CodePipeline::Pipeline", {
      Name: "shop-dev",
      Stages: Match.arrayWith([
        Match.objectLike({
          Name: "Source",
          Actions: [Match.objectLike({ Configuration: Match.objectLike({ RepositoryName: "shop-infra" }) })],
        }),
      ]),
    });
  });

  it("given retainOnDelete: false, when synthesized, then the buckets are deleted with the stack", () => {
    const cicd = Template.fromStack(built.cicdStack);
    cicd.allResources("AWS::S3::Bucket", { DeletionPolicy: "Delete" });
  });

  it("given notification e-mails and topics per environment, when synthesized, then nine topics each have an e-mail subscription", () => {
    const cicd = Template.fromStack(built.cicdStack);
    cicd.resourceCountIs("AWS::SNS::Topic", 9);
    cicd.resourceCountIs("AWS::SNS::Subscription", 9);
    cicd.allResourcesProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.com" });
  });

  it("given topics per environment, when summarized, then each topic is listed with its purpose", () => {
    const { items, note } = built.summary.topics;

    expect(items.map((item) => item.name)).toContain("ProdApprovalsTopic");
    expect(items.find((item) => item.name === "ProdApprovalsTopic")?.purpose).toBe(
      "manual approvals waiting for a decision",
    );
    expect(items.find((item) => item.name === "DevFailuresTopic")?.purpose).toMatch(/^failed executions/);
    expect(note).toContain("e-mail to ops@example.com");
  });

  it("given this config, when checked with cdk-nag AwsSolutions, then the whole app has no unacknowledged finding", () => {
    expect(nagFindings(built.app)).toEqual([]);
  });
});

describe("the app with a GitHub source", () => {
  let built: TributaryApp;

  beforeAll(() => {
    built = createApp(GITHUB_CONFIG, { outdir: outdir() });
    built.app.synth();
  });

  it("given a GitHub source, when synthesized, then there is no repository stack and nothing of CodeCommit", () => {
    expect(built.repositoryStack).toBeUndefined();
    const cicd = Template.fromStack(built.cicdStack);
    cicd.resourceCountIs("AWS::CodeCommit::Repository", 0);
    cicd.resourceCountIs("AWS::CodeCommit::ApprovalRuleTemplate", 0);
    expect(JSON.stringify(cicd.toJSON())).not.toContain("codecommit");
  });

  it("given a GitHub source, when synthesized, then every pipeline reads acme/infra through the created connection", () => {
    const cicd = Template.fromStack(built.cicdStack);
    cicd.resourceCountIs("AWS::CodeConnections::Connection", 1);
    for (const [name, branch] of [
      ["acme-dev", "develop"],
      ["acme-prod", "main"],
    ]) {
      cicd.hasResourceProperties("AWS::CodePipeline::Pipeline", {
        Name: name,
        Stages: Match.arrayWith([
          Match.objectLike({
            Name: "Source",
            Actions: [
              Match.objectLike({
                ActionTypeId: Match.objectLike({ Provider: "CodeStarSourceConnection" }),
                Configuration: Match.objectLike({ FullRepositoryId: "acme/infra", BranchName: branch }),
              }),
            ],
          }),
        ]),
      });
    }
  });

  it("given a GitHub source, when synthesized, then the webhook's function URL is a stack output and its function hands deliveries to the cloner", () => {
    const cicd = Template.fromStack(built.cicdStack);
    cicd.hasResourceProperties("AWS::Lambda::Url", { AuthType: "NONE" });
    expect(Object.keys(cicd.findOutputs("*")).some((id) => id.startsWith("GitHubWebhookUrl"))).toBe(true);
    expect(built.cicdStack.gitHubWebhook?.function).toBeDefined();
  });

  it("given app.repository with a GitHub source, when the config is defined, then the ConfigError says it applies to CodeCommit only", () => {
    expect(() => createApp({ ...GITHUB_CONFIG, app: { repository: { create: true } } })).toThrow(
      expect.objectContaining({ name: ConfigError.name, path: "app.repository" }),
    );
  });

  it("given a GitHub source, when checked with cdk-nag AwsSolutions, then the whole app has no unacknowledged finding", () => {
    expect(nagFindings(built.app)).toEqual([]);
  });
});

describe("the cdk-nag plugin", () => {
  it("given a resource with an unacknowledged finding, when synthesized, then synthesis fails", () => {
    const built = createApp({ project: "acme", repository: "infra" }, { outdir: outdir() });
    // An SQS queue without SSL enforcement or a dead-letter queue: AwsSolutions-SQS3 and SQS4.
    new sqs.Queue(built.cicdStack, "UnsafeQueue");

    expect(() => built.app.synth()).toThrow(/AwsSolutions-SQS4/);
    expect(nagFindings(built.app)).toEqual(
      expect.arrayContaining([
        "AwsSolutions-SQS3 at CiCd/UnsafeQueue/Resource",
        "AwsSolutions-SQS4 at CiCd/UnsafeQueue/Resource",
      ]),
    );
  });
});

describe("a bad config", () => {
  it("given a bad project name, when creating the app, then core's ConfigError is thrown", () => {
    expect(() => createApp({ project: "Acme!", repository: "infra" })).toThrow(ConfigError);
  });

  it("given a route to a missing environment, when creating the app, then the ConfigError names the route", () => {
    expect(() =>
      createApp({
        project: "acme",
        repository: "infra",
        routes: { branches: { feature: { environment: "test", ephemeral: true } } },
      }),
    ).toThrow(/Invalid Tributary config at routes\.branches\.feature\.environment/);
  });

  /** Runs the CDK app's entry point as cdk does, on the config file `file`. */
  function synth(file: string) {
    return spawnSync(process.execPath, ["--import", "tsx", "bin/app.ts"], {
      cwd: appDir,
      env: { ...process.env, TRIBUTARY_CONFIG_FILE: file, CDK_OUTDIR: outdir() },
      encoding: "utf8",
    });
  }

  it("given a bad config file, when cdk runs bin/app.ts, then it prints only the ConfigError message and exits 1", () => {
    const file = join(outdir(), "bad.config.json");
    writeFileSync(
      file,
      JSON.stringify({ project: "acme", repository: "infra", reconcileSchedule: "every hour" }),
    );

    const result = synth(file);

    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Invalid Tributary config at reconcileSchedule: "every hour" is not an EventBridge schedule expression (rate(value unit) or cron(six fields)). Fix: Use "rate(6 hours)" or "cron(0 6 * * ? *)" (every day at 06:00 UTC).\n',
    );
  });

  it("given a config file with dev twice in environments, when cdk runs bin/app.ts, then it stops before the summary with the problem and exits 1", () => {
    const result = synth(configFile(DUPLICATE_DEV_CONFIG));

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^Invalid Tributary config at environments\.dev: \{ branch: null \} repeats the key "dev" of line 5 at .*\(TS1117: .*\. Fix: Keep one "dev" entry in environments and remove or rename the other\.\n$/,
    );
  });
});
