/**
 * The IAM statements of a teardown role, from core's ownership rule: the CI/CD teardown project's role (the CI/CD
 * account's ephemeral stacks and the reads of live clones) and each target account's teardown role (that target's
 * ephemeral stacks only) are built by this one function.
 */

import { resourceTagConditions } from "@tributary/core";
import { ArnFormat, type Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";

/**
 * What one teardown role may tear down, in the account and region of `stack`.
 *
 * @example
 * const scope: TeardownScope = {
 *   stackPrefixes: ["acme-prod-"], ephemeralStackTags: rule.ephemeralStackTags,
 *   protectedStacks: ["acme-prod", "acme-tributary-target-333333333333-eu-central-1"],
 *   ownStacks: ["acme-tributary-target-333333333333-eu-central-1"],
 * };
 */
export interface TeardownScope {
  /** The stacks it may describe, list and delete start with one of these (core's `namePrefix`, or an environment's `<project>-<env>-`). */
  readonly stackPrefixes: readonly string[];
  /** The tags a stack must carry to be listed and deleted (core's `ephemeralStackTags`). */
  readonly ephemeralStackTags: Readonly<Record<string, string>>;
  /** Stacks it is explicitly denied deleting, whatever their tags say. */
  readonly protectedStacks: readonly string[];
  /** Stacks whose buckets (CloudFormation names them `<stack, lower-cased>-<logical id>-<suffix>`) it never empties. */
  readonly ownStacks: readonly string[];
  /**
   * The prefix of the pipelines whose tags it reads before a delete (the clones that may still deploy the stack): only
   * the CI/CD account's role reads them, a target's role never does.
   *
   * @default - no clone reads
   */
  readonly clonePrefix?: string;
  /**
   * Whether it lists the project's stacks with the tagging API (`tag:GetResources`, which has no resource-level
   * permissions): a target's role does, for the listing mode (core's `TARGET_LISTING_MODE`).
   *
   * @default false
   */
  readonly listsStacks?: boolean;
}

/**
 * The statements of a teardown role over {@link TeardownScope} in the account and region of `stack`: `ReadStacks`
 * (DescribeStacks under the prefixes, unconditioned, so "does not exist" differs from "not ephemeral"),
 * `TeardownEphemeralStacks` (ListStackResources and DeleteStack of stacks tagged ephemeral and the project's),
 * `NeverDeleteProtectedStacks` (an explicit deny), with `clonePrefix` `ReadClonesOfTheStack` and
 * `FindClonesOfTheStack` (CodePipeline tag reads, the tagging API's GetResources), with `listsStacks`
 * `ListStacksByTag` (the tagging API's GetResources), `EmptyStackBuckets` (bucket
 * versions under the prefixes) and `NeverEmptyTributaryBuckets` (an explicit deny on the own stacks' buckets).
 *
 * @example
 * for (const statement of teardownStatements(Stack.of(role), scope)) role.addToPrincipalPolicy(statement);
 */
export function teardownStatements(stack: Stack, scope: TeardownScope): iam.PolicyStatement[] {
  const stackArn = (name: string) =>
    stack.formatArn({ service: "cloudformation", resource: "stack", resourceName: name });
  const underPrefixes = scope.stackPrefixes.map((prefix) => stackArn(`${prefix}*`));
  const bucketActions = ["s3:ListBucketVersions", "s3:DeleteObject", "s3:DeleteObjectVersion"];
  const buckets = (names: readonly string[]) =>
    names.flatMap((name) => [`arn:${stack.partition}:s3:::${name}`, `arn:${stack.partition}:s3:::${name}/*`]);
  const statements = [
    new iam.PolicyStatement({
      sid: "ReadStacks",
      // Unconditioned within the prefix, so the script can tell "does not exist" from "not ephemeral".
      actions: ["cloudformation:DescribeStacks"],
      resources: underPrefixes,
    }),
    new iam.PolicyStatement({
      sid: "TeardownEphemeralStacks",
      // Only stacks tagged as this project's ephemeral stacks (nested stacks inherit the tags).
      actions: ["cloudformation:ListStackResources", "cloudformation:DeleteStack"],
      resources: underPrefixes,
      conditions: { StringEquals: resourceTagConditions(scope.ephemeralStackTags) },
    }),
    new iam.PolicyStatement({
      sid: "NeverDeleteProtectedStacks",
      // The environments' shared stacks and the app's own stacks are never ephemeral, whatever their tags say.
      effect: iam.Effect.DENY,
      actions: ["cloudformation:DeleteStack"],
      resources: scope.protectedStacks.map((name) => stackArn(`${name}/*`)),
    }),
  ];
  if (scope.clonePrefix !== undefined) {
    // The clones that may still deploy a stack, read before the delete (a live one refuses it): tag reads of every
    // pipeline under the prefix (a missing clone answers not found, so "gone" and "denied" differ) and the tagging
    // API's GetResources (no resource-level permissions) for the pipelines tagged with the stack.
    statements.push(
      new iam.PolicyStatement({
        sid: "ReadClonesOfTheStack",
        actions: ["codepipeline:ListTagsForResource"],
        resources: [
          stack.formatArn({
            service: "codepipeline",
            resource: `${scope.clonePrefix}*`,
            arnFormat: ArnFormat.NO_RESOURCE_NAME,
          }),
        ],
      }),
      new iam.PolicyStatement({
        sid: "FindClonesOfTheStack",
        actions: ["tag:GetResources"],
        resources: ["*"],
      }),
    );
  }
  if (scope.listsStacks) {
    statements.push(
      new iam.PolicyStatement({
        sid: "ListStacksByTag",
        actions: ["tag:GetResources"],
        resources: ["*"],
      }),
    );
  }
  statements.push(
    new iam.PolicyStatement({
      sid: "EmptyStackBuckets",
      actions: bucketActions,
      resources: buckets(scope.stackPrefixes.map((prefix) => `${prefix}*`)),
    }),
    new iam.PolicyStatement({
      sid: "NeverEmptyTributaryBuckets",
      // CloudFormation names the app's own buckets after its stacks (<project>-tributary-…).
      effect: iam.Effect.DENY,
      actions: bucketActions,
      resources: buckets(scope.ownStacks.map((name) => `${name.toLowerCase()}-*`)),
    }),
  );
  return statements;
}
