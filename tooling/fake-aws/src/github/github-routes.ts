/**
 * What the GitHub double does for each operation it serves, keyed by the description's `operationId`. Requests
 * reach a handler only after the description has validated them; handlers enforce what the description does not
 * say but GitHub does (each with its source), change the state and build the answer.
 */
import { isObject } from "../json";
import type { FakeClock, FakeGitHubRepository } from "./fake-github-repository";
import type { Caller, GitHubAuth, Permissions } from "./github-auth";
import { GITHUB_DOCS, notFound, validationFailed } from "./github-error";
import { paginate } from "./github-pagination";
import type { RestResources } from "./rest-resources";
import type { StoredStatus } from "./stored-records";

/**
 * The most characters an issue comment holds: GitHub answers a longer body 422 "Body is too long (maximum is 65536 characters)".
 *
 * @example
 * formatComment(preview, { maxLength: COMMENT_BODY_MAX });
 */
export const COMMENT_BODY_MAX = 65_536;

/**
 * The most characters a commit status description holds: a longer one is refused 422, not truncated.
 *
 * @example
 * description.length <= STATUS_DESCRIPTION_MAX; // else GitHub answers 422
 */
export const STATUS_DESCRIPTION_MAX = 140;

/** Statuses GitHub keeps per sha and context ("there is a limit of 1000 statuses per `sha` and `context`"). */
export const STATUSES_PER_CONTEXT_MAX = 1000;

/** One answer of a handler. */
export interface RouteAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a handler gets: the validated request, its caller and the double's state. */
export interface RouteContext {
  readonly path: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
  /** The request's full URL on the double (pagination links keep its query). */
  readonly url: string;
  readonly caller: Caller;
  readonly repository: () => FakeGitHubRepository;
  readonly resources: RestResources;
  readonly auth: GitHubAuth;
  readonly clock: FakeClock;
}

type Handler = (context: RouteContext) => RouteAnswer;

const COMMENT_DOCS = `${GITHUB_DOCS}/issues/comments#create-an-issue-comment`;
const UPDATE_COMMENT_DOCS = `${GITHUB_DOCS}/issues/comments#update-an-issue-comment`;
const STATUS_DOCS = `${GITHUB_DOCS}/commits/statuses#create-a-commit-status`;

function list<T>(context: RouteContext, items: readonly T[], render: (item: T) => unknown): RouteAnswer {
  const page = paginate(items, context.url);
  return { status: 200, body: page.items.map(render), headers: page.link ? { link: page.link } : {} };
}

/** Characters as GitHub counts them for its length limits (Unicode code points, as Ruby's `String#length`). */
function characters(text: string): number {
  return [...text].length;
}

function commentBody(context: RouteContext, docs: string): string {
  const body = isObject(context.body) ? String(context.body.body) : "";
  if (characters(body) > COMMENT_BODY_MAX) {
    throw validationFailed(
      "IssueComment",
      "data",
      `Body is too long (maximum is ${COMMENT_BODY_MAX} characters)`,
      docs,
      "unprocessable",
    );
  }
  return body;
}

function pullRequestNumber(context: RouteContext): number {
  const number = Number(context.path.issue_number ?? context.path.pull_number);
  if (!context.repository().pullRequests.has(number))
    throw notFound(`${GITHUB_DOCS}/pulls/pulls#get-a-pull-request`);
  return number;
}

/** The latest status of each context (contexts are case-insensitive, the description says), newest first. */
function latestByContext(statuses: readonly StoredStatus[]): StoredStatus[] {
  const latest = new Map<string, StoredStatus>();
  for (const status of [...statuses].reverse()) {
    if (!latest.has(status.context.toLowerCase())) latest.set(status.context.toLowerCase(), status);
  }
  return [...latest.values()];
}

/**
 * The combined state, as the description of `repos/get-combined-status-for-ref` defines it: failure if any
 * context reports error or failure, pending if there are no statuses or a context is pending, else success.
 */
function combinedState(latest: readonly StoredStatus[]): string {
  if (latest.some((status) => status.state === "error" || status.state === "failure")) return "failure";
  if (latest.length === 0 || latest.some((status) => status.state === "pending")) return "pending";
  return "success";
}

/** A ref of the status endpoints: a sha, or a branch name resolved to its head. */
function resolveRef(repository: FakeGitHubRepository, ref: string): string {
  return repository.branches.get(ref) ?? ref;
}

/** The handlers by operation id; an operation without one is refused and recorded as unsupported by the double. */
export const ROUTES: Readonly<Record<string, Handler>> = {
  "repos/get": (context) => ({ status: 200, body: context.resources.repository(context.repository()) }),

  "repos/list-branches": (context) => {
    const repository = context.repository();
    const names = [...repository.branches.keys()].sort();
    const filtered = context.query.protected === true ? [] : names;
    return list(context, filtered, (name) => context.resources.branch(repository, name));
  },

  "pulls/list": (context) => {
    const repository = context.repository();
    const state = String(context.query.state ?? "open");
    const pulls = [...repository.pullRequests.values()]
      .filter((pull) => state === "all" || pull.state === state)
      .filter((pull) => context.query.base === undefined || pull.base.ref === context.query.base)
      .filter(
        (pull) =>
          context.query.head === undefined ||
          `${pull.head.repoFullName.split("/")[0]}:${pull.head.ref}` === context.query.head,
      )
      .sort((a, b) => (context.query.direction === "asc" ? a.number - b.number : b.number - a.number));
    return list(context, pulls, (pull) => context.resources.pullRequest(repository, pull, false));
  },

  "pulls/get": (context) => {
    const repository = context.repository();
    const pull = repository.pullRequests.get(Number(context.path.pull_number));
    if (!pull) throw notFound(`${GITHUB_DOCS}/pulls/pulls#get-a-pull-request`);
    return { status: 200, body: context.resources.pullRequest(repository, pull, true) };
  },

  "issues/list-comments": (context) => {
    const repository = context.repository();
    const number = pullRequestNumber(context);
    const comments = repository.comments.filter((comment) => comment.issueNumber === number);
    return list(context, comments, (comment) => context.resources.comment(repository, comment));
  },

  "issues/get-comment": (context) => {
    const repository = context.repository();
    const comment = repository.comments.find((candidate) => candidate.id === Number(context.path.comment_id));
    if (!comment) throw notFound(`${GITHUB_DOCS}/issues/comments#get-an-issue-comment`);
    return { status: 200, body: context.resources.comment(repository, comment) };
  },

  "issues/create-comment": (context) => {
    const repository = context.repository();
    const issueNumber = pullRequestNumber(context);
    const body = commentBody(context, COMMENT_DOCS);
    const createdAt = context.clock.now();
    const comment = {
      id: context.clock.nextId(),
      issueNumber,
      body,
      author: "tributary[bot]",
      createdAt,
      updatedAt: createdAt,
    };
    repository.comments.push(comment);
    return { status: 201, body: context.resources.comment(repository, comment) };
  },

  "issues/update-comment": (context) => {
    const repository = context.repository();
    const comment = repository.comments.find((candidate) => candidate.id === Number(context.path.comment_id));
    if (!comment) throw notFound(UPDATE_COMMENT_DOCS);
    comment.body = commentBody(context, UPDATE_COMMENT_DOCS);
    comment.updatedAt = context.clock.now();
    return { status: 200, body: context.resources.comment(repository, comment) };
  },

  "repos/create-commit-status": (context) => {
    const repository = context.repository();
    const input = isObject(context.body) ? context.body : {};
    const description = typeof input.description === "string" ? input.description : null;
    if (description !== null && characters(description) > STATUS_DESCRIPTION_MAX) {
      throw validationFailed(
        "Status",
        "description",
        `description is too long (maximum is ${STATUS_DESCRIPTION_MAX} characters)`,
        STATUS_DOCS,
      );
    }
    const sha = String(context.path.sha);
    const contextName = typeof input.context === "string" ? input.context : "default";
    const same = repository.statuses.filter(
      (status) => status.sha === sha && status.context.toLowerCase() === contextName.toLowerCase(),
    );
    if (same.length >= STATUSES_PER_CONTEXT_MAX) {
      throw validationFailed(
        "Status",
        "context",
        `This SHA and context has reached the maximum number of statuses.`,
        STATUS_DOCS,
      );
    }
    const status: StoredStatus = {
      id: context.clock.nextId(),
      sha,
      state: String(input.state) as StoredStatus["state"],
      targetUrl: typeof input.target_url === "string" ? input.target_url : null,
      description,
      context: contextName,
      creator: "tributary[bot]",
      createdAt: context.clock.now(),
    };
    repository.statuses.push(status);
    return { status: 201, body: context.resources.status(repository, status) };
  },

  "repos/list-commit-statuses-for-ref": (context) => {
    const repository = context.repository();
    const sha = resolveRef(repository, String(context.path.ref));
    const statuses = repository.statuses.filter((status) => status.sha === sha).reverse();
    return list(context, statuses, (status) => context.resources.status(repository, status));
  },

  "repos/get-combined-status-for-ref": (context) => {
    const repository = context.repository();
    const sha = resolveRef(repository, String(context.path.ref));
    const latest = latestByContext(repository.statuses.filter((status) => status.sha === sha));
    const body = context.resources.combinedStatus(repository, sha, combinedState(latest), latest);
    return { status: 200, body };
  },

  "repos/create-webhook": (context) => {
    const repository = context.repository();
    const input = isObject(context.body) ? context.body : {};
    const config = isObject(input.config) ? input.config : {};
    const hook = {
      id: context.clock.nextId(),
      name: typeof input.name === "string" ? input.name : "web",
      active: input.active !== false,
      events: Array.isArray(input.events) ? input.events.map(String) : ["push"],
      config: {
        ...(typeof config.url === "string" ? { url: config.url } : {}),
        contentType: typeof config.content_type === "string" ? config.content_type : "form",
        insecureSsl: config.insecure_ssl === undefined ? "0" : String(config.insecure_ssl),
      },
      secret: typeof config.secret === "string" ? config.secret : undefined,
      createdAt: context.clock.now(),
    };
    repository.hooks.push(hook);
    return { status: 201, body: context.resources.hook(repository, hook) };
  },

  "repos/list-webhooks": (context) => {
    const repository = context.repository();
    return list(context, repository.hooks, (hook) => context.resources.hook(repository, hook));
  },

  "apps/create-installation-access-token": (context) => {
    const input = isObject(context.body) ? context.body : {};
    const requested = isObject(input.permissions) ? (input.permissions as Permissions) : undefined;
    const issued = context.auth.issueInstallationToken(Number(context.path.installation_id), requested);
    return {
      status: 201,
      body: context.resources.installationToken(issued.token, issued.expiresAt, issued.permissions),
    };
  },
};
