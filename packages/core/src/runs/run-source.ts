/** Which branch or pull request a pipeline runs for, from its name alone, and the key of its live row. */

import { PREFIXED_BRANCH_KINDS } from "../config/defaults.js";
import { cloneNamePrefix, environmentPipelineName, tagValue } from "../names/names.js";
import type { SourceClosedRequest } from "./run-history-request.js";
import type { RunSource } from "./run-record.js";

/**
 * The source of a run of `pipeline`, an environment's pipeline or one of its clones (`<project>-<env>` or
 * `<project>-<env>-<kind>-…`, core's naming scheme), with the branch the run's `Branch` variable names. `undefined`
 * for a name the scheme does not produce (it is not Tributary's, and its runs are not recorded).
 *
 * @example
 * runSourceOf({ project: "acme", environment: "dev", pipeline: "acme-dev-pr-42", branch: "feature/login" });
 * // { kind: "pr", pullRequestId: "42", branch: "feature/login" }
 * runSourceOf({ project: "acme", environment: "dev", pipeline: "acme-dev" }); // { kind: "environment" }
 */
export function runSourceOf(input: {
  readonly project: string;
  readonly environment: string;
  readonly pipeline: string;
  readonly branch?: string | undefined;
}): RunSource | undefined {
  const branch = input.branch === undefined || input.branch === "" ? {} : { branch: input.branch };
  if (input.pipeline === environmentPipelineName(input.project, input.environment)) {
    return { kind: "environment", ...branch };
  }
  for (const kind of [...PREFIXED_BRANCH_KINDS, "pr"] as const) {
    const prefix = cloneNamePrefix({ project: input.project }, input.environment, kind);
    if (!input.pipeline.startsWith(prefix)) continue;
    const part = input.pipeline.slice(prefix.length);
    if (part === "") return undefined;
    if (kind !== "pr") return { kind, ...branch };
    return /^[0-9]{1,20}$/.test(part) ? { kind: "pr", pullRequestId: part, ...branch } : undefined;
  }
  return undefined;
}

/**
 * The key of a source's live row: `pr#<id>` for a pull request, `branch#<Branch variable>` for a branch, and
 * `pipeline#<name>` when the run's branch is unknown. A deleted branch or a closed pull request names the same key
 * (`closedSourceKey`), which is why it is built from what a CodeCommit event carries, not from the pipeline's name.
 *
 * @example
 * liveSourceKey({ kind: "pr", pullRequestId: "42" }, "acme-dev-pr-42"); // "pr#42"
 * liveSourceKey({ kind: "feature", branch: "feature/login" }, "acme-dev-feature-login"); // "branch#feature/login"
 */
export function liveSourceKey(source: RunSource, pipeline: string): string {
  if (source.kind === "pr" && source.pullRequestId !== undefined) return `pr#${source.pullRequestId}`;
  if (source.branch !== undefined) return `branch#${source.branch}`;
  return `pipeline#${pipeline}`;
}

/**
 * The live-row key a deleted branch or a closed pull request retires: the branch as its `Branch` variable holds it
 * (core's `tagValue`), or the pull request.
 *
 * @example
 * closedSourceKey({ kind: "sourceClosed", eventId: "e", time: "2026-11-28T09:00:00.000Z", project: "acme", branch: "feature/login" });
 * // "branch#feature/login"
 */
export function closedSourceKey(request: SourceClosedRequest): string {
  return request.pullRequestId !== undefined
    ? `pr#${request.pullRequestId}`
    : `branch#${tagValue(request.branch ?? "")}`;
}
