/** One table row through the simulator: the principal's identity policies and the resource's policy, from the app. */

import type { Case, PrincipalTables } from "./cases.js";
import { type SimulatedDecision, simulate } from "./simulate.js";
import { type PolicyDocument, type SynthesizedApp, TEST_REGION } from "./synthesized-app.js";

/** The resource policy AWS evaluates with a request on `resource`, if the app defines one. */
function resourcePolicyOf(synthesized: SynthesizedApp, resource: string): PolicyDocument | undefined {
  if (resource.startsWith("arn:aws:s3:::"))
    return synthesized.resourcePolicies.get(resource.split("/")[0] as string);
  if (resource.startsWith("arn:aws:iam::") && resource.includes(":role/")) {
    return synthesized.roles.find((role) => role.arn === resource)?.trustPolicy;
  }
  return synthesized.resourcePolicies.get(resource);
}

/**
 * What IAM decides for one row of `table` in `app`: the role's identity policies (none for a service principal) with
 * the resource's policy.
 *
 * @example
 * const decision = await decide(app, table, table.mustAllow[0]);
 * decision.result; // "Allowed"
 */
export function decide(
  app: SynthesizedApp,
  table: Pick<PrincipalTables, "principal">,
  entry: Pick<Case, "action" | "resource" | "context">,
): Promise<SimulatedDecision> {
  const principal = typeof table.principal === "string" ? table.principal : table.principal.arn;
  const identityPolicies = typeof table.principal === "string" ? [] : table.principal.policies;
  const resourcePolicy = resourcePolicyOf(app, entry.resource);
  return simulate(
    {
      principal,
      action: entry.action,
      resource: entry.resource,
      ...(entry.context ? { context: entry.context } : {}),
    },
    { identityPolicies, ...(resourcePolicy === undefined ? {} : { resourcePolicy }) },
    TEST_REGION,
  );
}

/**
 * A row's test name: the action, the resource and why.
 *
 * @example
 * label({ action: "s3:GetObject", resource: "arn:aws:s3:::b/k", why: "read" }); // "s3:GetObject on arn:aws:s3:::b/k (read)"
 */
export const label = (entry: Pick<Case, "action" | "resource" | "why">): string =>
  `${entry.action} on ${entry.resource} (${entry.why})`;
