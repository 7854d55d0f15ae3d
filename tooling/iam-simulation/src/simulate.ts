/** One request through iam-simulate, strictly: unknown actions, resource ARNs or context keys fail instead of passing. */

import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "./synthesized-app.js";
import { TEST_ACCOUNT } from "./synthesized-app.js";

/** The request a case makes. */
export interface SimulatedRequest {
  /** A role ARN, or a service principal such as `events.amazonaws.com`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Request context beyond what every signed HTTPS call carries (`aws:SecureTransport`, principal keys, region). */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** The account that owns the resource. @default TEST_ACCOUNT */
  readonly resourceAccount?: string;
}

/** What the simulator decided, with the statements that decided it. */
export interface SimulatedDecision {
  readonly result: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
  readonly detail: string;
}

/** The principal's identity policies and the resource's policy, if any. */
export interface SimulatedPolicies {
  readonly identityPolicies: readonly { readonly name: string; readonly policy: PolicyDocument }[];
  readonly resourcePolicy?: PolicyDocument;
}

/** The region part of an ARN, or the default region for global ARNs. */
function regionOf(resource: string, fallback: string): string {
  const region = resource.split(":")[3];
  return region === undefined || region === "" ? fallback : region;
}

/**
 * Runs one request in Strict mode. Throws when iam-simulate rejects the input (an unknown action, a resource
 * ARN the action does not take, a malformed policy) or ignores a context key (a key the action does not support,
 * so a table would test a condition that AWS never evaluates).
 */
export async function simulate(
  request: SimulatedRequest,
  policies: SimulatedPolicies,
  defaultRegion: string,
): Promise<SimulatedDecision> {
  const isService = request.principal.endsWith(".amazonaws.com");
  const context: Record<string, string | string[]> = {
    "aws:SecureTransport": "true",
    "aws:RequestedRegion": regionOf(request.resource, defaultRegion),
    ...(isService ? {} : { "aws:PrincipalArn": request.principal, "aws:PrincipalAccount": TEST_ACCOUNT }),
    ...request.context,
  };
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount ?? TEST_ACCOUNT },
      contextVariables: context,
    },
    identityPolicies: policies.identityPolicies.map((entry) => ({ name: entry.name, policy: entry.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(policies.resourcePolicy === undefined ? {} : { resourcePolicy: policies.resourcePolicy }),
  };
  const response = await runSimulation(simulation, { simulationMode: "Strict" });
  const label = `${request.principal} ${request.action} ${request.resource}`;
  if (response.resultType === "error") {
    throw new Error(`iam-simulate rejected ${label}: ${JSON.stringify(response.errors)}`);
  }
  if (response.resultType !== "single") {
    throw new Error(`iam-simulate ran ${label} as a wildcard request; a case names one concrete resource.`);
  }
  const ignored = response.result.ignoredContextKeys ?? [];
  if (ignored.length > 0) {
    throw new Error(
      `iam-simulate ignored the context keys ${ignored.join(", ")} of ${label}: ${request.action} does not support them on this resource, so the case tests nothing there. Fix: drop them from the case.`,
    );
  }
  const analysis = response.result.analysis;
  const decisive = [
    ...(analysis.identityAnalysis?.denyStatements ?? []),
    ...(analysis.identityAnalysis?.allowStatements ?? []),
    ...(analysis.resourceAnalysis?.denyStatements ?? []),
    ...(analysis.resourceAnalysis?.allowStatements ?? []),
  ]
    .map(
      (statement) =>
        `${statement.explain.effect} ${statement.policyId ?? ""}#${statement.explain.identifier}`,
    )
    .join(", ");
  return { result: response.overallResult, detail: decisive || "no statement applies" };
}
