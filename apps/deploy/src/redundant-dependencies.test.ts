import { App, CfnResource, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { dropRedundantDependencies } from "./redundant-dependencies";

function stackWith(build: (stack: Stack) => void): Record<string, { DependsOn?: string[] }> {
  const app = new App();
  const stack = new Stack(app, "Test");
  build(stack);
  dropRedundantDependencies(app);
  return Template.fromStack(stack).toJSON().Resources;
}

describe("dropRedundantDependencies", () => {
  it.each([
    { reference: "Ref", value: (role: CfnResource) => role.ref },
    { reference: "Fn::GetAtt", value: (role: CfnResource) => role.getAtt("Arn").toString() },
  ])(
    "given a DependsOn on a resource it also reads with $reference, when synthesized, then only the other DependsOn is left",
    ({ value }) => {
      const resources = stackWith((stack) => {
        const role = new CfnResource(stack, "Role", { type: "AWS::IAM::Role" });
        const policy = new CfnResource(stack, "Policy", { type: "AWS::IAM::Policy" });
        const fn = new CfnResource(stack, "Function", {
          type: "AWS::Lambda::Function",
          properties: { Role: value(role) },
        });
        fn.node.addDependency(role, policy);
      });

      expect(resources.Function?.DependsOn).toEqual(["Policy"]);
    },
  );

  it("given a DependsOn on a resource it does not reference, when synthesized, then the DependsOn stays", () => {
    const resources = stackWith((stack) => {
      const queue = new CfnResource(stack, "Queue", { type: "AWS::SQS::Queue" });
      const fn = new CfnResource(stack, "Function", {
        type: "AWS::Lambda::Function",
        properties: { Name: "x" },
      });
      fn.addResourceDependency(queue);
    });

    expect(resources.Function?.DependsOn).toEqual(["Queue"]);
  });
});
