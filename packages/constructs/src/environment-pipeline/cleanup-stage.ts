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
  const { buckets, route, projectNeeds } = context;
  const project = new codebuild.PipelineProject(scope, "CleanupProject", {
    description: `Tributary ${route.pipelineName}: remove staged templates${projectNeeds.website ? ", publish the website page" : ""} (buildspec-cleanup.yml)`,
    buildSpec: codebuild.BuildSpec.fromSourceFilename("buildspec-cleanup.yml"),
    environment: { buildImage: context.buildImage, computeType: codebuild.ComputeType.SMALL },
    environmentVariables: plainText(context.buildspecVariables.project),
    timeout: Duration.minutes(15),
    logging: {
      cloudWatch: { logGroup: new logs.LogGroup(scope, "CleanupLogs", { retention: context.logRetention }) },
    },
  });
  for (const key of objectKeys(context, "staging")) {
    buckets.stagingBucket.grantRead(project, key);
    buckets.stagingBucket.grantDelete(project, key);
  }
  if (projectNeeds.website) grantWebsitePublishing(scope, project, context);
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

/** The website page: read the stack's outputs, write it into the stack's bucket, invalidate its distribution. */
function grantWebsitePublishing(
  scope: Construct,
  project: codebuild.PipelineProject,
  context: StageContext,
): void {
  const stack = Stack.of(scope);
  project.addToRolePolicy(
    new iam.PolicyStatement({
      sid: "ReadStackOutputs",
      actions: ["cloudformation:DescribeStacks"],
      resources: context.stackNames.map((name) => stackArn(scope, name)),
    }),
  );
  project.addToRolePolicy(
    new iam.PolicyStatement({
      sid: "PublishWebsitePage",
      actions: ["s3:PutObject"],
      resources: context.bucketNames.map((name) => `arn:${stack.partition}:s3:::${name}/*`),
    }),
  );
  project.addToRolePolicy(
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
