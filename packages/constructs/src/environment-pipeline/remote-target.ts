/**
 * A remote environment, seen from its pipeline: the target account and region, the roles its pipeline assumes there
 * (core's fixed names, so no cross-account reference is needed), the CI/CD roles that assume them, and the credentials
 * a build gets there.
 */

import {
  BUILDSPEC_VARIABLES,
  type CicdRoleNames,
  cicdRoleNames,
  type EnvironmentConfig,
  isRemoteEnvironment,
  regionPartition,
  roleArn,
  type TargetRoleNames,
  type TributaryConfig,
  targetRoleNames,
} from "@tributary/core";
import { Stack, Token } from "aws-cdk-lib";
import type { Construct } from "constructs";

/**
 * Where a remote environment deploys and with which roles.
 *
 * @example
 * const target = remoteTarget(this, config, environment); // undefined for an environment in the stack's account and region
 * target?.roleArns.preview; // "arn:aws:iam::333333333333:role/acme-tributary-prod-preview"
 */
export interface RemoteTarget {
  readonly account: string;
  readonly region: string;
  /** The target roles of the environment, by purpose (core's `targetRoleNames`). */
  readonly roleNames: TargetRoleNames;
  /** Their ARNs in the target account. */
  readonly roleArns: TargetRoleNames;
  /** The CI/CD roles that assume them (core's `cicdRoleNames`), made with these fixed names. */
  readonly cicdRoleNames: CicdRoleNames;
  /** Their ARNs in the CI/CD account: what the target roles trust. */
  readonly cicdRoleArns: CicdRoleNames;
}

/**
 * The {@link RemoteTarget} of an environment whose account or region differs from the stack of `scope` (core's
 * `isRemoteEnvironment`), else `undefined`. Throws when the environment names an account or region and the stack
 * leaves that field unresolved, so it cannot be compared.
 *
 * @example
 * const target = remoteTarget(this, config, environment);
 */
export function remoteTarget(
  scope: Construct,
  config: Pick<TributaryConfig, "project">,
  environment: EnvironmentConfig,
): RemoteTarget | undefined {
  const stack = Stack.of(scope);
  for (const [field, wanted, actual] of [
    ["account", environment.account, stack.account],
    ["region", environment.region, stack.region],
  ] as const) {
    if (wanted !== undefined && Token.isUnresolved(actual)) {
      throw new Error(
        `EnvironmentPipeline ${environment.name}: config.environments.${environment.name}.${field} is ${wanted} but the stack ${stack.stackName} has no explicit ${field}, so it cannot be checked. Fix: give the stack env: { ${field}: "${wanted}" }, or remove the ${field} from the config.`,
      );
    }
  }
  const cicd = {
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
  };
  if (!isRemoteEnvironment(environment, cicd) || cicd.account === undefined || cicd.region === undefined) {
    return undefined;
  }
  const account = environment.account ?? cicd.account;
  const region = environment.region ?? cicd.region;
  const roleNames = targetRoleNames(config.project, environment.name);
  const cicdNames = cicdRoleNames(config.project, environment.name);
  // A literal partition, not the stack's token: CDK reads the account of an imported role from its ARN, and tells a
  // cross-account action by it.
  const partition = regionPartition(cicd.region);
  const arns = <T extends object>(names: T, inAccount: string): T =>
    Object.fromEntries(
      Object.entries(names).map(([purpose, name]) => [purpose, roleArn(partition, inAccount, name)]),
    ) as T;
  return {
    account,
    region,
    roleNames,
    roleArns: arns(roleNames, account),
    cicdRoleNames: cicdNames,
    cicdRoleArns: arns(cicdNames, cicd.account),
  };
}

/**
 * The variable that carries `targetCredentialsScript` (target-profile.ts) to a build (core's `BUILDSPEC_VARIABLES.remoteProject`).
 *
 * @example
 * TARGET_CREDENTIALS_VARIABLE; // "TRIBUTARY_TARGET_CREDENTIALS"
 */
export const TARGET_CREDENTIALS_VARIABLE: (typeof BUILDSPEC_VARIABLES.remoteProject)[0] =
  BUILDSPEC_VARIABLES.remoteProject[0];
