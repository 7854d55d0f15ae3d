/**
 * The roles one environment pipeline runs with, made by one small factory: CodePipeline's service role, the role of
 * the change-set actions and the role CloudFormation assumes to deploy. {@link sameAccountRoles} makes them in the
 * pipeline's own account; `crossAccountRoles` (`cross-account-roles.ts`) those of a remote environment (its deployment
 * and change-set roles live in the target stack, trusted by this one, and reach the artifacts through a bucket policy
 * and a key grant).
 */

import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { objectKeys, type StageContext, stackArn } from "./stage-context.js";

/**
 * Makes the roles of one environment pipeline, in the order the pipeline needs them.
 *
 * @example
 * const deploymentRole = roles.deploymentRole(this, context, props.deploymentRole);
 * const pipelineRole = roles.pipelineRole(this, context);
 * const actionRole = roles.changeSetActionRole(this, context, { pipelineRole, deploymentRole });
 */
export interface PipelineRoleFactory {
  /**
   * The role CloudFormation assumes to deploy the environment's stacks (`given`, or a new one with the project's
   * `stackStatements` for them), with read access to the staged templates and the artifacts.
   */
  deploymentRole(scope: Construct, context: StageContext, given: iam.IRole | undefined): iam.IRole;
  /** CodePipeline's service role, which clones reuse (the cloner may pass it to CodePipeline). */
  pipelineRole(scope: Construct, context: StageContext): iam.Role;
  /**
   * The role the CreateChangeSet and ExecuteChangeSet actions run as: change sets of the environment's stacks and
   * passing the deployment role to CloudFormation, nothing else. The actions take it without policy updates.
   */
  changeSetActionRole(
    scope: Construct,
    context: StageContext,
    roles: { readonly pipelineRole: iam.IRole; readonly deploymentRole: iam.IRole },
  ): iam.IRole;
}

/**
 * The roles of a pipeline whose environment is in its own account and region.
 *
 * @example
 * const roles: PipelineRoleFactory = sameAccountRoles;
 */
export const sameAccountRoles: PipelineRoleFactory = {
  deploymentRole(scope, context, given) {
    const { buckets } = context;
    let role: iam.IRole;
    if (given) {
      role = given;
    } else {
      role = projectDeploymentRole(scope, "DeploymentRole", context);
    }
    // CloudFormation only gets the template objects: s3:GetObject, not CDK's grantRead families (GetObject*, List*,
    // GetBucket*), which it never calls.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadTemplates",
        actions: ["s3:GetObject"],
        resources: [
          ...objectKeys(context, "staging").map((key) => buckets.stagingBucket.arnForObjects(key)),
          buckets.artifactsBucket.arnForObjects("*"),
        ],
      }),
    );
    for (const bucket of [buckets.stagingBucket, buckets.artifactsBucket]) {
      bucket.encryptionKey?.grantDecrypt(role);
    }
    return role;
  },

  pipelineRole(scope, context) {
    return new iam.Role(scope, "PipelineRole", {
      assumedBy: new iam.ServicePrincipal("codepipeline.amazonaws.com"),
      description: `Service role of ${context.route.pipelineName} and its clones`,
    });
  },

  changeSetActionRole(scope, context, { pipelineRole, deploymentRole }) {
    const role = new iam.Role(scope, "DeployActionRole", {
      assumedBy: pipelineRole,
      description: `Change-set actions of ${context.route.pipelineName} and its clones: stacks ${context.environment.stackName}(-*)`,
    });
    for (const statement of changeSetStatements(scope, context, deploymentRole)) role.addToPolicy(statement);
    context.buckets.artifactsBucket.grantRead(role);
    return role;
  },
};

/**
 * The CloudFormation role of an environment made in `scope` as `id`: it trusts `cloudformation.amazonaws.com` and gets
 * the project's `stackStatements` for the environment's stacks (the same-account default deployment role, and a
 * target account's CloudFormation role under core's `roleName`).
 *
 * @example
 * const role = projectDeploymentRole(this, "DeploymentRole", context);
 */
export function projectDeploymentRole(
  scope: Construct,
  id: string,
  context: StageContext,
  roleName?: string,
): iam.Role {
  const { environment, route } = context;
  const role = new iam.Role(scope, id, {
    ...(roleName === undefined ? {} : { roleName }),
    assumedBy: new iam.ServicePrincipal("cloudformation.amazonaws.com"),
    description: `CloudFormation role of ${route.pipelineName} and its clones: stacks ${environment.stackName}(-*)`,
  });
  for (const statement of context.projectNeeds.stackStatements?.(scope, {
    stackNames: context.stackNames,
    bucketNames: context.bucketNames,
    distributionOwners: context.stackPatterns,
  }) ?? []) {
    role.addToPolicy(statement);
  }
  return role;
}

/**
 * What the Deploy stage's change-set actions may do on the environment's stacks (in the account and region of
 * `scope`'s stack): create, describe, delete and execute change sets, read the stacks, and pass the deployment role to
 * CloudFormation. The same-account action role gets them here; a remote environment's target stack gives them to its
 * deploy-action role.
 *
 * @example
 * for (const statement of changeSetStatements(this, context, deploymentRole)) role.addToPolicy(statement);
 */
export function changeSetStatements(
  scope: Construct,
  context: StageContext,
  deploymentRole: iam.IRole,
): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: "ChangeSetsOnEnvironmentStacks",
      actions: [
        "cloudformation:CreateChangeSet",
        "cloudformation:DescribeChangeSet",
        "cloudformation:DeleteChangeSet",
        "cloudformation:ExecuteChangeSet",
        "cloudformation:DescribeStacks",
      ],
      resources: context.stackNames.map((name) => stackArn(scope, name)),
    }),
    passToCloudFormation(deploymentRole),
  ];
}

/**
 * `iam:PassRole` of `role`, and only to CloudFormation.
 *
 * @example
 * previewProject.addToRolePolicy(passToCloudFormation(deploymentRole));
 */
export function passToCloudFormation(role: iam.IRole): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: "PassDeploymentRoleToCloudFormation",
    actions: ["iam:PassRole"],
    resources: [role.roleArn],
    conditions: { StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } },
  });
}
