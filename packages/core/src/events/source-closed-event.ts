/**
 * A GitHub branch deleted or pull request closed, told to the run history. CodeCommit puts its own events on the
 * default bus, which the notifier's rules turn into a `sourceClosed` request; a GitHub delivery reaches only the
 * cloner, so the cloner puts this event (EventBridge PutEvents on the default bus) when it handles one, and the
 * notifier's rules for a GitHub source turn it into the same request: the branch's or pull request's live row leaves
 * the overview.
 */

import { PROJECT_PATTERN } from "../config/define-config.js";
import { BRANCH_REF_PREFIX } from "../shared/constants.js";
import { EventError } from "../shared/errors.js";
import { isRecord } from "../shared/plain-object.js";

/**
 * The source and detail-type of the event (what the cloner puts, its IAM condition and the notifier's rules match).
 *
 * @example
 * { source: [SOURCE_CLOSED_EVENT.source], "detail-type": [SOURCE_CLOSED_EVENT.detailType], detail: { project: ["acme"] } }
 */
export const SOURCE_CLOSED_EVENT = {
  source: "tributary.cloner",
  detailType: "Tributary Source Closed",
} as const;

/**
 * Where the rules read the event's fields (EventBridge paths into the event), for their input transformers.
 *
 * @example
 * events.EventField.fromPath(SOURCE_CLOSED_PATHS.branch); // "$.detail.branch"
 */
export const SOURCE_CLOSED_PATHS = {
  project: "$.detail.project",
  branch: "$.detail.branch",
  pullRequestId: "$.detail.pullRequestId",
} as const;

/**
 * The event's detail: the project, and either the deleted branch (without `refs/heads/`) or the closed pull request.
 *
 * @example
 * const detail: SourceClosedDetail = { project: "acme", branch: "feature/login" };
 */
export type SourceClosedDetail =
  | { readonly project: string; readonly branch: string }
  | { readonly project: string; readonly pullRequestId: string };

const FIX =
  'Put the detail core\'s sourceClosedDetail builds: { project, branch } or { project, pullRequestId }, e.g. { "project": "acme", "branch": "feature/login" }.';

/**
 * The detail for a deleted branch or a closed pull request of `project`; a branch loses its `refs/heads/`.
 *
 * @example
 * sourceClosedDetail("acme", { branch: "refs/heads/feature/login" }); // { project: "acme", branch: "feature/login" }
 * sourceClosedDetail("acme", { pullRequestId: "42" });              // { project: "acme", pullRequestId: "42" }
 */
export function sourceClosedDetail(
  project: string,
  closed: { readonly branch: string } | { readonly pullRequestId: string },
): SourceClosedDetail {
  return parseSourceClosedDetail({ project, ...closed });
}

/**
 * Reads the event's detail; throws `EventError` naming the field, the bad value and the fix, never a `TypeError`.
 *
 * @example
 * parseSourceClosedDetail({ project: "acme", pullRequestId: "42" }); // { project: "acme", pullRequestId: "42" }
 */
export function parseSourceClosedDetail(raw: unknown): SourceClosedDetail {
  if (!isRecord(raw)) throw new EventError("detail", raw, "must be an object", FIX);
  const { project, branch, pullRequestId } = raw;
  if (typeof project !== "string" || !PROJECT_PATTERN.test(project)) {
    throw new EventError("detail.project", project, "must be a Tributary project name", FIX);
  }
  if ((branch === undefined) === (pullRequestId === undefined)) {
    throw new EventError(
      branch === undefined ? "detail.branch" : "detail.pullRequestId",
      branch ?? pullRequestId,
      "a Source Closed detail names exactly one of branch and pullRequestId",
      FIX,
    );
  }
  if (branch !== undefined) {
    const name =
      typeof branch === "string" && branch.startsWith(BRANCH_REF_PREFIX)
        ? branch.slice(BRANCH_REF_PREFIX.length)
        : branch;
    if (typeof name !== "string" || name.trim() === "") {
      throw new EventError("detail.branch", branch, "must be a branch name", FIX);
    }
    return Object.freeze({ project, branch: name });
  }
  if (typeof pullRequestId !== "string" || !/^[0-9]{1,20}$/.test(pullRequestId)) {
    throw new EventError(
      "detail.pullRequestId",
      pullRequestId,
      "must be a pull request number (digits)",
      FIX,
    );
  }
  return Object.freeze({ project, pullRequestId });
}
