/** What every stage of one environment pipeline reads: its environment and route, the names its permissions are scoped to, and the buildspecs' environment. */

import {
  type BuildspecVariables,
  buildspecVariables,
  type EnvironmentConfig,
  environmentPipelinePatterns,
  environmentStackPatterns,
  type Route,
  reportPrefix,
  stagingPrefix,
  type TributaryConfig,
} from "@tributary/core";
import { Stack } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { PipelineBuckets } from "../buckets/tributary-buckets.js";
import { TEST_NAMESPACE } from "./pipeline-contract.js";
import type { ProjectNeeds } from "./project-needs.js";
import type { RemoteTarget } from "./remote-target.js";

/**
 * The values the stage builders share, computed once per environment pipeline. Core names every stack and pipeline of
 * an environment `<project>-<env>` or `<project>-<env>-…` (clones), so every permission is scoped to the environment:
 * its builds cannot touch another environment's stacks or files.
 *
 * @example
 * const context = stageContext(this, { config, buckets }, environment, route);
 * context.stackNames; // ["acme-dev/*", "acme-dev-*"]
 */
export interface StageContext {
  /** The validated config. */
  readonly config: TributaryConfig;
  /** The environment this pipeline deploys. */
  readonly environment: EnvironmentConfig;
  /** Core's route of the environment pipeline itself (its name, branch and variables). */
  readonly route: Route;
  /** Artifacts, staging and reports buckets. */
  readonly buckets: PipelineBuckets;
  /** Core's `environmentStackPatterns`: the environment's shared stack and its clones' stacks (`acme-dev`, `acme-dev-*`). */
  readonly stackPatterns: readonly string[];
  /** The stack patterns as the part of a stack ARN after `stack/` (`acme-dev/*`, `acme-dev-*`). */
  readonly stackNames: readonly string[];
  /** Names of the buckets the environment's stacks create (CloudFormation derives them from the stack name). */
  readonly bucketNames: readonly string[];
  /** Core's `environmentPipelinePatterns`: the environment pipeline and its clones (`acme-dev`, `acme-dev-*`). */
  readonly pipelinePatterns: readonly string[];
  /** The regions TaskCat tests in (the config's `testRegions`, else the environment's own region). */
  readonly testRegions: readonly string[];
  /** Every value the buildspecs read, from core (PIPELINE-CONTRACT.md). */
  readonly buildspecVariables: BuildspecVariables;
  /** Build image of the Test, Preview and Cleanup projects. */
  readonly buildImage: codebuild.IBuildImage;
  /** Retention of the CodeBuild log groups. */
  readonly logRetention: logs.RetentionDays;
  /** What the project's templates and buildspecs need beyond what every pipeline gets. */
  readonly projectNeeds: ProjectNeeds;
  /**
   * The environment's target account, region and roles when it is remote (its builds assume the target stack's roles
   * there); `undefined` when it deploys where the pipeline is.
   */
  readonly target?: RemoteTarget;
}

/**
 * What {@link stageContext} reads from the pipeline's props.
 *
 * @example
 * const input: StageContextInput = { config, buckets, buildImage: codebuild.LinuxBuildImage.STANDARD_7_0 };
 */
export interface StageContextInput {
  readonly config: TributaryConfig;
  readonly buckets: PipelineBuckets;
  /** @default codebuild.LinuxBuildImage.STANDARD_7_0 */
  readonly buildImage?: codebuild.IBuildImage;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default - nothing beyond what every pipeline gets */
  readonly projectNeeds?: ProjectNeeds;
}

/**
 * The {@link StageContext} of one environment's pipeline in `scope`.
 *
 * @example
 * const context = stageContext(this, props, environment, route);
 */
export function stageContext(
  scope: Construct,
  input: StageContextInput,
  environment: EnvironmentConfig,
  route: Route,
  target?: RemoteTarget,
): StageContext {
  const { config, buckets } = input;
  const stack = Stack.of(scope);
  const stackPatterns = environmentStackPatterns(config, environment.name);
  return {
    config,
    environment,
    route,
    buckets,
    stackPatterns,
    stackNames: stackPatterns.map((pattern) => (pattern.endsWith("*") ? pattern : `${pattern}/*`)),
    bucketNames: stackPatterns.filter((pattern) => pattern.endsWith("*")),
    pipelinePatterns: environmentPipelinePatterns(config, environment.name),
    // TaskCat tests in the regions the config lists for it (ci/<env>/.taskcat.yml), else the environment's own.
    testRegions: environment.testRegions ?? [environment.region ?? stack.region],
    // The shared values go on the CodeBuild projects, which clones reuse; the per-execution ones on the actions, as
    // CodePipeline references that clones resolve to their own values. That also keeps each action's
    // EnvironmentVariables under 1000 characters.
    buildspecVariables: buildspecVariables({
      project: config.project,
      stagingBucket: buckets.stagingBucket.bucketName,
      reportsBucket: buckets.reportsBucket.bucketName,
      region: stack.region,
      testNamespace: TEST_NAMESPACE,
    }),
    buildImage: input.buildImage ?? codebuild.LinuxBuildImage.STANDARD_7_0,
    logRetention: input.logRetention ?? logs.RetentionDays.ONE_MONTH,
    projectNeeds: input.projectNeeds ?? {},
    ...(target === undefined ? {} : { target }),
  };
}

/**
 * Every execution's objects of the environment pipeline and its clones in the staging or reports bucket, by core's
 * own key layout (`staging/<pipeline>/*`, `reports/<pipeline>/*`).
 *
 * @example
 * objectKeys(context, "staging")[0]; // "staging/acme-dev/*" (then the clones' "staging/acme-dev-*" folders)
 */
export function objectKeys(context: StageContext, folder: "staging" | "reports"): string[] {
  return context.pipelinePatterns.map((pattern) =>
    folder === "staging" ? stagingPrefix(pattern, "*") : reportPrefix(pattern, "*"),
  );
}

/**
 * `arn:<partition>:cloudformation:<region>:<account>:stack/<pattern>`.
 *
 * @example
 * stackArn(this, "acme-dev/*");
 */
export function stackArn(scope: Construct, pattern: string): string {
  return Stack.of(scope).formatArn({ service: "cloudformation", resource: "stack", resourceName: pattern });
}

/**
 * Values as CodeBuild plain-text environment variables.
 *
 * @example
 * plainText({ TRIBUTARY_PROJECT: "acme" }); // { TRIBUTARY_PROJECT: { value: "acme" } }
 */
export function plainText(
  values: Readonly<Record<string, string>>,
): Record<string, codebuild.BuildEnvironmentVariable> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value }]));
}
