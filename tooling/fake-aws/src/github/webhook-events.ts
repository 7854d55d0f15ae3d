/**
 * The webhook events GitHub sends for a change to a repository, built from GitHub's published example payloads
 * (`@octokit/webhooks-examples`, typed by `@octokit/webhooks-types`) with the double's state written over the
 * fields that describe the change: refs, shas, the pull request's numbers, branches, state and head repository.
 *
 * The examples hold no `create`/`delete` of a branch (only of a tag), no `edited` pull request and no merged one:
 * those are the examples of the same event with the fields changed that the event's schema in GitHub's description
 * (`x-webhooks`) defines, and `webhook-events.test.ts` validates every built payload against that schema.
 */
import { createRequire } from "node:module";
import type { WebhookDefinition } from "@octokit/webhooks-examples";
import type {
  CreateEvent,
  DeleteEvent,
  PingEvent,
  PullRequestEvent,
  PushEvent,
  WebhookEventName,
} from "@octokit/webhooks-types";
import { hookFields, type StoredHook, type StoredPullRequest } from "./stored-records";

/** What a payload says of the repository it comes from (a `FakeGitHubRepository` is one). */
export interface RepositoryIdentity {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  /** `owner/name`. */
  readonly fullName: string;
  readonly defaultBranch: string;
}

/**
 * A webhook event: its `X-GitHub-Event` name and its payload.
 *
 * @example
 * const [created, pushed]: GitHubEvent[] = repository.pushBranch("feature/login");
 */
export type GitHubEvent =
  | { readonly name: "create"; readonly payload: CreateEvent }
  | { readonly name: "delete"; readonly payload: DeleteEvent }
  | { readonly name: "push"; readonly payload: PushEvent }
  | { readonly name: "pull_request"; readonly payload: PullRequestEvent }
  | { readonly name: "ping"; readonly payload: PingEvent };

/**
 * The actions of `pull_request` the double produces.
 *
 * @example
 * const action: PullRequestAction = "synchronize";
 */
export type PullRequestAction = "opened" | "reopened" | "synchronize" | "closed" | "edited";

/**
 * The sha GitHub writes for "no commit" (`before` of a created ref, `after` of a deleted one).
 *
 * @example
 * push.payload.deleted && push.payload.after === NULL_SHA; // true for a deleted branch
 */
export const NULL_SHA = "0".repeat(40);

let loaded: WebhookDefinition[] | undefined;

/** The examples (4 MB of JSON), read on first use so that importing the package stays cheap. */
function examples(): WebhookDefinition[] {
  loaded ??= createRequire(import.meta.url)("@octokit/webhooks-examples") as WebhookDefinition[];
  return loaded;
}

/**
 * The published examples of one event, typed; `filter` picks among them.
 *
 * @example
 * const [opened] = exampleEvents("pull_request", (event) => event.action === "opened");
 */
export function exampleEvents<TName extends WebhookEventName>(
  name: TName,
  filter: (payload: WebhookDefinition<TName>["examples"][number]) => boolean = () => true,
): WebhookDefinition<TName>["examples"] {
  const definition = examples().find((candidate) => candidate.name === name) as
    | WebhookDefinition<TName>
    | undefined;
  if (!definition) throw new Error(`@octokit/webhooks-examples has no '${name}' event`);
  return structuredClone(definition.examples.filter(filter));
}

function firstExample<TName extends WebhookEventName>(
  name: TName,
  filter?: (payload: WebhookDefinition<TName>["examples"][number]) => boolean,
): WebhookDefinition<TName>["examples"][number] {
  const [example] = exampleEvents(name, filter);
  if (example === undefined) throw new Error(`@octokit/webhooks-examples has no matching '${name}' example`);
  return example;
}

/**
 * Builds the payloads of one repository's events from the examples and its state.
 *
 * @example
 * const events = new WebhookEvents(repository);
 * events.create("feature/login").payload.ref_type; // "branch"
 */
export class WebhookEvents {
  constructor(private readonly repository: RepositoryIdentity) {}

  /** `create` for a new branch. */
  create(branch: string): GitHubEvent {
    const payload = firstExample("create");
    payload.ref = branch;
    payload.ref_type = "branch";
    payload.master_branch = this.repository.defaultBranch;
    this.overlayRepository(payload);
    return { name: "create", payload };
  }

  /** `delete` for a deleted branch. */
  delete(branch: string): GitHubEvent {
    const payload = firstExample("delete");
    payload.ref = branch;
    payload.ref_type = "branch";
    this.overlayRepository(payload);
    return { name: "delete", payload };
  }

  /** `push` of a branch from `before` to `after` (undefined: the branch was created, or deleted). */
  push(branch: string, before: string | undefined, after: string | undefined): GitHubEvent {
    const payload = firstExample("push", (example) => example.ref.startsWith("refs/heads/"));
    const { html_url: htmlUrl } = this.repositoryUrls();
    payload.ref = `refs/heads/${branch}`;
    payload.before = before ?? NULL_SHA;
    payload.after = after ?? NULL_SHA;
    payload.created = before === undefined;
    payload.deleted = after === undefined;
    payload.forced = false;
    payload.base_ref = null;
    payload.compare = `${htmlUrl}/compare/${payload.before.slice(0, 12)}...${payload.after.slice(0, 12)}`;
    const commit = payload.head_commit;
    if (after === undefined || !commit) {
      payload.commits = [];
      payload.head_commit = null;
    } else {
      commit.id = after;
      commit.url = `${htmlUrl}/commit/${after}`;
      commit.message = `Commit ${after.slice(0, 7)} on ${branch}`;
      payload.commits = [structuredClone(commit)];
    }
    this.overlayRepository(payload);
    return { name: "push", payload };
  }

  /** `pull_request` with an action; `baseFrom` gives `changes.base` of an `edited` event. */
  pullRequest(
    action: PullRequestAction,
    stored: StoredPullRequest,
    baseFrom?: { ref: string; sha: string },
  ): GitHubEvent {
    const example = firstExample(
      "pull_request",
      (candidate) => candidate.action === (action === "edited" ? "opened" : action),
    );
    const payload = example as PullRequestEvent & { changes?: unknown };
    const pullRequest = payload.pull_request;
    const { html_url: htmlUrl, url } = this.repositoryUrls();
    Object.assign(payload, { action, number: stored.number });
    if (action === "edited") {
      payload.changes = { base: { ref: { from: baseFrom?.ref ?? "" }, sha: { from: baseFrom?.sha ?? "" } } };
    }
    Object.assign(pullRequest, {
      number: stored.number,
      id: stored.id,
      title: stored.title,
      state: stored.state,
      merged: stored.merged,
      merged_at: stored.mergedAt,
      closed_at: stored.closedAt,
      merge_commit_sha: stored.mergeCommitSha,
      created_at: stored.createdAt,
      updated_at: stored.updatedAt,
      url: `${url}/pulls/${stored.number}`,
      html_url: `${htmlUrl}/pull/${stored.number}`,
      issue_url: `${url}/issues/${stored.number}`,
      merged_by: null,
      // The double has no auto-merge; the schema requires the field (the opened example omits it).
      auto_merge: null,
    });
    pullRequest.user.login = stored.author;
    const [forkOwner = "", forkName = ""] = stored.head.repoFullName.split("/");
    Object.assign(pullRequest.head, {
      ref: stored.head.ref,
      sha: stored.head.sha,
      label: `${forkOwner}:${stored.head.ref}`,
    });
    pullRequest.head.user.login = forkOwner;
    if (pullRequest.head.repo) {
      Object.assign(pullRequest.head.repo, {
        full_name: stored.head.repoFullName,
        name: forkName,
        fork: stored.head.repoFullName !== this.repository.fullName,
        has_discussions: pullRequest.head.repo.has_discussions ?? false,
      });
      pullRequest.head.repo.owner.login = forkOwner;
    }
    Object.assign(pullRequest.base, {
      ref: stored.base.ref,
      sha: stored.base.sha,
      label: `${this.repository.owner}:${stored.base.ref}`,
    });
    this.overlayRepository(pullRequest.base.repo);
    this.overlayRepository(payload);
    return { name: "pull_request", payload };
  }

  /** `ping` for a newly created webhook. */
  ping(hook: StoredHook): GitHubEvent {
    const payload = firstExample("ping", (example) => example.repository !== undefined);
    payload.hook_id = hook.id;
    if (payload.hook) {
      Object.assign(payload.hook, hookFields(hook));
    }
    this.overlayRepository(payload);
    return { name: "ping", payload };
  }

  private repositoryUrls(): { html_url: string; url: string } {
    return {
      html_url: `https://github.com/${this.repository.fullName}`,
      url: `https://api.github.com/repos/${this.repository.fullName}`,
    };
  }

  /** Writes the repository's identity over an example's `repository` (or over a repository object itself). */
  private overlayRepository(target: unknown): void {
    if (typeof target !== "object" || target === null) return;
    const holder = target as { repository?: unknown };
    const repository = (
      "repository" in holder && typeof holder.repository === "object" ? holder.repository : target
    ) as Record<string, unknown> & { owner?: Record<string, unknown> };
    if (!repository || typeof repository !== "object") return;
    Object.assign(repository, {
      id: this.repository.id,
      name: this.repository.name,
      full_name: this.repository.fullName,
      default_branch: this.repository.defaultBranch,
      ...this.repositoryUrls(),
      // The double's repositories have no discussions; newer schemas require the field older examples lack.
      has_discussions: repository.has_discussions ?? false,
    });
    if ("master_branch" in repository) repository.master_branch = this.repository.defaultBranch;
    if (repository.owner) repository.owner.login = this.repository.owner;
  }
}
