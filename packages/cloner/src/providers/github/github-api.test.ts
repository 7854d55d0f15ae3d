import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { FAKE_GITHUB_TOKEN } from "@tributary/fake-aws";
import { describe, expect, it } from "vitest";
import { TOKEN, useGitHub } from "../../../test/__fixtures__/github";
import { classifyFailure } from "../../aws/classify-failure";
import { GitHubApi, GitHubApiError, GitHubRateLimitError, nextPageUrl } from "./github-api";

const session = useGitHub();
const repository = "/repos/acme/infra";

describe("GitHubApi against the GitHub double", () => {
  it("given a token, when a branch list is read, then it is sent with GitHub's media type and version, valid for GitHub's description", async () => {
    const { status, body, etag } = await session.api.request<{ name: string }[]>(
      "GET",
      `${repository}/branches?per_page=100`,
    );
    expect(status).toBe(200);
    expect(body.map((branch) => branch.name)).toContain("develop");
    expect(etag).toMatch(/^W\/"/);
    expect(session.github.errors).toEqual([]);
  });

  it("given the page's ETag, when read again, then GitHub answers 304 and it costs no rate limit", async () => {
    const first = await session.api.request("GET", `${repository}/branches?per_page=100`);
    const used = session.github.rateLimit.used;
    const again = await session.api.request("GET", `${repository}/branches?per_page=100`, {
      etag: first.etag ?? "",
    });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(session.github.rateLimit.used).toBe(used);
  });

  it("given a pull request that does not exist, then GitHubApiError says 404, permanent", async () => {
    const error = await session.api
      .request("GET", `${repository}/pulls/999`)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(404);
    expect(classifyFailure(error)).toEqual({ kind: "permanent", reason: "github-404" });
  });

  it("given a token without a permission, then GitHubApiError names the permissions that would do", async () => {
    const api = new GitHubApi({ baseUrl: session.github.url, token: async () => TOKEN });
    const error = await api
      .request("POST", `${repository}/hooks`, { body: { config: { url: "https://example.com" } } })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 403, acceptedPermissions: "repository_hooks=write" });
  });

  it("given a bad token, then 401 is permanent", async () => {
    const api = new GitHubApi({ baseUrl: session.github.url, token: async () => "github_pat_nobody" });
    const error = await api.request("GET", `${repository}/pulls/1`).catch((thrown: unknown) => thrown);
    expect(classifyFailure(error)).toEqual({ kind: "permanent", reason: "github-401" });
  });

  it("given the primary limit used up and no time to wait, then GitHubRateLimitError says until when, transient", async () => {
    session.github.rateLimit.exhaust();
    const error = await session.api
      .request("GET", `${repository}/branches`)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GitHubRateLimitError);
    expect((error as GitHubRateLimitError).wait.reason).toMatch(/x-ratelimit-reset/);
    expect(classifyFailure(error)).toEqual({ kind: "transient", reason: "github-rate-limited" });
  });

  it("given a secondary limit with retry-after that fits the caller's time, then it is waited out and the request answered", async () => {
    session.github.rateLimit.secondary = { status: 429, retryAfterSeconds: 3 };
    const waits: number[] = [];
    const api = new GitHubApi({
      baseUrl: session.github.url,
      token: async () => TOKEN,
      sleep: async (ms) => {
        waits.push(ms);
        session.github.rateLimit.reset();
      },
    });
    const { status } = await api.request("GET", `${repository}/branches`, { maxWaitMs: 60_000 });
    expect(status).toBe(200);
    expect(waits).toEqual([3000]);
    expect(api.counts).toEqual({ requests: 2, notModified: 0, rateLimited: 1 });
  });

  it("given a server error, then the request is sent again and its answer returned", async () => {
    let answered = 0;
    const server = createServer((_request, response) => {
      answered += 1;
      response.writeHead(answered === 1 ? 502 : 200, { "content-type": "application/json" });
      response.end(answered === 1 ? '{"message":"Bad Gateway"}' : "[]");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const api = new GitHubApi({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token: async () => FAKE_GITHUB_TOKEN,
      sleep: async () => {},
    });
    try {
      expect((await api.request("GET", "/repos/acme/infra/branches")).status).toBe(200);
      expect(answered).toBe(2);
    } finally {
      server.close();
    }
  });

  it("given a link header, then the next page's URL is read from it", () => {
    const link =
      '<https://api.github.com/repositories/1/branches?page=2>; rel="next", <https://api.github.com/repositories/1/branches?page=10>; rel="last"';
    expect(nextPageUrl(link)).toBe("https://api.github.com/repositories/1/branches?page=2");
    expect(nextPageUrl('<https://x/?page=1>; rel="prev"')).toBeUndefined();
    expect(nextPageUrl(undefined)).toBeUndefined();
  });
});
