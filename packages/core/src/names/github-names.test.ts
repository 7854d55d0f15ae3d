import { describe, expect, it } from "vitest";
import {
  isGitHubOwner,
  isGitHubRepositoryName,
  parseGitHubFullName,
  sameGitHubRepository,
} from "./github-names.js";

describe("GitHub names", () => {
  it.each(["octocat", "acme-corp", "a", "0", "a".repeat(39), "mona_acme", "legacy-"])(
    "Compliance: given the owner %s, then it is an owner",
    (owner) => {
      expect(isGitHubOwner(owner)).toBe(true);
    },
  );

  it.each(["", "-acme", "_acme", "a".repeat(40), "acme.corp", "acme corp", "acme/infra", "äcme"])(
    "Noncompliance: given the owner %j, then it is no owner",
    (owner) => {
      expect(isGitHubOwner(owner)).toBe(false);
    },
  );

  it.each(["infra", ".github", "infra.deploy_v2-x", "r".repeat(100), "-x", "x."])(
    "Compliance: given the repository %s, then it is a repository name",
    (name) => {
      expect(isGitHubRepositoryName(name)).toBe(true);
    },
  );

  it.each(["", ".", "..", "r".repeat(101), "my infra", "acme/infra", "infrä"])(
    "Noncompliance: given the repository %j, then it is no repository name",
    (name) => {
      expect(isGitHubRepositoryName(name)).toBe(false);
    },
  );

  it("given owner/name, when parsed, then both parts come back; anything else is undefined", () => {
    expect(parseGitHubFullName("acme/infra")).toEqual({ owner: "acme", repository: "infra" });
    expect(parseGitHubFullName("acme")).toBeUndefined();
    expect(parseGitHubFullName("acme/infra/x")).toBeUndefined();
    expect(parseGitHubFullName("-acme/infra")).toBeUndefined();
    expect(parseGitHubFullName("acme/..")).toBeUndefined();
  });

  it("given two spellings of one repository, then they are the same (GitHub ignores case)", () => {
    expect(sameGitHubRepository("Acme/Infra", "acme/infra")).toBe(true);
    expect(sameGitHubRepository("acme/infra", "acme/infra2")).toBe(false);
  });
});
