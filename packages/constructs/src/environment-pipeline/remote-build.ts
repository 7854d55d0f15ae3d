/** A build of a remote environment: its CI/CD project role, named by core, which may only assume its target role. */

import type { CicdRoleNames } from "@tributary/core";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { importTargetRole } from "./cross-account-roles.js";
import { type RemoteTarget, TARGET_CREDENTIALS_VARIABLE } from "./remote-target.js";
import { targetCredentialsScript } from "./target-profile.js";

/**
 * What a remote environment's CodeBuild project gets in the CI/CD account: its role, and the variable that hands its
 * build the target role's credentials.
 *
 * @example
 * const build = remoteBuild(this, "TestRole", target, "test");
 * new codebuild.PipelineProject(this, "TestProject", { role: build.role, environmentVariables: plainText(build.variables) });
 */
export interface RemoteBuild {
  /** The project's role, `<project>-tributary-cicd-<env>-<purpose>`: CodeBuild's basics and `sts:AssumeRole` of its target role. */
  readonly role: iam.Role;
  /** The target role it assumes, imported by ARN (grants on the CI/CD buckets land in their bucket and key policies). */
  readonly targetRole: iam.IRole;
  /** `TRIBUTARY_TARGET_CREDENTIALS`: the line a build evaluates to act in the target account and region. */
  readonly variables: Readonly<Record<string, string>>;
}

/**
 * The {@link RemoteBuild} of one purpose (`test`, `preview` or `cleanup`) of a remote environment, made in `scope` as
 * `id`.
 *
 * @example
 * const build = remoteBuild(this, "PreviewRole", context.target, "preview");
 */
export function remoteBuild(
  scope: Construct,
  id: string,
  target: RemoteTarget,
  purpose: Exclude<keyof CicdRoleNames, "pipeline">,
): RemoteBuild {
  const targetArn = target.roleArns[purpose];
  const role = new iam.Role(scope, id, {
    roleName: target.cicdRoleNames[purpose],
    assumedBy: new iam.ServicePrincipal("codebuild.amazonaws.com"),
    description: `CodeBuild role of ${target.cicdRoleNames[purpose]}: assumes ${target.roleNames[purpose]} in ${target.account}/${target.region}`,
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "AssumeTargetRole",
      actions: ["sts:AssumeRole"],
      resources: [targetArn],
    }),
  );
  return {
    role,
    targetRole: importTargetRole(scope, `${id}Target`, targetArn, target.account),
    variables: { [TARGET_CREDENTIALS_VARIABLE]: targetCredentialsScript(targetArn, target.region) },
  };
}
