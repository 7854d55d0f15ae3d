/**
 * `parseGitHubDelivery`: a GitHub webhook delivery (`X-GitHub-Event`, `X-GitHub-Delivery` and the JSON payload) as
 * the very events the cloner plans for CodeCommit.
 *
 * The payload fields read are those GitHub documents for each event (`@octokit/webhooks-types` 7.6.1: `PushEvent`,
 * `PullRequestEvent`, `CreateEvent`, `DeleteEvent`, `PingEvent`; the schemas of GitHub's OpenAPI description's
 * `x-webhooks`). A branch's creation, pushes and deletion all arrive as `push` (`created`, `deleted`, `before`,
 * `after`): GitHub sends `create` and `delete` for the same change without a commit, so those are ignored and a
 * webhook needs only `push` and `pull_request`.
 */

import { sameGitHubRepository } from "../names/github-names.js";
import { DELETED_FORK } from "../pull-requests/fork-pull-requests.js";
import { BRANCH_REF_PREFIX } from "../shared/constants.js";
import { EventError, foundInstead } from "../shared/errors.js";
import { isRecord } from "../shared/plain-object.js";
import type { TributaryConfig } from "../shared/types.js";
import { type Plain, Problems } from "./event-problems.js";
import type { BranchEvent, IgnoredEvent, PullRequestEvent } from "./tributary-event.js";

/**
 * One delivery as the webhook endpoint received it.
 *
 * @example
 * const delivery: GitHubDeliveryInput = {
 *   name: headers["x-github-event"], deliveryId: headers["x-github-delivery"],
 *   receivedAt: new Date().toISOString(), payload: JSON.parse(body),
 * };
 */
export interface GitHubDeliveryInput {
  /** `X-GitHub-Event`: `push`, `pull_request`, `ping`, … */
  readonly name: string;
  /** `X-GitHub-Delivery`: the delivery's GUID, the same on a redelivery: the event id. */
  readonly deliveryId: string;
  /** When the endpoint received it (ISO 8601): deliveries carry no time of their own. */
  readonly receivedAt: string;
  /** The parsed JSON body. */
  readonly payload: unknown;
}

/**
 * What a delivery asks for: `accepted` (an event the cloner plans), `ignored` (valid, asks for nothing: a ping, a
 * tag, an event or action Tributary does not handle), or `foreign` (another repository's: the endpoint serves one).
 *
 * @example
 * const result: GitHubDelivery = parseGitHubDelivery(config, delivery);
 * if (result.outcome === "accepted") await handOn(result.event);
 */
export type GitHubDelivery =
  | { readonly outcome: "accepted"; readonly event: BranchEvent | PullRequestEvent }
  | { readonly outcome: "ignored"; readonly event: IgnoredEvent }
  | { readonly outcome: "foreign"; readonly event: IgnoredEvent; readonly repository: string };

/**
 * The events a Tributary webhook subscribes to (`push` carries branch creation and deletion too).
 *
 * @example
 * await octokit.rest.repos.createWebhook({ owner, repo, events: [...GITHUB_WEBHOOK_EVENTS], config: { url, secret } });
 */
export const GITHUB_WEBHOOK_EVENTS: readonly string[] = Object.freeze(["push", "pull_request"]);

const DOCS = "GitHub's webhook documentation shows each payload";

function fixFor(path: string): string {
  return `Send the payload exactly as GitHub delivers it (${path} is part of every such delivery); ${DOCS}.`;
}

/** Reads one delivery's fields into `Problems`, so a malformed payload reports every bad field at once. */
class PayloadReader {
  readonly problems = new Problems(fixFor, DOCS, `Send the delivery exactly as GitHub sends it; ${DOCS}.`);

  object(parent: Plain, key: string, path: string): Plain | undefined {
    const value = parent[key];
    if (isRecord(value)) return value;
    this.problems.add(`${path}.${key}`, value, foundInstead(value, "an object"));
    return undefined;
  }

  text(parent: Plain | undefined, key: string, path: string): string | undefined {
    return parent === undefined ? undefined : this.problems.text(parent, key, path);
  }

  sha(parent: Plain | undefined, key: string, path: string): string | undefined {
    return parent === undefined ? undefined : this.problems.commit(parent, key, path);
  }

  boolean(parent: Plain, key: string, path: string): boolean | undefined {
    const value = parent[key];
    if (typeof value === "boolean") return value;
    this.problems.add(`${path}.${key}`, value, foundInstead(value, "true or false"));
    return undefined;
  }
}

/**
 * Parses a GitHub webhook delivery into the event the cloner plans, exactly as for CodeCommit:
 * - `push` of a branch: `branchCreated` (`created`, at `after`), `branchDeleted` (`deleted`, at `before`), else
 *   `branchUpdated` (at `after`); a tag (`refs/tags/…`) or another ref is ignored;
 * - `pull_request`: `opened` and `reopened` → `pullRequestOpened`, `synchronize` → `pullRequestSourceUpdated`,
 *   `closed` → `pullRequestClosed` (`merged` as GitHub says), `edited` with `changes.base` → `pullRequestOpened` on the
 *   new base with `previousDestinationBranch`; a head in another repository (a fork) is named in `headRepository`;
 *   `revisionId` is the head sha (what a commit status is set on); other actions are ignored;
 * - `create` and `delete` are ignored (the `push` of the same ref carries the change, with its commit); `ping` and any
 *   other event are ignored with the reason.
 * The event id is `X-GitHub-Delivery`; `time` is when it was received. A delivery of another repository than
 * `config.repository` is `foreign`. A malformed payload throws `EventError` naming every bad field with its fix;
 * nothing else is thrown, whatever the payload.
 *
 * @example
 * parseGitHubDelivery(config, { name: "push", deliveryId: "72d3162e-…", receivedAt: "2026-11-27T10:00:00.000Z",
 *   payload: { ref: "refs/heads/feature/login", before: "0000…", after: "6113…", created: true, deleted: false,
 *              repository: { full_name: "acme/infra" } } });
 * // { outcome: "accepted", event: { type: "branchCreated", id: "72d3162e-…", repository: "acme/infra",
 * //   branch: "feature/login", commitId: "6113…", time: "2026-11-27T10:00:00.000Z" } }
 */
export function parseGitHubDelivery(
  config: Pick<TributaryConfig, "repository">,
  delivery: GitHubDeliveryInput,
): GitHubDelivery {
  try {
    return Object.freeze(parse(config.repository, delivery));
  } catch (error) {
    if (error instanceof EventError) throw error;
    throw new EventError(
      "payload",
      undefined,
      "cannot be read as a GitHub delivery (unreadable fields)",
      `Send the payload as plain JSON, exactly as GitHub delivers it; ${DOCS}.`,
    );
  }
}

function parse(expected: string, delivery: GitHubDeliveryInput): GitHubDelivery {
  const base = { id: delivery.deliveryId, time: delivery.receivedAt };
  const ignored = (reason: string): GitHubDelivery => ({
    outcome: "ignored",
    event: Object.freeze({ ...base, type: "ignored", reason }),
  });
  const { name, payload } = delivery;
  if (name === "ping") return ignored("ping: GitHub checks that the webhook reaches its endpoint");
  if (!["push", "pull_request", "create", "delete"].includes(name)) {
    return ignored(
      `GitHub event "${name}" is not handled; the webhook needs only ${GITHUB_WEBHOOK_EVENTS.join(" and ")}`,
    );
  }
  if (!isRecord(payload)) {
    throw new EventError(
      "payload",
      payload,
      foundInstead(payload, "an object"),
      `Send the delivery's JSON body (content type application/json); ${DOCS}.`,
    );
  }
  const reader = new PayloadReader();
  const repository = reader.text(
    reader.object(payload, "repository", "payload"),
    "full_name",
    "payload.repository",
  );
  if (repository !== undefined && !sameGitHubRepository(repository, expected)) {
    reader.problems.check();
    return {
      outcome: "foreign",
      repository,
      event: Object.freeze({
        ...base,
        type: "ignored",
        reason: `delivery is for repository "${repository}", not the configured repository "${expected}"`,
      }),
    };
  }
  if (name === "create" || name === "delete") {
    const refType = reader.text(payload, "ref_type", "payload");
    const ref = reader.text(payload, "ref", "payload");
    reader.problems.check();
    return ignored(
      refType === "branch"
        ? `"${name}" of branch "${ref}": the push event of the same branch carries it, with its commit`
        : `${refType} "${ref}" is not a branch`,
    );
  }
  const parts: DeliveryParts = { base, repository: expected, payload, reader, ignored };
  return name === "push" ? parsePush(parts) : parsePullRequest(parts);
}

/** What the parser of one event reads with: the event's id and time, the repository, the payload, its reader. */
interface DeliveryParts {
  readonly base: { readonly id: string; readonly time: string };
  readonly repository: string;
  readonly payload: Plain;
  readonly reader: PayloadReader;
  readonly ignored: (reason: string) => GitHubDelivery;
}

function parsePush({ base, repository, payload, reader, ignored }: DeliveryParts): GitHubDelivery {
  const ref = reader.text(payload, "ref", "payload");
  if (ref?.startsWith("refs/tags/")) {
    reader.problems.check();
    return ignored(`tag "${ref.slice("refs/tags/".length)}" is not a branch`);
  }
  if (ref !== undefined && !ref.startsWith(BRANCH_REF_PREFIX)) {
    reader.problems.check();
    return ignored(`reference "${ref}" is not a branch`);
  }
  const branch = ref?.slice(BRANCH_REF_PREFIX.length);
  if (branch === "") reader.problems.add("payload.ref", ref, "names no branch", fixFor("payload.ref"));
  const created = reader.boolean(payload, "created", "payload");
  const deleted = reader.boolean(payload, "deleted", "payload");
  const before = reader.sha(payload, "before", "payload");
  const after = reader.sha(payload, "after", "payload");
  reader.problems.check();
  const type: BranchEvent["type"] = deleted ? "branchDeleted" : created ? "branchCreated" : "branchUpdated";
  const commitId = (deleted ? before : after) as string;
  return {
    outcome: "accepted",
    event: Object.freeze({ ...base, type, repository, branch: branch as string, commitId }),
  };
}

const PULL_REQUEST_ACTIONS = ["opened", "reopened", "synchronize", "closed", "edited"];

function parsePullRequest({ base, repository, payload, reader, ignored }: DeliveryParts): GitHubDelivery {
  const action = reader.text(payload, "action", "payload");
  const number = payload.number;
  if (!Number.isSafeInteger(number) || (number as number) < 1) {
    reader.problems.add("payload.number", number, foundInstead(number, "a pull request number (1 or more)"));
  }
  if (action !== undefined && !PULL_REQUEST_ACTIONS.includes(action)) {
    reader.problems.check();
    return ignored(`pull request ${String(number)} "${action}" is not handled`);
  }
  const changes = isRecord(payload.changes) ? payload.changes : undefined;
  const baseChange = changes !== undefined && isRecord(changes.base) ? changes.base : undefined;
  if (action === "edited" && baseChange === undefined) {
    reader.problems.check();
    return ignored(`pull request ${String(number)} was edited, its base branch did not change`);
  }
  const pull = reader.object(payload, "pull_request", "payload");
  const head = pull === undefined ? undefined : reader.object(pull, "head", "payload.pull_request");
  const target = pull === undefined ? undefined : reader.object(pull, "base", "payload.pull_request");
  const sourceBranch = reader.text(head, "ref", "payload.pull_request.head");
  const sourceCommit = reader.sha(head, "sha", "payload.pull_request.head");
  const destinationBranch = reader.text(target, "ref", "payload.pull_request.base");
  const destinationCommit = reader.sha(target, "sha", "payload.pull_request.base");
  const title = pull?.title;
  if (pull !== undefined && typeof title !== "string") {
    reader.problems.add("payload.pull_request.title", title, foundInstead(title, "a string"));
  }
  const headRepo = head?.repo;
  let headRepository: string | undefined;
  if (head !== undefined && headRepo === null) headRepository = DELETED_FORK;
  else if (head !== undefined) {
    const name = reader.text(
      reader.object(head, "repo", "payload.pull_request.head"),
      "full_name",
      "payload.pull_request.head.repo",
    );
    if (name !== undefined && !sameGitHubRepository(name, repository)) headRepository = name;
  }
  const previous =
    baseChange === undefined
      ? undefined
      : reader.text(
          reader.object(baseChange, "ref", "payload.changes.base"),
          "from",
          "payload.changes.base.ref",
        );
  reader.problems.check();

  const type: PullRequestEvent["type"] =
    action === "synchronize"
      ? "pullRequestSourceUpdated"
      : action === "closed"
        ? "pullRequestClosed"
        : "pullRequestOpened";
  const event: PullRequestEvent = {
    ...base,
    type,
    repository,
    pullRequestId: String(number),
    sourceBranch: sourceBranch as string,
    destinationBranch: destinationBranch as string,
    sourceCommit: sourceCommit as string,
    destinationCommit: destinationCommit as string,
    title: title as string,
    merged: action === "closed" && pull?.merged === true,
    revisionId: sourceCommit as string,
    ...(headRepository === undefined ? {} : { headRepository }),
    ...(previous === undefined ? {} : { previousDestinationBranch: previous }),
  };
  return { outcome: "accepted", event: Object.freeze(event) };
}
