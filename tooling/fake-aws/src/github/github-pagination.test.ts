import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PER_PAGE_MAX, paginate } from "./github-pagination";

const BASE = "http://127.0.0.1:1/repos/acme/infra/branches";

/** Follows `rel="next"` links from the first page, as Octokit's paginate does. */
function walk(items: readonly number[], perPage: number): number[][] {
  const pages: number[][] = [];
  let url: string | undefined = `${BASE}?per_page=${perPage}`;
  while (url) {
    const page: { items: number[]; link: string | undefined } = paginate(items, url);
    pages.push(page.items);
    url = /<([^>]+)>; rel="next"/.exec(page.link ?? "")?.[1];
  }
  return pages;
}

describe("paginate", () => {
  it("given any list and page size, when every next link is followed, then the pages hold each item once, in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 450 }),
        fc.integer({ min: 1, max: 150 }),
        (items, perPage) => {
          const pages = walk(items, perPage);

          expect(pages.flat()).toEqual(items);
          expect(pages.every((page) => page.length <= Math.min(perPage, PER_PAGE_MAX))).toBe(true);
        },
      ),
    );
  });

  it("given page 2 of 3, when answered, then the link header names prev, next, last and first", () => {
    const { link } = paginate(
      Array.from({ length: 250 }, (_, index) => index),
      `${BASE}?per_page=100&page=2`,
    );

    expect(link).toBe(
      `<${BASE}?per_page=100&page=1>; rel="prev", <${BASE}?per_page=100&page=3>; rel="next", ` +
        `<${BASE}?per_page=100&page=3>; rel="last", <${BASE}?per_page=100&page=1>; rel="first"`,
    );
  });
});
