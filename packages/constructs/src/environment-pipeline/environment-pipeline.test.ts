import {
  BUILDSPEC_VARIABLES,
  buildspecVariables,
  defineConfig,
  environmentRoutes,
  MANAGED_TAGS,
  PIPELINE_VARIABLES,
  PREVIEW_ACTION_NAME,
  PREVIEW_NAMESPACE,
} from "@tributary/core";
import { App, Stack } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import { describe, expect, it } from "vitest";
import { buildTributaryStack, CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { TributaryBuckets } from "../buckets/tributary-buckets.js";
import { RegionalArtifactStore } from "../multi-account/regional-artifact-store.js";
import { EnvironmentPipeline } from "./environment-pipeline.js";
import { PREVIEW_CAPABILITIES, previewBuildSpec } from "./preview/preview-buildspec.js";

const built = buildTributaryStack();
const template = Template.fromStack(built.stack);

/** The statements of every policy attached to `role` in `stack`. */
function roleStatementsIn(stack: Stack, role: iam.IRole | undefined): { Sid?: string }[] {
  const roleId = stack.getLogicalId(role?.node.defaultChild as iam.CfnRole);
  return Object.values(
    Template.fromStack(stack).findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: roleId }] } }),
  ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

interface PipelineAction {
  readonly Name: string;
  readonly ActionTypeId: { readonly Category: string; readonly Provider: string };
  readonly Configuration?: Record<string, unknown>;
  readonly RunOrder?: number;
  readonly Namespace?: string;
  readonly InputArtifacts?: readonly { readonly Name: string }[];
  readonly OutputArtifacts?: readonly { readonly Name: string }[];
}
interface PipelineProperties {
  readonly Name: string;
  readonly PipelineType: string;
  readonly Variables: readonly { readonly Name: string; readonly DefaultValue: string }[];
  readonly Stages: readonly {
    readonly Name: string;
    readonly Actions: readonly PipelineAction[];
    readonly BeforeEntry?: unknown;
  }[];
  readonly DisableInboundStageTransitions?: readonly { readonly StageName: string }[];
  readonly Tags: readonly { readonly Key: string; readonly Value: string }[];
  readonly RoleArn: unknown;
}

/** The rendered properties of the pipeline named `name`. */
function pipelineNamed(name: string): PipelineProperties {
  const pipelines = Object.values(template.findResources("AWS::CodePipeline::Pipeline")).map(
    (resource) => resource.Properties as PipelineProperties,
  );
  const pipeline = pipelines.find((candidate) => candidate.Name === name);
  if (pipeline === undefined)
    throw new Error(`no pipeline ${name} in ${pipelines.map((p) => p.Name).join(", ")}`);
  return pipeline;
}

function stage(pipeline: PipelineProperties, name: string) {
  const found = pipeline.Stages.find((candidate) => candidate.Name === name);
  if (found === undefined) throw new Error(`no stage ${name} in ${pipeline.Name}`);
  return found;
}

/** The CodeBuild environment variables of an action, as name → value (values with tokens as rendered JSON). */
function environmentVariables(action: PipelineAction | undefined): Record<string, string> {
  const raw = JSON.stringify(action?.Configuration?.EnvironmentVariables);
  const result: Record<string, string> = {};
  for (const match of raw.matchAll(
    /\\"name\\":\\"([A-Z_]+)\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"([^\\]*)\\"/g,
  )) {
    result[match[1] ?? ""] = match[2] ?? "";
  }
  return result;
}

const routes = environmentRoutes(CONFIG);

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A config with only a dev environment (release and hotfix routes removed, as they target qa). */
function devOnlyConfig(dev: { account?: string; region?: string }) {
  return defineConfig({
    project: "acme",
    repository: "acme-infra",
    environments: { dev: { branch: "develop", ...dev } },
    routes: { branches: { release: null, hotfix: null } },
  });
}

describe("EnvironmentPipeline", () => {
  it.each([
    ["acme-dev", ["Source", "Test", "Preview", "Deploy", "Cleanup"]],
    ["acme-qa", ["Source", "Test", "Preview", "Deploy", "Cleanup"]],
    ["acme-prod", ["Source", "Test", "Preview", "Approval", "Deploy", "Cleanup"]],
  ] as const)(
    "given the default config, when %s is built, then it is a V2 pipeline with the stages %j",
    (name, stages) => {
      const pipeline = pipelineNamed(name);
      expect(pipeline.PipelineType).toBe("V2");
      expect(pipeline.Stages.map((candidate) => candidate.Name)).toEqual(stages);
      template.resourceCountIs("AWS::CodePipeline::Pipeline", 3);
    },
  );

  it("given the Preview action, when built, then it runs CodeBuild on TestOutput in namespace Preview with core's preview variables", () => {
    for (const route of routes) {
      const [preview, ...others] = stage(pipelineNamed(route.pipelineName), "Preview").Actions;
      expect(others).toEqual([]);
      expect(preview).toMatchObject({
        Name: PREVIEW_ACTION_NAME,
        Namespace: PREVIEW_NAMESPACE,
        ActionTypeId: { Category: "Build", Provider: "CodeBuild" },
        InputArtifacts: [{ Name: "TestOutput" }],
      });
      const expected = buildspecVariables({
        project: "acme",
        stagingBucket: "staging",
        reportsBucket: "reports",
        region: "eu-west-1",
        testNamespace: "Test",
      }).preview;
      const actual = environmentVariables(preview);
      expect(Object.keys(actual).sort()).toEqual([...BUILDSPEC_VARIABLES.preview].sort());
      const { PREVIEW_URL: _link, ...literal } = expected;
      expect(actual).toMatchObject(literal);
    }
  });

  it.each(routes.map((route) => [route.environment, route] as const))(
    "given environment %s, when its Preview project is read, then it previews the environment's shared stack with the Deploy stage's role and capabilities and the inline buildspec",
    (environment, route) => {
      const shared = CONFIG.environments.find((candidate) => candidate.name === environment)?.stackName;
      const project = Object.values(template.findResources("AWS::CodeBuild::Project")).find((candidate) =>
        String(candidate.Properties?.Description).startsWith(
          `Tributary ${route.pipelineName}: preview change sets`,
        ),
      );
      const variables = Object.fromEntries(
        (project?.Properties?.Environment?.EnvironmentVariables ?? []).map(
          (variable: { Name: string; Value: unknown }) => [variable.Name, variable.Value],
        ),
      );
      expect(Object.keys(variables).sort()).toEqual(
        [...BUILDSPEC_VARIABLES.project, ...BUILDSPEC_VARIABLES.previewProject].sort(),
      );
      expect(variables.PREVIEW_STACK_NAME).toBe(shared);
      expect(JSON.stringify(variables.PREVIEW_ROLE_ARN)).toContain(
        `${pascal(environment)}PipelineDeploymentRole`,
      );
      expect(project?.Properties?.Source?.BuildSpec).toBe(
        new Stack().resolve(previewBuildSpec().toBuildSpec()),
      );
      const [createChangeSet] = stage(pipelineNamed(route.pipelineName), "Deploy").Actions;
      expect(createChangeSet?.Configuration?.Capabilities).toBe(PREVIEW_CAPABILITIES.join(","));
    },
  );

  it("given the Preview project's role, when built, then ExecuteChangeSet is denied explicitly", () => {
    const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter((policy) =>
      JSON.stringify(policy.Properties?.Roles).includes("PreviewProjectRole"),
    );
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(policy.Properties?.PolicyDocument?.Statement).toContainEqual({
        Sid: "NeverExecuteAChangeSet",
        Effect: "Deny",
        Action: "cloudformation:ExecuteChangeSet",
        Resource: "*",
      });
    }
  });

  it.each(routes.map((route) => [route.environment, route] as const))(
    "given environment %s, when built, then the pipeline declares every pipeline variable with core's route value",
    (_environment, route) => {
      const variables = Object.fromEntries(
        pipelineNamed(route.pipelineName).Variables.map((variable) => [variable.Name, variable.DefaultValue]),
      );
      expect(variables).toEqual(route.variables);
      expect(Object.keys(variables).sort()).toEqual(Object.values(PIPELINE_VARIABLES).sort());
      expect(variables[PIPELINE_VARIABLES.pipelineName]).toBe(route.pipelineName);
    },
  );

  it("given any pipeline, when its source actions are read, then none polls and each reads its route's branch", () => {
    for (const route of routes) {
      const [source] = stage(pipelineNamed(route.pipelineName), "Source").Actions;
      expect(source?.Name).toBe("Source");
      expect(source?.ActionTypeId.Provider).toBe("CodeCommit");
      expect(source?.Configuration).toMatchObject({ PollForSourceChanges: false, BranchName: route.branch });
      expect(source?.OutputArtifacts).toEqual([{ Name: "Source" }]);
    }
  });

  it("given long-lived branches develop and main, when built, then an EventBridge rule starts their pipeline on push", () => {
    for (const [branch, pipeline] of [
      ["develop", built.pipelines[0]],
      ["main", built.pipelines[2]],
    ] as const) {
      template.hasResourceProperties("AWS::Events::Rule", {
        EventPattern: {
          source: ["aws.codecommit"],
          "detail-type": ["CodeCommit Repository State Change"],
          detail: { referenceName: [branch] },
        },
        Targets: [Match.objectLike({ Arn: built.stack.resolve(pipeline?.pipeline.pipelineArn) })],
      });
    }
    const changeDetection = template.findResources("AWS::Events::Rule", {
      Properties: { EventPattern: { detail: { referenceName: Match.anyValue() } } },
    });
    expect(Object.keys(changeDetection)).toHaveLength(2);
  });

  it("given the template-only environment qa, when built, then no rule starts it and the transition into Test is disabled", () => {
    expect(pipelineNamed("acme-qa").DisableInboundStageTransitions).toEqual([
      expect.objectContaining({ StageName: "Test" }),
    ]);
    expect(pipelineNamed("acme-dev").DisableInboundStageTransitions).toBeUndefined();
    expect(pipelineNamed("acme-prod").DisableInboundStageTransitions).toBeUndefined();
  });

  it("given the Test action, when built, then it runs CodeBuild in namespace Test with core's per-execution variables", () => {
    const [test] = stage(pipelineNamed("acme-dev"), "Test").Actions;
    expect(test).toMatchObject({
      Name: "Test",
      Namespace: "Test",
      OutputArtifacts: [{ Name: "TestOutput" }],
    });
    const expected = buildspecVariables({
      project: "acme",
      stagingBucket: "staging",
      reportsBucket: "reports",
      region: "eu-west-1",
      testNamespace: "Test",
    }).test;
    const actual = environmentVariables(test);
    expect(Object.keys(actual).sort()).toEqual([...BUILDSPEC_VARIABLES.test].sort());
    // Everything but the report link (which holds the reports bucket's token) is exactly core's value.
    const { REPORT_URL: _link, ...literal } = expected;
    expect(actual).toMatchObject(literal);
    expect(JSON.stringify(test?.Configuration?.EnvironmentVariables)).toContain(
      "?region=eu-west-1&prefix=reports/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}/index.html",
    );
  });

  it("given the Test and Cleanup projects, when built, then they carry the values a pipeline shares with its clones", () => {
    const projects = Object.values(template.findResources("AWS::CodeBuild::Project")).filter((project) =>
      /: (cfn-lint and TaskCat|remove staged templates)/.test(String(project.Properties?.Description)),
    );
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects) {
      const names = (project.Properties?.Environment?.EnvironmentVariables ?? []).map(
        (variable: { Name: string }) => variable.Name,
      );
      expect(names.sort()).toEqual([...BUILDSPEC_VARIABLES.project].sort());
    }
  });

  it("given the staging prefix, when the Deploy and Cleanup stages read it, then it is the Test stage's execution-scoped export", () => {
    for (const route of routes) {
      const pipeline = pipelineNamed(route.pipelineName);
      const [createChangeSet] = stage(pipeline, "Deploy").Actions;
      expect(JSON.stringify(createChangeSet?.Configuration?.ParameterOverrides)).toContain(
        '\\"TemplatePrefix\\":\\"#{Test.STAGING_PREFIX}\\"',
      );
      const [cleanup] = stage(pipeline, "Cleanup").Actions;
      expect(environmentVariables(cleanup)).toEqual({
        TRIBUTARY_ENVIRONMENT: "#{variables.Environment}",
        TRIBUTARY_STACK_NAME: "#{variables.StackName}",
        PIPELINE_STAGING_PREFIX: "staging/#{variables.PipelineName}/",
        STAGING_PREFIX: "#{Test.STAGING_PREFIX}",
      });
    }
  });

  it.each([
    ["acme-dev", ["CreateChangeSet", "ExecuteChangeSet"], [1, 2]],
    ["acme-qa", ["CreateChangeSet", "ExecuteChangeSet"], [1, 2]],
    ["acme-prod", ["CreateChangeSet", "ExecuteChangeSet"], [1, 2]],
  ] as const)(
    "given %s, when its Deploy stage is read, then its actions are %j",
    (name, actions, runOrders) => {
      const deploy = stage(pipelineNamed(name), "Deploy").Actions;
      expect(deploy.map((action) => action.Name)).toEqual(actions);
      expect(deploy.map((action) => action.RunOrder)).toEqual(runOrders);
    },
  );

  it("given prod in the recommended setup, when its approval is read, then it links the change-set preview, names the TaskCat report and sends no notification of its own", () => {
    const [approve, ...others] = stage(pipelineNamed("acme-prod"), "Approval").Actions;
    expect(others).toEqual([]);
    expect(approve?.Name).toBe("Approve");
    expect(approve?.ActionTypeId.Category).toBe("Approval");
    expect(approve?.Configuration).toMatchObject({ ExternalEntityLink: "#{Preview.PREVIEW_URL}" });
    expect(approve?.Configuration?.CustomData).toContain("change-set preview of acme-prod");
    expect(approve?.Configuration?.CustomData).toContain("#{Test.REPORT_URL}");
    expect(stage(pipelineNamed("acme-prod"), "Approval").BeforeEntry).toBeUndefined();
    // PipelineNotifications' approvals rule reports it (with branch, commit and report): one message, not two.
    expect(approve?.Configuration).not.toHaveProperty("NotificationArn");
  });

  it("given an approvalTopic, when prod is built, then its approval notifies that topic", () => {
    const stack = new Stack(new App(), "WithApprovalTopic", { env: ENV });
    const repository = codecommit.Repository.fromRepositoryName(stack, "Repo", "acme-infra");
    const buckets = new TributaryBuckets(stack, "Buckets");
    const topic = new sns.Topic(stack, "Approvals", { enforceSSL: true });
    new EnvironmentPipeline(stack, "Pipeline", {
      config: CONFIG,
      environment: "prod",
      repository,
      buckets,
      approvalTopic: topic,
    });
    const [pipeline] = Object.values(
      Template.fromStack(stack).findResources("AWS::CodePipeline::Pipeline"),
    ).map((resource) => resource.Properties as PipelineProperties);
    const approve = pipeline?.Stages.find((candidate) => candidate.Name === "Approval")?.Actions.find(
      (action) => action.Name === "Approve",
    );
    expect(approve?.Configuration).toMatchObject({
      ExternalEntityLink: "#{Preview.PREVIEW_URL}",
      NotificationArn: stack.resolve(topic.topicArn),
    });
  });

  it("given approvals.skipWhenNoChanges, when prod is built, then its Approval stage is skipped on entry unless the preview found changes", () => {
    const skipping = buildTributaryStack({
      config: { project: "acme", repository: "acme-infra", approvals: { skipWhenNoChanges: true } },
    });
    const prod = Object.values(
      Template.fromStack(skipping.stack).findResources("AWS::CodePipeline::Pipeline"),
    )
      .map((resource) => resource.Properties as PipelineProperties)
      .find((candidate) => candidate.Name === "acme-prod");
    expect(prod?.Stages.find((candidate) => candidate.Name === "Approval")?.BeforeEntry).toEqual({
      Conditions: [
        {
          Result: "SKIP",
          Rules: [
            {
              Name: "SkipWhenNoChanges",
              RuleTypeId: { Category: "Rule", Owner: "AWS", Provider: "VariableCheck", Version: "1" },
              Configuration: { Variable: "#{Preview.PREVIEW_STATUS}", Operator: "NE", Value: "no-changes" },
            },
          ],
        },
      ],
    });
    expect(prod?.Stages.filter((candidate) => candidate.BeforeEntry !== undefined)).toHaveLength(1);
  });

  it("given the change set action, when built, then it replaces change set tributary of the variable stack from TestOutput", () => {
    const [createChangeSet] = stage(pipelineNamed("acme-dev"), "Deploy").Actions;
    expect(createChangeSet?.Configuration).toMatchObject({
      ActionMode: "CHANGE_SET_REPLACE",
      StackName: "#{variables.StackName}",
      ChangeSetName: "tributary",
      TemplatePath: "TestOutput::templates/main.yaml",
      TemplateConfiguration: "TestOutput::template-configuration.json",
      Capabilities: "CAPABILITY_IAM,CAPABILITY_AUTO_EXPAND",
    });
    expect(JSON.stringify(createChangeSet?.Configuration?.ParameterOverrides)).toContain(
      '\\"Environment\\":\\"#{variables.Environment}\\"',
    );
  });

  it("given an environment pipeline, when its tags are read, then it carries project and environment but never managed", () => {
    for (const route of routes) {
      const tags = Object.fromEntries(
        pipelineNamed(route.pipelineName).Tags.map((tag) => [tag.Key, tag.Value]),
      );
      expect(tags).toEqual({ [MANAGED_TAGS.project]: "acme", [MANAGED_TAGS.environment]: route.environment });
    }
  });

  it("given the pipeline role, when exposed, then it is the role the pipeline runs as", () => {
    const dev = built.pipelines[0];
    expect(pipelineNamed("acme-dev").RoleArn).toEqual(built.stack.resolve(dev?.role.roleArn));
  });

  const arn = (rest: string) => ({ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, rest]] });

  /** The statements of the policies attached to a role. */
  function roleStatements(
    role: iam.IRole | undefined,
  ): { Sid?: string; Effect: string; Resource: unknown; Action: unknown }[] {
    const roleId = built.stack.getLogicalId(role?.node.defaultChild as iam.CfnRole);
    return Object.values(
      template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: roleId }] } }),
    ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  }

  it("given the default deployment role, when built, then CloudFormation may touch only this environment's stacks and buckets", () => {
    const dev = built.pipelines[0];
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: "cloudformation.amazonaws.com" } })],
      },
    });
    const statements = roleStatements(dev?.deploymentRole);
    expect(statements.find((candidate) => candidate.Sid === "DemoStacks")?.Resource).toEqual([
      arn(":cloudformation:eu-west-1:123456789012:stack/acme-dev/*"),
      arn(":cloudformation:eu-west-1:123456789012:stack/acme-dev-*"),
    ]);
    expect(statements.find((candidate) => candidate.Sid === "DemoBuckets")?.Resource).toEqual(
      arn(":s3:::acme-dev-*"),
    );
  });

  it.each([
    ["Test", (pipeline: EnvironmentPipeline | undefined) => pipeline?.testProject.role],
    ["Cleanup", (pipeline: EnvironmentPipeline | undefined) => pipeline?.cleanupProject.role],
    ["deployment", (pipeline: EnvironmentPipeline | undefined) => pipeline?.deploymentRole],
  ])(
    "given the dev %s role, when it reads staged templates, then only those of acme-dev and its clones",
    (_role, roleOf) => {
      const staging = built.stack.resolve(built.buckets.stagingBucket.bucketArn);
      const keys = roleStatements(roleOf(built.pipelines[0]))
        .flatMap((candidate) => [candidate.Resource].flat())
        .filter(
          (resource) =>
            JSON.stringify(resource).includes(JSON.stringify(staging)) &&
            JSON.stringify(resource).includes("staging/"),
        );
      expect(keys).toEqual(
        expect.arrayContaining([
          { "Fn::Join": ["", [staging, "/staging/acme-dev/*"]] },
          { "Fn::Join": ["", [staging, "/staging/acme-dev-*/*"]] },
        ]),
      );
      expect(JSON.stringify(keys)).not.toMatch(/staging\/\*|acme-prod|acme-qa/);
    },
  );

  it("given the change-set actions, when built, then their role manages change sets of the environment's stacks and passes only the deployment role", () => {
    const dev = built.pipelines[0];
    const deploymentRole = built.stack.resolve(dev?.deploymentRole.roleArn);
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: "ChangeSetsOnEnvironmentStacks",
            Action: Match.arrayWith(["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"]),
            Resource: [
              arn(":cloudformation:eu-west-1:123456789012:stack/acme-dev/*"),
              arn(":cloudformation:eu-west-1:123456789012:stack/acme-dev-*"),
            ],
          }),
          {
            Sid: "PassDeploymentRoleToCloudFormation",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: deploymentRole,
            Condition: { StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } },
          },
        ]),
      },
    });
  });

  it("given a deploymentRole prop, when built, then the change set uses it and no deployment role is created", () => {
    const stack = new Stack(new App(), "Custom", { env: ENV });
    const buckets = new TributaryBuckets(stack, "Buckets");
    const repository = codecommit.Repository.fromRepositoryName(stack, "Repo", "acme-infra");
    const deploymentRole = iam.Role.fromRoleArn(stack, "Given", "arn:aws:iam::123456789012:role/my-deployer");
    new EnvironmentPipeline(stack, "Dev", {
      config: CONFIG,
      environment: "dev",
      repository,
      buckets,
      deploymentRole,
    });
    const result = Template.fromStack(stack);
    result.hasResourceProperties("AWS::CodePipeline::Pipeline", {
      Stages: Match.arrayWith([
        Match.objectLike({
          Name: "Deploy",
          Actions: Match.arrayWith([
            Match.objectLike({
              Configuration: Match.objectLike({ RoleArn: "arn:aws:iam::123456789012:role/my-deployer" }),
            }),
          ]),
        }),
      ]),
    });
    expect(
      Object.values(result.findResources("AWS::IAM::Role")).filter((role) =>
        JSON.stringify(role).includes("cloudformation.amazonaws.com"),
      ),
    ).toHaveLength(0);
  });

  it("given no projectNeeds, when built, then the roles get nothing project-specific and a warning names the fix", () => {
    const stack = new Stack(new App(), "General", { env: ENV });
    const buckets = new TributaryBuckets(stack, "Buckets");
    const repository = codecommit.Repository.fromRepositoryName(stack, "Repo", "acme-infra");

    const general = new EnvironmentPipeline(stack, "Dev", {
      config: CONFIG,
      environment: "dev",
      repository,
      buckets,
    });

    const projectSpecific = [
      ...["DemoStacks", "DemoBuckets", "CreateOwnedDistributions", "TagOwnedDistributions"],
      ...["ChangeOwnedDistributions", "CreateOriginAccessControls", "OriginAccessControls"],
      ...[
        "TaskCatObjects",
        "TaskCatDiscovery",
        "ReadStackOutputs",
        "PublishWebsitePage",
        "InvalidateWebsiteCache",
      ],
    ];
    const sids = (role: iam.IRole | undefined) =>
      roleStatementsIn(stack, role).map((statement) => statement.Sid ?? "");
    expect(sids(general.deploymentRole)).toEqual(["ReadTemplates"]);
    for (const role of [general.testProject.role, general.cleanupProject.role]) {
      expect(sids(role).filter((sid) => projectSpecific.includes(sid))).toEqual([]);
    }
    Annotations.fromStack(stack).hasWarning(
      "/General/Dev",
      Match.stringLikeRegexp(
        "deployment role may read the templates and create nothing.*Fix: pass projectNeeds",
      ),
    );
  });

  it("given DEMO_PROJECT, when built, then the demo's TaskCat, website and stack statements are there and no warning", () => {
    const sids = (role: iam.IRole | undefined) =>
      roleStatementsIn(built.stack, role).map((statement) => statement.Sid ?? "");
    const dev = built.pipelines.find((pipeline) => pipeline.environment.name === "dev");

    expect(sids(dev?.deploymentRole)).toEqual(expect.arrayContaining(["DemoStacks", "ReadTemplates"]));
    expect(sids(dev?.testProject.role)).toEqual(
      expect.arrayContaining(["DemoStacks", "TaskCatObjects", "TaskCatDiscovery"]),
    );
    expect(sids(dev?.cleanupProject.role)).toEqual(
      expect.arrayContaining(["ReadStackOutputs", "PublishWebsitePage", "InvalidateWebsiteCache"]),
    );
    Annotations.fromStack(built.stack).hasNoWarning("*", Match.stringLikeRegexp("deployment role"));
  });

  it.each([
    [
      { environment: "staging" },
      /environment "staging" is not in the config\. Fix: use one of dev, or add it/,
    ],
    [
      { account: "111111111111" },
      /deploys in account 111111111111 and the artifacts bucket has no customer-managed key.*Fix: give TributaryBuckets an encryptionKey/,
    ],
    [
      { region: "us-east-1" },
      /deploys in us-east-1 and the pipeline has no artifact store there \(artifactStores has none\)\. Fix: pass artifactStores/,
    ],
  ] as const)("given %j, when the pipeline is built, then it throws naming the fix", (change, message) => {
    const config = devOnlyConfig({
      ...("account" in change ? { account: change.account } : {}),
      ...("region" in change ? { region: change.region } : {}),
    });
    const stack = new Stack(new App(), "Invalid", { env: ENV });
    const repository = codecommit.Repository.fromRepositoryName(stack, "Repo", "acme-infra");
    const buckets = new TributaryBuckets(stack, "Buckets");
    const environment = "environment" in change ? change.environment : "dev";
    expect(
      () => new EnvironmentPipeline(stack, "Pipeline", { config, environment, repository, buckets }),
    ).toThrow(message);
  });

  /** dev in us-east-1 and its pipeline in ENV's region, with us-east-1's RegionalArtifactStore in a stack there. */
  function crossRegion() {
    const app = new App();
    const stack = new Stack(app, "CrossRegion", { env: ENV });
    const store = new RegionalArtifactStore(
      new Stack(app, "Store", { env: { ...ENV, region: "us-east-1" } }),
      "Store",
      {
        project: "acme",
      },
    );
    const props = {
      config: devOnlyConfig({ region: "us-east-1" }),
      environment: "dev",
      repository: codecommit.Repository.fromRepositoryName(stack, "Repo", "acme-infra"),
      artifactStores: { "us-east-1": store.bucket },
    };
    return { stack, store, props };
  }

  it("given an environment in another region with its artifact store but no staging bucket there, when built, then it throws naming the region and the fix", () => {
    const { stack, props } = crossRegion();
    expect(
      () =>
        new EnvironmentPipeline(stack, "Pipeline", {
          ...props,
          buckets: new TributaryBuckets(stack, "Buckets"),
        }),
    ).toThrow(
      /deploys in us-east-1 and the pipeline has no staging bucket there \(stagingBuckets has none\); CloudFormation in us-east-1 reads a nested stack's TemplateURL only from a bucket of that region\. Fix: pass stagingBuckets: \{ "us-east-1": .*RegionalArtifactStore's stagingBucket/,
    );
  });

  it("given an environment in another region with its staging bucket, when built, then every build and the Deploy stage name that bucket", () => {
    const { stack, store, props } = crossRegion();
    new EnvironmentPipeline(stack, "Pipeline", {
      ...props,
      buckets: new TributaryBuckets(stack, "Buckets", { encryptionKey: new kms.Key(stack, "Key") }),
      stagingBuckets: { "us-east-1": store.stagingBucket },
    });
    const rendered = JSON.stringify(Template.fromStack(stack).toJSON());
    const name = stack.resolve(store.stagingBucket.bucketName);
    expect(typeof name).toBe("string");
    expect(rendered.split(`{"Name":"STAGING_BUCKET","Type":"PLAINTEXT","Value":"${name}"}`)).toHaveLength(4);
    expect(rendered).toContain(`\\"TemplateBucket\\":\\"${name}\\"`);
  });

  it("given an environment with an account and a stack without one, when built, then it asks for an explicit stack env", () => {
    const config = devOnlyConfig({ account: "123456789012" });
    const stack = new Stack(new App(), "Agnostic");
    const repository = codecommit.Repository.fromRepositoryName(stack, "Repo", "acme-infra");
    const buckets = new TributaryBuckets(stack, "Buckets");
    expect(
      () => new EnvironmentPipeline(stack, "Pipeline", { config, environment: "dev", repository, buckets }),
    ).toThrow(/has no explicit account, so it cannot be checked\. Fix: give the stack env/);
  });
});

/**
 * A configuration value as CodePipeline sees it after CloudFormation resolves it, with every reference
 * (a bucket name, a topic ARN) at its longest: S3 bucket names are at most 63 characters, and the ARNs
 * these configurations reference stay under 128.
 */
function worstCaseLength(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (typeof value === "boolean" || typeof value === "number") return String(value).length;
  if (typeof value === "object" && value !== null && "Fn::Join" in value) {
    const [separator, parts] = (value as { "Fn::Join": [string, unknown[]] })["Fn::Join"];
    return parts.reduce<number>(
      (sum, part) => sum + worstCaseLength(part),
      separator.length * (parts.length - 1),
    );
  }
  if (typeof value === "object" && value !== null && "Ref" in value) return 63;
  return 128;
}

describe("EnvironmentPipeline configuration values", () => {
  it("given the longest project name, when synthesized, then every action configuration value fits CodePipeline's 1000 characters", () => {
    const longest = buildTributaryStack({ config: { project: "a".repeat(24), repository: "r".repeat(100) } });
    const pipelines = Object.values(
      Template.fromStack(longest.stack).findResources("AWS::CodePipeline::Pipeline"),
    ).map((resource) => resource.Properties as PipelineProperties);
    expect(pipelines).toHaveLength(3);
    const checked = pipelines.flatMap((pipeline) =>
      pipeline.Stages.flatMap((candidate) => candidate.Actions),
    );
    expect(new Set(checked.map((action) => action.Name))).toEqual(
      new Set(["Source", "Test", "Preview", "Approve", "CreateChangeSet", "ExecuteChangeSet", "Cleanup"]),
    );
    for (const pipeline of pipelines) {
      for (const { Actions } of pipeline.Stages) {
        for (const action of Actions) {
          for (const [key, value] of Object.entries(action.Configuration ?? {})) {
            expect(worstCaseLength(value), `${action.Name}.${key}`).toBeLessThanOrEqual(1000);
          }
        }
      }
    }
  });
});
