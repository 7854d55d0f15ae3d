/**
 * The CloudWatch metrics a finished run publishes (as EMF, from the notifier), so that dashboards and alarms read the
 * run history without a query: runs, successes and durations per environment and stage, and DORA's four keys per
 * environment whose shared stack the run deployed.
 */

import type { TributaryConfig } from "../shared/types.js";
import type { doraDelta } from "./dora.js";
import { isFinalRunState, type RunRecord } from "./run-record.js";

/**
 * The metric names, in the `Tributary` namespace, with dimension `environment` (and `stage` for stage durations).
 *
 * @example
 * RUN_METRICS.changeLeadTime; // "ChangeLeadTime"
 */
export const RUN_METRICS = Object.freeze({
  /** Finished runs that have a result: succeeded, failed or stopped (superseded and canceled runs have none). */
  runs: "Runs",
  /** Runs that succeeded (1) or not (0): the average is the success rate. */
  runsSucceeded: "RunsSucceeded",
  runDuration: "RunDuration",
  stageDuration: "StageDuration",
  deployments: "Deployments",
  failedDeployments: "FailedDeployments",
  changeLeadTime: "ChangeLeadTime",
  recoveryTime: "FailedDeploymentRecoveryTime",
} as const);

/**
 * The dimensions of the run metrics.
 *
 * @example
 * RUN_METRIC_DIMENSIONS.stage; // "stage"
 */
export const RUN_METRIC_DIMENSIONS = Object.freeze({ environment: "environment", stage: "stage" } as const);

/**
 * One metric value to publish.
 *
 * @example
 * const datum: RunMetric = { name: "Runs", unit: "Count", value: 1, dimensions: { environment: "dev" } };
 */
export interface RunMetric {
  readonly name: string;
  readonly unit: "Count" | "Milliseconds";
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * The metrics of a run that just reached a final state: `Runs`, `RunsSucceeded` and `RunDuration` for a run with a
 * result, `StageDuration` per finished stage, and for a deployment of a shared stack the `doraDelta` as
 * `Deployments`, `FailedDeployments`, `ChangeLeadTime` and `FailedDeploymentRecoveryTime`. Nothing for a run that is
 * not final.
 *
 * @example
 * runMetrics(succeededRun, undefined).map((metric) => metric.name);
 * // ["Runs", "RunsSucceeded", "RunDuration", "StageDuration", "StageDuration", ...]
 */
export function runMetrics(record: RunRecord, dora: ReturnType<typeof doraDelta> | undefined): RunMetric[] {
  if (!isFinalRunState(record.state)) return [];
  const environment = { [RUN_METRIC_DIMENSIONS.environment]: record.environment };
  const metrics: RunMetric[] = [];
  const add = (
    name: string,
    unit: RunMetric["unit"],
    value: number,
    dimensions: Readonly<Record<string, string>> = environment,
  ): void => {
    metrics.push({ name, unit, value, dimensions });
  };
  if (record.state === "SUCCEEDED" || record.state === "FAILED" || record.state === "STOPPED") {
    add(RUN_METRICS.runs, "Count", 1);
    add(RUN_METRICS.runsSucceeded, "Count", record.state === "SUCCEEDED" ? 1 : 0);
    if (record.durationMs !== undefined) add(RUN_METRICS.runDuration, "Milliseconds", record.durationMs);
  }
  for (const stage of record.stages) {
    if (stage.durationMs === undefined) continue;
    add(RUN_METRICS.stageDuration, "Milliseconds", stage.durationMs, {
      ...environment,
      [RUN_METRIC_DIMENSIONS.stage]: stage.name,
    });
  }
  if (dora !== undefined) {
    add(RUN_METRICS.deployments, "Count", dora.deployments);
    add(RUN_METRICS.failedDeployments, "Count", dora.failedDeployments);
    if (dora.leadTimeMs !== undefined) add(RUN_METRICS.changeLeadTime, "Milliseconds", dora.leadTimeMs);
    for (const recovery of dora.recoveryTimesMs) add(RUN_METRICS.recoveryTime, "Milliseconds", recovery);
  }
  return metrics;
}

/**
 * The environment whose DORA keys the dashboard shows: the one that deploys the main branch (prod by default), else
 * the last one that needs an approval, else the last one.
 *
 * @example
 * doraEnvironment(defineConfig({ project: "acme", repository: "infra" })); // "prod"
 */
export function doraEnvironment(config: Pick<TributaryConfig, "environments" | "branches">): string {
  const { environments } = config;
  const chosen =
    environments.find((environment) => environment.branch === config.branches.main) ??
    [...environments].reverse().find((environment) => environment.requiresApproval) ??
    environments[environments.length - 1];
  if (chosen === undefined) {
    throw new Error("doraEnvironment needs a config with an environment; defineConfig guarantees one.");
  }
  return chosen.name;
}
