/**
 * DORA's four keys (https://dora.dev/guides/dora-metrics-four-keys/) computed from the run history of one
 * environment's shared stack. What counts:
 * - a deployment is a finished run that started the `Deploy` stage of a shared stack (`isSharedStackDeployment`); it
 *   succeeded when its `Deploy` stage did (`deploymentSucceeded`);
 * - a failed deployment is one whose `Deploy` stage failed or was stopped (CloudFormation rolled the change back), or a
 *   successful one whose next deployment is a hotfix (it needed a hotfix: dora.dev's "require immediate
 *   intervention"); a hotfix deployment is one whose commit is git-flow's merge of a hotfix branch ("Merge branch
 *   'hotfix/…'"), and counts as a deployment like any other;
 * - change lead time is, per successful deployment, its end minus its commit's time (the deployed commit's
 *   `ArtifactRevision.created`: for a git-flow release, the merge into main);
 * - failed deployment recovery time is, per failed deployment, the end of the first later deployment that succeeded
 *   and is not itself failed, minus the failed deployment's end.
 */

import type { RunRecord } from "./run-record.js";
import { deploymentSucceeded, isSharedStackDeployment } from "./run-table.js";

/**
 * One deployment of a shared stack, as DORA reads it.
 *
 * @example
 * const deployment: Deployment = {
 *   executionId: "e-1", startedAt: "2026-11-27T15:00:00.000Z", endedAt: "2026-11-27T15:20:00.000Z",
 *   succeeded: true, hotfix: false, commitTime: "2026-11-27T09:00:00.000Z",
 * };
 */
export interface Deployment {
  readonly executionId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly succeeded: boolean;
  /** Whether it deployed a hotfix (`isHotfixMerge` of its commit's message). */
  readonly hotfix: boolean;
  readonly commitTime?: string;
}

/**
 * A deployment with DORA's verdict: failed (and why), its lead time when it succeeded, and its recovery time when it
 * failed and a later deployment recovered.
 *
 * @example
 * const verdict: ClassifiedDeployment = { ...deployment, failed: true, failure: "hotfixed", recoveryTimeMs: 3600000 };
 */
export interface ClassifiedDeployment extends Deployment {
  readonly failed: boolean;
  readonly failure?: "deploy-failed" | "hotfixed";
  readonly leadTimeMs?: number;
  readonly recoveryTimeMs?: number;
}

/**
 * Whether a commit message is git-flow's merge of a hotfix branch (`git flow hotfix finish` merges with git's
 * default message, "Merge branch 'hotfix/1.2.1'"), for the hotfix prefix of the config.
 *
 * @example
 * isHotfixMerge("Merge branch 'hotfix/1.2.1'", "hotfix/"); // true
 * isHotfixMerge("Merge branch 'release/1.3.0'", "hotfix/"); // false
 */
export function isHotfixMerge(message: string | undefined, hotfixPrefix: string): boolean {
  if (message === undefined || hotfixPrefix === "") return false;
  const merged = /^Merge branch '([^']+)'/.exec(message)?.[1];
  return merged?.startsWith(hotfixPrefix) === true;
}

/**
 * The deployment a finished run is, or `undefined` when it is not one (`isSharedStackDeployment`).
 *
 * @example
 * deploymentOf(prodRun, "hotfix/")?.succeeded; // true
 */
export function deploymentOf(record: RunRecord, hotfixPrefix: string): Deployment | undefined {
  if (!isSharedStackDeployment(record) || record.endedAt === undefined) return undefined;
  return {
    executionId: record.executionId,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    succeeded: deploymentSucceeded(record),
    hotfix: isHotfixMerge(record.commit?.message, hotfixPrefix),
    ...(record.commit?.time === undefined ? {} : { commitTime: record.commit.time }),
  };
}

const byStart = (a: Deployment, b: Deployment): number =>
  a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.executionId < b.executionId ? -1 : 1;

/**
 * DORA's verdict on every deployment (one per execution, in start order): which failed and why, lead times and
 * recovery times, by the rules of this module's description.
 *
 * @example
 * classifyDeployments([failed, recovered]).map((deployment) => deployment.failed); // [true, false]
 */
export function classifyDeployments(deployments: readonly Deployment[]): ClassifiedDeployment[] {
  const unique = new Map(deployments.map((deployment) => [deployment.executionId, deployment]));
  const ordered = [...unique.values()].sort(byStart);
  const failure = ordered.map((deployment, index): ClassifiedDeployment["failure"] => {
    if (!deployment.succeeded) return "deploy-failed";
    return ordered[index + 1]?.hotfix === true ? "hotfixed" : undefined;
  });
  return ordered.map((deployment, index) => {
    const reason = failure[index];
    const recoveredBy =
      reason === undefined
        ? undefined
        : ordered.find((later, at) => at > index && later.succeeded && failure[at] === undefined);
    const leadTime =
      deployment.succeeded && deployment.commitTime !== undefined
        ? Date.parse(deployment.endedAt) - Date.parse(deployment.commitTime)
        : Number.NaN;
    return {
      ...deployment,
      failed: reason !== undefined,
      ...(reason === undefined ? {} : { failure: reason }),
      ...(Number.isNaN(leadTime) ? {} : { leadTimeMs: Math.max(0, leadTime) }),
      ...(recoveredBy === undefined
        ? {}
        : {
            recoveryTimeMs: Math.max(0, Date.parse(recoveredBy.endedAt) - Date.parse(deployment.endedAt)),
          }),
    };
  });
}

function percentile(values: readonly number[], fraction: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/**
 * DORA's four keys over the deployments that started in a window: deployment frequency (deployments per day and in
 * all), change lead time and failed deployment recovery time (medians and 90th percentiles, milliseconds), change fail
 * rate (failed / all). The verdicts come from the whole history given, so a deployment just before the window can be
 * the one a hotfix inside it recovers.
 *
 * @example
 * doraKeys(deployments, { from: "2025-11-27T00:00:00.000Z", to: "2026-11-27T00:00:00.000Z" }).changeFailRate; // 0.125
 */
export function doraKeys(
  deployments: readonly Deployment[],
  window: { readonly from: string; readonly to: string },
): DoraKeys {
  const inside = classifyDeployments(deployments).filter(
    (deployment) => deployment.startedAt >= window.from && deployment.startedAt < window.to,
  );
  const days = Math.max(0, (Date.parse(window.to) - Date.parse(window.from)) / 86_400_000);
  const failed = inside.filter((deployment) => deployment.failed);
  const leadTimes = inside.flatMap((deployment) =>
    deployment.leadTimeMs === undefined ? [] : [deployment.leadTimeMs],
  );
  const recoveries = failed.flatMap((deployment) =>
    deployment.recoveryTimeMs === undefined ? [] : [deployment.recoveryTimeMs],
  );
  return {
    from: window.from,
    to: window.to,
    deployments: inside.length,
    deploymentsPerDay: days === 0 ? 0 : inside.length / days,
    failedDeployments: failed.length,
    changeFailRate: inside.length === 0 ? 0 : failed.length / inside.length,
    changeLeadTimeMs: { p50: percentile(leadTimes, 0.5), p90: percentile(leadTimes, 0.9) },
    recoveryTimeMs: { p50: percentile(recoveries, 0.5), p90: percentile(recoveries, 0.9) },
    unrecovered: failed.length - recoveries.length,
  };
}

/**
 * What `doraKeys` returns.
 *
 * @example
 * const keys: DoraKeys = doraKeys(deployments, window);
 * console.log(`${keys.deploymentsPerDay.toFixed(2)} deployments a day`);
 */
export interface DoraKeys {
  readonly from: string;
  readonly to: string;
  readonly deployments: number;
  readonly deploymentsPerDay: number;
  readonly failedDeployments: number;
  readonly changeFailRate: number;
  readonly changeLeadTimeMs: { readonly p50?: number | undefined; readonly p90?: number | undefined };
  readonly recoveryTimeMs: { readonly p50?: number | undefined; readonly p90?: number | undefined };
  /** Failed deployments no later deployment has recovered yet. */
  readonly unrecovered: number;
}

/**
 * What one finished deployment adds to DORA's counts, given the deployments before it: one deployment, the failed
 * deployments its arrival reveals (itself when its Deploy failed, the previous one when it is a hotfix), its lead time,
 * and the recovery times it ends. The notifier publishes exactly this as metrics: over deployments that finish in
 * start order, the published deployments and failed deployments add up to `doraKeys`' counts. A recovery time is
 * published when it ends and not revised if a later hotfix shows the recovering deployment failed too.
 *
 * @example
 * doraDelta([failedYesterday], recoveredToday);
 * // { deployments: 1, failedDeployments: 0, leadTimeMs: 7200000, recoveryTimesMs: [86400000] }
 */
export function doraDelta(
  before: readonly Deployment[],
  finished: Deployment,
): {
  readonly deployments: number;
  readonly failedDeployments: number;
  readonly leadTimeMs?: number;
  readonly recoveryTimesMs: readonly number[];
} {
  const earlier = before.filter((deployment) => deployment.executionId !== finished.executionId);
  const without = new Map(
    classifyDeployments(earlier).map((deployment) => [deployment.executionId, deployment]),
  );
  const withIt = classifyDeployments([...earlier, finished]);
  let failedDeployments = 0;
  const recoveryTimesMs: number[] = [];
  let leadTimeMs: number | undefined;
  for (const deployment of withIt) {
    const previous = without.get(deployment.executionId);
    if (deployment.failed && previous?.failed !== true) failedDeployments += 1;
    if (deployment.recoveryTimeMs !== undefined && previous?.recoveryTimeMs === undefined) {
      recoveryTimesMs.push(deployment.recoveryTimeMs);
    }
    if (deployment.executionId === finished.executionId) leadTimeMs = deployment.leadTimeMs;
  }
  return {
    deployments: 1,
    failedDeployments,
    ...(leadTimeMs === undefined ? {} : { leadTimeMs }),
    recoveryTimesMs,
  };
}
