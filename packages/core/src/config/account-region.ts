/** Which environments deploy outside the CI/CD stack's own account and region (each such field, compared). */

import type { EnvironmentConfig } from "../shared/types.js";

/**
 * One environment field that differs from where the CI/CD stack deploys (see `sameAccountAndRegion`).
 *
 * @example
 * const mismatch: AccountRegionMismatch = { environment: "prod", field: "account", wanted: "111111111111", expected: "123456789012", expectedFrom: null };
 */
export interface AccountRegionMismatch {
  readonly environment: string;
  readonly field: "account" | "region";
  /** What the environment asks for. */
  readonly wanted: string;
  /** Where the CI/CD stack deploys. */
  readonly expected: string;
  /** `null`: `expected` is the CI/CD stack's own; otherwise the environment that set it first. */
  readonly expectedFrom: string | null;
}

/**
 * Every environment field that differs from the CI/CD stack's account and region. Given the stack's account and region
 * (`undefined` when not set) it returns where the stack deploys (an unset field taken from the first environment that
 * sets it) and every environment field that differs. A differing environment is a remote one, which
 * `resolveCicdLocation` and `deploymentTargets` describe (its target stack, its artifact store); this function only
 * lists the differences.
 *
 * @example
 * sameAccountAndRegion(config.environments, { account: "123456789012", region: undefined });
 * // { account: "123456789012", region: "eu-west-1", mismatches: [] } when only prod sets region eu-west-1
 */
export function sameAccountAndRegion(
  environments: readonly Pick<EnvironmentConfig, "name" | "account" | "region">[],
  stack: { readonly account: string | undefined; readonly region: string | undefined },
): { account: string | undefined; region: string | undefined; mismatches: readonly AccountRegionMismatch[] } {
  const target = { account: stack.account, region: stack.region };
  const mismatches: AccountRegionMismatch[] = [];
  for (const field of ["account", "region"] as const) {
    const first = environments.find((env) => env[field] !== undefined);
    const expectedFrom = target[field] !== undefined ? null : (first?.name ?? null);
    const expected = target[field] ?? first?.[field];
    if (expected === undefined) continue;
    target[field] = expected;
    for (const env of environments) {
      const wanted = env[field];
      if (wanted !== undefined && wanted !== expected) {
        mismatches.push({ environment: env.name, field, wanted, expected, expectedFrom });
      }
    }
  }
  return { ...target, mismatches: Object.freeze(mismatches) };
}
