/** The Deploy stage: the Test stage's template as change set `tributary` on the pipeline's stack, then executed. */

import { PIPELINE_REFERENCES } from "@tributary/core";
import type * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import { CHANGE_SET_NAME, PIPELINE_ACTIONS, PIPELINE_STAGES, TEST_NAMESPACE } from "./pipeline-contract.js";
import { PREVIEW_CAPABILITIES } from "./preview/preview-buildspec.js";
import type { StageContext } from "./stage-context.js";

/**
 * The Deploy stage: `CreateChangeSet` (run order 1) and `ExecuteChangeSet` (2) on `#{variables.StackName}`, with the
 * parameter overrides `Environment`, `TemplateBucket` and `TemplatePrefix` (the Test stage's `STAGING_PREFIX`) and
 * the Preview step's capabilities, deployed by `deploymentRole`; both actions run as `actionRole`, without policy
 * updates: CDK would scope their grants to the literal ARN `stack/#{variables.StackName}`, which matches no stack, so
 * the role carries the effective grants itself.
 *
 * @example
 * const stage = deployStage(context, { input: artifacts.testOutput, deploymentRole, actionRole });
 */
export function deployStage(
  context: StageContext,
  options: {
    readonly input: codepipeline.Artifact;
    readonly deploymentRole: iam.IRole;
    readonly actionRole: iam.IRole;
  },
): codepipeline.StageProps {
  const { input, deploymentRole } = options;
  // A role of this stack carries its own grants; an imported one (a remote environment's) is immutable already.
  const actionRole =
    options.actionRole instanceof iam.Role ? options.actionRole.withoutPolicyUpdates() : options.actionRole;
  // A remote environment's stacks deploy in its own region (the pipeline then keeps an artifact store there).
  const region = context.target === undefined ? {} : { region: context.target.region };
  const stackName = PIPELINE_REFERENCES.stackName;
  return {
    stageName: PIPELINE_STAGES.deploy,
    actions: [
      new actions.CloudFormationCreateReplaceChangeSetAction({
        actionName: PIPELINE_ACTIONS.createChangeSet,
        runOrder: 1,
        stackName,
        changeSetName: CHANGE_SET_NAME,
        templatePath: input.atPath("templates/main.yaml"),
        templateConfiguration: input.atPath("template-configuration.json"),
        parameterOverrides: {
          Environment: PIPELINE_REFERENCES.environment,
          TemplateBucket: context.buckets.stagingBucket.bucketName,
          TemplatePrefix: `#{${TEST_NAMESPACE}.STAGING_PREFIX}`,
        },
        // The Preview step's change set uses the same.
        cfnCapabilities: [...PREVIEW_CAPABILITIES],
        adminPermissions: false,
        deploymentRole,
        role: actionRole,
        ...region,
      }),
      new actions.CloudFormationExecuteChangeSetAction({
        actionName: PIPELINE_ACTIONS.executeChangeSet,
        runOrder: 2,
        stackName,
        changeSetName: CHANGE_SET_NAME,
        role: actionRole,
        ...region,
      }),
    ],
  };
}
