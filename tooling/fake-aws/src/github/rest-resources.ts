/**
 * The bodies the GitHub double answers: each starts from the example of the operation's success response in
 * GitHub's description and has the double's state written over the fields that state owns (names, numbers, shas,
 * refs, bodies, timestamps). Fields the double keeps no state for (reviewers, teams, labels, branch protection) are
 * answered empty, as for a repository that uses none of them; some of the description's own examples would not
 * validate there (their `requested_teams` lack the `type` the schema requires, their branch protection lacks
 * `checks`). `rest-resources.test.ts` validates every body against the operation's response schema.
 */
import type { JsonObject } from "../json";
import type { FakeGitHubRepository } from "./fake-github-repository";
import { type GitHubDescription, responseExample } from "./openapi-description";
import {
  hookFields,
  type StoredHook,
  type StoredIssueComment,
  type StoredPullRequest,
  type StoredStatus,
} from "./stored-records";

type Example = JsonObject & Record<string, unknown>;

function exampleOf(description: GitHubDescription, operationId: string, status: number): Example {
  const value = responseExample(description.operation(operationId), status);
  const item = Array.isArray(value) ? value[0] : value;
  if (typeof item !== "object" || item === null) throw new Error(`${operationId}'s example is not an object`);
  return item as Example;
}

function overlay(target: unknown, values: Record<string, unknown>): void {
  if (typeof target === "object" && target !== null) Object.assign(target, values);
}

function apiUrl(repository: FakeGitHubRepository): string {
  return `https://api.github.com/repos/${repository.fullName}`;
}

function htmlUrl(repository: FakeGitHubRepository): string {
  return `https://github.com/${repository.fullName}`;
}

/**
 * A user object (`simple-user`) with this login, from an example's user. An app's bot user (`name[bot]`) links to
 * its app page, and its API URL escapes the brackets (a `uri` cannot hold them).
 */
function user(template: unknown, login: string): unknown {
  const copy = structuredClone(template);
  const app = /^(.+)\[bot\]$/.exec(login)?.[1];
  overlay(copy, {
    login,
    type: app ? "Bot" : "User",
    html_url: app ? `https://github.com/apps/${app}` : `https://github.com/${login}`,
    url: `https://api.github.com/users/${encodeURIComponent(login)}`,
  });
  return copy;
}

/**
 * Builds answers for one double from the description's examples.
 *
 * @example
 * const resources = new RestResources(GitHubDescription.load());
 * resources.branch(repository, "develop"); // { name: "develop", commit: { sha, url }, protected: false }
 */
export class RestResources {
  constructor(private readonly description: GitHubDescription) {}

  /** `repos/get`: the repository. */
  repository(repository: FakeGitHubRepository): Example {
    const body = exampleOf(this.description, "repos/get", 200);
    overlay(body, {
      id: repository.id,
      name: repository.name,
      full_name: repository.fullName,
      default_branch: repository.defaultBranch,
      url: apiUrl(repository),
      html_url: htmlUrl(repository),
      fork: false,
      language: body.language ?? null,
    });
    // The example is a fork; the double's repositories are not, so they have no `parent` or `source`.
    delete body.parent;
    delete body.source;
    overlay(body.owner, { login: repository.owner });
    return body;
  }

  /** `repos/list-branches` item (`short-branch`), unprotected. */
  branch(repository: FakeGitHubRepository, name: string): Example {
    const body = exampleOf(this.description, "repos/list-branches", 200);
    const sha = repository.branches.get(name) ?? "";
    delete body.protection;
    delete body.protection_url;
    overlay(body, { name, protected: false, commit: { sha, url: `${apiUrl(repository)}/commits/${sha}` } });
    return body;
  }

  /** `pulls/list` item (`pull-request-simple`) or, with `full`, `pulls/get` (`pull-request`). */
  pullRequest(repository: FakeGitHubRepository, stored: StoredPullRequest, full: boolean): Example {
    const body = full
      ? exampleOf(this.description, "pulls/get", 200)
      : exampleOf(this.description, "pulls/list", 200);
    const url = `${apiUrl(repository)}/pulls/${stored.number}`;
    overlay(body, {
      id: stored.id,
      number: stored.number,
      state: stored.state,
      title: stored.title,
      body: null,
      locked: false,
      draft: false,
      created_at: stored.createdAt,
      updated_at: stored.updatedAt,
      closed_at: stored.closedAt,
      merged_at: stored.mergedAt,
      merge_commit_sha: stored.mergeCommitSha,
      url,
      html_url: `${htmlUrl(repository)}/pull/${stored.number}`,
      issue_url: `${apiUrl(repository)}/issues/${stored.number}`,
      comments_url: `${apiUrl(repository)}/issues/${stored.number}/comments`,
      statuses_url: `${apiUrl(repository)}/statuses/${stored.head.sha}`,
      user: user(body.user, stored.author),
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      labels: [],
      milestone: null,
      auto_merge: null,
      ...(full
        ? {
            merged: stored.merged,
            merged_by: stored.merged ? user(body.user, stored.author) : null,
            mergeable: stored.state === "open" ? true : null,
            mergeable_state: stored.state === "open" ? "clean" : "unknown",
          }
        : {}),
    });
    const [headOwner = "", headName = ""] = stored.head.repoFullName.split("/");
    const head = body.head as Example;
    overlay(head, { ref: stored.head.ref, sha: stored.head.sha, label: `${headOwner}:${stored.head.ref}` });
    overlay(head.user, { login: headOwner });
    overlay(head.repo, {
      name: headName,
      full_name: stored.head.repoFullName,
      fork: stored.head.repoFullName !== repository.fullName,
      html_url: `https://github.com/${stored.head.repoFullName}`,
      url: `https://api.github.com/repos/${stored.head.repoFullName}`,
    });
    overlay((head.repo as Example | undefined)?.owner, { login: headOwner });
    const base = body.base as Example;
    overlay(base, {
      ref: stored.base.ref,
      sha: stored.base.sha,
      label: `${repository.owner}:${stored.base.ref}`,
    });
    overlay(base.user, { login: repository.owner });
    overlay(base.repo, {
      id: repository.id,
      name: repository.name,
      full_name: repository.fullName,
      default_branch: repository.defaultBranch,
      fork: false,
    });
    overlay((base.repo as Example | undefined)?.owner, { login: repository.owner });
    return body;
  }

  /** `issues/get-comment` and friends (`issue-comment`). */
  comment(repository: FakeGitHubRepository, stored: StoredIssueComment): Example {
    const body = exampleOf(this.description, "issues/get-comment", 200);
    overlay(body, {
      id: stored.id,
      body: stored.body,
      created_at: stored.createdAt,
      updated_at: stored.updatedAt,
      url: `${apiUrl(repository)}/issues/comments/${stored.id}`,
      html_url: `${htmlUrl(repository)}/pull/${stored.issueNumber}#issuecomment-${stored.id}`,
      issue_url: `${apiUrl(repository)}/issues/${stored.issueNumber}`,
      user: user(body.user, stored.author),
    });
    return body;
  }

  /** `repos/create-commit-status` (`status`), or without the creator as the combined status lists it. */
  status(repository: FakeGitHubRepository, stored: StoredStatus, withCreator = true): Example {
    const body = withCreator
      ? exampleOf(this.description, "repos/create-commit-status", 201)
      : ((exampleOf(this.description, "repos/get-combined-status-for-ref", 200).statuses as Example[])[0] ??
        {});
    overlay(body, {
      id: stored.id,
      state: stored.state,
      description: stored.description,
      target_url: stored.targetUrl,
      context: stored.context,
      created_at: stored.createdAt,
      updated_at: stored.createdAt,
      url: `${apiUrl(repository)}/statuses/${stored.sha}`,
    });
    if (withCreator) overlay(body, { creator: user(body.creator, stored.creator) });
    return body;
  }

  /** `repos/get-combined-status-for-ref` (`combined-commit-status`). */
  combinedStatus(
    repository: FakeGitHubRepository,
    sha: string,
    state: string,
    latest: readonly StoredStatus[],
  ): Example {
    const body = exampleOf(this.description, "repos/get-combined-status-for-ref", 200);
    overlay(body, {
      state,
      sha,
      total_count: latest.length,
      statuses: latest.map((status) => this.status(repository, status, false)),
      commit_url: `${apiUrl(repository)}/commits/${sha}`,
      url: `${apiUrl(repository)}/commits/${sha}/status`,
    });
    overlay(body.repository, {
      id: repository.id,
      name: repository.name,
      full_name: repository.fullName,
      url: apiUrl(repository),
      html_url: htmlUrl(repository),
    });
    overlay((body.repository as Example | undefined)?.owner, { login: repository.owner });
    return body;
  }

  /** `repos/create-webhook` and `repos/list-webhooks` item (`hook`); the secret is never answered. */
  hook(repository: FakeGitHubRepository, stored: StoredHook): Example {
    const body = exampleOf(this.description, "repos/create-webhook", 201);
    const url = `${apiUrl(repository)}/hooks/${stored.id}`;
    overlay(body, {
      ...hookFields(stored),
      name: stored.name,
      url,
      test_url: `${url}/test`,
      ping_url: `${url}/pings`,
      deliveries_url: `${url}/deliveries`,
    });
    return body;
  }

  /** `apps/create-installation-access-token` (`installation-token`). */
  installationToken(
    token: string,
    expiresAt: string,
    permissions: Readonly<Record<string, string>>,
  ): Example {
    const body = exampleOf(this.description, "apps/create-installation-access-token", 201);
    overlay(body, {
      token,
      expires_at: expiresAt,
      permissions: { ...permissions },
      repository_selection: "all",
    });
    delete body.repositories;
    return body;
  }
}
