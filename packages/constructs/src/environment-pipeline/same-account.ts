/** An environment pipeline deploys to its own stack's account and region: a different one in the config stops synthesis. */

import { type EnvironmentConfig, sameAccountAndRegion } from "@tributary/core";
import { Stack, Token } from "aws-cdk-lib";
import type { Construct } from "constructs";

/**
 * Throws when the environment asks for another account or region than the stack's (core's `sameAccountAndRegion`),
 * or names one the stack leaves unresolved, so it cannot be checked.
 *
 * @example
 * assertSameAccountAndRegion(this, environment); // EnvironmentPipeline's first check
 */
export function assertSameAccountAndRegion(scope: Construct, environment: EnvironmentConfig): void {
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
  const [mismatch] = sameAccountAndRegion([environment], {
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
  }).mismatches;
  if (mismatch !== undefined) {
    const { field, wanted, expected } = mismatch;
    throw new Error(
      `EnvironmentPipeline ${environment.name}: config.environments.${environment.name}.${field} is ${wanted} but the stack deploys to ${expected}; cross-account and cross-region environments are not supported yet. Fix: deploy the CI/CD stack to ${field} ${wanted}, or remove the ${field} from the config.`,
    );
  }
}
