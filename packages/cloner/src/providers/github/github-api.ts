/**
 * A small client of GitHub's REST API over `fetch`, for the few operations Tributary calls (pull requests, issue
 * comments, commit statuses, branches, installation tokens): Octokit would carry every route and plugin into each
 * bundle for them. It authenticates every request, sends GitHub's media type and API version, makes conditional
 * requests (`If-None-Match`) where the caller has an ETag, follows `link` pages, and handles GitHub's answers as
 * GitHub documents them ("Best practices for using the REST API", "Rate limits for the REST API", GitHub Docs):
 * a rate-limit answer is waited out when the wait fits the caller's time (core's `rateLimitWait`) and otherwise thrown
 * as `GitHubRateLimitError`; a 5xx or a network failure is retried twice with backoff; any other 4xx is thrown as
 * `GitHubApiError`, permanent.
 */
import { type RateLimitWait, rateLimitWait } from "@tributary/core";
import type { ClassifiedError, FailureClass } from "../../aws/classify-failure";

/**
 * Where the API is: api.github.com unless the GitHub Enterprise host or a test double says otherwise
 * (`TRIBUTARY_GITHUB_API_URL`).
 *
 * @example
 * new GitHubApi({ baseUrl: GITHUB_API_URL, token: () => credentials.token() });
 */
export const GITHUB_API_URL = "https://api.github.com";

/**
 * The REST API version every request asks for (`X-GitHub-Api-Version`), the one GitHub's description 23.0.2 serves.
 *
 * @example
 * headers["x-github-api-version"] = GITHUB_API_VERSION; // "2022-11-28"
 */
export const GITHUB_API_VERSION = "2022-11-28";

/**
 * Milliseconds one request may take before it is abandoned (and retried).
 *
 * @example
 * fetch(url, { signal: AbortSignal.timeout(GITHUB_REQUEST_TIMEOUT_MS) });
 */
export const GITHUB_REQUEST_TIMEOUT_MS = 10_000;

/** Attempts of a request answered 5xx or failed on the network, the first included. */
const ATTEMPTS = 3;

/**
 * A GitHub answer that retrying cannot fix (404, 422, a 403 refusing a permission, 401): permanent.
 *
 * @example
 * if (error instanceof GitHubApiError && error.status === 404) return "gone";
 */
export class GitHubApiError extends Error implements ClassifiedError {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    message: string,
    /** `x-accepted-github-permissions`, when GitHub names the permissions that would do. */
    readonly acceptedPermissions?: string,
  ) {
    super(
      `GitHub answered ${status} to ${method} ${path}: ${message}${acceptedPermissions ? ` (needs ${acceptedPermissions})` : ""}`,
    );
    this.name = "GitHubApiError";
  }

  /** 5xx transient; every other status permanent, its reason `github-<status>`. */
  get failureClass(): FailureClass {
    return this.status >= 500
      ? { kind: "transient", reason: "github-server-error" }
      : { kind: "permanent", reason: `github-${this.status}` };
  }
}

/**
 * A rate limit whose wait does not fit the caller's time: transient (the event is retried later; a reconcile is
 * deferred to the next one).
 *
 * @example
 * if (error instanceof GitHubRateLimitError) logger.warn("GitHub rate limit", { waitMs: error.wait.waitMs });
 */
export class GitHubRateLimitError extends Error implements ClassifiedError {
  constructor(
    readonly wait: RateLimitWait,
    readonly method: string,
    readonly path: string,
  ) {
    super(
      `GitHub rate limit on ${method} ${path}: ${wait.reason}; retry in ${Math.ceil(wait.waitMs / 1000)} s`,
    );
    this.name = "GitHubRateLimitError";
  }

  get failureClass(): FailureClass {
    return { kind: "transient", reason: "github-rate-limited" };
  }
}

/**
 * One answer: its status, the headers read (`etag`, `link`), and the parsed JSON body (`undefined` for a 304).
 *
 * @example
 * const answer: GitHubAnswer<{ id: number }> = await api.request("POST", path, { body });
 */
export interface GitHubAnswer<Body> {
  readonly status: number;
  readonly etag: string | undefined;
  readonly link: string | undefined;
  readonly body: Body;
}

/**
 * What one request may add: a JSON body, an ETag to revalidate, and the longest rate-limit wait it accepts.
 *
 * @example
 * await api.request("GET", `/repos/${owner}/${repo}/branches?per_page=100`, { etag: cached.etag, maxWaitMs: 30_000 });
 */
export interface RequestOptions {
  readonly body?: unknown;
  /** Sent as `If-None-Match`; a 304 then costs no rate limit. */
  readonly etag?: string;
  /** The longest rate-limit wait to sit out before answering with `GitHubRateLimitError`. @default 0 */
  readonly maxWaitMs?: number;
  /** A bearer credential other than the client's own (the app JWT that creates installation tokens). */
  readonly authorization?: string;
}

/**
 * What a `GitHubApi` needs: the API's URL, the credential of each request, and (for tests) the clock and the sleep.
 *
 * @example
 * const options: GitHubApiOptions = { baseUrl: GITHUB_API_URL, token: () => credentials.token() };
 */
export interface GitHubApiOptions {
  readonly baseUrl?: string;
  /** The token of each request (an installation token or a fine-grained token), fetched as late as possible. */
  readonly token: () => Promise<string>;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * What a `GitHubApi` sent: requests that reached GitHub, those answered 304, and rate-limit waits.
 *
 * @example
 * api.counts; // { requests: 12, notModified: 12, rateLimited: 0 }
 */
export interface GitHubRequestCounts {
  requests: number;
  notModified: number;
  rateLimited: number;
}

/** The `rel="next"` URL of a `link` header, as GitHub's pagination guide says to follow it. */
export function nextPageUrl(link: string | undefined): string | undefined {
  for (const part of (link ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/**
 * GitHub's REST API, for one credential.
 *
 * @example
 * const api = new GitHubApi({ token: async () => "github_pat_…" });
 * const { body } = await api.request<{ state: string }>("GET", "/repos/acme/infra/pulls/42");
 */
export class GitHubApi {
  readonly baseUrl: string;
  readonly counts: GitHubRequestCounts = { requests: 0, notModified: 0, rateLimited: 0 };
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GitHubApiOptions) {
    this.baseUrl = (options.baseUrl ?? GITHUB_API_URL).replace(/\/+$/, "");
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Sends one request (`path` from the API's root, or a full URL from a `link` header) and returns its answer; a
   * 304 is an answer (`body` undefined). Throws `GitHubApiError`, `GitHubRateLimitError` or the network's error.
   */
  async request<Body>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<GitHubAnswer<Body>> {
    const url = path.startsWith("http") ? path : `${this.baseUrl}${path}`;
    const display = path.startsWith("http") ? new URL(path).pathname : (path.split("?")[0] ?? path);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(url, {
          method,
          headers: {
            accept: "application/vnd.github+json",
            authorization: options.authorization ?? `Bearer ${await this.options.token()}`,
            "user-agent": "tributary",
            "x-github-api-version": GITHUB_API_VERSION,
            ...(options.etag ? { "if-none-match": options.etag } : {}),
            ...(options.body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
          signal: AbortSignal.timeout(GITHUB_REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        if (attempt >= ATTEMPTS) throw error;
        await this.sleep(backoff(attempt));
        continue;
      }
      this.counts.requests += 1;
      const text = await response.text();
      const headers = (name: string) => response.headers.get(name) ?? undefined;
      if (response.status === 304) {
        this.counts.notModified += 1;
        return {
          status: 304,
          etag: headers("etag") ?? options.etag,
          link: headers("link"),
          body: undefined as Body,
        };
      }
      const body = parseJson(text);
      if (response.ok)
        return { status: response.status, etag: headers("etag"), link: headers("link"), body: body as Body };
      const message =
        typeof body === "object" && body !== null && "message" in body ? String(body.message) : text;
      const wait = rateLimitWait(
        {
          status: response.status,
          headers: {
            "retry-after": headers("retry-after"),
            "x-ratelimit-remaining": headers("x-ratelimit-remaining"),
            "x-ratelimit-reset": headers("x-ratelimit-reset"),
          },
          message,
        },
        this.now(),
      );
      if (wait !== undefined) {
        this.counts.rateLimited += 1;
        if (waited + wait.waitMs > (options.maxWaitMs ?? 0))
          throw new GitHubRateLimitError(wait, method, display);
        waited += wait.waitMs;
        await this.sleep(wait.waitMs);
        continue;
      }
      if (response.status >= 500 && attempt < ATTEMPTS) {
        await this.sleep(backoff(attempt));
        continue;
      }
      throw new GitHubApiError(
        response.status,
        method,
        display,
        message,
        headers("x-accepted-github-permissions"),
      );
    }
  }
}

function backoff(attempt: number): number {
  return 200 * 2 ** (attempt - 1);
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
