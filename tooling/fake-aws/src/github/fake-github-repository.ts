/**
 * The state of one repository in the GitHub double: branches, pull requests (forks included), issue comments,
 * commit statuses and webhooks. Tests change it as a developer would (`pushBranch`, `openPullRequest`, …); each
 * change returns the webhook events GitHub sends for it, ready to be signed (`webhook-deliveries.ts`).
 */
import { createHash } from "node:crypto";
import type { StoredHook, StoredIssueComment, StoredPullRequest, StoredStatus } from "./stored-records";
import type { GitHubEvent } from "./webhook-events";
import { WebhookEvents } from "./webhook-events";

/** Ids, commit shas and timestamps from one counter, so every run of a test sees the same values. */
export class FakeClock {
  private tick = 0;
  private readonly start = Date.parse("2026-01-05T09:00:00Z");

  /** The next id (1, 2, 3, …). */
  nextId(): number {
    this.tick += 1;
    return this.tick;
  }

  /** A 40-hex commit sha, different on every call. */
  nextSha(): string {
    return createHash("sha1").update(`commit ${this.nextId()}`).digest("hex");
  }

  /** An ISO timestamp one second after the previous one. */
  now(): string {
    return new Date(this.start + this.nextId() * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
}

/** The user the double acts as when a test changes the repository. */
export const DEVELOPER = "octocat";

/**
 * One repository: its state and the developer's actions on it.
 *
 * @example
 * const repository = github.repository("acme/infra");
 * const events = repository.pushBranch("feature/login"); // [create, push] as GitHub sends them
 * const { pullRequest } = repository.openPullRequest({ head: "feature/login", base: "develop" });
 */
export class FakeGitHubRepository {
  readonly owner: string;
  readonly name: string;
  readonly id: number;
  readonly branches = new Map<string, string>();
  readonly pullRequests = new Map<number, StoredPullRequest>();
  readonly comments: StoredIssueComment[] = [];
  readonly statuses: StoredStatus[] = [];
  readonly hooks: StoredHook[] = [];
  private readonly events: WebhookEvents;

  constructor(
    readonly fullName: string,
    readonly defaultBranch: string,
    readonly clock: FakeClock,
  ) {
    const [owner, name] = fullName.split("/");
    if (!owner || !name || fullName.split("/").length !== 2) {
      throw new Error(`Repository '${fullName}' is not 'owner/name'. Fix: name it like 'acme/infra'.`);
    }
    this.owner = owner;
    this.name = name;
    this.id = clock.nextId();
    this.branches.set(defaultBranch, clock.nextSha());
    this.events = new WebhookEvents(this);
  }

  /** Creates a branch or moves it to `sha` (a new commit by default); returns `create` and `push`, or `push` alone. */
  pushBranch(branch: string, sha: string = this.clock.nextSha()): GitHubEvent[] {
    const before = this.branches.get(branch);
    this.branches.set(branch, sha);
    const events: GitHubEvent[] = [];
    if (before === undefined) events.push(this.events.create(branch));
    events.push(this.events.push(branch, before, sha));
    for (const pullRequest of this.openPullRequestsFrom(branch)) {
      pullRequest.head.sha = sha;
      pullRequest.updatedAt = this.clock.now();
      events.push(this.events.pullRequest("synchronize", pullRequest));
    }
    return events;
  }

  /** Deletes a branch; returns `delete` and the `push` with `deleted: true`. */
  deleteBranch(branch: string): GitHubEvent[] {
    const before = this.branches.get(branch);
    if (before === undefined) throw new Error(`${this.fullName} has no branch '${branch}' to delete`);
    this.branches.delete(branch);
    return [this.events.delete(branch), this.events.push(branch, before, undefined)];
  }

  /**
   * Opens a pull request from a branch of this repository, or with `fork` from a fork's branch (`head` is then the
   * fork's branch name and `headSha` its commit). Returns it with its `opened` event.
   */
  openPullRequest(input: {
    head: string;
    base: string;
    title?: string;
    fork?: string;
    headSha?: string;
    author?: string;
  }): { pullRequest: StoredPullRequest; events: GitHubEvent[] } {
    const baseSha = this.branches.get(input.base);
    if (baseSha === undefined) throw new Error(`${this.fullName} has no base branch '${input.base}'`);
    const headSha = input.fork ? (input.headSha ?? this.clock.nextSha()) : this.branches.get(input.head);
    if (headSha === undefined) {
      throw new Error(`${this.fullName} has no head branch '${input.head}'. Fix: pushBranch it first.`);
    }
    const createdAt = this.clock.now();
    const pullRequest: StoredPullRequest = {
      number: this.nextIssueNumber(),
      id: this.clock.nextId(),
      title: input.title ?? `Merge ${input.head} into ${input.base}`,
      state: "open",
      merged: false,
      mergedAt: null,
      closedAt: null,
      mergeCommitSha: null,
      createdAt,
      updatedAt: createdAt,
      head: { ref: input.head, sha: headSha, repoFullName: input.fork ?? this.fullName },
      base: { ref: input.base, sha: baseSha },
      author: input.author ?? DEVELOPER,
    };
    this.pullRequests.set(pullRequest.number, pullRequest);
    return { pullRequest, events: [this.events.pullRequest("opened", pullRequest)] };
  }

  /** Closes an open pull request without merging it; returns its `closed` event (`merged: false`). */
  closePullRequest(number: number): GitHubEvent[] {
    const pullRequest = this.requireOpen(number);
    pullRequest.state = "closed";
    pullRequest.closedAt = pullRequest.updatedAt = this.clock.now();
    return [this.events.pullRequest("closed", pullRequest)];
  }

  /** Merges an open pull request: the base branch moves to a merge commit; returns `closed` (merged) and `push`. */
  mergePullRequest(number: number): GitHubEvent[] {
    const pullRequest = this.requireOpen(number);
    const mergeCommit = this.clock.nextSha();
    pullRequest.state = "closed";
    pullRequest.merged = true;
    pullRequest.mergeCommitSha = mergeCommit;
    pullRequest.closedAt = pullRequest.mergedAt = pullRequest.updatedAt = this.clock.now();
    const before = this.branches.get(pullRequest.base.ref);
    this.branches.set(pullRequest.base.ref, mergeCommit);
    return [
      this.events.pullRequest("closed", pullRequest),
      this.events.push(pullRequest.base.ref, before, mergeCommit),
    ];
  }

  /** Reopens a closed, unmerged pull request; returns its `reopened` event. */
  reopenPullRequest(number: number): GitHubEvent[] {
    const pullRequest = this.storedPullRequest(number);
    if (pullRequest.state !== "closed" || pullRequest.merged) {
      throw new Error(
        `Pull request #${number} is ${pullRequest.merged ? "merged" : "open"}: it cannot be reopened`,
      );
    }
    pullRequest.state = "open";
    pullRequest.closedAt = null;
    pullRequest.updatedAt = this.clock.now();
    return [this.events.pullRequest("reopened", pullRequest)];
  }

  /** Points an open pull request at another base branch; returns its `edited` event with `changes.base`. */
  changeBase(number: number, base: string): GitHubEvent[] {
    const pullRequest = this.requireOpen(number);
    const baseSha = this.branches.get(base);
    if (baseSha === undefined) throw new Error(`${this.fullName} has no base branch '${base}'`);
    const from = { ref: pullRequest.base.ref, sha: pullRequest.base.sha };
    pullRequest.base = { ref: base, sha: baseSha };
    pullRequest.updatedAt = this.clock.now();
    return [this.events.pullRequest("edited", pullRequest, from)];
  }

  /** The `ping` GitHub sends when a webhook is created. */
  ping(hook: StoredHook): GitHubEvent {
    return this.events.ping(hook);
  }

  /** A stored pull request; throws naming the number when there is none. */
  storedPullRequest(number: number): StoredPullRequest {
    const pullRequest = this.pullRequests.get(number);
    if (!pullRequest) throw new Error(`${this.fullName} has no pull request #${number}`);
    return pullRequest;
  }

  private requireOpen(number: number): StoredPullRequest {
    const pullRequest = this.storedPullRequest(number);
    if (pullRequest.state !== "open") throw new Error(`Pull request #${number} is not open`);
    return pullRequest;
  }

  private openPullRequestsFrom(branch: string): StoredPullRequest[] {
    return [...this.pullRequests.values()].filter(
      (pullRequest) =>
        pullRequest.state === "open" &&
        pullRequest.head.ref === branch &&
        pullRequest.head.repoFullName === this.fullName,
    );
  }

  /** Pull requests and issues share one sequence of numbers. */
  private nextIssueNumber(): number {
    return this.pullRequests.size + 1;
  }
}
