/**
 * What a reconcile reads of a GitHub repository: every branch (`GET /repos/{owner}/{repo}/branches`, Contents: read)
 * and every open pull request with its branches and head repository (`GET /repos/{owner}/{repo}/pulls?state=open`,
 * Pull requests: read), 100 a page, each page revalidated with its ETag: in a steady state every page is a 304, which
 * costs no rate limit.
 */
import { DELETED_FORK, type OpenPullRequest, sameGitHubRepository } from "@tributary/core";
import type { GitHubApi } from "./github-api";
import { type CachedPage, listPages, type PageCache, PER_PAGE } from "./list-pages";

/**
 * The pages a listing keeps between reconciles: branch names, and open pull requests as core's `OpenPullRequest`.
 *
 * @example
 * const pages: ListingPages = { branches: new Map(), pullRequests: new Map() };
 */
export interface ListingPages {
  readonly branches: PageCache<string>;
  readonly pullRequests: PageCache<OpenPullRequest>;
}

/**
 * The listing, and what it cost.
 *
 * @example
 * const { branches, openPullRequests, requests, notModified } = await listGitHubRepository(api, target, pages);
 */
export interface GitHubRepositoryListing {
  readonly branches: string[];
  readonly openPullRequests: OpenPullRequest[];
  /** Requests sent (each page once, 304s included). */
  readonly requests: number;
  /** Pages answered 304 from the kept pages (no rate limit). */
  readonly notModified: number;
  /** Whether a page changed, so the kept pages need saving. */
  readonly changed: boolean;
}

interface PullPayload {
  readonly number: number;
  readonly head: { readonly ref: string; readonly repo: { readonly full_name: string } | null };
  readonly base: { readonly ref: string };
}

/**
 * Lists the repository's branches and open pull requests (the two listings one after the other, as GitHub asks of
 * a client: "make requests serially"). A pull request's head in another repository is named in `headRepository`
 * (`DELETED_FORK` when GitHub no longer has it), so core's fork rule applies in the reconcile too.
 *
 * @example
 * await listGitHubRepository(api, { owner: "acme", repository: "infra" }, pages, { maxWaitMs: 30_000 });
 * // { branches: ["develop", "main"], openPullRequests: [{ id: "7", sourceBranch: "feature/x", destinationBranch: "develop" }], requests: 2, notModified: 2, changed: false }
 */
export async function listGitHubRepository(
  api: GitHubApi,
  target: { readonly owner: string; readonly repository: string },
  pages: ListingPages,
  options: { readonly maxWaitMs?: number } = {},
): Promise<GitHubRepositoryListing> {
  const root = `/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repository)}`;
  const fullName = `${target.owner}/${target.repository}`;
  const branches = await listPages<{ name: string }, string>(
    api,
    `${root}/branches?per_page=${PER_PAGE}`,
    (branch) => branch.name,
    { cache: pages.branches, ...options },
  );
  const pulls = await listPages<PullPayload, OpenPullRequest>(
    api,
    `${root}/pulls?state=open&per_page=${PER_PAGE}`,
    (pull) => {
      const head = pull.head.repo?.full_name;
      const headRepository =
        head === undefined ? DELETED_FORK : sameGitHubRepository(head, fullName) ? undefined : head;
      return {
        id: String(pull.number),
        sourceBranch: pull.head.ref,
        destinationBranch: pull.base.ref,
        ...(headRepository === undefined ? {} : { headRepository }),
      };
    },
    { cache: pages.pullRequests, ...options },
  );
  return {
    branches: branches.items,
    openPullRequests: pulls.items,
    requests: branches.requests + pulls.requests,
    notModified: branches.notModified + pulls.notModified,
    changed: branches.changed || pulls.changed,
  };
}

/**
 * The kept pages as JSON (what the listing cache stores), and back; anything unreadable reads as no pages.
 *
 * @example
 * const stored = JSON.stringify(listingPagesToJson(pages));
 * const again = listingPagesFromJson(JSON.parse(stored));
 */
export function listingPagesToJson(pages: ListingPages): unknown {
  return {
    version: 1,
    branches: Object.fromEntries(pages.branches),
    pullRequests: Object.fromEntries(pages.pullRequests),
  };
}

/** The inverse of `listingPagesToJson`; pages of another shape are dropped (they are only a cache). */
export function listingPagesFromJson(json: unknown): ListingPages {
  const pages: ListingPages = { branches: new Map(), pullRequests: new Map() };
  if (typeof json !== "object" || json === null || (json as { version?: unknown }).version !== 1)
    return pages;
  const read = <Item>(value: unknown, into: PageCache<Item>, valid: (item: unknown) => boolean): void => {
    if (typeof value !== "object" || value === null) return;
    for (const [key, page] of Object.entries(value as Record<string, Partial<CachedPage<Item>>>)) {
      if (
        typeof page?.etag === "string" &&
        Array.isArray(page.items) &&
        page.items.every(valid) &&
        (page.next === undefined || typeof page.next === "string")
      ) {
        into.set(key, { etag: page.etag, items: page.items, next: page.next });
      }
    }
  };
  const record = json as { branches?: unknown; pullRequests?: unknown };
  read(record.branches, pages.branches, (item) => typeof item === "string");
  read(record.pullRequests, pages.pullRequests, (item) => {
    const pull = item as Partial<OpenPullRequest> | null;
    return (
      typeof pull?.id === "string" &&
      typeof pull.sourceBranch === "string" &&
      typeof pull.destinationBranch === "string"
    );
  });
  return pages;
}
