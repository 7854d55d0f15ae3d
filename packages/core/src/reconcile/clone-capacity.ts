/** Clone capacity: how many pipelines the region may still take, which clones come first, and what a refusal says. */

import type { Route } from "../branches/route.js";
import type { Action } from "../events/plan.js";
import { stableHash } from "../names/stable-hash.js";
import { fitSnsMessage, sanitizeSubject } from "../notifications/format-notification.js";
import type { TributaryConfig } from "../shared/types.js";
import {
  describePipelineLimit,
  PIPELINE_QUOTA,
  type PipelineLimit,
  pipelineLimitSource,
} from "./pipeline-limit.js";

/**
 * The cloner Lambda's variable with the ARN of the topic that refusals are published to (the failures topic).
 *
 * @example
 * process.env[REFUSAL_TOPIC_VARIABLE]; // "arn:aws:sns:eu-west-1:123456789012:Tributary-Failures"
 */
export const REFUSAL_TOPIC_VARIABLE = "TRIBUTARY_REFUSAL_TOPIC_ARN";

/**
 * The cloner's EMF metric of refused clones (namespace `Tributary`, dimension `service`): 1 per clone refused at its
 * event, and the number a reconcile refused (0 included). The PipelineCloner construct's alarm watches it.
 *
 * @example
 * CLONES_REFUSED_METRIC; // "ClonesRefused"
 */
export const CLONES_REFUSED_METRIC = "ClonesRefused";

/**
 * The tag on the cloner Lambda function that remembers which clones the last reconcile summary reported as refused
 * (its value is a `refusalState`). It lives with the function it describes, is deleted with it, and is read and
 * written through the Resource Groups Tagging API the reconcile already uses.
 *
 * @example
 * REFUSAL_STATE_TAG; // "tributary:refused-clones"
 */
export const REFUSAL_STATE_TAG = "tributary:refused-clones";

/**
 * Creation order when clones must be refused: release and hotfix first (they ship), then pull requests (they gate
 * merges), then feature and bugfix, then anything else. Lower comes first.
 *
 * @example
 * clonePriority(resolveBranch(config, "hotfix/1.2.1")!); // 0
 * clonePriority(resolvePullRequest(config, pr)!); // 1
 * clonePriority(resolveBranch(config, "feature/login")!); // 2
 */
export function clonePriority(route: Route): number {
  if (route.source.type === "pullRequest") return 1;
  switch (route.source.kind) {
    case "release":
    case "hotfix":
      return 0;
    case "feature":
    case "bugfix":
      return 2;
    default:
      return 3;
  }
}

/**
 * How many more clones the region takes: `limit - pipelineHeadroom - pipelineCount`, never below 0. `limit` is
 * the account's quota when the cloner could read it, else `config.maxPipelines`.
 *
 * @example
 * freeClonePlaces(config, 985); // 5 with maxPipelines 1000 and pipelineHeadroom 10
 */
export function freeClonePlaces(
  config: Pick<TributaryConfig, "maxPipelines" | "pipelineHeadroom">,
  pipelineCount: number,
  limit: number = config.maxPipelines,
): number {
  return Math.max(0, limit - config.pipelineHeadroom - pipelineCount);
}

/**
 * What `admitClones` decided.
 *
 * @example
 * const { actions, refused }: CloneAdmission = admitClones(config, planned, 995);
 */
export interface CloneAdmission {
  /** The planned actions without the refused creates (order kept). */
  readonly actions: readonly Action[];
  /** The routes whose clone is not created, in priority order. */
  readonly refused: readonly Route[];
  /** How many clones the region still took before these creates. */
  readonly free: number;
}

/**
 * Keeps the planned `createClone` actions that fit (`freeClonePlaces`), by `clonePriority` then pipeline name, and
 * refuses the rest. Deletes planned in the same reconcile are not counted as freed: they run concurrently with the
 * creates, so a refused clone is created by the next reconcile instead of racing its quota.
 *
 * @example
 * admitClones(config, reconcile(config, input), 1_000).refused.map((route) => route.branch);
 * // ["release/2.0.0", ...] when nothing fits
 */
export function admitClones(
  config: Pick<TributaryConfig, "maxPipelines" | "pipelineHeadroom">,
  actions: readonly Action[],
  pipelineCount: number,
  limit: number = config.maxPipelines,
): CloneAdmission {
  const free = freeClonePlaces(config, pipelineCount, limit);
  const creates = actions
    .flatMap((action) => (action.type === "createClone" ? [action.route] : []))
    .sort(
      (a, b) =>
        clonePriority(a) - clonePriority(b) ||
        (a.pipelineName < b.pipelineName ? -1 : a.pipelineName > b.pipelineName ? 1 : 0),
    );
  const refused = creates.slice(free);
  const refusedNames = new Set(refused.map((route) => route.pipelineName));
  return Object.freeze({
    actions: Object.freeze(
      actions.filter(
        (action) => action.type !== "createClone" || !refusedNames.has(action.route.pipelineName),
      ),
    ),
    refused: Object.freeze(refused),
    free,
  });
}

/**
 * The remembered form of a set of refused clones: `<count>:<hash of the sorted pipeline names>`, a valid tag value
 * (letters, digits and `:` only, far below 256 characters) whatever the number of branches.
 *
 * @example
 * refusalState(["acme-dev-feature-b", "acme-dev-feature-a"]); // "2:" + 10 base-36 characters
 * refusalState([]); // "0:" + 10 base-36 characters
 */
export function refusalState(pipelineNames: readonly string[]): string {
  const sorted = [...new Set(pipelineNames)].sort();
  return `${sorted.length}:${stableHash(sorted.join("\n"))}`;
}

/**
 * Whether a reconcile must send a summary: the refused set differs from the one the last summary reported
 * (`previous`, a `refusalState`, or `undefined` when none was ever sent, which counts as the empty set).
 *
 * @example
 * refusalSummaryDue(undefined, []); // false: nothing refused, nothing reported
 * refusalSummaryDue(refusalState(["a"]), ["a"]); // false: already reported
 * refusalSummaryDue(refusalState(["a"]), []); // true: every clone fits again
 */
export function refusalSummaryDue(previous: string | undefined, pipelineNames: readonly string[]): boolean {
  return (previous ?? refusalState([])) !== refusalState(pipelineNames);
}

/**
 * A readable message for a subscriber.
 *
 * @example
 * const { subject, message }: RefusalNotification = formatCloneRefusal(route);
 */
export interface RefusalNotification {
  readonly subject: string;
  readonly message: string;
}

function describe(route: Route): string {
  return route.source.type === "pullRequest"
    ? `pull request ${route.source.pullRequestId} (${route.source.sourceBranch} → ${route.source.destinationBranch})`
    : `branch ${route.branch}`;
}

const FIX =
  "Fix: delete branches or close pull requests you no longer need, or raise the CodePipeline quota " +
  `"${PIPELINE_QUOTA.quotaName}" (Service Quotas code ${PIPELINE_QUOTA.quotaCode}); the cloner reads it at every reconcile, ` +
  "and where it cannot (no permission, no answer) it keeps to maxPipelines in tributary.config.ts, so set that too. " +
  "The next reconcile creates what then fits, releases and hotfixes first.";

/**
 * The notification for one clone refused at its event. Only CodePipeline refuses at an event (its
 * `LimitExceededException`: the region reached the account's quota `L-78D200AD`, whose value an event does not read),
 * so the limit named is that quota; the message quotes CodePipeline's own words when given.
 *
 * @example
 * formatCloneRefusal(resolveBranch(config, "feature/login")!).subject;
 * // "Tributary: no pipeline for feature/login (CodePipeline quota L-78D200AD reached)"
 */
export function formatCloneRefusal(route: Route, reason?: string): RefusalNotification {
  const what =
    route.source.type === "pullRequest" ? `pull request ${route.source.pullRequestId}` : route.branch;
  return {
    subject: sanitizeSubject(
      `Tributary: no pipeline for ${what} (CodePipeline quota ${PIPELINE_QUOTA.quotaCode} reached)`,
    ),
    message: fitSnsMessage(
      [
        `Tributary did not create pipeline ${route.pipelineName} for ${describe(route)}:`,
        `CodePipeline refused it, the region holds as many pipelines as the account's quota ${PIPELINE_QUOTA.quotaCode} ("${PIPELINE_QUOTA.quotaName}") allows.`,
        ...(reason ? [`CodePipeline said: ${reason}`] : []),
        "",
        FIX,
      ].join("\n"),
    ),
  };
}

/**
 * The one summary a reconcile sends when the set of refused clones changed: every refused branch or pull request in
 * priority order, or the news that every clone fits again; both name the limit and where it came from.
 *
 * @example
 * formatRefusalSummary([route], { value: 1000, source: "config" }, 995).subject;
 * // "Tributary: 1 pipeline refused (limit of 1000 pipelines, config maxPipelines)"
 * formatRefusalSummary([], { value: 1250, source: "service-quotas" }, 400).subject;
 * // "Tributary: every pipeline fits again (limit of 1250 pipelines, Service Quotas L-78D200AD)"
 */
export function formatRefusalSummary(
  refused: readonly Route[],
  limit: PipelineLimit,
  pipelineCount: number,
): RefusalNotification {
  const limitWords = `limit of ${limit.value} pipelines, ${pipelineLimitSource(limit)}`;
  if (refused.length === 0) {
    return {
      subject: sanitizeSubject(`Tributary: every pipeline fits again (${limitWords})`),
      message: `Every branch and pull request that needs a pipeline has one: the region holds ${pipelineCount} pipelines; the limit is ${describePipelineLimit(limit)}.`,
    };
  }
  const count = `${refused.length} pipeline${refused.length === 1 ? "" : "s"}`;
  return {
    subject: sanitizeSubject(`Tributary: ${count} refused (${limitWords})`),
    message: fitSnsMessage(
      [
        `Tributary did not create ${count}: the region holds ${pipelineCount} pipelines and the limit is ${describePipelineLimit(limit)}; Tributary keeps its headroom free below it.`,
        "Refused, in the order they would be created (releases and hotfixes, then pull requests, then features and bugfixes):",
        ...refused.map((route) => `- ${route.pipelineName}: ${describe(route)}`),
        "",
        FIX,
      ].join("\n"),
    ),
  };
}
