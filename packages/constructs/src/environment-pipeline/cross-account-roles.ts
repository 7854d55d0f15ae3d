/**
 * The roles of a pipeline whose environment is remote: CodePipeline's service role in the CI/CD account under core's
 * fixed name (its target's deploy-action role trusts it by ARN), and the deployment and change-set roles of the target
 * stack in the environment's account, named by core. The artifacts and staging buckets let the target roles read
 * through their bucket policies and the key policy, which name those roles only.
 */

import * as iam from "aws-cdk-lib/aws-iam";
import type { PipelineRoleFactory } from "./pipeline-roles.js";
import type { RemoteTarget } from "./remote-target.js";
import { objectKeys } from "./stage-context.js";

/**
 * The {@link PipelineRoleFactory} of a remote environment.
 *
 * @example
 * const roles: PipelineRoleFactory = target === undefined ? sameAccountRoles : crossAccountRoles(target);
 */
export function crossAccountRoles(target: RemoteTarget): PipelineRoleFactory {
  return {
    deploymentRole(scope, context, given) {
      if (given !== undefined) {
        throw new Error(
          `EnvironmentPipeline ${context.environment.name}: a deploymentRole was given, but the environment is in ${target.account}/${target.region}, where the target stack's role ${target.roleNames.cloudFormation} deploys. Fix: leave deploymentRole out (give the target stack what the templates need through projectNeeds).`,
        );
      }
      const role = iam.Role.fromRoleArn(scope, "DeploymentRole", target.roleArns.cloudFormation, {
        mutable: false,
      });
      // CloudFormation reads the staged nested templates and the artifacts: the bucket policies allow that role only.
      const { buckets } = context;
      buckets.stagingBucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `ReadTemplates${pascal(context.environment.name)}`,
          principals: [new iam.ArnPrincipal(target.roleArns.cloudFormation)],
          actions: ["s3:GetObject"],
          resources: objectKeys(context, "staging").map((key) => buckets.stagingBucket.arnForObjects(key)),
        }),
      );
      buckets.artifactsBucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `ReadArtifacts${pascal(context.environment.name)}`,
          principals: [new iam.ArnPrincipal(target.roleArns.cloudFormation)],
          actions: ["s3:GetObject"],
          resources: [buckets.artifactsBucket.arnForObjects("*")],
        }),
      );
      for (const bucket of [buckets.stagingBucket, buckets.artifactsBucket]) {
        bucket.encryptionKey?.grantDecrypt(role);
      }
      return role;
    },

    pipelineRole(scope, context) {
      return new iam.Role(scope, "PipelineRole", {
        roleName: target.cicdRoleNames.pipeline,
        assumedBy: new iam.ServicePrincipal("codepipeline.amazonaws.com"),
        description: `Service role of ${context.route.pipelineName} and its clones; assumes ${target.roleNames.deployAction} in ${target.account}`,
      });
    },

    changeSetActionRole(scope) {
      // The target stack gives this role its change-set and pass-role statements; CodePipeline's binding grants it
      // the artifacts (a bucket policy and the key policy naming it) and lets the pipeline role assume it.
      return iam.Role.fromRoleArn(scope, "DeployActionRole", target.roleArns.deployAction, {
        mutable: false,
      });
    },
  };
}

/** `dev` → `Dev`, for statement ids. */
function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
