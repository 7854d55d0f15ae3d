/**
 * The merge gate on GitHub: a commit status on the commit a pull request's clone built, which a branch protection rule
 * can require. One context per project; each run's state sets it (`pending` while it runs, `success` or `failure` when
 * it ends), and a push sets the new head `pending` until its run reports.
 */

import type { TributaryConfig } from "../shared/types.js";
import type { COMMENTED_RUN_STATES } from "./pull-request-run-request.js";

/**
 * The most characters a commit status `description` holds. GitHub refuses a longer one with 422 "description is too
 * long (maximum is 140 characters)" instead of truncating it (observed answers cited in the GitHub double's FACTS.md;
 * the REST description declares no `maxLength`). Every description `mergeGateStatus` writes is shorter.
 *
 * @example
 * mergeGateStatus(config, { phase: "SUCCEEDED", commitId }).description.length <= STATUS_DESCRIPTION_LIMIT; // true
 */
export const STATUS_DESCRIPTION_LIMIT = 140;

/**
 * What a commit status says about a commit, as GitHub's `POST /repos/{owner}/{repo}/statuses/{sha}` takes it.
 *
 * @example
 * const status: CommitStatus = { context: "tributary/acme", state: "pending", description: "Pipeline run started for 4c8f2e1" };
 */
export interface CommitStatus {
  /** The check's name; a branch protection rule requires it by this name (case-insensitive on GitHub). */
  readonly context: string;
  readonly state: "pending" | "success" | "failure" | "error";
  /** At most `STATUS_DESCRIPTION_LIMIT` characters. */
  readonly description: string;
  /** Where "Details" leads: the pipeline execution. */
  readonly targetUrl?: string;
}

/**
 * What the gate reports: a run's state (`STARTED` or a final one, `COMMENTED_RUN_STATES`), or `QUEUED` when a push
 * made the commit the pull request's head and its run has not started yet.
 *
 * @example
 * const phase: GatePhase = "QUEUED";
 */
export type GatePhase = "QUEUED" | (typeof COMMENTED_RUN_STATES)[number];

/**
 * The commit status context of a project: `tributary/<project>` (the name a branch protection rule requires).
 *
 * @example
 * commitStatusContext({ project: "acme" }); // "tributary/acme"
 */
export function commitStatusContext(config: Pick<TributaryConfig, "project">): string {
  return `tributary/${config.project}`;
}

const GATE: Readonly<Record<GatePhase, { state: CommitStatus["state"]; words: string }>> = {
  QUEUED: { state: "pending", words: "New commit pushed; its pipeline run is starting" },
  STARTED: { state: "pending", words: "Pipeline run in progress" },
  SUCCEEDED: { state: "success", words: "Pipeline run succeeded" },
  FAILED: { state: "failure", words: "Pipeline run failed; see the pull request's Tributary comment" },
  STOPPED: { state: "error", words: "Pipeline run was stopped before it finished" },
};

/**
 * The commit status of a pull request's commit for one phase of its run: `pending` when queued or started, `success`
 * when the run succeeded, `failure` when it failed, `error` when it was stopped; the description names the commit
 * (its first 7 characters) and stays within `STATUS_DESCRIPTION_LIMIT`, whatever the inputs (it never truncates:
 * GitHub would refuse a longer one). `targetUrl` links the execution when given.
 *
 * @example
 * mergeGateStatus(config, { phase: "SUCCEEDED", commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e", targetUrl });
 * // { context: "tributary/acme", state: "success", description: "Pipeline run succeeded (4c8f2e1)", targetUrl }
 */
export function mergeGateStatus(
  config: Pick<TributaryConfig, "project">,
  input: { readonly phase: GatePhase; readonly commitId: string; readonly targetUrl?: string },
): CommitStatus {
  const gate = GATE[input.phase];
  const commit = /^[0-9a-f]{7,64}$/i.test(input.commitId) ? ` (${input.commitId.slice(0, 7)})` : "";
  const description = `${gate.words}${commit}`;
  return Object.freeze({
    context: commitStatusContext(config),
    state: gate.state,
    description,
    ...(input.targetUrl === undefined ? {} : { targetUrl: input.targetUrl }),
  });
}
