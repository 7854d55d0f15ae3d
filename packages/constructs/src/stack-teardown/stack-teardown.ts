/** The CodeBuild project that empties and deletes one ephemeral stack per build, within core's ownership rule. */

import {
  cicdTeardownRoleName,
  deploymentTargets,
  ownershipRule,
  regionPartition,
  roleArn,
  TARGET_LISTING_PREFIX,
  type TeardownTarget,
  type TributaryConfig,
  teardownProjectName,
  teardownTargets,
  tributaryStackNames,
} from "@tributary/core";
import { Annotations, Duration, Lazy, Stack, Token, Validations } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { teardownBuildSpec, teardownEnvironment } from "./teardown-buildspec.js";
import { teardownStatements } from "./teardown-statements.js";

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
 * When an environment deploys outside the stack's account or region (core's `deploymentTargets`), the project tears
 * its ephemeral stacks down there: it gets `TEARDOWN_TARGETS` (core's `teardownTargets`) and `REMOTE_TEARDOWN_SCRIPT`,
 * its role gets the fixed name `cicdTeardownRoleName` (which each target teardown role trusts by ARN) and may assume
 * exactly those target teardown roles. A config without such an environment synthesizes the project as before.
 *
 * @example
 * const teardown = new StackTeardown(this, "TeardownProject", { config });
 * role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["codebuild:StartBuild"], resources: [teardown.projectArn] }));
 */
export class StackTeardown extends codebuild.Project {
  /** Where the ephemeral stacks of environments in other accounts or regions are torn down (empty when none are). */
  public readonly teardownTargets: readonly TeardownTarget[];

  /** Where the listing mode writes (set by {@link StackTeardown.writeTargetListingsTo}). */
  private listingBucket: s3.IBucket | undefined;

  constructor(scope: Construct, id: string, props: StackTeardownProps) {
    const { config } = props;
    const targets = remoteTeardownTargets(scope, config);
    const remote = targets.length > 0;
    super(scope, id, {
      projectName: teardownProjectName(config),
      description: `Empties and deletes ephemeral stacks of ${config.project} (started by the cloner with STACK_NAME; core's teardownDecision decides)`,
      buildSpec: teardownBuildSpec({ remote }),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        environmentVariables: {
          TRIBUTARY_PROJECT: { value: config.project },
          // Core's ownership rule, handed over as data: the script checks exactly what IAM enforces.
          ...teardownEnvironment(ownershipRule(config)),
          ...(remote
            ? {
                TEARDOWN_TARGETS: { value: JSON.stringify(targets) },
                // Known once the app hands the artifacts bucket over (writeTargetListingsTo).
                TEARDOWN_LISTING_BUCKET: {
                  value: Lazy.string({ produce: () => this.listingBucket?.bucketName ?? "" }),
                },
              }
            : {}),
        },
      },
      timeout: Duration.hours(2),
      ...(props.logging ? { logging: props.logging } : {}),
    });
    this.teardownTargets = targets;
    this.grantTeardown(config);
    if (remote) {
      this.assumeTargetTeardownRoles(config, targets);
      this.node.addValidation({
        validate: () => {
          if (this.listingBucket === undefined) {
            Annotations.of(this).addWarningV2(
              "@tributary/constructs:teardown-listing",
              "Environments deploy in other accounts or regions, but the teardown project has no bucket for its listing mode (TEARDOWN_MODE=list-targets), so the reconcile cannot sweep their stacks. Fix: call writeTargetListingsTo(artifactsBucket) (PipelineCloner does when given targetListings).",
            );
          }
          return [];
        },
      });
    }
    Validations.of(this).acknowledge({
      id: "AwsSolutions-CB4",
      reason:
        "The teardown project has no source and produces no artifacts: there is nothing for a KMS key to encrypt.",
    });
  }

  /** The project role's statements, each derived from core's ownership rule (`teardownStatements`). */
  private grantTeardown(config: Pick<TributaryConfig, "project" | "environments">): void {
    const stack = Stack.of(this);
    const ownership = ownershipRule(config);
    const statements = teardownStatements(stack, {
      stackPrefixes: [ownership.namePrefix],
      ephemeralStackTags: ownership.ephemeralStackTags,
      // The stack holding this construct too, should an app name it otherwise than core's tributaryStackNames.
      protectedStacks: [...new Set([...ownership.protectedStacks, stack.stackName])],
      // CloudFormation names the app's own buckets after its stacks (<project>-tributary-cicd-…).
      ownStacks: [...new Set([...Object.values(tributaryStackNames(config)), stack.stackName.toLowerCase()])],
      clonePrefix: ownership.namePrefix,
    });
    for (const statement of statements) this.addToRolePolicy(statement);
  }

  /**
   * Has the listing mode (core's `TARGET_LISTING_MODE`: the cloner's reconcile starts the project with
   * `TEARDOWN_MODE=list-targets`) write each target's listing into `bucket`, under core's `TARGET_LISTING_PREFIX`
   * (`targetListingKey`), with the build's own credentials: `s3:PutObject` on exactly that prefix and, for a bucket
   * with a customer-managed key, `kms:GenerateDataKey` on that key. Only for a project with remote environments
   * (`teardownTargets` not empty); throws otherwise.
   *
   * @example
   * teardown.writeTargetListingsTo(buckets.artifactsBucket); // PipelineCloner does, for its targetListings' bucket
   */
  public writeTargetListingsTo(bucket: s3.IBucket): void {
    if (this.teardownTargets.length === 0) {
      throw new Error(
        `StackTeardown ${this.node.path}: no environment deploys in another account or region, so there is nothing to list. Fix: call writeTargetListingsTo only when teardownTargets is not empty.`,
      );
    }
    if (this.listingBucket !== undefined) {
      throw new Error(
        `StackTeardown ${this.node.path}: writeTargetListingsTo was already called. Fix: call it once.`,
      );
    }
    this.listingBucket = bucket;
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "WriteTargetListings",
        actions: ["s3:PutObject"],
        resources: [bucket.arnForObjects(`${TARGET_LISTING_PREFIX}*`)],
      }),
    );
    if (bucket.encryptionKey !== undefined) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "EncryptTargetListings",
          actions: ["kms:GenerateDataKey"],
          resources: [bucket.encryptionKey.keyArn],
        }),
      );
    }
  }

  /** The fixed role name the target teardown roles trust, and the assumption of exactly those roles. */
  private assumeTargetTeardownRoles(
    config: Pick<TributaryConfig, "project">,
    targets: readonly TeardownTarget[],
  ): void {
    const role = this.role?.node.defaultChild;
    if (!(role instanceof iam.CfnRole)) {
      throw new Error(
        `StackTeardown ${this.node.path}: its role is not one it created, so it cannot be given the fixed name ${cicdTeardownRoleName(config.project)} that the target teardown roles trust. Fix: let the project create its role.`,
      );
    }
    role.roleName = cicdTeardownRoleName(config.project);
    const partition = regionPartition(Stack.of(this).region);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "AssumeTargetTeardownRoles",
        actions: ["sts:AssumeRole"],
        resources: [...new Set(targets.map((target) => roleArn(partition, target.account, target.roleName)))],
      }),
    );
  }
}

/**
 * Core's `teardownTargets` of the environments deploying outside the account and region of `scope`'s stack (core's
 * `deploymentTargets`); none for an environment-agnostic stack, whose pipelines cannot have remote environments.
 */
function remoteTeardownTargets(
  scope: Construct,
  config: Pick<TributaryConfig, "project" | "environments">,
): readonly TeardownTarget[] {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) return [];
  return teardownTargets(
    config.project,
    deploymentTargets(config, { account: stack.account, region: stack.region }).flatMap((target) =>
      target.environments.map((name) => ({ name, account: target.account, region: target.region })),
    ),
  );
}
