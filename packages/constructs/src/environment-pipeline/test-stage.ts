/** The Test stage: the source's `buildspec.yml` (the demo's runs cfn-lint and TaskCat) in a CodeBuild project, its staged templates and report. */

import { TASKCAT_BUCKET_PREFIX, TASKCAT_STACK_PREFIX } from "@tributary/core";
import { Duration, Stack } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import type * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { PIPELINE_ACTIONS, PIPELINE_STAGES, TEST_NAMESPACE } from "./pipeline-contract.js";
import { remoteBuild } from "./remote-build.js";
import { objectKeys, plainText, type StageContext } from "./stage-context.js";

/**
 * What the Test stage takes besides the context.
 *
 * @example
 * const options: TestStageOptions = { input: artifacts.source, output: artifacts.testOutput };
 */
export interface TestStageOptions {
  /** The source artifact. */
  readonly input: codepipeline.Artifact;
  /** The artifact handed to Preview and Deploy (`templates/main.yaml`, `template-configuration.json`). */
  readonly output: codepipeline.Artifact;
  /** @default - a role of the project's own (with TaskCat's permissions when the project needs them) */
  readonly role?: iam.IRole;
  /** @default Duration.minutes(60) */
  readonly timeout?: Duration;
}

/**
 * The Test project (`TestProject`, logs `TestLogs`) in `scope` and its stage. The project reads and writes only this
 * environment's staged templates and reports; with `projectNeeds.taskcat` its own role may also run TaskCat's stacks
 * in the `testRegions`.
 * Template-only environments disable the transition into Test, so the run CloudFormation starts on creation stops
 * after Source.
 *
 * @example
 * const test = testStage(this, context, { input: artifacts.source, output: artifacts.testOutput });
 * test.project; // the CodeBuild project
 */
export function testStage(
  scope: Construct,
  context: StageContext,
  options: TestStageOptions,
): { readonly project: codebuild.PipelineProject; readonly stage: codepipeline.StageProps } {
  const { route, projectNeeds } = context;
  if (context.target !== undefined && options.role !== undefined) {
    throw new Error(
      `EnvironmentPipeline ${context.environment.name}: a testRole was given, but the environment is in ${context.target.account}/${context.target.region}, where the target stack's role ${context.target.roleNames.test} runs the tests. Fix: leave testRole out.`,
    );
  }
  // A remote environment's build runs as a role of its own that may only assume the target stack's test role.
  const remote = context.target && remoteBuild(scope, "TestRole", context.target, "test");
  const project = new codebuild.PipelineProject(scope, "TestProject", {
    description: `Tributary ${route.pipelineName}: ${projectNeeds.taskcat ? "cfn-lint and TaskCat" : "tests"} (buildspec.yml from the source)`,
    environment: { buildImage: context.buildImage, computeType: codebuild.ComputeType.SMALL },
    environmentVariables: plainText({ ...context.buildspecVariables.project, ...remote?.variables }),
    timeout: options.timeout ?? Duration.minutes(60),
    logging: {
      cloudWatch: { logGroup: new logs.LogGroup(scope, "TestLogs", { retention: context.logRetention }) },
    },
    ...(options.role ? { role: options.role } : remote ? { role: remote.role } : {}),
  });
  if (remote === undefined) {
    grantTestRole(scope, project, context, { taskcat: options.role === undefined });
  } else {
    // The target role writes the staged templates and reports: these grants land in the buckets' and key's policies.
    grantTestBuckets(remote.targetRole, context);
  }
  return {
    project,
    stage: {
      stageName: PIPELINE_STAGES.test,
      ...(context.environment.branch === null
        ? {
            transitionToEnabled: false,
            transitionDisabledReason: "Template-only environment: its clones run, the template never does",
          }
        : {}),
      actions: [
        new actions.CodeBuildAction({
          actionName: PIPELINE_ACTIONS.test,
          project,
          input: options.input,
          outputs: [options.output],
          variablesNamespace: TEST_NAMESPACE,
          environmentVariables: plainText(context.buildspecVariables.test),
        }),
      ],
    },
  };
}

/**
 * What the Test build may do: read and write the environment's staged templates and reports, and with
 * `projectNeeds.taskcat` (and `taskcat` not turned off) run TaskCat. The Test project gets it in the CI/CD account; a
 * remote environment's target stack gives it to its test role.
 *
 * @example
 * grantTestRole(this, project, context, { taskcat: true });
 */
export function grantTestRole(
  scope: Construct,
  grantee: iam.IGrantable,
  context: StageContext,
  options: { readonly taskcat: boolean },
): void {
  grantTestBuckets(grantee, context);
  if (options.taskcat && context.projectNeeds.taskcat) grantTaskCat(scope, grantee, context);
}

/** Read and write the environment's staged templates and reports. */
function grantTestBuckets(grantee: iam.IGrantable, context: StageContext): void {
  const { buckets } = context;
  for (const key of objectKeys(context, "staging")) buckets.stagingBucket.grantReadWrite(grantee, key);
  for (const key of objectKeys(context, "reports")) buckets.reportsBucket.grantReadWrite(grantee, key);
}

/** TaskCat launches the templates for real, in its own stacks and buckets, in the environment's `testRegions`. */
function grantTaskCat(scope: Construct, grantee: iam.IGrantable, context: StageContext): void {
  const { testRegions, projectNeeds } = context;
  for (const statement of projectNeeds.stackStatements?.(scope, {
    stackNames: [`${TASKCAT_STACK_PREFIX}*`],
    bucketNames: [`${TASKCAT_BUCKET_PREFIX}*`],
    distributionOwners: [`${TASKCAT_STACK_PREFIX}*`],
    stackRegions: testRegions,
    // The Test project runs the repository's buildspec: only CloudFormation (TaskCat's stacks) may use CloudFront.
    viaCloudFormationOnly: true,
  }) ?? []) {
    grantee.grantPrincipal.addToPrincipalPolicy(statement);
  }
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "TaskCatObjects",
      // TaskCat uploads the project with a canned ACL, hence PutObjectAcl.
      actions: ["s3:GetObject", "s3:PutObject", "s3:PutObjectAcl", "s3:DeleteObject"],
      resources: [`arn:${Stack.of(scope).partition}:s3:::${TASKCAT_BUCKET_PREFIX}*/*`],
      conditions: { StringEquals: { "aws:RequestedRegion": testRegions } },
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "TaskCatDiscovery",
      // These actions support no resource-level permissions (Service Authorization Reference): "*" is the only form.
      actions: ["cloudformation:ValidateTemplate", "ec2:DescribeRegions", "ec2:DescribeAvailabilityZones"],
      resources: ["*"],
    }),
  );
}
