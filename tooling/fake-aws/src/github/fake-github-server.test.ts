/**
 * The GitHub double through a real client (Octokit) and raw HTTP: it refuses and records what GitHub's description
 * does not allow, and reproduces GitHub's documented behaviour where the description is silent (limits, paging,
 * conditional requests, rate limits, permissions), each fact cited in the code and in FACTS.md.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FakeGitHubRepository } from "./fake-github-repository";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "./fake-github-server";
import { COMMENT_BODY_MAX, STATUS_DESCRIPTION_MAX } from "./github-routes";

const APP_ID = 123_456;
const INSTALLATION_ID = 42;
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const LIMITED_TOKEN = "github_pat_comments_only";

let github: FakeGitHub;
let octokit: Octokit;
let repository: FakeGitHubRepository;
const repo = { owner: "acme", repo: "infra" } as const;

beforeAll(async () => {
  github = await startFakeGitHub({
    repositories: { "acme/infra": "main" },
    tokens: {
      [FAKE_GITHUB_TOKEN]: {
        contents: "read",
        pull_requests: "write",
        statuses: "write",
        repository_hooks: "write",
      },
      [LIMITED_TOKEN]: { pull_requests: "write" },
    },
    app: {
      appId: APP_ID,
      installationId: INSTALLATION_ID,
      publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
      permissions: { contents: "read", pull_requests: "write", statuses: "write" },
    },
  });
  octokit = client(FAKE_GITHUB_TOKEN);
  repository = github.repository("acme/infra");
  repository.pushBranch("develop");
});

afterAll(async () => {
  await github.close();
});

beforeEach(() => {
  github.requests.length = 0;
  github.errors.length = 0;
  github.rateLimit.reset();
});

/** A raw request to the double, as a client that ignores the description would send it. */
async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${github.url}${path}`, {
    method,
    headers: { authorization: `token ${FAKE_GITHUB_TOKEN}`, ...headers },
    ...(body === undefined ? {} : { body }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Octokit's error for a request the double refused. */
async function refusal(
  request: Promise<unknown>,
): Promise<{ status: number; response: { data: unknown; headers: Record<string, string> } }> {
  try {
    await request;
  } catch (error) {
    return error as { status: number; response: { data: unknown; headers: Record<string, string> } };
  }
  throw new Error("the request was answered, not refused");
}

/** Octokit on the double, without its request log (a refused request is what these tests expect). */
function client(auth?: string): Octokit {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  return new Octokit({ baseUrl: github.url, log: quiet, ...(auth === undefined ? {} : { auth }) });
}

function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), keys.privateKey).toString("base64url")}`;
}

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
      const answer = await raw(method, path, body);

      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({
        message: expect.any(String),
        documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\//),
      });
      expect(github.errors).toEqual([
        expect.objectContaining({ kind: "invalid-request", method, url: path }),
      ]);
    },
  );

  it("given an operation GitHub has but the double does not serve, when called, then it is refused and recorded", async () => {
    const answer = await raw("DELETE", "/repos/acme/infra/issues/comments/1");

    expect(answer.status).toBe(501);
    expect(github.errors).toEqual([expect.objectContaining({ kind: "unsupported-operation" })]);
  });
});

describe("Compliance: requests inside the description are answered and nothing is recorded", () => {
  it("given Octokit, when it lists branches and pull requests and comments and sets a status, then the double records no error", async () => {
    const { pullRequest } = repository.openPullRequest({ head: "develop", base: "main" });

    await octokit.rest.repos.get(repo);
    await octokit.rest.repos.listBranches({ ...repo, per_page: 100 });
    await octokit.rest.pulls.list({ ...repo, state: "all", per_page: 100 });
    await octokit.rest.pulls.get({ ...repo, pull_number: pullRequest.number });
    await octokit.rest.issues.createComment({
      ...repo,
      issue_number: pullRequest.number,
      body: "Preview: no changes",
    });
    await octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: pullRequest.head.sha,
      state: "pending",
      context: "acme",
    });

    expect(github.errors).toEqual([]);
    expect(github.countRequests()).toBe(6);
  });

  it("given an unknown repository, when read, then GitHub's 404 answers", async () => {
    const error = await refusal(octokit.rest.pulls.list({ owner: "acme", repo: "nothing" }));

    expect(error.status).toBe(404);
    expect(github.errors).toEqual([]);
  });
});

describe("pagination: per_page and link headers", () => {
  beforeAll(() => {
    for (let index = 0; index < 250; index += 1)
      repository.pushBranch(`feature/many-${String(index).padStart(3, "0")}`);
  });

  it("given 252 branches, when listed 100 a page, then three requests fetch them all", async () => {
    const branches = await octokit.paginate(octokit.rest.repos.listBranches, { ...repo, per_page: 100 });

    expect(branches.length).toBe(repository.branches.size);
    expect(github.countRequests("repos/list-branches")).toBe(3);
  });

  it("given the first page, when answered, then its link header names the next and the last page", async () => {
    const { headers } = await octokit.rest.repos.listBranches({ ...repo, per_page: 100 });

    expect(headers.link).toMatch(/[?&]page=2>; rel="next"/);
    expect(headers.link).toMatch(/[?&]page=3>; rel="last"/);
    expect(headers.link).toMatch(/per_page=100/);
  });

  it("given per_page above 100, when listed, then GitHub's maximum of 100 items answers", async () => {
    const { data } = await octokit.rest.repos.listBranches({ ...repo, per_page: 500 });

    expect(data.length).toBe(100);
  });

  it("given a list that fits one page, when answered, then there is no link header", async () => {
    const { headers } = await octokit.rest.pulls.list({ ...repo, per_page: 100 });

    expect(headers.link).toBeUndefined();
  });
});

describe("conditional requests: ETag and If-None-Match", () => {
  it("given an etag, when the same list is asked with If-None-Match, then 304 answers and no quota is used", async () => {
    const first = await octokit.rest.repos.listBranches({ ...repo, per_page: 100 });
    const used = github.rateLimit.used;

    const error = await refusal(
      octokit.rest.repos.listBranches({
        ...repo,
        per_page: 100,
        headers: { "if-none-match": String(first.headers.etag) },
      }),
    );

    expect(error.status).toBe(304);
    expect(github.countNotModified("repos/list-branches")).toBe(1);
    expect(github.rateLimit.used).toBe(used);
  });

  it("given an etag, when a branch moves, then the list answers 200 with a new etag", async () => {
    const first = await octokit.rest.repos.listBranches({ ...repo, per_page: 100 });
    repository.pushBranch("develop");

    const second = await octokit.rest.repos.listBranches({
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
    const { headers } = await octokit.rest.repos.get(repo);

    expect(headers["x-ratelimit-limit"]).toBe("5000");
    expect(headers["x-ratelimit-remaining"]).toBe("4999");
    expect(Number(headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
  });

  it.each([403, 429] as const)(
    "given the primary limit used up, when a request arrives, then %i answers with remaining 0 and the reset time",
    async (status) => {
      github.rateLimit.exhaustedStatus = status;
      github.rateLimit.exhaust();

      const error = await refusal(octokit.rest.repos.get(repo));

      expect(error.status).toBe(status);
      expect(error.response.headers["x-ratelimit-remaining"]).toBe("0");
      expect(error.response.headers["x-ratelimit-reset"]).toBe(String(github.rateLimit.resetAt));
      expect(error.response.data).toMatchObject({ message: "API rate limit exceeded for user ID 1." });
      expect(github.countRequests()).toBe(0);
      github.rateLimit.exhaustedStatus = 403;
    },
  );

  it("given a secondary limit with retry-after, when a request arrives, then 429 answers with retry-after", async () => {
    github.rateLimit.secondary = { status: 429, retryAfterSeconds: 60 };

    const error = await refusal(octokit.rest.repos.get(repo));

    expect(error.status).toBe(429);
    expect(error.response.headers["retry-after"]).toBe("60");
    expect(String((error.response.data as { message: string }).message)).toMatch(/secondary rate limit/);
  });
});

describe("comments: GitHub's 65,536-character limit", () => {
  it.each([
    ["at the limit", COMMENT_BODY_MAX, 201],
    ["one character beyond it", COMMENT_BODY_MAX + 1, 422],
  ] as const)("given a body %s, when posted, then %s answers", async (_, length, status) => {
    const { pullRequest } = repository.openPullRequest({ head: "develop", base: "main" });

    const answer = await raw(
      "POST",
      `/repos/acme/infra/issues/${pullRequest.number}/comments`,
      JSON.stringify({ body: "x".repeat(length) }),
    );

    expect(answer.status).toBe(status);
    if (status === 422) {
      expect(answer.body).toMatchObject({
        message: "Validation Failed",
        errors: [
          {
            resource: "IssueComment",
            code: "unprocessable",
            field: "data",
            message: "Body is too long (maximum is 65536 characters)",
          },
        ],
      });
    }
    expect(github.errors).toEqual([]);
  });

  it("given a living comment, when updated beyond the limit, then 422 answers and the comment keeps its body", async () => {
    const { pullRequest } = repository.openPullRequest({ head: "develop", base: "main" });
    const { data } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: pullRequest.number,
      body: "first",
    });

    const error = await refusal(
      octokit.rest.issues.updateComment({
        ...repo,
        comment_id: data.id,
        body: "y".repeat(COMMENT_BODY_MAX + 1),
      }),
    );

    expect(error.status).toBe(422);
    expect((await octokit.rest.issues.getComment({ ...repo, comment_id: data.id })).data.body).toBe("first");
  });

  it("given 120 comments, when listed 50 a page, then the pages hold them in order", async () => {
    const { pullRequest } = repository.openPullRequest({ head: "develop", base: "main" });
    for (let index = 0; index < 120; index += 1) {
      await octokit.rest.issues.createComment({
        ...repo,
        issue_number: pullRequest.number,
        body: `comment ${index}`,
      });
    }

    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: pullRequest.number,
      per_page: 50,
    });

    expect(comments.map((comment) => comment.body)).toEqual(
      Array.from({ length: 120 }, (_, index) => `comment ${index}`),
    );
    expect(github.countRequests("issues/list-comments")).toBe(3);
  });
});

describe("commit statuses: the 140-character description is refused, not truncated", () => {
  it.each([
    ["at the limit", STATUS_DESCRIPTION_MAX, 201],
    ["one character beyond it", STATUS_DESCRIPTION_MAX + 1, 422],
  ] as const)(
    "given a description %s, when the status is created, then %s answers",
    async (_, length, status) => {
      const sha = repository.branches.get("develop") ?? "";
      const before = repository.statuses.length;

      const answer = await raw(
        "POST",
        `/repos/acme/infra/statuses/${sha}`,
        JSON.stringify({ state: "success", context: "acme", description: "d".repeat(length) }),
      );

      expect(answer.status).toBe(status);
      expect(repository.statuses.length).toBe(before + (status === 201 ? 1 : 0));
      if (status === 422) {
        expect(answer.body).toMatchObject({
          errors: [
            {
              resource: "Status",
              field: "description",
              code: "custom",
              message: "description is too long (maximum is 140 characters)",
            },
          ],
        });
      }
      expect(github.errors).toEqual([]);
    },
  );

  it.each([
    [["pending"], "pending"],
    [["pending", "success"], "success"],
    [["success", "failure"], "failure"],
    [["error"], "failure"],
    [[], "pending"],
  ] as const)(
    "given statuses %j in one context, when combined, then the state is %s",
    async (states, combined) => {
      const sha = repository.pushBranch("develop").at(-1)?.payload;
      const head = repository.branches.get("develop") ?? String(sha);
      for (const state of states)
        await octokit.rest.repos.createCommitStatus({ ...repo, sha: head, state, context: "Acme" });

      const { data } = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: head });

      expect(data.state).toBe(combined);
      expect(data.total_count).toBe(states.length === 0 ? 0 : 1);
    },
  );

  it("given two statuses whose contexts differ in case, when combined, then they are one context (contexts are case-insensitive)", async () => {
    repository.pushBranch("develop");
    const head = repository.branches.get("develop") ?? "";
    await octokit.rest.repos.createCommitStatus({ ...repo, sha: head, state: "failure", context: "ACME" });
    await octokit.rest.repos.createCommitStatus({ ...repo, sha: head, state: "success", context: "acme" });

    const { data } = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: head });

    expect(data).toMatchObject({ state: "success", total_count: 1 });
  });
});

describe("pull requests: forks and state changes", () => {
  it("given a pull request from a fork, when listed, then its head repository is the fork", async () => {
    const { pullRequest } = repository.openPullRequest({
      head: "patch-1",
      base: "develop",
      fork: "mallory/infra",
    });

    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pullRequest.number });

    expect(data.head).toMatchObject({
      ref: "patch-1",
      sha: pullRequest.head.sha,
      repo: { full_name: "mallory/infra", fork: true },
    });
    expect(data.base.repo.full_name).toBe("acme/infra");
  });

  it("given an open pull request, when merged, then it is listed closed and merged and the base moved", async () => {
    const { pullRequest } = repository.openPullRequest({ head: "develop", base: "main" });

    repository.mergePullRequest(pullRequest.number);

    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pullRequest.number });
    expect(data).toMatchObject({
      state: "closed",
      merged: true,
      merge_commit_sha: repository.branches.get("main"),
    });
    const open = await octokit.paginate(octokit.rest.pulls.list, { ...repo, per_page: 100 });
    expect(open.map((pull) => pull.number)).not.toContain(pullRequest.number);
  });
});

describe("authentication and permissions", () => {
  it("given no token, when a request arrives, then 401 answers", async () => {
    const error = await refusal(client().rest.repos.get(repo));

    expect(error.status).toBe(401);
  });

  it("given an unknown token, when a request arrives, then 401 Bad credentials answers", async () => {
    const error = await refusal(client("github_pat_nope").rest.repos.get(repo));

    expect(error).toMatchObject({ status: 401, response: { data: { message: "Bad credentials" } } });
  });

  it("given a token with pull_requests write only, when it comments, then it may; when it sets a status, then 403 names the permission", async () => {
    const limited = client(LIMITED_TOKEN);
    const { pullRequest } = repository.openPullRequest({ head: "develop", base: "main" });

    await limited.rest.issues.createComment({ ...repo, issue_number: pullRequest.number, body: "ok" });
    const error = await refusal(
      limited.rest.repos.createCommitStatus({ ...repo, sha: pullRequest.head.sha, state: "success" }),
    );

    expect(error).toMatchObject({
      status: 403,
      response: { data: { message: "Resource not accessible by personal access token" } },
    });
    expect(error.response.headers["x-accepted-github-permissions"]).toBe("statuses=write");
  });

  it("given the app's JWT, when it creates an installation token, then the token lasts one hour and works", async () => {
    const now = Math.floor(Date.now() / 1000);
    const app = client(jwt({ iat: now - 60, exp: now + 540, iss: APP_ID }));

    const { data } = await app.rest.apps.createInstallationAccessToken({
      installation_id: INSTALLATION_ID,
      permissions: { pull_requests: "write" },
    });

    expect(Date.parse(data.expires_at) / 1000 - now).toBeGreaterThan(3590);
    const installation = client(data.token);
    expect((await installation.rest.pulls.list(repo)).status).toBe(200);
    const error = await refusal(
      installation.rest.repos.createCommitStatus({ ...repo, sha: "a".repeat(40), state: "success" }),
    );
    expect(error).toMatchObject({
      status: 403,
      response: { data: { message: "Resource not accessible by integration" } },
    });
  });

  it("given a JWT that expires more than 10 minutes ahead, when used, then 401 answers", async () => {
    const now = Math.floor(Date.now() / 1000);
    const app = client(jwt({ iat: now, exp: now + 660, iss: APP_ID }));

    const error = await refusal(
      app.rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID }),
    );

    expect(error.status).toBe(401);
  });

  it("given a token, when it asks for an installation token, then 401 answers (a JWT is required)", async () => {
    const error = await refusal(
      octokit.rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID }),
    );

    expect(error.status).toBe(401);
  });
});
