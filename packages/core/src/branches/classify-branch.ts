/** `classifyBranch`: which git-flow kind a branch is (main, develop, feature, …, other). */

import { PREFIXED_BRANCH_KINDS } from "../config/defaults.js";
import { isGitBranchName } from "../names/git-branch-name.js";
import { BRANCH_REF_PREFIX } from "../shared/constants.js";
import type { BranchKind, TributaryConfig } from "../shared/types.js";

/**
 * The short branch name: `ref` without a leading `refs/heads/`. Other refs (`refs/tags/v1`) are returned as given.
 *
 * @example
 * shortBranchName("refs/heads/feature/login"); // "feature/login"
 * shortBranchName("feature/login");            // "feature/login"
 */
export function shortBranchName(ref: string): string {
  return ref.startsWith(BRANCH_REF_PREFIX) ? ref.slice(BRANCH_REF_PREFIX.length) : ref;
}

/**
 * Classifies a branch by the configured git-flow names. Accepts `refs/heads/x` or `x`.
 * `main` and `develop` match exactly; a prefixed kind needs a non-empty suffix (bare `release` or
 * `feature/` is `other`); a name git refuses (`branchNameProblems`: `feature/a..b`, `feature/x.lock`), tags and
 * anything else are `other`, so nothing routes them.
 *
 * @example
 * classifyBranch("refs/heads/release/1.2.0", config); // { kind: "release", name: "release/1.2.0", suffix: "1.2.0" }
 * classifyBranch("feature/", config);                 // { kind: "other", name: "feature/", suffix: "feature/" }
 * classifyBranch("feature/a..b", config);             // { kind: "other", name: "feature/a..b", suffix: "feature/a..b" }
 */
export function classifyBranch(ref: string, config: TributaryConfig): BranchClassification {
  const name = shortBranchName(ref);
  if (!isGitBranchName(name)) return Object.freeze({ kind: "other", name, suffix: name });
  if (name === config.branches.main) return Object.freeze({ kind: "main", name, suffix: name });
  if (name === config.branches.develop) return Object.freeze({ kind: "develop", name, suffix: name });
  for (const kind of PREFIXED_BRANCH_KINDS) {
    const prefix = config.branches.prefixes[kind];
    if (name.length > prefix.length && name.startsWith(prefix)) {
      return Object.freeze({ kind, name, suffix: name.slice(prefix.length) });
    }
  }
  return Object.freeze({ kind: "other", name, suffix: name });
}

/**
 * What `classifyBranch` says of one branch.
 *
 * @example
 * classifyBranch("refs/heads/feature/JIRA-1_login", config)
 * // { kind: "feature", name: "feature/JIRA-1_login", suffix: "JIRA-1_login" }
 */
export interface BranchClassification {
  /** The git-flow kind of the branch. */
  readonly kind: BranchKind;
  /** The short branch name, without `refs/heads/`. */
  readonly name: string;
  /** What follows the kind's prefix (`1.2.0` for `release/1.2.0`); the whole name for main, develop and other. */
  readonly suffix: string;
}
