/** The Cleanup stage: the source's `buildspec-cleanup.yml` removes the execution's staged templates (the demo's also publishes its website page). */

import { DISTRIBUTION_OWNER_TAG } from "@tributary/core";
import { Duration, Stack } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import type * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { PIPELINE_ACTIONS, PIPELINE_STAGES } from "./pipeline-contract.js";
import { remoteBuild } from "./remote-build.js";
import { objectKeys, plainText, type StageContext, stackArn } from "./stage-context.js";

/**
 * The Cleanup project (`CleanupProject`, logs `CleanupLogs`) in `scope` and its stage, on the source artifact. It may
 * read and delete this environment's staged templates; with `projectNeeds.website` also read its stacks' outputs, write
 * into its stacks' buckets and invalidate the CloudFront distributions tagged with its stacks.
 *
 * @example
 * const cleanup = cleanupStage(this, context, artifacts.source);
 */
export function cleanupStage(
  scope: Construct,
  context: StageContext,
  input: codepipeline.Artifact,
): { readonly project: codebuild.PipelineProject; readonly stage: codepipeline.StageProps } {
  const { route, projectNeeds } = context;
  // A remote environment's cleanup runs as its target stack's cleanup role (the stacks' outputs and buckets are there).
  const remote = context.target && remoteBuild(scope, "CleanupRole", context.target, "cleanup");
  const project = new codebuild.PipelineProject(scope, "CleanupProject", {
    description: `Tributary ${route.pipelineName}: remove staged templates${projectNeeds.website ? ", publish the website page" : ""} (buildspec-cleanup.yml)`,
    buildSpec: codebuild.BuildSpec.fromSourceFilename("buildspec-cleanup.yml"),
    environment: { buildImage: context.buildImage, computeType: codebuild.ComputeType.SMALL },
    environmentVariables: plainText({ ...context.buildspecVariables.project, ...remote?.variables }),
    timeout: Duration.minutes(15),
    logging: {
      cloudWatch: { logGroup: new logs.LogGroup(scope, "CleanupLogs", { retention: context.logRetention }) },
    },
    ...(remote ? { role: remote.role } : {}),
  });
  if (remote === undefined) {
    grantCleanupRole(scope, project, context);
  } else {
    // The target role deletes the staged templates: these grants land in the bucket's and key's policies.
    grantStagingCleanup(remote.targetRole, context);
  }
  return {
    project,
    stage: {
      stageName: PIPELINE_STAGES.cleanup,
      actions: [
        new actions.CodeBuildAction({
          actionName: PIPELINE_ACTIONS.cleanup,
          project,
          input,
          environmentVariables: plainText(context.buildspecVariables.cleanup),
        }),
      ],
    },
  };
}

/**
 * What the Cleanup build may do: read and delete the environment's staged templates and, with `projectNeeds.website`,
 * publish the website page. The Cleanup project gets it in the CI/CD account; a remote environment's target stack
 * gives it to its cleanup role.
 *
 * @example
 * grantCleanupRole(this, project, context);
 */
export function grantCleanupRole(scope: Construct, grantee: iam.IGrantable, context: StageContext): void {
  grantStagingCleanup(grantee, context);
  if (context.projectNeeds.website) grantWebsitePublishing(scope, grantee, context);
}

/** Read and delete the environment's staged templates. */
function grantStagingCleanup(grantee: iam.IGrantable, context: StageContext): void {
  const { buckets } = context;
  for (const key of objectKeys(context, "staging")) {
    buckets.stagingBucket.grantRead(grantee, key);
    buckets.stagingBucket.grantDelete(grantee, key);
  }
}

/** The website page: read the stack's outputs, write it into the stack's bucket, invalidate its distribution. */
function grantWebsitePublishing(scope: Construct, grantee: iam.IGrantable, context: StageContext): void {
  const stack = Stack.of(scope);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "ReadStackOutputs",
      actions: ["cloudformation:DescribeStacks"],
      resources: context.stackNames.map((name) => stackArn(scope, name)),
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "PublishWebsitePage",
      actions: ["s3:PutObject"],
      resources: context.bucketNames.map((name) => `arn:${stack.partition}:s3:::${name}/*`),
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "InvalidateWebsiteCache",
      actions: ["cloudfront:CreateInvalidation"],
      resources: [
        stack.formatArn({ service: "cloudfront", region: "", resource: "distribution", resourceName: "*" }),
      ],
      // Only this environment's distributions: the demo template tags each with its stack's name.
      conditions: { StringLike: { [`aws:ResourceTag/${DISTRIBUTION_OWNER_TAG}`]: context.stackPatterns } },
    }),
  );
}
