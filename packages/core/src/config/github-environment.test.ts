import { describe, expect, it } from "vitest";
import { GITHUB_ENVIRONMENT, gitHubListingCacheKey } from "./github-environment.js";

describe("the GitHub functions' environment", () => {
  it("given a project, then its listing pages are one object under tributary/github-listings/", () => {
    expect(gitHubListingCacheKey({ project: "acme" })).toBe("tributary/github-listings/acme.json");
  });

  it("names every variable under TRIBUTARY_, each once", () => {
    const names = Object.values(GITHUB_ENVIRONMENT);
    expect(names.every((name) => name.startsWith("TRIBUTARY_"))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });
});
