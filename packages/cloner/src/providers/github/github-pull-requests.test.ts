import { forkNoticeMarkerLine, previewMarkerLine, STATUS_DESCRIPTION_LIMIT } from "@tributary/core";
import { COMMENT_BODY_MAX } from "@tributary/fake-aws";
import { describe, expect, it } from "vitest";
import { useGitHub } from "../../../test/__fixtures__/github";
import { classifyFailure } from "../../aws/classify-failure";
import { gitHubPullRequests } from "./github-pull-requests";

const session = useGitHub();
const provider = () =>
  gitHubPullRequests(session.api, { owner: "acme", repository: "infra", project: "acme" });

/** Given: a pull request from a new branch into develop; returns its number and head. */
function openPullRequest(branch: string): { number: string; head: string } {
  const repository = session.github.repository("acme/infra");
  repository.pushBranch(branch);
  const { pullRequest } = repository.openPullRequest({ head: branch, base: "develop" });
  return { number: String(pullRequest.number), head: pullRequest.head.sha };
}

const living = (pullRequestId: string, startedAt: string, executionId: string) =>
  `${previewMarkerLine({ pullRequestId, startedAt, executionId })}\n### Tributary run\n`;

/** The statuses the double holds for a commit, oldest first. */
const statuses = (sha: string) =>
  session.github.repository("acme/infra").statuses.filter((status) => status.sha === sha);

describe("GitHub's pull requests through the seam", () => {
  it("given an open pull request, then its state, head and base come from GET /pulls, the head being the revision", async () => {
    const { number, head } = openPullRequest("feature/state");
    const state = await provider().pullRequest(number);
    expect(state).toMatchObject({ pullRequestId: number, open: true, sourceCommit: head, revisionId: head });
    expect(session.github.errors).toEqual([]);
  });

  it("given no living comment, when one is posted and then found, then it is the one updated in place", async () => {
    const { number } = openPullRequest("feature/comment");
    const comments = provider();
    expect(await comments.findLivingComment(number)).toBeUndefined();

    const state = await comments.pullRequest(number);
    const posted = await comments.postComment(
      state,
      living(number, "2026-01-05T09:00:00.000Z", "pending"),
      "token",
    );
    const found = await comments.findLivingComment(number);
    expect(found?.commentId).toBe(posted.commentId);
    expect(
      await comments.updateComment(posted.commentId, living(number, "2026-01-05T10:00:00.000Z", "e-2")),
    ).toBe("updated");
    expect(
      session.github.repository("acme/infra").comments.find((c) => String(c.id) === posted.commentId)?.body,
    ).toContain("e-2");
    expect(session.github.errors).toEqual([]);
  });

  it("given the comments did not change, when the living comment is looked for again, then the page is a 304 (no rate limit)", async () => {
    const { number } = openPullRequest("feature/etag");
    const comments = provider();
    await comments.findLivingComment(number);
    const used = session.github.rateLimit.used;
    await comments.findLivingComment(number);
    expect(session.github.countNotModified("issues/list-comments")).toBe(1);
    expect(session.github.rateLimit.used).toBe(used);
  });

  it("given 150 comments, when the living comment is looked for, then both pages of 100 are read", async () => {
    const { number } = openPullRequest("feature/many");
    const comments = provider();
    const state = await comments.pullRequest(number);
    for (let index = 0; index < 149; index++) await comments.postComment(state, `comment ${index}`, "t");
    await comments.postComment(state, living(number, "2026-01-05T09:00:00.000Z", "e-1"), "t");
    session.github.requests.length = 0;
    expect(await comments.findLivingComment(number)).toBeDefined();
    expect(session.github.countRequests("issues/list-comments")).toBe(2);
  });

  it("given a deleted comment, when updated, then the update says gone", async () => {
    const { number } = openPullRequest("feature/gone");
    const comments = provider();
    const posted = await comments.postComment(await comments.pullRequest(number), "x", "t");
    const stored = session.github.repository("acme/infra").comments;
    stored.splice(
      stored.findIndex((c) => String(c.id) === posted.commentId),
      1,
    );
    expect(await comments.updateComment(posted.commentId, "y")).toBe("gone");
  });

  it("given a body over GitHub's 65,536 characters, when posted, then GitHub's 422 is a permanent failure", async () => {
    const { number } = openPullRequest("feature/long");
    const comments = provider();
    const error = await comments
      .postComment(await comments.pullRequest(number), "x".repeat(COMMENT_BODY_MAX + 1), "t")
      .catch((thrown: unknown) => thrown);
    expect(classifyFailure(error)).toEqual({ kind: "permanent", reason: "github-422" });
  });

  it("given a notice, when looked for by its marker, then it is found; another pull request's is not", async () => {
    const { number } = openPullRequest("feature/notice");
    const notices = provider();
    await notices.postComment(await notices.pullRequest(number), `${forkNoticeMarkerLine(number)}\nwhy`, "t");
    expect(await notices.findComment(number, forkNoticeMarkerLine(number))).toBeDefined();
    expect(await notices.findComment(number, forkNoticeMarkerLine("999"))).toBeUndefined();
  });
});

describe("the merge gate as a commit status", () => {
  it("given a push, then the new head is pending under tributary/<project>", async () => {
    const { number, head } = openPullRequest("feature/push");
    expect(await provider().revoke(number, head, { phase: "QUEUED" })).toBe("done");
    expect(statuses(head).map(({ context, state }) => ({ context, state }))).toEqual([
      { context: "tributary/acme", state: "pending" },
    ]);
  });

  it.each<["SUCCEEDED" | "FAILED" | "STOPPED", string]>([
    ["SUCCEEDED", "success"],
    ["FAILED", "failure"],
    ["STOPPED", "error"],
  ])("given a run %s, then the head's status is %s with the execution's link", async (phase, state) => {
    const { number, head } = openPullRequest(`feature/run-${phase.toLowerCase()}`);
    const gate = provider();
    const targetUrl =
      "https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev-pr-1/executions/e-1/timeline";
    await (phase === "SUCCEEDED"
      ? gate.approve(number, head, { phase, targetUrl })
      : gate.revoke(number, head, { phase, targetUrl }));
    const [status] = statuses(head);
    expect(status).toMatchObject({ state, targetUrl, context: "tributary/acme" });
    expect([...(status?.description ?? "")].length).toBeLessThanOrEqual(STATUS_DESCRIPTION_LIMIT);
    expect(session.github.errors).toEqual([]);
  });

  it("given a verdict on the commit, when a late start or a redelivered push comes, then the verdict stays", async () => {
    const { number, head } = openPullRequest("feature/verdict");
    const gate = provider();
    await gate.approve(number, head, { phase: "SUCCEEDED" });
    expect(await gate.markRunStarted(head, undefined)).toBe("kept");
    expect(await gate.revoke(number, head, { phase: "QUEUED" })).toBe("stale");
    expect(statuses(head).map((status) => status.state)).toEqual(["success"]);
  });

  it("given a commit pending since its push, when its run starts, then the status is pending again with the run's link", async () => {
    const { number, head } = openPullRequest("feature/started");
    const gate = provider();
    await gate.revoke(number, head, { phase: "QUEUED" });
    expect(await gate.markRunStarted(head, "https://example.com/run")).toBe("marked");
    expect(statuses(head).map((status) => [status.state, status.targetUrl])).toEqual([
      ["pending", null],
      ["pending", "https://example.com/run"],
    ]);
  });
});
