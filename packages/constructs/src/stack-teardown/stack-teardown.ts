/** The CodeBuild project that empties and deletes one ephemeral stack per build, within core's ownership rule. */

import {
  ownershipRule,
  resourceTagConditions,
  type TributaryConfig,
  teardownProjectName,
  tributaryStackNames,
} from "@tributary/core";
import { ArnFormat, Duration, Stack, Validations } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { teardownBuildSpec, teardownEnvironment } from "./teardown-buildspec.js";

/**
 * Properties of {@link StackTeardown}.
 *
 * @example
 * const props: StackTeardownProps = { config, logging: { cloudWatch: { logGroup } } };
 * new StackTeardown(this, "TeardownProject", props);
 */
export interface StackTeardownProps {
  /** The project and its environments: core's `ownershipRule` (name prefix, ephemeral tags, protected stacks). */
  readonly config: Pick<TributaryConfig, "project" | "environments">;
  /**
   * Where the builds log.
   *
   * @default - CodeBuild's own log group, `/aws/codebuild/<project name>`, kept forever
   */
  readonly logging?: codebuild.LoggingOptions;
}

/**
 * The CodeBuild project `<project>-stack-teardown`, started with `STACK_NAME` (the cloner starts it when a branch or
 * pull request with its own stack goes away). Its script (`TEARDOWN_SCRIPT`) and its IAM follow one rule, core's
 * `ownershipRule`, handed over as data: it describes stacks under the project's prefix, lists the resources of and
 * deletes only stacks tagged as this project's ephemeral stacks, empties only the buckets under the prefix, and is
 * explicitly denied deleting the protected stacks (the environments' shared stacks and the app's own, the stack
 * holding this construct included) and emptying the app's own buckets.
 *
 * @example
 * const teardown = new StackTeardown(this, "TeardownProject", { config });
 * role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["codebuild:StartBuild"], resources: [teardown.projectArn] }));
 */
export class StackTeardown extends codebuild.Project {
  constructor(scope: Construct, id: string, props: StackTeardownProps) {
    const { config } = props;
    super(scope, id, {
      projectName: teardownProjectName(config),
      description: `Empties and deletes ephemeral stacks of ${config.project} (started by the cloner with STACK_NAME; core's teardownDecision decides)`,
      buildSpec: teardownBuildSpec(),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        environmentVariables: {
          TRIBUTARY_PROJECT: { value: config.project },
          // Core's ownership rule, handed over as data: the script checks exactly what IAM enforces.
          ...teardownEnvironment(ownershipRule(config)),
        },
      },
      timeout: Duration.hours(2),
      ...(props.logging ? { logging: props.logging } : {}),
    });
    this.grantTeardown(config);
    Validations.of(this).acknowledge({
      id: "AwsSolutions-CB4",
      reason:
        "The teardown project has no source and produces no artifacts: there is nothing for a KMS key to encrypt.",
    });
  }

  /** The project role's statements, each derived from core's ownership rule. */
  private grantTeardown(config: Pick<TributaryConfig, "project" | "environments">): void {
    const stack = Stack.of(this);
    const ownership = ownershipRule(config);
    const prefix = ownership.namePrefix;
    const stackArn = (name: string) =>
      stack.formatArn({ service: "cloudformation", resource: "stack", resourceName: name });
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadStacks",
        // Unconditioned within the prefix, so the script can tell "does not exist" from "not ephemeral".
        actions: ["cloudformation:DescribeStacks"],
        resources: [stackArn(`${prefix}*`)],
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "TeardownEphemeralStacks",
        // Only stacks tagged as this project's ephemeral stacks (nested stacks inherit the tags).
        actions: ["cloudformation:ListStackResources", "cloudformation:DeleteStack"],
        resources: [stackArn(`${prefix}*`)],
        conditions: { StringEquals: resourceTagConditions(ownership.ephemeralStackTags) },
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "NeverDeleteProtectedStacks",
        // The environments' shared stacks and the app's own stacks are never ephemeral, whatever their tags say.
        effect: iam.Effect.DENY,
        actions: ["cloudformation:DeleteStack"],
        // The stack holding this construct too, should an app name it otherwise than core's tributaryStackNames.
        resources: [...new Set([...ownership.protectedStacks, stack.stackName])].map((name) =>
          stackArn(`${name}/*`),
        ),
      }),
    );
    // The clones that may still deploy a stack, read before the delete (a live one refuses it): tag reads of every
    // pipeline under the prefix (a missing clone answers not found, so "gone" and "denied" differ) and the tagging
    // API's GetResources (no resource-level permissions) for the pipelines tagged with the stack.
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadClonesOfTheStack",
        actions: ["codepipeline:ListTagsForResource"],
        resources: [
          stack.formatArn({
            service: "codepipeline",
            resource: `${prefix}*`,
            arnFormat: ArnFormat.NO_RESOURCE_NAME,
          }),
        ],
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "FindClonesOfTheStack",
        actions: ["tag:GetResources"],
        resources: ["*"],
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "EmptyStackBuckets",
        actions: ["s3:ListBucketVersions", "s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: [`arn:${stack.partition}:s3:::${prefix}*`, `arn:${stack.partition}:s3:::${prefix}*/*`],
      }),
    );
    // CloudFormation names a stack's buckets <stack name, lower-cased>-<logical id>-<suffix>.
    const tributaryStacks = [
      ...new Set([...Object.values(tributaryStackNames(config)), stack.stackName.toLowerCase()]),
    ];
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "NeverEmptyTributaryBuckets",
        // CloudFormation names the app's own buckets after its stacks (<project>-tributary-cicd-…).
        effect: iam.Effect.DENY,
        actions: ["s3:ListBucketVersions", "s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: tributaryStacks.flatMap((name) => [
          `arn:${stack.partition}:s3:::${name}-*`,
          `arn:${stack.partition}:s3:::${name}-*/*`,
        ]),
      }),
    );
  }
}
