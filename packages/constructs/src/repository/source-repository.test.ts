import { App, RemovalPolicy, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as iam from "aws-cdk-lib/aws-iam";
import { describe, expect, it } from "vitest";
import { CONFIG, ENV } from "../__fixtures__/tributary-stack.js";
import { SourceRepository, type SourceRepositoryProps } from "./source-repository.js";

function build(props: Omit<SourceRepositoryProps, "config"> = {}) {
  const stack = new Stack(new App(), "Source", { env: ENV });
  const source = new SourceRepository(stack, "Source", { config: CONFIG, ...props });
  return { stack, source, template: Template.fromStack(stack) };
}

describe("SourceRepository", () => {
  it("given no existing repository, when built, then the config's repository is created and retained", () => {
    const { source, template } = build();
    expect(source.created).toBe(true);
    template.hasResource("AWS::CodeCommit::Repository", {
      Properties: { RepositoryName: "acme-infra", RepositoryDescription: Match.stringLikeRegexp("acme") },
      DeletionPolicy: "Retain",
    });
  });

  it("given RemovalPolicy.DESTROY, when built, then the created repository is deleted with the stack", () => {
    build({ removalPolicy: RemovalPolicy.DESTROY }).template.hasResource("AWS::CodeCommit::Repository", {
      DeletionPolicy: "Delete",
    });
  });

  it("given existing: true, when built, then no repository is created and the ARN names the config's repository", () => {
    const { stack, source, template } = build({ existing: true });
    expect(source.created).toBe(false);
    template.resourceCountIs("AWS::CodeCommit::Repository", 0);
    expect(stack.resolve(source.repository.repositoryArn)).toEqual({
      "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":codecommit:eu-west-1:123456789012:acme-infra"]],
    });
  });

  it("given a grantee, when granted pull-request comments, then it may comment on this repository only", () => {
    const stack = new Stack(new App(), "Grants", { env: ENV });
    const source = new SourceRepository(stack, "Source", { config: CONFIG, existing: true });
    const role = new iam.Role(stack, "Bot", { assumedBy: new iam.AccountRootPrincipal() });
    source.grantPullRequestComment(role);
    source.grantRead(role);
    Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: "codecommit:PostCommentForPullRequest",
            Resource: stack.resolve(source.repository.repositoryArn),
          }),
          Match.objectLike({ Action: Match.arrayWith(["codecommit:GitPull"]) }),
        ]),
      },
    });
  });
});
