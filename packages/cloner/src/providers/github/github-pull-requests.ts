/**
 * GitHub's implementation of the `PullRequestProvider` seam, over the REST API (`GitHubApi`):
 * - the living comment is an issue comment (a pull request is an issue for the comment endpoints), found by core's
 *   marker among the pull request's comments (every page, 100 a page, with ETags: a page that did not change costs a
 *   304 and no rate limit);
 * - the merge gate is a commit status (`tributary/<project>`, core's `mergeGateStatus`) on the commit a run built,
 *   which a branch protection rule requires: `approve` writes `success`, `revoke` `failure` / `error` after a red or
 *   stopped run and `pending` after a push, `markRunStarted` `pending` when a run starts; a `pending` is written only
 *   on a commit without a verdict (the combined status, one read), so a late or redelivered start or push never turns
 *   a verdict back to pending.
 *
 * Permissions it needs (GitHub App repository permissions; a fine-grained token's have the same names): Pull
 * requests: read and write (read the pull request, list and write its comments) and Commit statuses: read and write;
 * the reconcile's branch listing adds Contents: read. Source: the GitHub double's FACTS.md ("Permissions per endpoint").
 */
import { findPreviewComment, mergeGateStatus } from "@tributary/core";
import type {
  ApprovalChange,
  CommentUpdate,
  GateReport,
  PullRequestComment,
  PullRequestProvider,
  PullRequestState,
} from "../pull-request-provider";
import { type GitHubApi, GitHubApiError } from "./github-api";
import { listPages, type PageCache, PER_PAGE } from "./list-pages";

/**
 * The repository a provider serves and the project whose gate it writes.
 *
 * @example
 * const target: GitHubTarget = { owner: "acme", repository: "infra", project: "acme" };
 */
export interface GitHubTarget {
  readonly owner: string;
  readonly repository: string;
  /** The project: the commit status context is `tributary/<project>`. */
  readonly project: string;
  /**
   * The longest rate-limit wait a call may sit out, asked at each call (what is left of the invocation).
   *
   * @default - none: a rate limit is thrown at once (`GitHubRateLimitError`, transient)
   */
  readonly maxWaitMs?: () => number;
}

interface PullPayload {
  readonly state: string;
  readonly head: { readonly sha: string };
  readonly base: { readonly sha: string };
}

interface CommentPayload {
  readonly id: number;
  readonly body?: string | null;
}

/** The comment pages kept per Lambda instance (by URL), so the next run's listing of the same pull request is a 304. */
const COMMENT_PAGES_KEPT = 200;

/**
 * GitHub's pull requests for one repository: the whole `PullRequestProvider`, plus `findComment` (notices) and
 * `markRunStarted` (the gate at a run's start).
 *
 * @example
 * const provider = gitHubPullRequests(api, { owner: "acme", repository: "infra", project: "acme" });
 * await provider.approve("42", headSha, { phase: "SUCCEEDED", targetUrl });
 */
export function gitHubPullRequests(api: GitHubApi, target: GitHubTarget): Required<PullRequestProvider> {
  const root = `/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repository)}`;
  const commentPages: PageCache<PullRequestComment> = new Map();
  const wait = () => ({ maxWaitMs: Math.max(target.maxWaitMs?.() ?? 0, 0) });

  const comments = async (pullRequestId: string): Promise<PullRequestComment[]> => {
    if (commentPages.size > COMMENT_PAGES_KEPT) commentPages.clear();
    const { items } = await listPages<CommentPayload, PullRequestComment>(
      api,
      `${root}/issues/${encodeURIComponent(pullRequestId)}/comments?per_page=${PER_PAGE}`,
      (comment) => ({ commentId: String(comment.id), content: comment.body ?? "" }),
      { cache: commentPages, ...wait() },
    );
    return items;
  };

  const setStatus = async (commitId: string, report: GateReport): Promise<ApprovalChange> => {
    const status = mergeGateStatus(target, { commitId, ...report });
    await api.request("POST", `${root}/statuses/${encodeURIComponent(commitId)}`, {
      body: {
        state: status.state,
        context: status.context,
        description: status.description,
        ...(status.targetUrl === undefined ? {} : { target_url: status.targetUrl }),
      },
      ...wait(),
    });
    return "done";
  };

  /** `pending` on a commit, unless the gate has a verdict on it: a late or redelivered start or push never reopens one. */
  const pendingUnlessVerdict = async (commitId: string, report: GateReport): Promise<"marked" | "kept"> => {
    const { body } = await api.request<{ statuses?: { context: string; state: string }[] }>(
      "GET",
      `${root}/commits/${encodeURIComponent(commitId)}/status`,
      wait(),
    );
    const context = mergeGateStatus(target, { ...report, commitId }).context.toLowerCase();
    const current = (body.statuses ?? []).find((status) => status.context.toLowerCase() === context);
    if (current !== undefined && current.state !== "pending") return "kept";
    await setStatus(commitId, report);
    return "marked";
  };

  return {
    name: "github",
    async pullRequest(pullRequestId): Promise<PullRequestState> {
      const { body } = await api.request<PullPayload>(
        "GET",
        `${root}/pulls/${encodeURIComponent(pullRequestId)}`,
        wait(),
      );
      return {
        pullRequestId,
        open: body.state === "open",
        sourceCommit: body.head.sha,
        destinationCommit: body.base.sha,
        // A commit status belongs to a commit: the head is the revision the gate is set on.
        revisionId: body.head.sha,
      };
    },
    async findLivingComment(pullRequestId) {
      return findPreviewComment(await comments(pullRequestId), pullRequestId);
    },
    async findComment(pullRequestId, marker) {
      return (await comments(pullRequestId)).find((comment) => comment.content.split("\n", 1)[0] === marker);
    },
    async postComment(pullRequest, content) {
      const { body } = await api.request<CommentPayload>(
        "POST",
        `${root}/issues/${encodeURIComponent(pullRequest.pullRequestId)}/comments`,
        { body: { body: content }, ...wait() },
      );
      return { commentId: String(body.id), content };
    },
    async updateComment(commentId, content): Promise<CommentUpdate> {
      try {
        await api.request("PATCH", `${root}/issues/comments/${encodeURIComponent(commentId)}`, {
          body: { body: content },
          ...wait(),
        });
        return "updated";
      } catch (error) {
        if (error instanceof GitHubApiError && error.status === 404) return "gone";
        throw error;
      }
    },
    approve: (_pullRequestId, revisionId, report) => setStatus(revisionId, report ?? { phase: "SUCCEEDED" }),
    async revoke(_pullRequestId, revisionId, report) {
      const phase = report ?? { phase: "QUEUED" as const };
      if (phase.phase !== "QUEUED") return setStatus(revisionId, phase);
      return (await pendingUnlessVerdict(revisionId, phase)) === "marked" ? "done" : "stale";
    },
    markRunStarted: (commitId, targetUrl) =>
      pendingUnlessVerdict(commitId, { phase: "STARTED", ...(targetUrl === undefined ? {} : { targetUrl }) }),
  };
}
