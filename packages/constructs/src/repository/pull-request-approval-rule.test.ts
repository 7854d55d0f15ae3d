import { defineConfig, type TributaryConfigInput } from "@tributary/core";
import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as iam from "aws-cdk-lib/aws-iam";
import { describe, expect, it } from "vitest";
import { CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { PullRequestApprovalRule } from "./pull-request-approval-rule.js";

/** A stack with a created repository and a stand-in for the cloner's role (only its name matters here). */
function build(config = CONFIG) {
  const stack = new Stack(new App(), "Gate", { env: ENV });
  const repository = new codecommit.Repository(stack, "Repository", { repositoryName: config.repository });
  const approver = new iam.Role(stack, "ClonerRole", {
    assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
  });
  const rule = new PullRequestApprovalRule(stack, "Gate", { config, repository, approver });
  return { stack, rule, template: Template.fromStack(stack) };
}

/** The SDK call of one lifecycle event of a custom resource, with its tokens resolved to a readable string. */
function call(template: Template, type: string, event: "Create" | "Update" | "Delete") {
  const [resource] = Object.values(template.findResources(type));
  const value = resource?.Properties?.[event] as unknown;
  if (value === undefined) return undefined;
  return JSON.parse(flatten(value)) as {
    action: string;
    parameters: Record<string, string>;
    physicalResourceId?: { id: string };
    ignoreErrorCodesMatching?: string;
  };
}

/** `Fn::Join` of literals and references, with `Ref`/`Fn::GetAtt` written `<Ref:X>` (JSON-safe). */
function flatten(value: unknown): string {
  if (typeof value === "string") return value;
  const join = (value as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
  if (join !== undefined) return join[1].map(flatten).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref !== undefined) return `<Ref:${ref}>`;
  const getAtt = (value as { "Fn::GetAtt"?: [string, string] })["Fn::GetAtt"];
  if (getAtt !== undefined) return `<GetAtt:${getAtt.join(".")}>`;
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

const CLONER_ROLE = /^<Ref:ClonerRole[0-9A-F]{8}>$/;

describe("PullRequestApprovalRule", () => {
  it("given the default config, when built, then the template needs one approval from any session of the cloner's role on PRs into main and develop", () => {
    const { template } = build();
    const create = call(template, "Custom::TributaryApprovalRuleTemplate", "Create");
    expect(create?.action).toBe("createApprovalRuleTemplate");
    expect(create?.parameters.approvalRuleTemplateName).toBe("acme-tributary-green-pipeline");
    const content = JSON.parse(create?.parameters.approvalRuleTemplateContent ?? "");
    expect(content).toEqual({
      Version: "2018-11-08",
      DestinationReferences: ["refs/heads/main", "refs/heads/develop"],
      Statements: [
        {
          Type: "Approvers",
          NumberOfApprovalsNeeded: 1,
          ApprovalPoolMembers: [
            expect.stringMatching(/^arn:<Ref:AWS::Partition>:sts::123456789012:assumed-role\//),
          ],
        },
      ],
    });
    const [member] = content.Statements[0].ApprovalPoolMembers as string[];
    const roleName = member?.slice(member.indexOf("assumed-role/") + "assumed-role/".length, -"/*".length);
    expect(roleName).toMatch(CLONER_ROLE);
    expect(member?.endsWith("/*")).toBe(true);
  });

  it("given a retried create, when the template exists already, then the create is a success and Content writes the current content", () => {
    const { template } = build();
    const create = call(template, "Custom::TributaryApprovalRuleTemplate", "Create");
    expect(create?.ignoreErrorCodesMatching).toBe("^ApprovalRuleTemplateNameAlreadyExistsException$");
    for (const event of ["Create", "Update"] as const) {
      const write = call(template, "Custom::TributaryApprovalRuleTemplateContent", event);
      expect(write?.action).toBe("updateApprovalRuleTemplateContent");
      expect(write?.parameters).toEqual({
        approvalRuleTemplateName: "acme-tributary-green-pipeline",
        newRuleContent: create?.parameters.approvalRuleTemplateContent,
      });
    }
  });

  it("given an update, when the project is renamed, then the physical id is the new name, so CloudFormation deletes the old template", () => {
    const { template } = build(defineConfig({ project: "shop", repository: "acme-infra" }));
    const update = call(template, "Custom::TributaryApprovalRuleTemplate", "Update");
    expect(update?.action).toBe("createApprovalRuleTemplate");
    expect(update?.physicalResourceId).toEqual({ id: "shop-tributary-green-pipeline" });
  });

  it("given the repository, when built, then the template is associated with it by name and disassociated on delete", () => {
    const { template } = build();
    const associate = call(template, "Custom::TributaryApprovalRuleTemplateAssociation", "Create");
    expect(associate?.action).toBe("associateApprovalRuleTemplateWithRepository");
    expect(associate?.parameters).toEqual({
      approvalRuleTemplateName: "acme-tributary-green-pipeline",
      repositoryName: expect.stringMatching(/^<GetAtt:Repository[0-9A-F]{8}\.Name>$/),
    });
    const disassociate = call(template, "Custom::TributaryApprovalRuleTemplateAssociation", "Delete");
    expect(disassociate?.action).toBe("disassociateApprovalRuleTemplateFromRepository");
    expect(disassociate?.parameters).toEqual(associate?.parameters);
    expect(disassociate?.ignoreErrorCodesMatching).toBe(
      "^(ApprovalRuleTemplateDoesNotExistException|RepositoryDoesNotExistException)$",
    );
  });

  it("given stack deletion, when CloudFormation deletes in reverse dependency order, then the association goes before the template", () => {
    const { template } = build();
    const ids = (type: string) => Object.keys(template.findResources(type));
    const [association] = Object.values(
      template.findResources("Custom::TributaryApprovalRuleTemplateAssociation"),
    );
    expect(association?.DependsOn).toEqual(
      expect.arrayContaining(ids("Custom::TributaryApprovalRuleTemplateContent")),
    );
    const [content] = Object.values(template.findResources("Custom::TributaryApprovalRuleTemplateContent"));
    expect(content?.DependsOn).toEqual(expect.arrayContaining(ids("Custom::TributaryApprovalRuleTemplate")));
    const remove = call(template, "Custom::TributaryApprovalRuleTemplate", "Delete");
    expect(remove?.action).toBe("deleteApprovalRuleTemplate");
    expect(remove?.parameters).toEqual({ approvalRuleTemplateName: "acme-tributary-green-pipeline" });
  });

  it("given the provider's role, when built, then it may call only the five CodeCommit actions, the association ones on the repository", () => {
    const { template } = build();
    const statements = Object.values(template.findResources("AWS::IAM::Policy")).flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const codecommitStatements = statements.filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith("codecommit:")),
    );
    expect(codecommitStatements).toEqual([
      {
        Effect: "Allow",
        Action: ["codecommit:CreateApprovalRuleTemplate", "codecommit:DeleteApprovalRuleTemplate"],
        Resource: "*",
      },
      { Effect: "Allow", Action: "codecommit:UpdateApprovalRuleTemplateContent", Resource: "*" },
      {
        Effect: "Allow",
        Action: [
          "codecommit:AssociateApprovalRuleTemplateWithRepository",
          "codecommit:DisassociateApprovalRuleTemplateFromRepository",
        ],
        Resource: { "Fn::GetAtt": [expect.stringMatching(/^Repository/), "Arn"] },
      },
    ]);
    template.hasResourceProperties("AWS::Lambda::Function", {
      Role: { "Fn::GetAtt": [Match.stringLikeRegexp("^GateProviderRole"), "Arn"] },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp("^GateProviderLogs") } },
    });
    template.resourceCountIs("AWS::Lambda::Function", 1);
  });

  it("given an imported repository, when built, then the association names it and the policy its ARN", () => {
    const stack = new Stack(new App(), "Imported", { env: ENV });
    const repository = codecommit.Repository.fromRepositoryName(stack, "Repository", "acme-infra");
    const approver = new iam.Role(stack, "ClonerRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    });
    new PullRequestApprovalRule(stack, "Gate", { config: CONFIG, repository, approver });
    const template = Template.fromStack(stack);
    expect(call(template, "Custom::TributaryApprovalRuleTemplateAssociation", "Create")?.parameters).toEqual({
      approvalRuleTemplateName: "acme-tributary-green-pipeline",
      repositoryName: "acme-infra",
    });
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Resource: {
              "Fn::Join": [
                "",
                ["arn:", { Ref: "AWS::Partition" }, ":codecommit:eu-west-1:123456789012:acme-infra"],
              ],
            },
          }),
        ],
      },
    });
  });

  it.each<[string, TributaryConfigInput]>([
    [
      "approvals.pullRequestRule false",
      { project: "acme", repository: "r", approvals: { pullRequestRule: false } },
    ],
    [
      "pull requests disabled",
      { project: "acme", repository: "r", routes: { pullRequests: { enabled: false } } },
    ],
  ])("given %s, when built, then it throws naming the fix", (_name, input) => {
    expect(() => build(defineConfig(input))).toThrow(
      /Fix: create the construct only when pullRequestApprovalRule/,
    );
  });

  it("given renamed long-lived branches, when built, then the template gates exactly those", () => {
    const { rule } = build(
      defineConfig({ project: "acme", repository: "r", branches: { main: "master", develop: "dev" } }),
    );
    expect(rule.destinations).toEqual(["refs/heads/master", "refs/heads/dev"]);
    expect(rule.templateName).toBe("acme-tributary-green-pipeline");
  });
});
