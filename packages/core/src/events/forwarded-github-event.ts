/**
 * The event the GitHub webhook function hands the cloner: the parsed delivery (`parseGitHubDelivery`) in an
 * EventBridge-shaped envelope, so the cloner reads it with `parseEvent` like every other event, checked again at its
 * own boundary.
 */

import { foundInstead } from "../shared/errors.js";
import { isRecord } from "../shared/plain-object.js";
import { Problems } from "./event-problems.js";
import type { BranchEvent, PullRequestEvent, TributaryEvent } from "./tributary-event.js";

/**
 * The `source` of a forwarded GitHub delivery.
 *
 * @example
 * parseEvent({ id, time, source: GITHUB_DELIVERY_SOURCE, "detail-type": GITHUB_DELIVERY_DETAIL_TYPE, detail }, config);
 */
export const GITHUB_DELIVERY_SOURCE = "tributary.github";

/**
 * The `detail-type` of a forwarded GitHub delivery.
 *
 * @example
 * forwardedGitHubEvent(event)["detail-type"]; // "GitHub Delivery"
 */
export const GITHUB_DELIVERY_DETAIL_TYPE = "GitHub Delivery";

/**
 * A GitHub delivery as the webhook function hands it on: its id is `X-GitHub-Delivery`, its detail the parsed event.
 *
 * @example
 * const forwarded: ForwardedGitHubEvent = forwardedGitHubEvent(delivery.event);
 * await lambda.send(new InvokeCommand({ FunctionName, InvocationType: "Event", Payload: JSON.stringify(forwarded) }));
 */
export interface ForwardedGitHubEvent {
  readonly id: string;
  readonly time: string;
  readonly source: typeof GITHUB_DELIVERY_SOURCE;
  readonly "detail-type": typeof GITHUB_DELIVERY_DETAIL_TYPE;
  readonly detail: BranchEvent | PullRequestEvent;
}

/**
 * Wraps a parsed delivery's event for the cloner.
 *
 * @example
 * forwardedGitHubEvent(event);
 * // { id: event.id, time: event.time, source: "tributary.github", "detail-type": "GitHub Delivery", detail: event }
 */
export function forwardedGitHubEvent(event: BranchEvent | PullRequestEvent): ForwardedGitHubEvent {
  return Object.freeze({
    id: event.id,
    time: event.time,
    source: GITHUB_DELIVERY_SOURCE,
    "detail-type": GITHUB_DELIVERY_DETAIL_TYPE,
    detail: event,
  });
}

const FIX =
  "Hand on the event parseGitHubDelivery returned, wrapped by forwardedGitHubEvent (the GitHub webhook function does)";

const BRANCH_TYPES = ["branchCreated", "branchUpdated", "branchDeleted"] as const;
const PULL_REQUEST_TYPES = ["pullRequestOpened", "pullRequestSourceUpdated", "pullRequestClosed"] as const;

/**
 * Reads the detail of a forwarded GitHub delivery back into its event, with the envelope's id and time. Throws
 * `EventError` naming every bad field (`detail.type`, `detail.branch`, …); it never trusts the sender.
 *
 * @example
 * readForwardedDetail({ id, time }, forwardedGitHubEvent(event).detail); // the event
 */
export function readForwardedDetail(base: { id: string; time: string }, detail: unknown): TributaryEvent {
  const problems = new Problems(() => `${FIX}.`, FIX);
  if (!isRecord(detail)) {
    problems.add("detail", detail, foundInstead(detail, "an object"));
    return problems.fail();
  }
  const type = problems.oneOf(detail, "type", "detail", [...BRANCH_TYPES, ...PULL_REQUEST_TYPES]);
  const repository = problems.text(detail, "repository", "detail");
  const optional = (key: string): string | undefined => {
    const value = detail[key];
    if (value === undefined) return undefined;
    if (typeof value === "string" && value.length > 0) return value;
    problems.add(`detail.${key}`, value, foundInstead(value, "a string (or left out)"));
    return undefined;
  };
  if ((BRANCH_TYPES as readonly string[]).includes(type ?? "")) {
    const fields = {
      branch: problems.text(detail, "branch", "detail"),
      commitId: problems.commit(detail, "commitId", "detail"),
    };
    problems.check();
    return Object.freeze({ ...base, type, repository, ...fields } as BranchEvent);
  }
  // Every required text field, in the event's order, so one EventError names each that is missing.
  const texts = Object.fromEntries(
    ["pullRequestId", "sourceBranch", "destinationBranch", "sourceCommit", "destinationCommit"].map((key) => [
      key,
      problems.text(detail, key, "detail"),
    ]),
  );
  const { title, merged } = detail;
  if (typeof title !== "string") problems.add("detail.title", title, foundInstead(title, "a string"));
  if (typeof merged !== "boolean")
    problems.add("detail.merged", merged, foundInstead(merged, "true or false"));
  const optionals = Object.fromEntries(
    ["revisionId", "headRepository", "previousDestinationBranch"].flatMap((key) => {
      const value = optional(key);
      return value === undefined ? [] : [[key, value]];
    }),
  );
  problems.check();
  return Object.freeze({
    ...base,
    type,
    repository,
    ...texts,
    title,
    merged,
    ...optionals,
  } as PullRequestEvent);
}
