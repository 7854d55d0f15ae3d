/**
 * Page-numbered pagination as GitHub's list endpoints answer it: `per_page` (default 30; the description's
 * parameter text says "max 100", and a larger value is answered with 100 items) and `page` (default 1), with a
 * `link` header naming the `prev`, `next`, `last` and `first` pages ("Using pagination in the REST API", GitHub
 * Docs). The header is left out when every item fits on one page.
 */

/** The largest page GitHub answers ("The number of results per page (max 100)", the `per_page` parameter). */
export const PER_PAGE_MAX = 100;

/** GitHub's page size when `per_page` is not given (the `per_page` parameter's default in the description). */
export const PER_PAGE_DEFAULT = 30;

/** One page of a list and its `link` header. */
export interface Page<T> {
  readonly items: T[];
  /** The `link` header value, or undefined when the whole list fits on one page. */
  readonly link: string | undefined;
}

/**
 * Slices `items` as GitHub pages them for a request URL (whose other query parameters the links keep).
 *
 * @example
 * paginate(["a", "b", "c"], "https://api.github.com/repos/acme/infra/branches?per_page=2").link;
 * // '<…?per_page=2&page=2>; rel="next", <…?per_page=2&page=2>; rel="last"'
 */
export function paginate<T>(items: readonly T[], requestUrl: string): Page<T> {
  const url = new URL(requestUrl);
  const perPage = Math.min(
    Math.max(Number(url.searchParams.get("per_page") ?? PER_PAGE_DEFAULT), 1),
    PER_PAGE_MAX,
  );
  const page = Math.max(Number(url.searchParams.get("page") ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (last === 1) return { items: slice, link: undefined };
  const to = (target: number): string => {
    const linked = new URL(url);
    linked.searchParams.set("page", String(target));
    return `<${linked.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${to(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) links.push(`${to(page + 1)}; rel="next"`, `${to(last)}; rel="last"`);
  if (page > 1) links.push(`${to(1)}; rel="first"`);
  return { items: slice, link: links.join(", ") };
}
