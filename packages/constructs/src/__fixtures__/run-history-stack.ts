/**
 * The fixture stack with the run history, built once per module registry (the constructs' tests run with
 * `isolate: false`, so the four test files of `runs/` share one synthesis per worker), and what they read from it.
 */
import { Template } from "aws-cdk-lib/assertions";
import { type RuleProperties, templateText } from "./event-rules.js";
import { buildTributaryStack, type TributaryStack } from "./tributary-stack.js";

/** The whole fixture stack, with the `runHistory` option. */
export const built = buildTributaryStack({ runHistory: true });
/** Its synthesized template. */
export const template = Template.fromStack(built.stack);
/** The run history's constructs of {@link built}. */
export const runHistory: NonNullable<TributaryStack["runHistory"]> = (() => {
  if (built.runHistory === undefined)
    throw new Error("buildTributaryStack({ runHistory: true }) built no run history");
  return built.runHistory;
})();

/** The rules whose input template sends the notifier an input of `kind`. */
export function rulesWithKind(kind: string): RuleProperties[] {
  return Object.values(template.findResources("AWS::Events::Rule"))
    .map((resource) => resource.Properties as RuleProperties)
    .filter((rule) =>
      templateText(rule.Targets?.[0]?.InputTransformer?.InputTemplate ?? "").includes(`"kind":"${kind}"`),
    );
}

/** The statements of the IAM policies attached to `role`. */
export function statementsOf(role: { roleName: string }): Array<Record<string, unknown>> {
  const name = built.stack.resolve(role.roleName);
  const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter((policy) =>
    JSON.stringify(policy.Properties.Roles).includes(JSON.stringify(name)),
  );
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}
