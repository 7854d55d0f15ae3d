/**
 * Every page of a GitHub list, 100 items a page, following `link: rel="next"` as GitHub's pagination guide says,
 * with conditional requests: a page whose ETag is cached is asked with `If-None-Match`, and a 304 (which costs no
 * rate limit) is answered from the cache. The cache keeps only what the caller picks of each item, with the page's
 * ETag and its next URL.
 *
 * One page URL is built, not followed: after a full last page (100 items, no `next`), the page after it (the
 * documented `page` parameter plus one). An ETag covers a page's items, not its `link`, so when an item is added
 * after a full last page that page is still a 304 and would hide the new one; the page after it, asked with its
 * own ETag, is an empty 304 until then.
 */
import { type GitHubApi, nextPageUrl } from "./github-api";

/**
 * Items per page: the most GitHub serves (`per_page`, "max 100").
 *
 * @example
 * `/repos/${owner}/${repo}/branches?per_page=${PER_PAGE}`;
 */
export const PER_PAGE = 100;

/**
 * A page as the cache keeps it.
 *
 * @example
 * const page: CachedPage<string> = { etag: 'W/"3f…"', items: ["develop", "main"], next: undefined };
 */
export interface CachedPage<Item> {
  readonly etag: string;
  readonly items: readonly Item[];
  /** The next page's URL, from the page's `link` header when it was answered 200. */
  readonly next: string | undefined;
}

/**
 * Pages by URL. A `Map` serves within one Lambda instance; the reconcile's listings persist it (`listing-cache.ts`).
 *
 * @example
 * const cache: PageCache<string> = new Map();
 */
export type PageCache<Item> = Map<string, CachedPage<Item>>;

/**
 * What a listing cost: requests sent, and how many were answered 304 from the cache.
 *
 * @example
 * const { items, requests, notModified } = await listPages(api, path, pick, { cache });
 */
export interface Listing<Item> {
  readonly items: Item[];
  readonly requests: number;
  readonly notModified: number;
  /** Whether any page changed (the cache needs saving). */
  readonly changed: boolean;
}

/** `url` with its `page` parameter one higher (GitHub's pages start at 1). */
function pageAfter(url: string): string {
  const parsed = new URL(url, "http://relative.invalid");
  parsed.searchParams.set("page", String(Number(parsed.searchParams.get("page") ?? "1") + 1));
  return url.startsWith("http") ? parsed.toString() : `${parsed.pathname}${parsed.search}`;
}

/**
 * Reads every page from `firstPath`, picking from each raw item what the caller keeps.
 *
 * @example
 * const branches = await listPages(api, `/repos/acme/infra/branches?per_page=100`, (branch: { name: string }) => branch.name, { cache });
 */
export async function listPages<Raw, Item>(
  api: GitHubApi,
  firstPath: string,
  pick: (raw: Raw) => Item,
  options: { readonly cache?: PageCache<Item>; readonly maxWaitMs?: number } = {},
): Promise<Listing<Item>> {
  const items: Item[] = [];
  let requests = 0;
  let notModified = 0;
  let changed = false;
  const seen = new Set<string>();
  let url: string | undefined = firstPath;
  while (url !== undefined && !seen.has(url)) {
    seen.add(url);
    const key: string = url.startsWith("http") ? new URL(url).pathname + new URL(url).search : url;
    const cached: CachedPage<Item> | undefined = options.cache?.get(key);
    const answer = await api.request<Raw[]>("GET", url, {
      ...(cached ? { etag: cached.etag } : {}),
      ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
    });
    requests += 1;
    if (answer.status === 304 && cached) {
      notModified += 1;
      items.push(...cached.items);
      url = cached.next;
      continue;
    }
    const picked = (Array.isArray(answer.body) ? answer.body : []).map(pick);
    items.push(...picked);
    const next = nextPageUrl(answer.link) ?? (picked.length >= PER_PAGE ? pageAfter(url) : undefined);
    if (options.cache && answer.etag) {
      options.cache.set(key, { etag: answer.etag, items: picked, next });
      changed = true;
    }
    url = next;
  }
  return { items, requests, notModified, changed };
}
