/** `teardownTargetOf`: which target account and region holds a stack the teardown build is asked to delete. */

import type { TeardownTarget } from "./target-roles.js";

/**
 * The {@link TeardownTarget} whose `stackPrefix` starts `stackName`, the longest such prefix when several do (so an
 * environment's stacks never go to another environment whose prefix is shorter); `undefined` when none does: the stack
 * is in the CI/CD account and region. Environment names hold no `-` (core's `ENVIRONMENT_NAME_PATTERN`), so two
 * environments' prefixes `<project>-<env>-` never start one another and at most one matches; the longest-prefix rule
 * keeps the answer right for any list.
 *
 * @example
 * const targets = teardownTargets("acme", [{ name: "prod", account: "333333333333", region: "eu-central-1" }]);
 * teardownTargetOf(targets, "acme-prod-feature-login")?.account; // "333333333333"
 * teardownTargetOf(targets, "acme-dev-feature-login");           // undefined (the CI/CD account)
 */
export function teardownTargetOf(
  targets: readonly TeardownTarget[],
  stackName: string,
): TeardownTarget | undefined {
  let found: TeardownTarget | undefined;
  for (const target of targets) {
    if (!stackName.startsWith(target.stackPrefix)) continue;
    if (found === undefined || target.stackPrefix.length > found.stackPrefix.length) found = target;
  }
  return found;
}
