/** Test fixture: a stack holding every Tributary construct for a GitHub source, wired as apps/deploy wires them. */

import { defineConfig, type TributaryConfig, type TributaryConfigInput } from "@tributary/core";
import { App, RemovalPolicy, Stack } from "aws-cdk-lib";
import { TributaryBuckets } from "../buckets/tributary-buckets.js";
import { PipelineCloner } from "../cloner/pipeline-cloner.js";
import { DEMO_PROJECT } from "../demo/demo-project.js";
import { EnvironmentPipeline } from "../environment-pipeline/environment-pipeline.js";
import { GitHubSource } from "../github/github-source.js";
import { GitHubWebhook } from "../github/github-webhook.js";
import { PipelineNotifications } from "../notifications/pipeline-notifications.js";
import { ENV } from "./tributary-stack.js";

/** A GitHub source without a connection ARN: the stack creates the connection. */
export const GITHUB_CONFIG_INPUT: TributaryConfigInput = {
  project: "acme",
  source: { provider: "github", owner: "acme", repository: "infra" },
  notificationEmails: ["ops@example.com"],
};

/** What {@link buildGitHubStack} built. */
export interface GitHubStack {
  readonly app: App;
  readonly stack: Stack;
  readonly config: TributaryConfig;
  readonly github: GitHubSource;
  readonly buckets: TributaryBuckets;
  readonly notifications: PipelineNotifications;
  readonly pipelines: readonly EnvironmentPipeline[];
  readonly cloner: PipelineCloner;
  readonly webhook: GitHubWebhook;
}

/**
 * Builds the whole system for a GitHub source in one stack, the way apps/deploy does.
 *
 * @example
 * const { stack, webhook } = buildGitHubStack();
 */
export function buildGitHubStack(
  options: { readonly config?: TributaryConfigInput; readonly app?: App } = {},
): GitHubStack {
  const config = defineConfig(options.config ?? GITHUB_CONFIG_INPUT);
  const app = options.app ?? new App();
  const stack = new Stack(app, "TributaryGitHub", { env: ENV });
  const github = new GitHubSource(stack, "GitHub", { config });
  const buckets = new TributaryBuckets(stack, "Buckets", { removalPolicy: RemovalPolicy.DESTROY });
  const notifications = new PipelineNotifications(stack, "Notifications", {
    config,
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
          source: github.pipelineSource,
          buckets,
          projectNeeds: DEMO_PROJECT,
        },
      ),
  );
  const cloner = new PipelineCloner(stack, "Cloner", {
    config,
    gitHub: { credentials: github.credentials, listingCacheBucket: buckets.artifactsBucket },
    pipelineRoles: pipelines.map((pipeline) => pipeline.role),
    alarmTopic: notifications.topicsFor(config.environments[0]?.name ?? "dev").failures,
  });
  notifications.notifier.commentOnPullRequests({
    gitHub: { config, credentials: github.credentials },
    reportsBucket: buckets.reportsBucket,
  });
  const webhook = new GitHubWebhook(stack, "GitHubWebhook", { config, cloner: cloner.function });
  return { app, stack, config, github, buckets, notifications, pipelines, cloner, webhook };
}
