/**
 * Every body the GitHub double answers validates against the response schema GitHub's description declares for
 * that operation and status: a session drives every operation the double serves (successes and refusals), then
 * each recorded answer is validated again here, independently of the double's own check.
 */
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_GITHUB_TOKEN, type FakeGitHub, startFakeGitHub } from "./fake-github-server";
import { ROUTES } from "./github-routes";
import { responseSchema } from "./openapi-description";
import { validateAgainst } from "./schema-validation";

let github: FakeGitHub;

beforeAll(async () => {
  github = await startFakeGitHub();
  const octokit = new Octokit({
    baseUrl: github.url,
    auth: FAKE_GITHUB_TOKEN,
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const repo = { owner: "acme", repo: "infra" } as const;
  const repository = github.repository("acme/infra");
  repository.pushBranch("develop");
  repository.pushBranch("feature/login");
  const { pullRequest } = repository.openPullRequest({ head: "feature/login", base: "develop" });
  const fork = repository.openPullRequest({
    head: "patch-1",
    base: "develop",
    fork: "mallory/infra",
  }).pullRequest;
  repository.mergePullRequest(
    repository.openPullRequest({ head: "develop", base: "main" }).pullRequest.number,
  );
  const ignoreRefusal = (request: Promise<unknown>) => request.catch(() => undefined);

  await octokit.rest.repos.get(repo);
  await octokit.rest.repos.listBranches({ ...repo, per_page: 1 });
  await octokit.rest.pulls.list({ ...repo, state: "all" });
  await octokit.rest.pulls.get({ ...repo, pull_number: pullRequest.number });
  await octokit.rest.pulls.get({ ...repo, pull_number: fork.number });
  const { data: comment } = await octokit.rest.issues.createComment({
    ...repo,
    issue_number: pullRequest.number,
    body: "Preview",
  });
  await octokit.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: "Preview, updated" });
  await octokit.rest.issues.getComment({ ...repo, comment_id: comment.id });
  await octokit.rest.issues.listComments({ ...repo, issue_number: pullRequest.number });
  await octokit.rest.repos.createCommitStatus({
    ...repo,
    sha: pullRequest.head.sha,
    state: "pending",
    context: "acme",
    description: "Pipeline acme-dev-pr-1 is running",
    target_url: "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev-pr-1/view",
  });
  await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: pullRequest.head.sha });
  await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: "develop" });
  await octokit.rest.repos.listCommitStatusesForRef({ ...repo, ref: pullRequest.head.sha });
  await octokit.rest.repos.createWebhook({
    ...repo,
    config: { url: "https://hooks.example.com/github", content_type: "json", secret: "s3cret" },
    events: ["create", "delete", "push", "pull_request"],
  });
  await octokit.rest.repos.listWebhooks(repo);
  // Refusals are answers too.
  await ignoreRefusal(octokit.rest.pulls.get({ ...repo, pull_number: 999 }));
  await ignoreRefusal(
    octokit.rest.issues.createComment({
      ...repo,
      issue_number: pullRequest.number,
      body: "x".repeat(70_000),
    }),
  );
  await ignoreRefusal(
    octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: pullRequest.head.sha,
      state: "success",
      description: "d".repeat(141),
    }),
  );
  await ignoreRefusal(octokit.rest.apps.createInstallationAccessToken({ installation_id: 1 }));
  github.rateLimit.exhaust();
  await ignoreRefusal(octokit.rest.repos.get(repo));
});

afterAll(async () => {
  await github.close();
});

describe("every answer of the double validates against GitHub's response schemas", () => {
  it("given the session, when it ran, then the double recorded no invalid request and no invalid answer", () => {
    expect(github.errors).toEqual([]);
  });

  it("given the session, when its answers are validated again, then each matches its operation's schema", () => {
    const answered = github.requests.filter(
      (request) => request.status !== 304 && request.operationId !== undefined,
    );

    const problems = answered.flatMap((request) => {
      const operation = github.description.operation(String(request.operationId));
      const schema = responseSchema(operation, request.status);
      return schema
        ? validateAgainst(schema, request.answer, `${request.method} ${request.url} ${request.status}`)
        : [];
    });

    expect(answered.length).toBeGreaterThan(15);
    expect(problems).toEqual([]);
  });

  it("given the session, when its operations are listed, then it exercised every operation the double serves", () => {
    const exercised = new Set(
      github.requests.filter((request) => request.status < 300).map((request) => request.operationId),
    );

    expect(Object.keys(ROUTES).filter((operationId) => !exercised.has(operationId))).toEqual([
      "apps/create-installation-access-token", // answered 201 in fake-github-server.test.ts, with an app's JWT
    ]);
  });

  it("given an answer with a required field removed, when validated, then the schema refuses it (the check can fail)", () => {
    const answer = github.requests.find(
      (request) => request.operationId === "pulls/get" && request.status === 200,
    );
    const broken = { ...(answer?.answer as Record<string, unknown>) };
    delete broken.number;

    const schema = responseSchema(github.description.operation("pulls/get"), 200) ?? {};

    expect(validateAgainst(schema, broken, "pulls/get")).toEqual([
      "pulls/get must have required property 'number'",
    ]);
  });
});
