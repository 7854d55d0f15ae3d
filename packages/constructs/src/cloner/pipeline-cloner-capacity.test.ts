import { REFUSAL_TOPIC_VARIABLE } from "@tributary/core";
import { type CfnElement, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import type * as iam from "aws-cdk-lib/aws-iam";
import { describe, expect, it } from "vitest";
import { buildTributaryStack } from "../__fixtures__/tributary-stack.js";

const built = buildTributaryStack();
const template = Template.fromStack(built.stack);
const { stack, cloner } = built;
const logicalId = (element: unknown) => stack.getLogicalId(element as CfnElement);

describe("PipelineCloner refused clones", () => {
  it("given an alarm topic, when built, then an alarm on ClonesRefused notifies it and stays raised between reconciles", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "Tributary",
      MetricName: "ClonesRefused",
      Dimensions: [{ Name: "service", Value: "tributary-cloner" }],
      Statistic: "Maximum",
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "ignore",
      AlarmActions: Match.anyValue(),
    });
    expect(cloner.clonesRefusedAlarm).toBeDefined();
  });

  it("given an alarm topic, when built, then the Lambda knows the topic and may publish to it", () => {
    const functionId = logicalId(cloner.function.node.defaultChild);
    const variables = template.toJSON().Resources[functionId].Properties.Environment.Variables;
    expect(variables[REFUSAL_TOPIC_VARIABLE]).toBeDefined();
    const roleId = logicalId((cloner.role as iam.Role).node.defaultChild);
    const statements = Object.values(
      template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: roleId }] } }),
    ).flatMap(
      (policy) =>
        (policy.Properties as { PolicyDocument: { Statement: Array<Record<string, unknown>> } })
          .PolicyDocument.Statement,
    );
    expect(statements).toContainEqual(expect.objectContaining({ Action: "sns:Publish", Effect: "Allow" }));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: "TagOwnFunction",
        Action: "lambda:TagResource",
        Resource: stack.resolve(cloner.function.functionArn),
      }),
    );
  });

  it("given the reconcile's tag state, when built, then its policy is separate from the role's default policy (no cycle)", () => {
    const functionId = logicalId(cloner.function.node.defaultChild);
    const dependsOn: string[] = template.toJSON().Resources[functionId].DependsOn ?? [];
    const refusalPolicies = Object.keys(template.findResources("AWS::IAM::Policy")).filter((id) =>
      id.includes("RefusalStatePolicy"),
    );
    expect(refusalPolicies).toHaveLength(1);
    expect(dependsOn).not.toContain(refusalPolicies[0]);
    expect(Stack.of(cloner)).toBe(stack);
  });

  it("given the reconcile reads the pipeline quota, when built, then the cloner may read CodePipeline's quota L-78D200AD and no other", () => {
    const roleId = logicalId((cloner.role as iam.Role).node.defaultChild);
    const statements = Object.values(
      template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: roleId }] } }),
    ).flatMap(
      (policy) =>
        (policy.Properties as { PolicyDocument: { Statement: Array<Record<string, unknown>> } })
          .PolicyDocument.Statement,
    );
    expect(
      statements.filter((candidate) => JSON.stringify(candidate.Action).includes("servicequotas")),
    ).toEqual([
      {
        Sid: "ReadPipelineQuota",
        Effect: "Allow",
        Action: "servicequotas:GetServiceQuota",
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              ":servicequotas:eu-west-1:123456789012:codepipeline/L-78D200AD",
            ],
          ],
        },
      },
    ]);
  });
});
