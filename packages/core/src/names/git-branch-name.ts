/** `branchNameProblems`: why git would refuse a branch name (the rules of `git check-ref-format --branch`). */

/**
 * One rule of git's reference names, with its number in git's documentation (git-check-ref-format(1),
 * https://git-scm.com/docs/git-check-ref-format) and how to fix a name that breaks it.
 */
interface GitRefRule {
  /** The problem, as a sentence fragment ("contains `..`"). */
  readonly problem: string;
  readonly fix: string;
  readonly breaks: (name: string) => boolean;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rule 4 is about control characters
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f]/;

const RULES: readonly GitRefRule[] = [
  {
    // git-check-ref-format rule 1: "no slash-separated component can begin with a dot . or end with the sequence .lock"
    problem: "has a slash-separated part that starts with `.`",
    fix: "remove the leading dot of that part",
    breaks: (name) => name.split("/").some((part) => part.startsWith(".")),
  },
  {
    problem: "has a slash-separated part that ends with `.lock`",
    fix: "rename the part so it does not end with `.lock`",
    breaks: (name) => name.split("/").some((part) => part.endsWith(".lock")),
  },
  {
    // rule 3: "They cannot have two consecutive dots .. anywhere."
    problem: "contains `..`",
    fix: "use a single dot",
    breaks: (name) => name.includes(".."),
  },
  {
    // rule 4: "They cannot have ASCII control characters (i.e. bytes whose values are lower than \040, or \177 DEL),
    // space, tilde ~, caret ^, or colon : anywhere."
    problem: "contains a space or an ASCII control character",
    fix: "replace spaces with `-`",
    breaks: (name) => CONTROL_OR_SPACE.test(name),
  },
  {
    problem: "contains `~`, `^` or `:`",
    fix: "remove `~`, `^` and `:`",
    breaks: (name) => /[~^:]/.test(name),
  },
  {
    // rule 5: "They cannot have question-mark ?, asterisk *, or open bracket [ anywhere."
    problem: "contains `?`, `*` or `[`",
    fix: "remove `?`, `*` and `[`",
    breaks: (name) => /[?*[]/.test(name),
  },
  {
    // rule 6: "They cannot begin or end with a slash / or contain multiple consecutive slashes"
    problem: "starts or ends with `/` or contains `//`",
    fix: "remove the extra slashes",
    breaks: (name) => name.startsWith("/") || name.endsWith("/") || name.includes("//"),
  },
  {
    // rule 7: "They cannot end with a dot ."
    problem: "ends with `.`",
    fix: "remove the trailing dot",
    breaks: (name) => name.endsWith("."),
  },
  {
    // rule 8: "They cannot contain a sequence @{."
    problem: "contains `@{`",
    fix: "remove the `{` after `@`",
    breaks: (name) => name.includes("@{"),
  },
  {
    // rule 10: "They cannot contain a \."
    problem: "contains `\\`",
    fix: "use `/` instead of `\\`",
    breaks: (name) => name.includes("\\"),
  },
  {
    // --branch: "a dash may appear at the beginning of a ref component, but it is explicitly forbidden at the
    // beginning of a branch name"; git also refuses the branch name HEAD (`git branch HEAD`).
    problem: "starts with `-`",
    fix: "remove the leading dash",
    breaks: (name) => name.startsWith("-"),
  },
  {
    problem: "is `HEAD`",
    fix: "choose another name; HEAD names the checked-out commit",
    breaks: (name) => name === "HEAD",
  },
];

/**
 * Every reason git refuses `name` as a (short) branch name, each as "problem (Fix: …)", following
 * git-check-ref-format(1) for `refs/heads/<name>` plus its `--branch` rules (no leading `-`, not `HEAD`).
 * Rule 9 ("cannot be the single character @") is about a whole reference name; `refs/heads/@` passes, and
 * `git branch @` creates that branch, so `@` is accepted here too. An empty array means git accepts the name. CodeCommit only stores names git accepts, so a name with problems
 * comes from a hand-written event or a typo on the command line.
 *
 * @example
 * branchNameProblems("feature/login");  // []
 * branchNameProblems("feature/a..b");   // ["contains `..` (Fix: use a single dot)"]
 */
export function branchNameProblems(name: string): readonly string[] {
  if (name.length === 0) return Object.freeze(["is empty (Fix: give a branch name)"]);
  return Object.freeze(
    RULES.filter((rule) => rule.breaks(name)).map((rule) => `${rule.problem} (Fix: ${rule.fix})`),
  );
}

/**
 * Whether git accepts `name` as a short branch name (`branchNameProblems(name)` is empty).
 *
 * @example
 * isGitBranchName("release/1.2.0"); // true
 * isGitBranchName("feature/x.lock"); // false
 */
export function isGitBranchName(name: string): boolean {
  return branchNameProblems(name).length === 0;
}
