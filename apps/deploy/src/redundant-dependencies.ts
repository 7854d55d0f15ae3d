/** `dropRedundantDependencies`: no `DependsOn` that a `Ref` or `Fn::GetAtt` of the same resource already enforces. */
import { CfnResource, Stack } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/**
 * Removes, from every CloudFormation resource under `scope`, each `DependsOn` entry on a resource of the same stack
 * that its own properties already reference with `Ref` or `Fn::GetAtt` (CloudFormation orders those anyway; cfn-lint
 * reports the duplicate as W3005). CDK adds such entries itself: a Lambda function or a pipeline depends on its whole
 * role construct (the role and its default policy) while it also reads the role's ARN; only the policy entry orders
 * anything. Construct dependencies become `DependsOn` entries only when the app is prepared, after aspects ran, so
 * this runs as a validation, the first hook after that step.
 *
 * @example
 * dropRedundantDependencies(app);
 * app.synth(); // "DependsOn": ["ClonerServiceRoleDefaultPolicy…"], no longer also "ClonerServiceRole…"
 */
export function dropRedundantDependencies(scope: IConstruct): void {
  scope.node.addValidation({
    validate: () => {
      for (const construct of scope.node.findAll()) {
        if (CfnResource.isCfnResource(construct)) dropFrom(construct);
      }
      return [];
    },
  });
}

function dropFrom(resource: CfnResource): void {
  const dependencies = resource
    .obtainDependencies()
    .filter((target): target is CfnResource => CfnResource.isCfnResource(target));
  if (dependencies.length === 0) return;
  const stack = Stack.of(resource);
  // `_toCloudFormation` is how synthesis renders the resource; resolving it gives the logical IDs it references.
  const rendered = JSON.stringify(
    stack.resolve((resource as unknown as { _toCloudFormation(): object })._toCloudFormation()),
  );
  for (const target of dependencies) {
    if (Stack.of(target) !== stack) continue;
    const id = JSON.stringify(stack.resolve(target.logicalId));
    if (rendered.includes(`{"Ref":${id}}`) || rendered.includes(`{"Fn::GetAtt":[${id},`)) {
      resource.removeResourceDependency(target);
    }
  }
}
