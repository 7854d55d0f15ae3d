/** `tributary explain <branch>`: how one branch is classified and routed, as text or JSON. */
import {
  branchHash,
  type DerivedValue,
  explainBranch,
  type Route,
  type TributaryConfig,
} from "@tributary/core";

/** The machine-readable answer of `explain` (what `--json` prints). */
export interface Explanation {
  readonly branch: string;
  readonly kind: string;
  readonly suffix: string;
  /** `null` when the branch runs no pipeline. */
  readonly route: Route | null;
  /** Why the branch routes where it does, or why it routes nowhere. */
  readonly reason: string;
  /** Each name and value derived from the branch, with why it is the branch unchanged or hashed. */
  readonly derived: readonly DerivedValue[];
}

/**
 * Explains a branch with core's `explainBranch`.
 *
 * @example
 * explain(config, "feature/login").route?.pipelineName; // "acme-dev-feature-login"
 */
export function explain(config: TributaryConfig, branch: string): Explanation {
  const { classification, route, reason, derived } = explainBranch(config, branch);
  return {
    branch: classification.name,
    kind: classification.kind,
    suffix: classification.suffix,
    route,
    reason,
    derived,
  };
}

/** Options of {@link formatExplanation}. */
export interface FormatExplanationOptions {
  /**
   * Show how every name is derived, also when every name is the branch unchanged.
   * @default false
   */
  readonly verbose?: boolean;
}

/**
 * Formats an explanation as aligned `label  value` lines for people. "Derived" lists how each name and tag was
 * made, with why, when one of them ends in the branch's hash (the branch could not be used as it is); otherwise
 * one line says they are the branch unchanged, and `verbose` lists them anyway.
 *
 * @example
 * formatExplanation(explain(config, "develop"));
 * // Branch     develop
 * // Kind       develop
 * // Route      the environment pipeline of dev runs it
 * // ...
 */
export function formatExplanation(explanation: Explanation, options: FormatExplanationOptions = {}): string {
  const { route } = explanation;
  const rows: [string, string][] = [
    ["Branch", explanation.branch],
    [
      "Kind",
      explanation.kind === explanation.suffix
        ? explanation.kind
        : `${explanation.kind} (${explanation.suffix})`,
    ],
  ];
  if (route === null) {
    rows.push(["Route", "none: no pipeline runs this branch"], ["Reason", explanation.reason]);
    return table(rows);
  }
  rows.push(
    ["Route", describeRoute(route)],
    ["Reason", explanation.reason],
    ["Environment", route.environment],
    [
      "Pipeline",
      route.clone ? `${route.pipelineName} (clone of ${route.templatePipeline})` : route.pipelineName,
    ],
    ["Stack", `${route.stackName} (${route.ephemeral ? "own stack, torn down with the branch" : "shared"})`],
    ["Approval", route.requiresApproval ? "manual approval before the change set executes" : "none"],
    ["Variables", formatPairs(route.variables)],
  );
  if (Object.keys(route.tags).length > 0) rows.push(["Tags", formatPairs(route.tags)]);
  if (explanation.derived.length > 0) {
    const hash = branchHash(explanation.branch);
    const hashed = explanation.derived.some((value) => value.value.endsWith(`--${hash}`));
    rows.push([
      "Derived",
      hashed || options.verbose === true
        ? explanation.derived
            .map((value) => `${value.name} ${value.value}: ${value.reason}`)
            .join(`\n${" ".repeat(LABEL_WIDTH)}`)
        : `${explanation.derived.map((value) => value.name).join(", ")}: the branch unchanged, no hash (--verbose says why)`,
    ]);
  }
  return table(rows);
}

function describeRoute(route: Route): string {
  if (!route.clone) return `the environment pipeline of ${route.environment} runs it`;
  return `${route.ephemeral ? "ephemeral" : "shared-stack"} clone of the ${route.environment} pipeline`;
}

/** Formats `{a: "1", b: "2"}` as `a=1` and `b=2` on two lines, the second indented under the value column. */
function formatPairs(pairs: Readonly<Record<string, string>>): string {
  return Object.entries(pairs)
    .map(([key, value]) => `${key}=${value}`)
    .join(`\n${" ".repeat(LABEL_WIDTH)}`);
}

const LABEL_WIDTH = 13;

/**
 * Formats label/value rows with the values in one column.
 *
 * @example
 * table([["Branch", "develop"], ["Kind", "develop"]]);
 * // Branch       develop
 * // Kind         develop
 */
export function table(rows: readonly (readonly [string, string])[]): string {
  return rows.map(([label, value]) => `${label.padEnd(LABEL_WIDTH)}${value}`).join("\n");
}
