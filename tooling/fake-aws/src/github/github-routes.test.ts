/**
 * What the GitHub double enforces beyond its description, each as GitHub answers it (sources in FACTS.md): the
 * comment and status description limits, combined statuses, forks and merges, tokens, apps and permissions.
 */
import { describe, expect, it } from "vitest";
import {
  APP_ID,
  client,
  INSTALLATION_ID,
  jwt,
  LIMITED_TOKEN,
  raw,
  refusal,
  repo,
  useGitHubDouble,
} from "./__fixtures__/github-double";
import { COMMENT_BODY_MAX, STATUS_DESCRIPTION_MAX } from "./github-routes";

const session = useGitHubDouble();

describe("comments: GitHub's 65,536-character limit", () => {
  it.each([
    ["at the limit", COMMENT_BODY_MAX, 201],
    ["one character beyond it", COMMENT_BODY_MAX + 1, 422],
  ] as const)("given a body %s, when posted, then %s answers", async (_, length, status) => {
    const { pullRequest } = session.repository.openPullRequest({ head: "develop", base: "main" });

    const answer = await raw(
      session.github,
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
    expect(session.github.errors).toEqual([]);
  });

  it("given a living comment, when updated beyond the limit, then 422 answers and the comment keeps its body", async () => {
    const { pullRequest } = session.repository.openPullRequest({ head: "develop", base: "main" });
    const { data } = await session.octokit.rest.issues.createComment({
      ...repo,
      issue_number: pullRequest.number,
      body: "first",
    });

    const error = await refusal(
      session.octokit.rest.issues.updateComment({
        ...repo,
        comment_id: data.id,
        body: "y".repeat(COMMENT_BODY_MAX + 1),
      }),
    );

    expect(error.status).toBe(422);
    expect((await session.octokit.rest.issues.getComment({ ...repo, comment_id: data.id })).data.body).toBe(
      "first",
    );
  });

  it("given 120 comments, when listed 50 a page, then the pages hold them in order", async () => {
    const { pullRequest } = session.repository.openPullRequest({ head: "develop", base: "main" });
    for (let index = 0; index < 120; index += 1) {
      await session.octokit.rest.issues.createComment({
        ...repo,
        issue_number: pullRequest.number,
        body: `comment ${index}`,
      });
    }

    const comments = await session.octokit.paginate(session.octokit.rest.issues.listComments, {
      ...repo,
      issue_number: pullRequest.number,
      per_page: 50,
    });

    expect(comments.map((comment) => comment.body)).toEqual(
      Array.from({ length: 120 }, (_, index) => `comment ${index}`),
    );
    expect(session.github.countRequests("issues/list-comments")).toBe(3);
  });
});

describe("commit statuses: the 140-character description is refused, not truncated", () => {
  it.each([
    ["at the limit", STATUS_DESCRIPTION_MAX, 201],
    ["one character beyond it", STATUS_DESCRIPTION_MAX + 1, 422],
  ] as const)(
    "given a description %s, when the status is created, then %s answers",
    async (_, length, status) => {
      const sha = session.repository.branches.get("develop") ?? "";
      const before = session.repository.statuses.length;

      const answer = await raw(
        session.github,
        "POST",
        `/repos/acme/infra/statuses/${sha}`,
        JSON.stringify({ state: "success", context: "acme", description: "d".repeat(length) }),
      );

      expect(answer.status).toBe(status);
      expect(session.repository.statuses.length).toBe(before + (status === 201 ? 1 : 0));
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
      expect(session.github.errors).toEqual([]);
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
      const sha = session.repository.pushBranch("develop").at(-1)?.payload;
      const head = session.repository.branches.get("develop") ?? String(sha);
      for (const state of states)
        await session.octokit.rest.repos.createCommitStatus({ ...repo, sha: head, state, context: "Acme" });

      const { data } = await session.octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: head });

      expect(data.state).toBe(combined);
      expect(data.total_count).toBe(states.length === 0 ? 0 : 1);
    },
  );

  it("given two statuses whose contexts differ in case, when combined, then they are one context (contexts are case-insensitive)", async () => {
    session.repository.pushBranch("develop");
    const head = session.repository.branches.get("develop") ?? "";
    await session.octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: head,
      state: "failure",
      context: "ACME",
    });
    await session.octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: head,
      state: "success",
      context: "acme",
    });

    const { data } = await session.octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: head });

    expect(data).toMatchObject({ state: "success", total_count: 1 });
  });
});

describe("pull requests: forks and state changes", () => {
  it("given a pull request from a fork, when listed, then its head repository is the fork", async () => {
    const { pullRequest } = session.repository.openPullRequest({
      head: "patch-1",
      base: "develop",
      fork: "mallory/infra",
    });

    const { data } = await session.octokit.rest.pulls.get({ ...repo, pull_number: pullRequest.number });

    expect(data.head).toMatchObject({
      ref: "patch-1",
      sha: pullRequest.head.sha,
      repo: { full_name: "mallory/infra", fork: true },
    });
    expect(data.base.repo.full_name).toBe("acme/infra");
  });

  it("given an open pull request, when merged, then it is listed closed and merged and the base moved", async () => {
    const { pullRequest } = session.repository.openPullRequest({ head: "develop", base: "main" });

    session.repository.mergePullRequest(pullRequest.number);

    const { data } = await session.octokit.rest.pulls.get({ ...repo, pull_number: pullRequest.number });
    expect(data).toMatchObject({
      state: "closed",
      merged: true,
      merge_commit_sha: session.repository.branches.get("main"),
    });
    const open = await session.octokit.paginate(session.octokit.rest.pulls.list, { ...repo, per_page: 100 });
    expect(open.map((pull) => pull.number)).not.toContain(pullRequest.number);
  });
});

describe("authentication and permissions", () => {
  it("given no token, when a request arrives, then 401 answers", async () => {
    const error = await refusal(client(session.github).rest.repos.get(repo));

    expect(error.status).toBe(401);
  });

  it("given an unknown token, when a request arrives, then 401 Bad credentials answers", async () => {
    const error = await refusal(client(session.github, "github_pat_nope").rest.repos.get(repo));

    expect(error).toMatchObject({ status: 401, response: { data: { message: "Bad credentials" } } });
  });

  it("given a token with pull_requests write only, when it comments, then it may; when it sets a status, then 403 names the permission", async () => {
    const limited = client(session.github, LIMITED_TOKEN);
    const { pullRequest } = session.repository.openPullRequest({ head: "develop", base: "main" });

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
    const app = client(session.github, jwt({ iat: now - 60, exp: now + 540, iss: APP_ID }));

    const { data } = await app.rest.apps.createInstallationAccessToken({
      installation_id: INSTALLATION_ID,
      permissions: { pull_requests: "write" },
    });

    expect(Date.parse(data.expires_at) / 1000 - now).toBeGreaterThan(3590);
    const installation = client(session.github, data.token);
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
    const app = client(session.github, jwt({ iat: now, exp: now + 660, iss: APP_ID }));

    const error = await refusal(
      app.rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID }),
    );

    expect(error.status).toBe(401);
  });

  it("given a token, when it asks for an installation token, then 401 answers (a JWT is required)", async () => {
    const error = await refusal(
      session.octokit.rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID }),
    );

    expect(error.status).toBe(401);
  });
});
