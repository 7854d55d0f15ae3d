/** Test fixture: a stack holding every Tributary construct, wired as apps/deploy wires them. */

import {
  defineConfig,
  pullRequestApprovalRule,
  type TributaryConfig,
  type TributaryConfigInput,
} from "@tributary/core";
import { App, RemovalPolicy, Stack } from "aws-cdk-lib";
import type * as events from "aws-cdk-lib/aws-events";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { TributaryBuckets } from "../buckets/tributary-buckets.js";
import { PipelineCloner } from "../cloner/pipeline-cloner.js";
import { DEMO_PROJECT } from "../demo/demo-project.js";
import { EnvironmentPipeline } from "../environment-pipeline/environment-pipeline.js";
import { PipelineNotifications } from "../notifications/pipeline-notifications.js";
import { PullRequestApprovalRule } from "../repository/pull-request-approval-rule.js";
import { SourceRepository } from "../repository/source-repository.js";
import type { RunHistoryRules } from "../runs/record-runs.js";
import { RunHistoryTable } from "../runs/run-history-table.js";
import { RunWidgetFunction } from "../runs/run-widget-function.js";
import { TributaryDashboard } from "../runs/tributary-dashboard.js";

/** The account and region of every fixture stack. */
export const ENV = { account: "123456789012", region: "eu-west-1" } as const;

/** The config most tests use: the defaults (dev, qa, prod) for project `acme`. */
export const CONFIG: TributaryConfig = defineConfig({
  project: "acme",
  repository: "acme-infra",
  notificationEmails: ["ops@example.com"],
});

/** What {@link buildTributaryStack} built. */
export interface TributaryStack {
  readonly app: App;
  readonly stack: Stack;
  readonly config: TributaryConfig;
  readonly source: SourceRepository;
  readonly buckets: TributaryBuckets;
  readonly notifications: PipelineNotifications;
  readonly pipelines: readonly EnvironmentPipeline[];
  readonly cloner: PipelineCloner;
  /** The merge gate; `undefined` when the config gets no approval rule template. */
  readonly approvalRule: PullRequestApprovalRule | undefined;
  readonly pullRequestRunsRule: events.Rule;
  /** The run history, its rules, the overview page and the dashboard: only with the `runHistory` option. */
  readonly runHistory?: {
    readonly table: RunHistoryTable;
    readonly rules: RunHistoryRules;
    readonly widget: RunWidgetFunction;
    readonly dashboard: TributaryDashboard;
  };
}

/** Options of {@link buildTributaryStack}. */
export interface TributaryStackOptions {
  readonly config?: TributaryConfigInput;
  readonly clonerCode?: lambda.Code;
  readonly app?: App;
  /** Encrypt the buckets with a customer-managed KMS key. */
  readonly bucketKey?: boolean;
  /** One set of topics per environment. */
  readonly topicPerEnvironment?: boolean;
  /** Import the repository instead of creating it. */
  readonly existingRepository?: boolean;
  /** Add the run history (table, the notifier's rules), the overview page's function and the dashboard. */
  readonly runHistory?: boolean;
}

/**
 * Builds the whole system in one stack, the way apps/deploy does.
 *
 * @example
 * const { stack, pipelines } = buildTributaryStack();
 */
export function buildTributaryStack(options: TributaryStackOptions = {}): TributaryStack {
  const config = options.config ? defineConfig(options.config) : CONFIG;
  const app = options.app ?? new App();
  const stack = new Stack(app, "Tributary", { env: ENV });
  const source = new SourceRepository(stack, "Source", {
    config,
    existing: options.existingRepository === true,
  });
  const buckets = new TributaryBuckets(stack, "Buckets", {
    removalPolicy: RemovalPolicy.DESTROY,
    ...(options.bucketKey
      ? { encryptionKey: new kms.Key(stack, "BucketKey", { enableKeyRotation: true }) }
      : {}),
  });
  const notifications = new PipelineNotifications(stack, "Notifications", {
    config,
    topicPerEnvironment: options.topicPerEnvironment === true,
    reportsBucket: buckets.reportsBucket,
  });
  const pipelines = config.environments.map(
    (environment) =>
      new EnvironmentPipeline(
        stack,
        `${environment.name.charAt(0).toUpperCase()}${environment.name.slice(1)}Pipeline`,
        {
          config,
          environment: environment.name,
          repository: source.repository,
          buckets,
          // The demo project's needs, as apps/deploy passes them: the tests hold the demo's permissions.
          projectNeeds: DEMO_PROJECT,
        },
      ),
  );
  const cloner = new PipelineCloner(stack, "Cloner", {
    config,
    repository: source.repository,
    pipelineRoles: pipelines.map((pipeline) => pipeline.role),
    alarmTopic: notifications.topicsFor(config.environments[0]?.name ?? "dev").failures,
    ...(options.clonerCode ? { code: options.clonerCode } : {}),
  });
  const pullRequestRunsRule = notifications.notifier.commentOnPullRequests({
    repository: source.repository,
    reportsBucket: buckets.reportsBucket,
  });
  const approvalRule =
    pullRequestApprovalRule(config) === null
      ? undefined
      : new PullRequestApprovalRule(stack, "PullRequestApprovalRule", {
          config,
          repository: source.repository,
          approver: cloner.role,
        });
  let runHistory: TributaryStack["runHistory"];
  if (options.runHistory === true) {
    const table = new RunHistoryTable(stack, "RunHistory", { config, removalPolicy: RemovalPolicy.DESTROY });
    const rules = notifications.notifier.recordRuns({
      table,
      repository: source.repository,
      reportsBucket: buckets.reportsBucket,
      hotfixPrefix: config.branches.prefixes.hotfix,
    });
    const widget = new RunWidgetFunction(stack, "RunWidget", {
      config,
      table,
      reportsBucket: buckets.reportsBucket,
    });
    const dashboard = new TributaryDashboard(stack, "Dashboard", {
      config,
      widget,
      cloner,
      notifier: notifications.notifier,
    });
    runHistory = { table, rules, widget, dashboard };
  }
  return {
    app,
    stack,
    config,
    source,
    buckets,
    notifications,
    pipelines,
    cloner,
    approvalRule,
    pullRequestRunsRule,
    ...(runHistory === undefined ? {} : { runHistory }),
  };
}
