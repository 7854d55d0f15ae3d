/**
 * Run-history fixtures: requests as the rules send them, action executions as `ListActionExecutions` lists them
 * (CodePipeline API reference, ActionExecutionDetail: stageName, actionName, status, startTime, lastUpdateTime, output),
 * and runs built from them by core itself.
 */

import { buildRunRecord, type RunFacts, type TimedRunAction } from "../build-run-record.js";
import type { RunEventRequest } from "../run-history-request.js";
import type { RunRecord, RunState } from "../run-record.js";
import { TASKCAT_RESULTS_FORMAT } from "../taskcat-results.js";

export const EXECUTION_ID = "0a1b2c3d-0000-4000-8000-000000000000";
export const COMMIT = "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e";

/** A run-event request of pipeline `acme-dev-feature-login` (fields over the defaults). */
export function runEvent(fields: Partial<RunEventRequest> = {}): RunEventRequest {
  return {
    kind: "runEvent",
    eventId: "6f1e2d3c-0000-4000-8000-000000000001",
    pipeline: "acme-dev-feature-login",
    executionId: EXECUTION_ID,
    state: "SUCCEEDED",
    attempt: 1,
    time: "2026-11-27T15:09:00.000Z",
    region: "eu-west-1",
    account: "123456789012",
    project: "acme",
    environment: "dev",
    reportsBucket: "acme-reports",
    hotfixPrefix: "hotfix/",
    ...fields,
  };
}

const at = (minute: number, second = 0): string =>
  new Date(Date.parse("2026-11-27T15:00:00.000Z") + minute * 60_000 + second * 1000).toISOString();

/** One action execution, `minutes` after 15:00, lasting `duration` minutes. */
export function action(
  stageName: string,
  actionName: string,
  status: string,
  start: number,
  duration: number,
  fields: Partial<TimedRunAction> = {},
): TimedRunAction {
  return {
    stageName,
    actionName,
    status,
    startTime: at(start),
    lastUpdateTime: at(start + duration),
    ...fields,
  };
}

/** The actions of a green run of a pipeline without approval: Source, Test, Preview, Deploy (two actions), Cleanup. */
export function greenActions(): TimedRunAction[] {
  return [
    action("Source", "Source", "Succeeded", 0, 0.1),
    action("Test", "Test", "Succeeded", 0.2, 6, {
      outputVariables: { LINT_FINDINGS: "2", REPORT_URL: "https://s3.console.aws.amazon.com/x" },
    }),
    action("Preview", "Preview", "Succeeded", 6.3, 1, { outputVariables: { PREVIEW_STATUS: "changes" } }),
    action("Deploy", "CreateChangeSet", "Succeeded", 7.4, 0.5),
    action("Deploy", "ExecuteChangeSet", "Succeeded", 8, 0.8),
    action("Cleanup", "Cleanup", "Succeeded", 8.85, 0.1),
  ];
}

/** TaskCat's results file: `regions` passed unless named in `failed`. */
export function taskcatResults(regions: readonly string[], failed: readonly string[] = []): unknown {
  return {
    format: TASKCAT_RESULTS_FORMAT,
    results: regions.map((region) => ({
      test: "website-dev",
      region,
      stack: `tCaT-acme-website-dev-${region}`,
      status: failed.includes(region) ? "ROLLBACK_COMPLETE" : "CREATE_COMPLETE",
      passed: !failed.includes(region),
    })),
  };
}

/** Facts of a run (a green finished run of the feature branch by default). */
export function facts(fields: Partial<RunFacts> = {}): RunFacts {
  return {
    request: runEvent(),
    startedAt: at(0),
    execution: {
      variables: {
        Environment: "dev",
        Branch: "feature/login",
        StackName: "acme-dev-feature-login",
        Ephemeral: "true",
        PipelineName: "acme-dev-feature-login",
      },
      commitId: COMMIT,
      commitMessage: "Login page\n\nWith a form",
      commitTime: "2026-11-27T14:30:00.000Z",
      trigger: { type: "StartPipelineExecution", detail: "arn:aws:sts::123456789012:assumed-role/cloner/x" },
    },
    actions: greenActions(),
    taskcatResults: taskcatResults(["eu-west-1", "us-east-1"]),
    ...fields,
  };
}

/** A run built by core from `facts(fields)`; throws when the pipeline is not Tributary's. */
export function run(fields: Partial<RunFacts> = {}): RunRecord {
  const record = buildRunRecord(facts(fields));
  if (record === undefined) throw new Error("the fixture's pipeline is not a Tributary pipeline");
  return record;
}

/**
 * A run of the prod environment pipeline (`acme-prod`, shared stack) that started `startMinute` minutes after
 * 2026-11-27T00:00Z, with its Deploy stage `deploy` ("Succeeded", "Failed" or undefined for a run stopped before
 * Deploy), the commit message given (a hotfix merge or not) and the commit an hour before the start.
 */
export function prodRun(
  executionId: string,
  startMinute: number,
  deploy: "Succeeded" | "Failed" | undefined,
  message = "Merge branch 'release/1.2.0'",
): RunRecord {
  const base = Date.parse("2026-11-27T00:00:00.000Z") + startMinute * 60_000;
  const iso = (offset: number) => new Date(base + offset * 60_000).toISOString();
  const state: RunState = deploy === "Succeeded" ? "SUCCEEDED" : "FAILED";
  const stageAction = (stage: string, status: string, start: number): TimedRunAction => ({
    stageName: stage,
    actionName: stage,
    status,
    startTime: iso(start),
    lastUpdateTime: iso(start + 5),
  });
  return run({
    request: runEvent({
      pipeline: "acme-prod",
      environment: "prod",
      executionId,
      state,
      time: iso(30),
    }),
    startedAt: iso(0),
    execution: {
      variables: { Environment: "prod", Branch: "main", StackName: "acme-prod", Ephemeral: "false" },
      commitId: COMMIT,
      commitMessage: message,
      commitTime: iso(-60),
    },
    actions: [
      stageAction("Source", "Succeeded", 0),
      stageAction("Test", deploy === undefined ? "Failed" : "Succeeded", 5),
      ...(deploy === undefined ? [] : [stageAction("Deploy", deploy, 20)]),
    ],
  });
}
