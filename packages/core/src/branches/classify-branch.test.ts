import { describe, expect, it } from "vitest";
import { config } from "../__fixtures__/arbitraries.js";
import { defineConfig } from "../config/define-config.js";
import type { BranchKind } from "../shared/types.js";
import { classifyBranch, shortBranchName } from "./classify-branch.js";

describe("classifyBranch", () => {
  describe("Compliance: git-flow names get their kind", () => {
    it.each<[string, BranchKind, string, string]>([
      ["main", "main", "main", "main"],
      ["refs/heads/main", "main", "main", "main"],
      ["develop", "develop", "develop", "develop"],
      ["refs/heads/develop", "develop", "develop", "develop"],
      ["release/1.2.0", "release", "release/1.2.0", "1.2.0"],
      ["refs/heads/release/1.2.0", "release", "release/1.2.0", "1.2.0"],
      ["hotfix/1.2.1", "hotfix", "hotfix/1.2.1", "1.2.1"],
      ["feature/JIRA-123_login", "feature", "feature/JIRA-123_login", "JIRA-123_login"],
      ["feature/team/sub/topic", "feature", "feature/team/sub/topic", "team/sub/topic"],
      ["bugfix/crash-on-empty-cart", "bugfix", "bugfix/crash-on-empty-cart", "crash-on-empty-cart"],
      ["support/1.x", "support", "support/1.x", "1.x"],
      ["feature/ログイン", "feature", "feature/ログイン", "ログイン"],
      ["feature/🚀-launch", "feature", "feature/🚀-launch", "🚀-launch"],
      ["feature/#42@home", "feature", "feature/#42@home", "#42@home"],
    ])("given %j, then kind %s, name %j, suffix %j", (ref, kind, name, suffix) => {
      expect(classifyBranch(ref, config)).toEqual({ kind, name, suffix });
    });
  });

  describe("Noncompliance: everything else is other", () => {
    it.each([
      "release",
      "feature/",
      "refs/heads/feature/",
      "refs/tags/v1",
      "Feature/login",
      "features/login",
      "master",
      "mainline",
      "develop/x",
      "",
      "refs/heads/",
    ])("given %j, then kind is other and the suffix is the whole name", (ref) => {
      const result = classifyBranch(ref, config);
      expect(result.kind).toBe("other");
      expect(result.suffix).toBe(result.name);
    });
  });

  it("given a config with master and custom prefixes, when classifying, then those names are used", () => {
    const custom = defineConfig({
      project: "acme",
      repository: "infra",
      branches: { main: "master", prefixes: { feature: "feat/" } },
    });
    expect(classifyBranch("master", custom).kind).toBe("main");
    expect(classifyBranch("main", custom).kind).toBe("other");
    expect(classifyBranch("feat/x", custom)).toEqual({ kind: "feature", name: "feat/x", suffix: "x" });
    expect(classifyBranch("feature/x", custom).kind).toBe("other");
  });

  it("given any classification, then it is frozen", () => {
    expect(Object.isFrozen(classifyBranch("feature/x", config))).toBe(true);
    expect(Object.isFrozen(classifyBranch("x", config))).toBe(true);
    expect(Object.isFrozen(classifyBranch("main", config))).toBe(true);
  });
});

describe("shortBranchName", () => {
  it.each([
    ["refs/heads/feature/x", "feature/x"],
    ["feature/x", "feature/x"],
    ["refs/tags/v1", "refs/tags/v1"],
    ["refs/heads/refs/heads/x", "refs/heads/x"],
  ])("given %j, then %j", (ref, expected) => {
    expect(shortBranchName(ref)).toBe(expected);
  });
});
