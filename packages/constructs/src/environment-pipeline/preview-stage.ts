/** The Preview stage: a change set against the environment's shared stack, described into `preview.json`, deleted, never executed. */

import {
  PREVIEW_CHANGE_SET_PREFIX,
  PREVIEW_NAMESPACE,
  previewKey,
  previewProjectVariables,
} from "@tributary/core";
import { Duration, Stack } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import type * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { PIPELINE_ACTIONS, PIPELINE_STAGES } from "./pipeline-contract.js";
import { passToCloudFormation } from "./pipeline-roles.js";
import { previewBuildSpec } from "./preview/preview-buildspec.js";
import { remoteBuild } from "./remote-build.js";
import { objectKeys, plainText, type StageContext, stackArn } from "./stage-context.js";

/**
 * The Preview project (`PreviewProject`, logs `PreviewLogs`) in `scope` and its stage, on the Test stage's output.
 * The project is the same in every clone (they share it), and so is the stack it previews: the environment's shared
 * stack (PIPELINE-CONTRACT.md). It may create and delete only change sets named `tributary-preview-*` on that stack,
 * only with the deployment role, describe them and their nested change sets, and write only `preview.json`; an explicit
 * Deny keeps it from ever executing a change set.
 *
 * @example
 * const preview = previewStage(this, context, { input: artifacts.testOutput, deploymentRole });
 */
export function previewStage(
  scope: Construct,
  context: StageContext,
  options: { readonly input: codepipeline.Artifact; readonly deploymentRole: iam.IRole },
): { readonly project: codebuild.PipelineProject; readonly stage: codepipeline.StageProps } {
  const { environment, route } = context;
  const { deploymentRole } = options;
  // A remote environment's preview runs as its target stack's preview role, in its account and region.
  const remote = context.target && remoteBuild(scope, "PreviewRole", context.target, "preview");
  const project = new codebuild.PipelineProject(scope, "PreviewProject", {
    description: `Tributary ${route.pipelineName}: preview change sets against ${environment.stackName}, never executed`,
    buildSpec: previewBuildSpec({ targetCredentials: remote !== undefined }),
    environment: { buildImage: context.buildImage, computeType: codebuild.ComputeType.SMALL },
    environmentVariables: plainText({
      ...context.buildspecVariables.project,
      ...previewProjectVariables({
        stackName: environment.stackName,
        deploymentRoleArn: deploymentRole.roleArn,
      }),
      ...remote?.variables,
    }),
    timeout: Duration.minutes(30),
    logging: {
      cloudWatch: { logGroup: new logs.LogGroup(scope, "PreviewLogs", { retention: context.logRetention }) },
    },
    ...(remote ? { role: remote.role } : {}),
  });
  if (remote === undefined) {
    grantPreviewRole(scope, project, context, deploymentRole);
  } else {
    allowPreviewBuckets(remote.targetRole, context);
  }
  return {
    project,
    stage: {
      stageName: PIPELINE_STAGES.preview,
      actions: [
        new actions.CodeBuildAction({
          actionName: PIPELINE_ACTIONS.preview,
          project,
          input: options.input,
          variablesNamespace: PREVIEW_NAMESPACE,
          environmentVariables: plainText(context.buildspecVariables.preview),
        }),
      ],
    },
  };
}

/**
 * The Preview build's permissions: create and delete only change sets named `tributary-preview-*` on the shared
 * stack (only with the deployment role), describe them and their nested change sets, read the shared stack and the
 * staged templates, write only `preview.json`, and never execute a change set (an explicit Deny). The Preview project
 * gets them in the CI/CD account; a remote environment's target stack gives them to its preview role.
 *
 * @example
 * grantPreviewRole(this, project, context, deploymentRole);
 */
export function grantPreviewRole(
  scope: Construct,
  grantee: iam.IGrantable,
  context: StageContext,
  deploymentRole: iam.IRole,
): void {
  const { buckets, environment } = context;
  const stack = Stack.of(scope);
  const sharedStack = stackArn(scope, `${environment.stackName}/*`);
  // Nested stacks are named <parent>-<logical id>-<suffix>, so their change sets live on <shared>-* stacks.
  const sharedNestedStacks = stackArn(scope, `${environment.stackName}-*/*`);
  // The condition key holds what the request names: the change set's name, or its ARN (nested change sets are
  // described by ARN). Nested change sets carry the root's name with the nested stack's around it.
  const previewChangeSetNames = {
    "cloudformation:ChangeSetName": [
      `${PREVIEW_CHANGE_SET_PREFIX}*`,
      `*-${PREVIEW_CHANGE_SET_PREFIX}*`,
      `arn:${stack.partition}:cloudformation:${stack.region}:${stack.account}:changeSet/*${PREVIEW_CHANGE_SET_PREFIX}*`,
    ],
  };
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "PreviewChangeSetsOnSharedStack",
      actions: ["cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet"],
      resources: [sharedStack],
      conditions: {
        StringLike: previewChangeSetNames,
        // CreateChangeSet only with the deployment role (DeleteChangeSet has no such key: ignored there).
        StringEqualsIfExists: { "cloudformation:RoleArn": deploymentRole.roleArn },
      },
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "DescribePreviewChangeSets",
      actions: ["cloudformation:DescribeChangeSet"],
      resources: [sharedStack, sharedNestedStacks],
      conditions: { StringLike: previewChangeSetNames },
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "ReadSharedStack",
      actions: ["cloudformation:DescribeStacks"],
      resources: [sharedStack],
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "NeverExecuteAChangeSet",
      effect: iam.Effect.DENY,
      actions: ["cloudformation:ExecuteChangeSet"],
      resources: ["*"],
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(passToCloudFormation(deploymentRole));
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "ReadStagedTemplates",
      // A main.yaml over TemplateBody's 51,200 bytes is read from its staged copy.
      actions: ["s3:GetObject"],
      resources: objectKeys(context, "staging").map((key) => buckets.stagingBucket.arnForObjects(key)),
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "WritePreviews",
      actions: ["s3:PutObject"],
      resources: context.pipelinePatterns.map((pattern) =>
        buckets.reportsBucket.arnForObjects(previewKey(pattern, "*")),
      ),
    }),
  );
  buckets.stagingBucket.encryptionKey?.grantDecrypt(grantee);
  buckets.reportsBucket.encryptionKey?.grantEncrypt(grantee);
}

/**
 * The buckets' side of a remote preview role's access (its identity policy is in the target stack): read the
 * environment's staged templates, write its `preview.json` files, and the key for both. Bucket and key policies name
 * that role only.
 */
function allowPreviewBuckets(targetRole: iam.IRole, context: StageContext): void {
  const { buckets, environment } = context;
  // The imported target role names its account with aws:PrincipalArn (cross-account-roles.ts' importTargetRole).
  const principals = [targetRole];
  const sid = environment.name.charAt(0).toUpperCase() + environment.name.slice(1);
  buckets.stagingBucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `PreviewReadsStagedTemplates${sid}`,
      principals,
      actions: ["s3:GetObject"],
      resources: objectKeys(context, "staging").map((key) => buckets.stagingBucket.arnForObjects(key)),
    }),
  );
  buckets.reportsBucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `PreviewWritesPreviews${sid}`,
      principals,
      actions: ["s3:PutObject"],
      resources: context.pipelinePatterns.map((pattern) =>
        buckets.reportsBucket.arnForObjects(previewKey(pattern, "*")),
      ),
    }),
  );
  buckets.stagingBucket.encryptionKey?.grantDecrypt(targetRole);
  buckets.reportsBucket.encryptionKey?.grantEncrypt(targetRole);
}
