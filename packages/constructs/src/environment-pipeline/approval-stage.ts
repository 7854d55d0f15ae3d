/** The Approval stage (environments with `requiresApproval`): a person reviews the preview and the TaskCat report, then approves. */

import { PIPELINE_REFERENCES, PREVIEW_NAMESPACE, PREVIEW_OUTPUTS } from "@tributary/core";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import type * as sns from "aws-cdk-lib/aws-sns";
import { PIPELINE_ACTIONS, PIPELINE_STAGES, TEST_NAMESPACE } from "./pipeline-contract.js";
import type { StageContext } from "./stage-context.js";

/**
 * The Approval stage, or none when the environment needs no approval. The action links the change-set preview and
 * names the TaskCat report; with `approvals.skipWhenNoChanges` an entry condition skips the stage when the Preview
 * step found no changes.
 *
 * @example
 * const stages = [...approvalStage(context, props.approvalTopic)]; // [] or [the Approval stage]
 */
export function approvalStage(
  context: StageContext,
  notificationTopic: sns.ITopic | undefined,
): codepipeline.StageProps[] {
  const { config, environment } = context;
  if (!environment.requiresApproval) return [];
  return [
    {
      stageName: PIPELINE_STAGES.approval,
      actions: [
        new actions.ManualApprovalAction({
          actionName: PIPELINE_ACTIONS.approve,
          externalEntityLink: `#{${PREVIEW_NAMESPACE}.${PREVIEW_OUTPUTS.url}}`,
          additionalInformation: `Review the change-set preview of ${environment.stackName} (link; #{${PREVIEW_NAMESPACE}.${PREVIEW_OUTPUTS.status}}) and the TaskCat report (#{${TEST_NAMESPACE}.REPORT_URL}), then approve to deploy ${PIPELINE_REFERENCES.branch} to ${environment.name}.`,
          ...(notificationTopic ? { notificationTopic } : {}),
        }),
      ],
      ...(config.approvals.skipWhenNoChanges ? { beforeEntry: skipWhenNoChanges() } : {}),
    },
  ];
}

/** An entry condition: skip the stage unless the Preview step's status is something else than `no-changes`. */
function skipWhenNoChanges(): codepipeline.Conditions {
  return {
    conditions: [
      {
        result: codepipeline.Result.SKIP,
        rules: [
          new codepipeline.Rule({
            name: "SkipWhenNoChanges",
            provider: "VariableCheck",
            version: "1",
            configuration: {
              Variable: `#{${PREVIEW_NAMESPACE}.${PREVIEW_OUTPUTS.status}}`,
              Operator: "NE",
              Value: "no-changes",
            },
          }),
        ],
      },
    ],
  };
}
