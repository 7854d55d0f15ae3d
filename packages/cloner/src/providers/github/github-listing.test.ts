import { describe, expect, it } from "vitest";
import { useGitHub } from "../../../test/__fixtures__/github";
import {
  type ListingPages,
  listGitHubRepository,
  listingPagesFromJson,
  listingPagesToJson,
} from "./github-listing";

const session = useGitHub();
const target = { owner: "acme", repository: "infra" };
const empty = (): ListingPages => ({ branches: new Map(), pullRequests: new Map() });

describe("listing a GitHub repository for a reconcile", () => {
  it("given 1,000 branches and 200 open pull requests, then 14 requests list them (12 pages and the empty page after each full last one); with their ETags, 14 304s that cost no rate limit", async () => {
    const repository = session.github.repository("acme/infra");
    for (let index = repository.branches.size; index < 1000; index++)
      repository.pushBranch(`feature/b-${index}`);
    for (let index = 0; index < 200; index++)
      repository.openPullRequest({ head: `feature/b-${index + 10}`, base: "develop" });
    const pages = empty();

    const cold = await listGitHubRepository(session.api, target, pages);
    expect(cold.branches).toHaveLength(1000);
    expect(cold.openPullRequests).toHaveLength(200);
    expect(cold).toMatchObject({ requests: 14, notModified: 0, changed: true });

    const used = session.github.rateLimit.used;
    const steady = await listGitHubRepository(session.api, target, pages);
    expect(steady).toMatchObject({ requests: 14, notModified: 14, changed: false });
    expect(steady.branches).toEqual(cold.branches);
    expect(steady.openPullRequests).toEqual(cold.openPullRequests);
    expect(session.github.rateLimit.used).toBe(used);
    expect(session.github.errors).toEqual([]);
  });

  it("given a new branch since the last listing, then only its page and those after it are read again", async () => {
    const pages = empty();
    await listGitHubRepository(session.api, target, pages);
    session.github.repository("acme/infra").pushBranch("zzz/last");
    const listing = await listGitHubRepository(session.api, target, pages);
    expect(listing.branches).toContain("zzz/last");
    expect(listing.changed).toBe(true);
    expect(listing.notModified).toBeGreaterThan(0);
  });

  it("given a fork's pull request, then its head repository is named; the repository's own have none", async () => {
    const repository = session.github.repository("acme/infra");
    const { pullRequest } = repository.openPullRequest({
      head: "main",
      base: "develop",
      fork: "mallory/infra",
    });
    const listing = await listGitHubRepository(session.api, target, empty());
    const fork = listing.openPullRequests.find((pull) => pull.id === String(pullRequest.number));
    expect(fork).toEqual({
      id: String(pullRequest.number),
      sourceBranch: "main",
      destinationBranch: "develop",
      headRepository: "mallory/infra",
    });
    expect(
      listing.openPullRequests.filter((pull) => pull.headRepository === undefined).length,
    ).toBeGreaterThan(0);
  });

  it("given the kept pages written as JSON and read back, then they are the same; anything else reads as no pages", async () => {
    const pages = empty();
    await listGitHubRepository(session.api, target, pages);
    const again = listingPagesFromJson(JSON.parse(JSON.stringify(listingPagesToJson(pages))));
    expect(again.branches).toEqual(pages.branches);
    expect(again.pullRequests).toEqual(pages.pullRequests);
    for (const junk of [null, 42, { version: 2 }, { version: 1, branches: { x: { etag: 1 } } }]) {
      expect(listingPagesFromJson(junk).branches.size).toBe(0);
    }
  });
});
