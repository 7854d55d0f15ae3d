/**
 * A fixture history for the overview page: green, red, running and missing-report runs of live branches and a pull
 * request, built by core's `buildRunRecord` from the facts the notifier would read, and written with core's puts.
 * Times count back from `now`, so the page's relative times read the same on every run.
 */
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  buildRunRecord,
  livePut,
  liveRowOf,
  type RunEventRequest,
  type RunRecord,
  runPut,
  TASKCAT_RESULTS_FORMAT,
  type TimedRunAction,
} from "@tributary/core";
import { conditionalPut } from "../../src/run-history/record-run";
import type { RunHistoryStore } from "../../src/run-history/run-history-store";

interface SeedRun {
  readonly pipeline: string;
  readonly environment: string;
  readonly branch: string;
  readonly state: RunEventRequest["state"];
  /** Minutes before `now` the run started, and how long it ran (ignored while running). */
  readonly startedMinutesAgo: number;
  readonly minutes: number;
  /** Each stage's result; a stage missing did not run. */
  readonly stages: readonly [string, string][];
  readonly taskcat?: { readonly passed: readonly string[]; readonly failed: readonly string[] };
  readonly lint?: number;
  readonly preview?: "changes" | "no-changes";
  readonly failure?: string;
  readonly ephemeral: boolean;
  readonly commit: string;
  readonly message: string;
}

/** The fixture history's runs. */
export const SEED_RUNS: readonly SeedRun[] = [
  {
    pipeline: "acme-dev-feature-login",
    environment: "dev",
    branch: "feature/login",
    state: "SUCCEEDED",
    startedMinutesAgo: 42,
    minutes: 11,
    stages: [
      ["Source", "Succeeded"],
      ["Test", "Succeeded"],
      ["Preview", "Succeeded"],
      ["Deploy", "Succeeded"],
      ["Cleanup", "Succeeded"],
    ],
    taskcat: { passed: ["eu-west-1", "us-east-1"], failed: [] },
    lint: 0,
    preview: "changes",
    ephemeral: true,
    commit: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e",
    message: "Login page",
  },
  {
    pipeline: "acme-qa-release-1.2.0",
    environment: "qa",
    branch: "release/1.2.0",
    state: "FAILED",
    startedMinutesAgo: 95,
    minutes: 14,
    stages: [
      ["Source", "Succeeded"],
      ["Test", "Failed"],
    ],
    taskcat: { passed: ["eu-west-1"], failed: ["us-west-2"] },
    lint: 3,
    failure: "Build terminated with state: FAILED (TaskCat: 1 of 2 stacks did not reach CREATE_COMPLETE)",
    ephemeral: false,
    commit: "9a8b7c6d5e4f30211f0e9d8c7b6a5f4e3d2c1b0a",
    message: "Release 1.2.0",
  },
  {
    pipeline: "acme-dev-pr-42",
    environment: "dev",
    branch: "feature/search",
    state: "STARTED",
    startedMinutesAgo: 3,
    minutes: 0,
    stages: [],
    ephemeral: true,
    commit: "1f2e3d4c5b6a79881726354a5b6c7d8e9f0a1b2c",
    message: "Search box",
  },
  {
    pipeline: "acme-qa-hotfix-1.2.1",
    environment: "qa",
    branch: "hotfix/1.2.1",
    state: "FAILED",
    startedMinutesAgo: 180,
    minutes: 2,
    stages: [
      ["Source", "Succeeded"],
      ["Test", "Failed"],
    ],
    failure: "cfn-lint: E3012 Property Resources/Bucket/Properties/Tags should be of type List",
    ephemeral: false,
    commit: "0b1c2d3e4f5061728394a5b6c7d8e9f00a1b2c3d",
    message: "Fix the bucket tags",
  },
  {
    pipeline: "acme-prod",
    environment: "prod",
    branch: "main",
    state: "SUCCEEDED",
    startedMinutesAgo: 1500,
    minutes: 26,
    stages: [
      ["Source", "Succeeded"],
      ["Test", "Succeeded"],
      ["Preview", "Succeeded"],
      ["Approval", "Succeeded"],
      ["Deploy", "Succeeded"],
      ["Cleanup", "Succeeded"],
    ],
    taskcat: { passed: ["eu-west-1"], failed: [] },
    lint: 0,
    preview: "no-changes",
    ephemeral: false,
    commit: "7e6d5c4b3a291807f6e5d4c3b2a1908f7e6d5c4b",
    message: "Merge branch 'release/1.1.0'",
  },
];

/** The execution id of the `index`-th seed run. */
export function seedExecutionId(index: number): string {
  return `${String(index + 1).padStart(8, "a")}-0000-4000-8000-000000000000`;
}

/** The record of one seed run, as core builds it. */
export function seedRecord(seed: SeedRun, index: number, now: Date): RunRecord {
  const start = now.getTime() - seed.startedMinutesAgo * 60_000;
  const step = (seed.minutes * 60_000) / Math.max(1, seed.stages.length);
  const actions = seed.stages.map(([stageName, status], at): TimedRunAction => {
    const outputVariables: Record<string, string> = {};
    if (stageName === "Test" && seed.lint !== undefined && status === "Succeeded")
      outputVariables.LINT_FINDINGS = String(seed.lint);
    if (stageName === "Preview" && seed.preview) outputVariables.PREVIEW_STATUS = seed.preview;
    return {
      stageName,
      actionName: stageName,
      status,
      startTime: new Date(start + at * step).toISOString(),
      lastUpdateTime: new Date(start + (at + 1) * step).toISOString(),
      outputVariables,
      ...(status === "Failed" && seed.failure ? { summary: seed.failure } : {}),
    };
  });
  const record = buildRunRecord({
    request: {
      kind: "runEvent",
      eventId: `seed-${index}`,
      pipeline: seed.pipeline,
      executionId: seedExecutionId(index),
      state: seed.state,
      attempt: 1,
      time: new Date(seed.state === "STARTED" ? start : start + seed.minutes * 60_000).toISOString(),
      region: "eu-west-1",
      account: "123456789012",
      project: "acme",
      environment: seed.environment,
    },
    startedAt: new Date(start).toISOString(),
    execution: {
      variables: { Branch: seed.branch, Ephemeral: String(seed.ephemeral) },
      commitId: seed.commit,
      commitMessage: seed.message,
      commitTime: new Date(start - 3_600_000).toISOString(),
    },
    actions,
    ...(seed.taskcat
      ? {
          taskcatResults: {
            format: TASKCAT_RESULTS_FORMAT,
            results: [
              ...seed.taskcat.passed.map((region) => ({
                test: "website",
                region,
                status: "CREATE_COMPLETE",
                passed: true,
              })),
              ...seed.taskcat.failed.map((region) => ({
                test: "website",
                region,
                status: "ROLLBACK_COMPLETE",
                passed: false,
              })),
            ],
          },
        }
      : {}),
  });
  if (record === undefined) throw new Error(`seed run ${seed.pipeline} is not a Tributary pipeline`);
  return record;
}

/**
 * Writes the fixture history (each run and its live row) and, with `s3`, each TaskCat report's `index.html` in
 * `bucket`. Returns the records.
 */
export async function seedHistory(
  store: RunHistoryStore,
  now: Date,
  s3?: { readonly client: S3Client; readonly bucket: string },
): Promise<RunRecord[]> {
  const records = SEED_RUNS.map((seed, index) => seedRecord(seed, index, now));
  for (const record of records) {
    await conditionalPut(store, runPut(record, store.ttlDays));
    await conditionalPut(store, livePut(liveRowOf(record), store.ttlDays));
    if (s3 !== undefined && record.taskcat !== undefined) {
      await s3.client.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: record.taskcat.reportKey,
          Body: `<html><body><h1>TaskCat report of ${record.pipeline}</h1></body></html>`,
          ContentType: "text/html",
        }),
      );
    }
  }
  return records;
}
