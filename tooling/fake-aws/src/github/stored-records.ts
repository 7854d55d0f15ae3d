/**
 * What the GitHub double stores of a repository (pull requests, comments, statuses, webhooks) and how a webhook
 * shows itself: shared by the repository's state, its REST answers and its webhook payloads.
 */

/**
 * A pull request as the double stores it.
 *
 * @example
 * const { pullRequest } = repository.openPullRequest({ head: "feature/login", base: "develop" });
 * pullRequest.head.sha; // the branch head it was opened at
 */
export interface StoredPullRequest {
  readonly number: number;
  readonly id: number;
  title: string;
  state: "open" | "closed";
  merged: boolean;
  mergedAt: string | null;
  closedAt: string | null;
  mergeCommitSha: string | null;
  readonly createdAt: string;
  updatedAt: string;
  /** Its head: a branch of this repository, or of a fork (`repoFullName` differs). */
  readonly head: { readonly ref: string; sha: string; readonly repoFullName: string };
  base: { ref: string; sha: string };
  readonly author: string;
}

/** A comment on an issue or pull request (`POST /repos/{owner}/{repo}/issues/{n}/comments`). */
export interface StoredIssueComment {
  readonly id: number;
  readonly issueNumber: number;
  body: string;
  readonly author: string;
  readonly createdAt: string;
  updatedAt: string;
}

/** A commit status (`POST /repos/{owner}/{repo}/statuses/{sha}`). */
export interface StoredStatus {
  readonly id: number;
  readonly sha: string;
  readonly state: "error" | "failure" | "pending" | "success";
  readonly targetUrl: string | null;
  readonly description: string | null;
  readonly context: string;
  readonly creator: string;
  readonly createdAt: string;
}

/** A repository webhook (`POST /repos/{owner}/{repo}/hooks`). */
export interface StoredHook {
  readonly id: number;
  readonly name: string;
  readonly active: boolean;
  readonly events: readonly string[];
  readonly config: { readonly url?: string; readonly contentType: string; readonly insecureSsl: string };
  /** Kept for signing deliveries in tests; GitHub never answers it back. */
  readonly secret: string | undefined;
  readonly createdAt: string;
}

/**
 * A webhook's fields as GitHub shows them, in answers and in the `ping` payload alike: never the secret.
 *
 * @example
 * Object.assign(answer, hookFields(hook)); // { id, active, events, config: { content_type, insecure_ssl, url }, … }
 */
export function hookFields(hook: StoredHook): Record<string, unknown> {
  return {
    id: hook.id,
    active: hook.active,
    events: [...hook.events],
    config: {
      content_type: hook.config.contentType,
      insecure_ssl: hook.config.insecureSsl,
      ...(hook.config.url ? { url: hook.config.url } : {}),
    },
    created_at: hook.createdAt,
    updated_at: hook.createdAt,
  };
}
