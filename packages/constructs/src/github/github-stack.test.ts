import { cloneDeclaration } from "@tributary/cloner";
import {
  defineConfig,
  GITHUB_ENVIRONMENT,
  gitHubListingCacheKey,
  resolveBranch,
  type TributaryConfig,
} from "@tributary/core";
import { App, Stack, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { buildGitHubStack, GITHUB_CONFIG_INPUT } from "../__fixtures__/github-stack.js";
import { GitHubSource } from "./github-source.js";
import { GitHubWebhook } from "./github-webhook.js";

const built = buildGitHubStack();
const template = Template.fromStack(built.stack);
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;
const CODESTAR_ARN =
  "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
};

/** Every statement of the policies attached to `role` (a construct's role). */
function statementsOf(roleLogicalId: string): Statement[] {
  return Object.values(resources)
    .filter((resource) => resource.Type === "AWS::IAM::Policy")
    .filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleLogicalId),
    )
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap((statement) => [statement.Action].flat());
}

function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not in the template`);
  return value;
}

/** The logical id of a construct's CloudFormation resource (an L2's default child, or an L1 itself). */
function logicalId(construct: { node: { defaultChild?: unknown } }): string {
  return built.stack.getLogicalId((construct.node.defaultChild ?? construct) as never);
}

function sourceActions() {
  return Object.values(resources)
    .filter((resource) => resource.Type === "AWS::CodePipeline::Pipeline")
    .map((pipeline) => {
      const stages = pipeline.Properties.Stages as { Name: string; Actions: Record<string, unknown>[] }[];
      return {
        name: pipeline.Properties.Name as string,
        action: stages[0]?.Actions[0] as Record<string, never>,
      };
    });
}

describe("a GitHub source", () => {
  it("given a GitHub config, when built, then no CodeCommit repository, rule or permission exists", () => {
    template.resourceCountIs("AWS::CodeCommit::Repository", 0);
    template.resourceCountIs("AWS::CodeCommit::ApprovalRuleTemplate", 0);
    expect(JSON.stringify(template.findResources("AWS::Events::Rule"))).not.toContain("aws.codecommit");
    expect(JSON.stringify(template.findResources("AWS::IAM::Policy"))).not.toContain("codecommit:");
    expect(built.cloner.branchRule).toBeUndefined();
    expect(built.cloner.pullRequestRule).toBeUndefined();
  });

  it("given no connection ARN, when built, then one pending GitHub connection named after the project is created", () => {
    template.resourceCountIs("AWS::CodeConnections::Connection", 1);
    template.hasResourceProperties("AWS::CodeConnections::Connection", {
      ConnectionName: "acme-github",
      ProviderType: "GitHub",
    });
  });

  it("given each environment, when built, then its Source action reads the repository through the connection, on push only for long-lived branches", () => {
    const connection = { "Fn::GetAtt": [logicalId(built.github.connection as never), "ConnectionArn"] };
    expect(
      sourceActions().map(({ name, action }) => ({
        name,
        type: action.ActionTypeId,
        configuration: action.Configuration,
      })),
    ).toEqual(
      [
        ["acme-dev", "develop", "true"],
        ["acme-qa", "develop", "false"],
        ["acme-prod", "main", "true"],
      ].map(([name, branch, detect]) => ({
        name,
        type: { Category: "Source", Owner: "AWS", Provider: "CodeStarSourceConnection", Version: "1" },
        configuration: {
          ConnectionArn: connection,
          FullRepositoryId: "acme/infra",
          BranchName: branch,
          DetectChanges: detect,
          OutputArtifactFormat: "CODE_ZIP",
        },
      })),
    );
  });

  it("given a created connection, when built, then only the source actions' roles may use it, with codeconnections:UseConnection on it alone", () => {
    const uses = Object.values(resources)
      .filter((resource) => resource.Type === "AWS::IAM::Policy")
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((statement) => actionsOf([statement]).some((action) => action.endsWith(":UseConnection")));
    expect(uses).toHaveLength(3);
    for (const statement of uses) {
      expect(statement).toEqual({
        Effect: "Allow",
        Action: "codeconnections:UseConnection",
        Resource: { "Fn::GetAtt": [logicalId(built.github.connection as never), "ConnectionArn"] },
      });
    }
  });

  it.each([
    ["codestar-connections", CODESTAR_ARN, "codestar-connections:UseConnection"],
    [
      "codeconnections",
      CODESTAR_ARN.replace("codestar-connections", "codeconnections"),
      "codeconnections:UseConnection",
    ],
  ])(
    "given an existing %s connection, when built, then none is created and its own prefix's UseConnection is granted on it alone",
    (_prefix, arn, action) => {
      const given = buildGitHubStack({
        config: {
          ...GITHUB_CONFIG_INPUT,
          source: { provider: "github", owner: "acme", repository: "infra", connectionArn: arn },
        },
      });
      const synthesized = Template.fromStack(given.stack);
      synthesized.resourceCountIs("AWS::CodeConnections::Connection", 0);
      const statements = Object.values(synthesized.findResources("AWS::IAM::Policy")).flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
      );
      const uses = statements.filter((statement) =>
        actionsOf([statement]).some((name) => name.endsWith(":UseConnection")),
      );
      expect(uses.map((statement) => [statement.Action, statement.Resource])).toEqual([
        [action, arn],
        [action, arn],
        [action, arn],
      ]);
    },
  );

  it("given a clone of a GitHub pipeline, when the cloner declares it, then it reads the branch through the same connection and does not start itself", () => {
    const route = resolveBranch(built.config, "feature/login");
    if (route === null) throw new Error("feature/login routes by default");
    const dev = Object.values(resources).find(
      (resource) => resource.Properties.Name === route.templatePipeline,
    );
    const stages = (
      present(dev, route.templatePipeline).Properties.Stages as {
        Name: string;
        Actions: Record<string, unknown>[];
      }[]
    ).map((stage) => ({
      name: stage.Name,
      actions: stage.Actions.map((action) => ({
        name: action.Name,
        actionTypeId: {
          category: (action.ActionTypeId as Record<string, string>).Category,
          owner: (action.ActionTypeId as Record<string, string>).Owner,
          provider: (action.ActionTypeId as Record<string, string>).Provider,
          version: (action.ActionTypeId as Record<string, string>).Version,
        },
        configuration: {
          ...(action.Configuration as Record<string, unknown>),
          ConnectionArn: CODESTAR_ARN,
        },
      })),
    }));
    const declaration = { name: route.templatePipeline, roleArn: "role", stages, variables: [] };

    const clone = cloneDeclaration(declaration as never, route, built.config.repository);

    expect(clone.stages?.[0]?.actions?.[0]?.configuration).toEqual({
      ConnectionArn: CODESTAR_ARN,
      FullRepositoryId: "acme/infra",
      BranchName: "feature/login",
      DetectChanges: "false",
      OutputArtifactFormat: "CODE_ZIP",
    });
  });

  it("given the webhook, when built, then a function URL without AWS auth fronts a function that may read its secret and invoke the cloner, nothing more", () => {
    template.hasResourceProperties("AWS::Lambda::Url", {
      AuthType: "NONE",
      TargetFunctionArn: { "Fn::GetAtt": [logicalId(built.webhook.function as never), "Arn"] },
    });
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "tributary/acme/github-webhook-secret",
      GenerateSecretString: { PasswordLength: 40, ExcludePunctuation: true },
    });
    const fn = resources[logicalId(built.webhook.function as never)];
    expect(fn?.Properties).toMatchObject({
      Handler: "github-webhook.handler",
      Runtime: "nodejs24.x",
      Timeout: 8,
      ReservedConcurrentExecutions: 10,
      Environment: {
        Variables: {
          TRIBUTARY_CONFIG: expect.stringContaining('"provider":"github"'),
          [GITHUB_ENVIRONMENT.webhookSecret]: { Ref: logicalId(built.webhook.secret as never) },
          [GITHUB_ENVIRONMENT.clonerFunction]: {
            "Fn::GetAtt": [logicalId(built.cloner.function as never), "Arn"],
          },
        },
      },
    });
    const role = (present(fn, "the webhook function").Properties.Role as { "Fn::GetAtt": [string, string] })[
      "Fn::GetAtt"
    ][0];
    const statements = statementsOf(role).filter((statement) => statement.Sid !== undefined);
    expect(statements).toEqual([
      {
        Sid: "ReadWebhookSecret",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: { Ref: logicalId(built.webhook.secret as never) },
      },
      {
        Sid: "HandDeliveriesToCloner",
        Effect: "Allow",
        Action: "lambda:InvokeFunction",
        Resource: { "Fn::GetAtt": [logicalId(built.cloner.function as never), "Arn"] },
      },
    ]);
    expect(actionsOf(statementsOf(role)).sort()).toEqual([
      "lambda:InvokeFunction",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "secretsmanager:GetSecretValue",
    ]);
  });

  it("given the cloner, when built, then it reads the credentials secret and only its listing object, with GitHub's variables set", () => {
    const cloner = resources[logicalId(built.cloner.function as never)];
    expect(cloner?.Properties).toMatchObject({
      Environment: {
        Variables: {
          [GITHUB_ENVIRONMENT.credentialsSecret]: { Ref: logicalId(built.github.credentials as never) },
          [GITHUB_ENVIRONMENT.listingCacheBucket]: { Ref: logicalId(built.buckets.artifactsBucket as never) },
        },
      },
    });
    const statements = statementsOf(logicalId(built.cloner.role as never));
    expect(statements.filter((statement) => statement.Sid?.includes("GitHub"))).toEqual([
      {
        Sid: "ReadGitHubCredentials",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: { Ref: logicalId(built.github.credentials as never) },
      },
      {
        Sid: "KeepGitHubListingPages",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: {
          "Fn::Join": [
            "",
            [
              { "Fn::GetAtt": [logicalId(built.buckets.artifactsBucket as never), "Arn"] },
              `/${gitHubListingCacheKey(built.config)}`,
            ],
          ],
        },
      },
    ]);
  });

  it("given the notifier's comments on GitHub, when built, then it reads the credentials secret and the config, and no CodeCommit", () => {
    const notifier = resources[logicalId(built.notifications.notifier.function as never)];
    expect(notifier?.Properties).toMatchObject({
      Environment: {
        Variables: {
          TRIBUTARY_CONFIG: expect.stringContaining('"owner":"acme"'),
          [GITHUB_ENVIRONMENT.credentialsSecret]: { Ref: logicalId(built.github.credentials as never) },
        },
      },
    });
    const statements = statementsOf(logicalId(built.notifications.notifier.role as never));
    expect(statements.find((statement) => statement.Sid === "ReadGitHubCredentials")).toEqual({
      Sid: "ReadGitHubCredentials",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: { Ref: logicalId(built.github.credentials as never) },
    });
  });

  it.each([
    ["GitHubSource", (stack: Stack, config: TributaryConfig) => new GitHubSource(stack, "X", { config })],
    [
      "GitHubWebhook",
      (stack: Stack, config: TributaryConfig) =>
        new GitHubWebhook(stack, "X", { config, cloner: built.cloner.function }),
    ],
  ] as const)(
    "given a CodeCommit config, when a %s is built for it, then the error names the provider and the fix",
    (name, build) => {
      const stack = new Stack(new App(), "CodeCommit");
      const config = defineConfig({ project: "acme", repository: "infra" });

      expect(() => build(stack, config)).toThrow(
        new RegExp(`^${name} needs a GitHub source, but config.source.provider is "codecommit"\\. Fix: `),
      );
    },
  );

  it("given a stack with every GitHub construct, when cdk-nag's AwsSolutions pack validates it, then no finding is left unacknowledged", () => {
    const app = new App();
    const pack = new AwsSolutionsChecks(app);
    Validations.of(app).addPlugins(pack);
    buildGitHubStack({ app });
    const findings = pack
      .validateScope(app)
      .violations.flatMap((violation) =>
        violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
      );
    expect(findings).toEqual([]);
  });
});
