import { describe, expect, it } from "vitest";
import { expectConfigErrorAt, minimal } from "./__fixtures__/config-errors.js";
import { isValidBranchName } from "./branch-settings.js";

describe("Noncompliance: each bad branch setting is named with its value and a fix", () => {
  it.each<[string, unknown, string, unknown]>([
    ["branches not an object", { ...minimal, branches: "main" }, "branches", "main"],
    ["an unknown branches key", { ...minimal, branches: { trunk: "x" } }, "branches.trunk", "x"],
    ["main equal to develop", { ...minimal, branches: { main: "develop" } }, "branches.develop", "develop"],
    [
      "main as a full ref",
      { ...minimal, branches: { main: "refs/heads/main" } },
      "branches.main",
      "refs/heads/main",
    ],
    ["main with a space", { ...minimal, branches: { main: "my main" } }, "branches.main", "my main"],
    ["develop not a string", { ...minimal, branches: { develop: 1 } }, "branches.develop", 1],
    [
      "main under a prefix",
      { ...minimal, branches: { main: "release/main" } },
      "branches.main",
      "release/main",
    ],
    [
      "a prefix without a slash",
      { ...minimal, branches: { prefixes: { feature: "feature" } } },
      "branches.prefixes.feature",
      "feature",
    ],
    [
      "an empty prefix",
      { ...minimal, branches: { prefixes: { bugfix: "" } } },
      "branches.prefixes.bugfix",
      "",
    ],
    [
      "a bare slash prefix",
      { ...minimal, branches: { prefixes: { bugfix: "/" } } },
      "branches.prefixes.bugfix",
      "/",
    ],
    [
      "two equal prefixes",
      { ...minimal, branches: { prefixes: { bugfix: "feature/" } } },
      "branches.prefixes.bugfix",
      "feature/",
    ],
    [
      "a prefix inside another",
      { ...minimal, branches: { prefixes: { bugfix: "feature/fix/" } } },
      "branches.prefixes.bugfix",
      "feature/fix/",
    ],
    [
      "an unknown prefix kind",
      { ...minimal, branches: { prefixes: { chore: "chore/" } } },
      "branches.prefixes.chore",
      "chore/",
    ],
  ])(
    "given %s, when defined, then ConfigError names the path, value and a fix",
    (_name, input, path, value) => {
      expectConfigErrorAt(input, path, value);
    },
  );
});

describe("isValidBranchName", () => {
  it.each(["main", "develop", "feature/x", "release/1.2.0", "feature/ログイン", "a@b", "feature/#1"])(
    "Compliance: given %j, then git accepts it",
    (name) => {
      expect(isValidBranchName(name)).toBe(true);
    },
  );
  it.each([
    "",
    "HEAD",
    "a b",
    "a..b",
    "a~b",
    "a^b",
    "a:b",
    "a?b",
    "a*b",
    "a[b",
    "a\\b",
    "-a",
    "/a",
    "a/",
    "a.",
    "a.lock",
    "a/.b",
    "a//b",
    "a@{b",
    "a\u0007b",
    "x.lock/y",
  ])("Noncompliance: given %j, then git refuses it", (name) => {
    expect(isValidBranchName(name)).toBe(false);
  });
});
