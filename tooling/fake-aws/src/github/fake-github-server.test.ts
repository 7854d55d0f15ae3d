/**
 * The GitHub double's server through a real client (Octokit) and raw HTTP: it refuses and records what GitHub's
 * description does not allow, and pages, answers conditional requests and rate-limits as GitHub documents.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { raw, refusal, repo, useGitHubDouble } from "./__fixtures__/github-double";

const session = useGitHubDouble();

describe("Noncompliance: a request outside GitHub's description is refused and recorded", () => {
  const cases: ReadonlyArray<readonly [string, string, string, string | undefined, number]> = [
    ["a route GitHub does not have", "GET", "/repos/acme/infra/branchez", undefined, 404],
    [
      "a query parameter the operation does not declare",
      "GET",
      "/repos/acme/infra/pulls?status=open",
      undefined,
      422,
    ],
    [
      "a query parameter of the wrong type",
      "GET",
      "/repos/acme/infra/branches?per_page=many",
      undefined,
      422,
    ],
    ["a value outside the parameter's enum", "GET", "/repos/acme/infra/pulls?state=merged", undefined, 422],
    ["a path parameter of the wrong type", "GET", "/repos/acme/infra/pulls/one", undefined, 422],
    ["a body without a required field", "POST", "/repos/acme/infra/issues/1/comments", "{}", 422],
    ["a body field of the wrong type", "PATCH", "/repos/acme/infra/issues/comments/1", '{"body":7}', 422],
    [
      "a status state outside the enum",
      "POST",
      `/repos/acme/infra/statuses/${"a".repeat(40)}`,
      '{"state":"done"}',
      422,
    ],
    [
      "a webhook body with an undeclared field",
      "POST",
      "/repos/acme/infra/hooks",
      '{"url":"https://x"}',
      422,
    ],
    ["a body that is not JSON", "POST", "/repos/acme/infra/issues/1/comments", "body=hi", 400],
    [
      "a body on an operation that takes none",
      "POST",
      "/repos/acme/infra/hooks/1/pings",
      '{"events":[]}',
      422,
    ],
  ];

  it.each(cases)(
    "given %s, when sent, then GitHub's error shape answers and the double records it",
    async (_, method, path, body, status) => {
      const answer = await raw(session.github, method, path, body);

      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({
        message: expect.any(String),
        documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\//),
      });
      expect(session.github.errors).toEqual([
        expect.objectContaining({ kind: "invalid-request", method, url: path }),
      ]);
    },
  );

  it("given an operation GitHub has but the double does not serve, when called, then it is refused and recorded", async () => {
    const answer = await raw(session.github, "DELETE", "/repos/acme/infra/issues/comments/1");

    expect(answer.status).toBe(501);
    expect(session.github.errors).toEqual([expect.objectContaining({ kind: "unsupported-operation" })]);
  });
});

describe("Compliance: requests inside the description are answered and nothing is recorded", () => {
  it("given Octokit, when it lists branches and pull requests and comments and sets a status, then the double records no error", async () => {
    const { pullRequest } = session.repository.openPullRequest({ head: "develop", base: "main" });

    await session.octokit.rest.repos.get(repo);
    await session.octokit.rest.repos.listBranches({ ...repo, per_page: 100 });
    await session.octokit.rest.pulls.list({ ...repo, state: "all", per_page: 100 });
    await session.octokit.rest.pulls.get({ ...repo, pull_number: pullRequest.number });
    await session.octokit.rest.issues.createComment({
      ...repo,
      issue_number: pullRequest.number,
      body: "Preview: no changes",
    });
    await session.octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: pullRequest.head.sha,
      state: "pending",
      context: "acme",
    });

    expect(session.github.errors).toEqual([]);
    expect(session.github.countRequests()).toBe(6);
  });

  it("given an unknown repository, when read, then GitHub's 404 answers", async () => {
    const error = await refusal(session.octokit.rest.pulls.list({ owner: "acme", repo: "nothing" }));

    expect(error.status).toBe(404);
    expect(session.github.errors).toEqual([]);
  });
});

describe("pagination: per_page and link headers", () => {
  beforeAll(() => {
    for (let index = 0; index < 250; index += 1)
      session.repository.pushBranch(`feature/many-${String(index).padStart(3, "0")}`);
  });

  it("given 252 branches, when listed 100 a page, then three requests fetch them all", async () => {
    const branches = await session.octokit.paginate(session.octokit.rest.repos.listBranches, {
      ...repo,
      per_page: 100,
    });

    expect(branches.length).toBe(session.repository.branches.size);
    expect(session.github.countRequests("repos/list-branches")).toBe(3);
  });

  it("given the first page, when answered, then its link header names the next and the last page", async () => {
    const { headers } = await session.octokit.rest.repos.listBranches({ ...repo, per_page: 100 });

    expect(headers.link).toMatch(/[?&]page=2>; rel="next"/);
    expect(headers.link).toMatch(/[?&]page=3>; rel="last"/);
    expect(headers.link).toMatch(/per_page=100/);
  });

  it("given per_page above 100, when listed, then GitHub's maximum of 100 items answers", async () => {
    const { data } = await session.octokit.rest.repos.listBranches({ ...repo, per_page: 500 });

    expect(data.length).toBe(100);
  });

  it("given a list that fits one page, when answered, then there is no link header", async () => {
    const { headers } = await session.octokit.rest.pulls.list({ ...repo, per_page: 100 });

    expect(headers.link).toBeUndefined();
  });
});

describe("conditional requests: ETag and If-None-Match", () => {
  it("given an etag, when the same list is asked with If-None-Match, then 304 answers and no quota is used", async () => {
    const first = await session.octokit.rest.repos.listBranches({ ...repo, per_page: 100 });
    const used = session.github.rateLimit.used;

    const error = await refusal(
      session.octokit.rest.repos.listBranches({
        ...repo,
        per_page: 100,
        headers: { "if-none-match": String(first.headers.etag) },
      }),
    );

    expect(error.status).toBe(304);
    expect(session.github.countNotModified("repos/list-branches")).toBe(1);
    expect(session.github.rateLimit.used).toBe(used);
  });

  it("given an etag, when a branch moves, then the list answers 200 with a new etag", async () => {
    const first = await session.octokit.rest.repos.listBranches({ ...repo, per_page: 100 });
    session.repository.pushBranch("develop");

    const second = await session.octokit.rest.repos.listBranches({
      ...repo,
      per_page: 100,
      headers: { "if-none-match": String(first.headers.etag) },
    });

    expect(second.status).toBe(200);
    expect(second.headers.etag).not.toBe(first.headers.etag);
  });
});

describe("rate limits", () => {
  it("given a request, when answered, then the x-ratelimit headers count it", async () => {
    const { headers } = await session.octokit.rest.repos.get(repo);

    expect(headers["x-ratelimit-limit"]).toBe("5000");
    expect(headers["x-ratelimit-remaining"]).toBe("4999");
    expect(Number(headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
  });

  it.each([403, 429] as const)(
    "given the primary limit used up, when a request arrives, then %i answers with remaining 0 and the reset time",
    async (status) => {
      session.github.rateLimit.exhaustedStatus = status;
      session.github.rateLimit.exhaust();

      const error = await refusal(session.octokit.rest.repos.get(repo));

      expect(error.status).toBe(status);
      expect(error.response.headers["x-ratelimit-remaining"]).toBe("0");
      expect(error.response.headers["x-ratelimit-reset"]).toBe(String(session.github.rateLimit.resetAt));
      expect(error.response.data).toMatchObject({ message: "API rate limit exceeded for user ID 1." });
      expect(session.github.countRequests()).toBe(0);
      session.github.rateLimit.exhaustedStatus = 403;
    },
  );

  it("given a secondary limit with retry-after, when a request arrives, then 429 answers with retry-after", async () => {
    session.github.rateLimit.secondary = { status: 429, retryAfterSeconds: 60 };

    const error = await refusal(session.octokit.rest.repos.get(repo));

    expect(error.status).toBe(429);
    expect(error.response.headers["retry-after"]).toBe("60");
    expect(String((error.response.data as { message: string }).message)).toMatch(/secondary rate limit/);
  });
});
