/**
 * `tributary runs`: the run history in a terminal, read from the table with the caller's AWS credentials. Without
 * `--branch`, the latest run of every live branch and pull request (the overview page's rows); with it, that branch's
 * own runs, newest first.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  clientOptions,
  type ReadResult,
  type RunHistoryStore,
  readLiveRuns,
  readPipelineRuns,
} from "@tributary/cloner";
import {
  formatRunsTable,
  type RunRecord,
  resolveBranch,
  runHistoryTableName,
  type TributaryConfig,
} from "@tributary/core";
import { type AwsEnvironment, credentialsOption, endpointOption, regionOf } from "./aws-environment";
import { RunsInputError } from "./runs-input-error";

/**
 * What `tributary runs` reads.
 *
 * @example
 * const options: RunsOptions = { branch: "feature/login", failedOnly: true, limit: 20 };
 */
export interface RunsOptions {
  readonly branch?: string;
  readonly environment?: string;
  readonly failedOnly: boolean;
  /** With `--branch`: how many of its runs. */
  readonly limit: number;
}

/**
 * What `tributary runs` found, and what the read cost.
 *
 * @example
 * const result: RunsResult = await listRuns(config, options, store);
 * result.runs.length; // 12
 */
export interface RunsResult {
  readonly table: string;
  /** `live`: the latest run of every live source; `branch`: one branch's runs. */
  readonly view: "live" | "branch";
  readonly pipeline?: string;
  readonly runs: readonly RunRecord[];
  readonly pages: number;
  readonly readUnits: number;
}

/**
 * The store of the config's run-history table (`runHistoryTableName`), read with the standard AWS settings of `env`:
 * `AWS_REGION` (else `AWS_DEFAULT_REGION`, else the config's `app.region`), `AWS_ENDPOINT_URL_DYNAMODB` or
 * `AWS_ENDPOINT_URL`, and the keys in `AWS_ACCESS_KEY_ID`… when set (else the SDK's default chain: profiles, SSO).
 *
 * @example
 * const store = runsStore(config, "eu-west-1", process.env);
 */
export function runsStore(
  config: TributaryConfig,
  region: string | undefined,
  env: AwsEnvironment,
): RunHistoryStore {
  const chosenRegion = regionOf(env, region);
  const dynamo = new DynamoDBClient({
    ...clientOptions(env),
    ...(chosenRegion ? { region: chosenRegion } : {}),
    ...endpointOption(env, "DYNAMODB"),
    ...credentialsOption(env),
  });
  return { dynamo, tableName: runHistoryTableName(config), ttlDays: config.runHistory.ttlDays };
}

/**
 * Reads the runs: the live rows (filtered by environment and failed only), or a branch's pipeline's runs (core's
 * `resolveBranch` names it). Throws `RunsInputError` for a branch that gets no pipeline or an unknown environment.
 *
 * @example
 * await listRuns(config, { environment: "qa", failedOnly: true, limit: 20 }, store);
 */
export async function listRuns(
  config: TributaryConfig,
  options: RunsOptions,
  store: RunHistoryStore,
): Promise<RunsResult> {
  const { environment } = options;
  if (environment !== undefined && !config.environments.some((candidate) => candidate.name === environment)) {
    throw new RunsInputError(
      `--env ${JSON.stringify(environment)} is not an environment of the config. Fix: use one of ${config.environments.map((candidate) => candidate.name).join(", ")}.`,
    );
  }
  const filters = {
    ...(environment === undefined ? {} : { environment }),
    ...(options.failedOnly ? { failedOnly: true } : {}),
  };
  let read: ReadResult;
  let pipeline: string | undefined;
  if (options.branch === undefined) {
    read = await readLiveRuns(store, filters);
  } else {
    const route = resolveBranch(config, options.branch);
    if (route === null || route === undefined) {
      throw new RunsInputError(
        `--branch ${JSON.stringify(options.branch)} gets no pipeline, so it has no runs. Fix: name a branch that routes (\`tributary explain ${options.branch}\` says why this one does not).`,
      );
    }
    pipeline = route.pipelineName;
    read = await readPipelineRuns(store, pipeline, filters, options.limit);
  }
  return {
    table: store.tableName,
    view: options.branch === undefined ? "live" : "branch",
    ...(pipeline === undefined ? {} : { pipeline }),
    runs: read.runs,
    pages: read.pages,
    readUnits: read.readUnits,
  };
}

/**
 * The result as text: a heading that says what was read, then core's table (`formatRunsTable`), coloured only for a
 * terminal.
 *
 * @example
 * formatRuns(result, { color: process.stdout.isTTY, now: new Date().toISOString() });
 */
export function formatRuns(
  result: RunsResult,
  options: { readonly color: boolean; readonly now: string },
): string {
  const what =
    result.view === "live"
      ? "Latest run of each live branch and pull request"
      : `Runs of ${result.pipeline}, newest first`;
  return `${what} (table ${result.table}, ${result.runs.length} shown)\n\n${formatRunsTable(result.runs, options)}`;
}
