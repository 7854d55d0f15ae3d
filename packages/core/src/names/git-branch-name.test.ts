import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { branchNameProblems, isGitBranchName } from "./git-branch-name.js";

/**
 * The real git's verdict: `git check-ref-format --branch <name>` (the branch rules) and
 * `git check-ref-format refs/heads/<name>` (the reference rules, `@` included) both accept it.
 */
function gitAccepts(name: string): boolean {
  const check = (args: string[]): boolean => {
    const result = spawnSync("git", ["check-ref-format", ...args], { encoding: "utf8" });
    if (result.error !== undefined) {
      throw new Error(
        `git is not installed (this test runs the real git). Fix: install git (apt-get install git)`,
      );
    }
    return result.status === 0;
  };
  return check(["--branch", name]) && check([`refs/heads/${name}`]);
}

describe("branchNameProblems", () => {
  describe("Compliance: names git accepts", () => {
    it.each([
      "main",
      "feature/login",
      "release/1.2.0",
      "feature/JIRA-123_login",
      "feature/Ünïcödé-日本語",
      'feature/say-"hi"',
      "feature/a.b",
      "a-",
      "x@y",
      // git-check-ref-format rule 9 forbids the reference "@", not refs/heads/@: `git branch @` creates it.
      "@",
    ])("given %j, then git and core accept it", (name) => {
      expect(branchNameProblems(name)).toEqual([]);
      expect(gitAccepts(name)).toBe(true);
    });
  });

  describe("Noncompliance: names git refuses, each with its reason and fix", () => {
    it.each<[string, string]>([
      ["feature/a..b", "contains `..` (Fix: use a single dot)"],
      [
        "feature/.hidden",
        "has a slash-separated part that starts with `.` (Fix: remove the leading dot of that part)",
      ],
      [
        "feature/x.lock",
        "has a slash-separated part that ends with `.lock` (Fix: rename the part so it does not end with `.lock`)",
      ],
      ["feature/a b", "contains a space or an ASCII control character (Fix: replace spaces with `-`)"],
      ["feature/a\tb", "contains a space or an ASCII control character (Fix: replace spaces with `-`)"],
      ["feature/a\u007fb", "contains a space or an ASCII control character (Fix: replace spaces with `-`)"],
      ["feature/a~1", "contains `~`, `^` or `:` (Fix: remove `~`, `^` and `:`)"],
      ["feature/a:b", "contains `~`, `^` or `:` (Fix: remove `~`, `^` and `:`)"],
      ["feature/a?", "contains `?`, `*` or `[` (Fix: remove `?`, `*` and `[`)"],
      ["feature/[x", "contains `?`, `*` or `[` (Fix: remove `?`, `*` and `[`)"],
      ["feature//x", "starts or ends with `/` or contains `//` (Fix: remove the extra slashes)"],
      ["feature/x/", "starts or ends with `/` or contains `//` (Fix: remove the extra slashes)"],
      ["feature/x.", "ends with `.` (Fix: remove the trailing dot)"],
      ["feature/a@{1}", "contains `@{` (Fix: remove the `{` after `@`)"],
      ["feature\\x", "contains `\\` (Fix: use `/` instead of `\\`)"],
      ["-feature", "starts with `-` (Fix: remove the leading dash)"],
      ["HEAD", "is `HEAD` (Fix: choose another name; HEAD names the checked-out commit)"],
    ])("given %j, then git refuses it and core says %j", (name, problem) => {
      expect(branchNameProblems(name)).toContain(problem);
      expect(gitAccepts(name)).toBe(false);
    });

    it("given a name that breaks several rules, then every problem is listed", () => {
      expect(branchNameProblems("-a..b.lock")).toEqual([
        "has a slash-separated part that ends with `.lock` (Fix: rename the part so it does not end with `.lock`)",
        "contains `..` (Fix: use a single dot)",
        "starts with `-` (Fix: remove the leading dash)",
      ]);
    });

    it("given an empty name, then it is refused", () => {
      expect(branchNameProblems("")).toEqual(["is empty (Fix: give a branch name)"]);
      expect(isGitBranchName("")).toBe(false);
    });
  });

  it("given any name built from the characters git's rules name, then core agrees with the real git", () => {
    const unit = fc.constantFrom(..."ab/.-@{}~^:?*[\\ \tlockHEAD日Ü".split(""), ".lock", "..", "@{");
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 10 }), (name) => {
        expect(isGitBranchName(name)).toBe(gitAccepts(name));
      }),
      { numRuns: 150 },
    );
  });
});
