/** The long-lived branches and the git-flow prefixes of a config, validated. */

import { isGitBranchName } from "../names/git-branch-name.js";
import { ConfigError } from "../shared/errors.js";
import type { PrefixedBranchKind, TributaryConfig } from "../shared/types.js";
import { checkKeys, join, readObject } from "./config-fields.js";
import { DEFAULT_PREFIXES, PREFIXED_BRANCH_KINDS } from "./defaults.js";

/**
 * Whether git accepts `name` as a branch name: `isGitBranchName` (git-branch-name.ts holds git's rules and says which
 * one a name breaks, with `branchNameProblems`).
 *
 * @example
 * isValidBranchName("feature/login"); // true
 * isValidBranchName("feature..x");    // false
 */
export function isValidBranchName(name: string): boolean {
  return isGitBranchName(name);
}

function branchName(value: unknown, path: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !isValidBranchName(value) || value.startsWith("refs/")) {
    throw new ConfigError(
      path,
      value,
      "is not a branch name git accepts",
      `Give the short branch name, e.g. "${fallback}" (no "refs/heads/", no spaces, no "..").`,
    );
  }
  return value;
}

function validatePrefixes(input: unknown, path: string): Record<PrefixedBranchKind, string> {
  const prefixes: Record<PrefixedBranchKind, string> = { ...DEFAULT_PREFIXES };
  if (input === undefined) return prefixes;
  const object = readObject(input, path, "prefixes (kind → prefix)");
  checkKeys(object, path, PREFIXED_BRANCH_KINDS);
  for (const kind of PREFIXED_BRANCH_KINDS) {
    const value = object[kind];
    if (value === undefined) continue;
    const fieldPath = join(path, kind);
    if (
      typeof value !== "string" ||
      value.length < 2 ||
      !value.endsWith("/") ||
      !isValidBranchName(`${value}x`)
    ) {
      throw new ConfigError(
        fieldPath,
        value,
        "is not a branch prefix",
        `Use a non-empty prefix that ends with "/", e.g. "${DEFAULT_PREFIXES[kind]}".`,
      );
    }
    prefixes[kind] = value;
  }
  for (const a of PREFIXED_BRANCH_KINDS) {
    for (const b of PREFIXED_BRANCH_KINDS) {
      if (a === b) continue;
      if (prefixes[b].startsWith(prefixes[a])) {
        throw new ConfigError(
          join(path, b),
          prefixes[b],
          prefixes[a] === prefixes[b]
            ? `is also the ${a} prefix`
            : `starts with the ${a} prefix "${prefixes[a]}"`,
          "Give every kind its own prefix, none the start of another.",
        );
      }
    }
  }
  return prefixes;
}

/** `branches.main`, `branches.develop` and `branches.prefixes`, each checked, and no long-lived branch inside a prefix. */
export function validateBranches(input: unknown): TributaryConfig["branches"] {
  const branchesInput = input === undefined ? {} : readObject(input, "branches", "branches");
  checkKeys(branchesInput, "branches", ["main", "develop", "prefixes"]);
  const main = branchName(branchesInput.main, "branches.main", "main");
  const develop = branchName(branchesInput.develop, "branches.develop", "develop");
  if (main === develop) {
    throw new ConfigError(
      "branches.develop",
      develop,
      "is also the main branch",
      'Use two different branches, e.g. "main" and "develop".',
    );
  }
  const prefixes = validatePrefixes(branchesInput.prefixes, "branches.prefixes");
  for (const [key, name] of [
    ["main", main],
    ["develop", develop],
  ] as const) {
    for (const kind of PREFIXED_BRANCH_KINDS) {
      if (name.startsWith(prefixes[kind])) {
        throw new ConfigError(
          `branches.${key}`,
          name,
          `starts with the ${kind} prefix "${prefixes[kind]}"`,
          "Choose a long-lived branch name outside every prefix.",
        );
      }
    }
  }
  return { main, develop, prefixes };
}
