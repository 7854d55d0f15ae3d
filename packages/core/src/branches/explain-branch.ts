/** `explainBranch`: a branch's classification and route, with a human reason when nothing deploys it. */

import { PREFIXED_BRANCH_KINDS } from "../config/defaults.js";
import { branchNameProblems } from "../names/git-branch-name.js";
import { branchHash, isTagValueCharacter, PIPELINE_ALPHABET, STACK_ALPHABET } from "../names/names.js";
import { spellInAscii } from "../names/transliterate.js";
import { LIMITS, MANAGED_TAGS, PIPELINE_VARIABLES } from "../shared/constants.js";
import type { TributaryConfig } from "../shared/types.js";
import type { BranchClassification } from "./classify-branch.js";
import { classifyBranch } from "./classify-branch.js";
import { routeClassified } from "./resolve-branch.js";
import type { Route } from "./route.js";

/**
 * What `explainBranch` says of one branch.
 *
 * @example
 * const { classification, route, reason }: BranchExplanation = explainBranch(config, "release/1.2.0");
 */
export interface BranchExplanation {
  readonly classification: BranchClassification;
  readonly route: Route | null;
  /** One sentence: where the branch deploys, or why it does not. */
  readonly reason: string;
  /** Each value derived from the branch name (pipeline, stack, `Branch` variable, branch tag), with why it reads so. */
  readonly derived: readonly DerivedValue[];
}

/**
 * One value derived from a branch name, and why it is the branch unchanged or a slug with the branch's hash.
 *
 * @example
 * const value: DerivedValue = { name: "tributary:branch", value: "feature/login", reason: "the branch unchanged: …" };
 */
export interface DerivedValue {
  /** What the value is: `pipeline`, `stack`, `variable Branch`, `tag tributary:branch`. */
  readonly name: string;
  readonly value: string;
  readonly reason: string;
}

/**
 * Classifies and routes a branch, and says why in one sentence (for logs, `ignore` actions and CLIs).
 *
 * @example
 * explainBranch(config, "support/1.x").reason;
 * // 'support branch "support/1.x" has no route (routes.branches.support is not set)'
 */
export function explainBranch(config: TributaryConfig, branch: string): BranchExplanation {
  const classification = classifyBranch(branch, config);
  const route = routeClassified(config, classification);
  return Object.freeze({
    classification,
    route,
    reason: reasonFor(config, classification, route),
    derived: Object.freeze(route === null ? [] : derivedValues(classification, route)),
  });
}

const ALPHABETS = {
  pipeline: { keeps: (char: string) => PIPELINE_ALPHABET.includes(char), text: "[a-z0-9._@-]", spells: true },
  stack: { keeps: (char: string) => STACK_ALPHABET.includes(char), text: "[a-z0-9-]", spells: true },
  tag: {
    keeps: isTagValueCharacter,
    text: "Unicode letters, numbers and separators and _.:/=+-@",
    spells: false,
  },
} as const;

type Alphabet = (typeof ALPHABETS)[keyof typeof ALPHABETS];

function derivedValues(classification: BranchClassification, route: Route): DerivedValue[] {
  const { name, suffix, kind } = classification;
  const values: DerivedValue[] = [];
  if (route.clone) {
    // Clone names are `<project>-<env>-<kind>-<part>` (names.ts); the environment's own names are `<project>-<env>`.
    const prefix = `${route.templatePipeline}-${kind}-`;
    const part = (full: string): string => (full.startsWith(prefix) ? full.slice(prefix.length) : full);
    values.push({
      name: "pipeline",
      value: route.pipelineName,
      reason: encodingReason(suffix, part(route.pipelineName), ALPHABETS.pipeline, name),
    });
    if (route.ephemeral) {
      values.push({
        name: "stack",
        value: route.stackName,
        reason: encodingReason(suffix, part(route.stackName), ALPHABETS.stack, name),
      });
    }
  }
  const variable = route.variables[PIPELINE_VARIABLES.branch] ?? "";
  const tagReason = encodingReason(name, variable, ALPHABETS.tag, name);
  values.push({
    name: `variable ${PIPELINE_VARIABLES.branch}`,
    value: variable,
    reason: `${tagReason} (a tag value: CodePipeline substitutes it unescaped into JSON, and the Test stage tags the stack with it)`,
  });
  const tag = route.tags[MANAGED_TAGS.branch];
  if (tag !== undefined) values.push({ name: `tag ${MANAGED_TAGS.branch}`, value: tag, reason: tagReason });
  return values;
}

/** A character as a reader can see it: quoted, or `U+0301` for a mark, a control, a separator or a lone surrogate. */
function shown(char: string): string {
  return /^[\p{M}\p{C}\p{Z}]/u.test(char)
    ? `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`
    : JSON.stringify(char);
}

/** `a, b, c, d, e, …`: at most five. */
function quotedList(items: readonly string[]): string {
  return `${items.slice(0, 5).join(", ")}${items.length > 5 ? ", …" : ""}`;
}

/**
 * Why `encoded` is `value` unchanged, or how it became a slug with the branch's hash: which of `value`'s characters
 * were spelled in ASCII (`spellInAscii`, as `encodeNamePart` does for ASCII alphabets) and which the alphabet refuses.
 */
function encodingReason(value: string, encoded: string, alphabet: Alphabet, branch: string): string {
  if (encoded === value)
    return `the branch${value === branch ? "" : "'s suffix"} unchanged: only ${alphabet.text}`;
  const lowered: string[] = [];
  const spelled: string[] = [];
  const refused: string[] = [];
  let marks = false;
  for (const char of new Set(value)) {
    if (char === "-" || alphabet.keeps(char)) continue;
    const ascii = alphabet.spells ? (char >= "\u0080" ? spellInAscii(char) : char).toLowerCase() : char;
    if (ascii === "") marks = true;
    else if (ascii === char || ![...ascii].every(alphabet.keeps)) refused.push(shown(char));
    else if (char < "\u0080") lowered.push(shown(char));
    else spelled.push(`${shown(char)} → ${shown(ascii)}`);
  }
  const why = [
    ...(lowered.length > 0 ? [`${quotedList(lowered)} lower-cased`] : []),
    ...(spelled.length > 0 ? [`${quotedList(spelled)} (Latin letters in ASCII)`] : []),
    ...(marks ? ["combining marks dropped"] : []),
    ...(refused.length > 0
      ? [`${quotedList(refused)} ${refused.length === 1 ? "is" : "are"} not in ${alphabet.text}`]
      : []),
  ];
  if (why.length === 0) {
    why.push(
      value.includes("--") || value.startsWith("-") || value.endsWith("-")
        ? "`--` or a dash at either end is kept for hashed names"
        : "it is too long",
    );
  }
  return `a slug and --${branchHash(branch)}, the hash of "${branch}": ${why.join("; ")}`;
}

function reasonFor(
  config: TributaryConfig,
  classification: BranchClassification,
  route: Route | null,
): string {
  const { kind, name } = classification;
  if (route !== null) {
    const where = route.ephemeral
      ? `its own stack ${route.stackName}`
      : `the shared stack ${route.stackName}`;
    return route.clone
      ? `${kind} branch "${name}" deploys to ${where} through ${route.pipelineName}, a clone of ${route.templatePipeline}`
      : `${kind} branch "${name}" runs the ${route.environment} environment pipeline ${route.pipelineName} itself`;
  }
  if (name.length === 0) return "the branch name is empty";
  if (name.length > LIMITS.configurationValue) {
    return `branch name is ${name.length} characters long; CodePipeline accepts at most ${LIMITS.configurationValue}`;
  }
  if (kind === "main" || kind === "develop") {
    return `${kind} branch "${name}" is the branch of no environment`;
  }
  if (kind === "other") {
    if (name.startsWith("refs/")) return `"${name}" is not a branch`;
    const bare = Object.values(config.branches.prefixes).find(
      (prefix) => name === prefix || `${name}/` === prefix,
    );
    if (bare !== undefined) return `"${name}" has nothing after the prefix "${bare}"`;
    const problems = branchNameProblems(name);
    if (problems.length > 0) {
      return `"${name}" is not a branch name git accepts (git check-ref-format): it ${problems.join("; it ")}`;
    }
    const prefixes = PREFIXED_BRANCH_KINDS.map((prefixed) => config.branches.prefixes[prefixed]).join(", ");
    return (
      `branch "${name}" matches no git-flow kind: the main branch is "${config.branches.main}" (branches.main), ` +
      `the develop branch is "${config.branches.develop}" (branches.develop), and it starts with none of the prefixes ${prefixes}`
    );
  }
  return `${kind} branch "${name}" has no route (routes.branches.${kind} is not set)`;
}
