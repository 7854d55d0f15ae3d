/**
 * The roles of a pipeline whose environment is remote: CodePipeline's service role in the CI/CD account under core's
 * fixed name (its target's deploy-action role trusts it by ARN), and the deployment and change-set roles of the target
 * stack in the environment's account, named by core. The artifacts and staging buckets let the target roles read
 * through their bucket policies and the key policy, which name those roles only.
 */

import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
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
      const role = importTargetRole(scope, "DeploymentRole", target.roleArns.cloudFormation, target.account);
      // CloudFormation reads the staged nested templates and the artifacts: the bucket and key policies allow that role
      // only (its identity policy, in the target stack, allows the same objects).
      const { buckets } = context;
      buckets.stagingBucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `ReadTemplates${pascal(context.environment.name)}`,
          principals: [role],
          actions: ["s3:GetObject"],
          resources: objectKeys(context, "staging").map((key) => buckets.stagingBucket.arnForObjects(key)),
        }),
      );
      buckets.artifactsBucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `ReadArtifacts${pascal(context.environment.name)}`,
          principals: [role],
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
      return importTargetRole(scope, "DeployActionRole", target.roleArns.deployAction, target.account);
    },
  };
}

/**
 * A target role imported by ARN for the CI/CD account's resource policies. A bucket or key policy that names a role
 * by ARN is refused while that role does not exist (S3's and KMS's "invalid principal"), and the target stacks are
 * deployed after the CI/CD stack (their trust policies name the CI/CD roles by ARN, which must exist first). So the
 * grants made to this role name the target account with `aws:PrincipalArn` equal to the role's ARN: only that role of
 * that account matches, and the policy is valid before the role exists.
 *
 * @example
 * const role = importTargetRole(this, "DeployActionRole", target.roleArns.deployAction, target.account);
 * bucket.grantRead(role); // Principal: { AWS: "arn:aws:iam::333333333333:root" }, Condition: { ArnEquals: { "aws:PrincipalArn": role.roleArn } }
 */
export function importTargetRole(scope: Construct, id: string, arn: string, account: string): iam.IRole {
  const role = iam.Role.fromRoleArn(scope, id, arn, { mutable: false });
  const principal = new iam.AccountPrincipal(account).withConditions({
    ArnEquals: { "aws:PrincipalArn": arn },
  });
  // ImmutableRole keeps policyFragment as a field: what every grant's resource policy statement names.
  Object.defineProperty(role, "policyFragment", { value: principal.policyFragment });
  return role;
}

/** `dev` → `Dev`, for statement ids. */
function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
