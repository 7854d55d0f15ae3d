/** The names PIPELINE-CONTRACT.md gives every environment pipeline's stages, actions and change set: the cloner looks them up. */

import { PREVIEW_ACTION_NAME } from "@tributary/core";

/**
 * Contract names (PIPELINE-CONTRACT.md): the cloner looks stages and actions up by these.
 *
 * @example
 * PIPELINE_STAGES.deploy; // "Deploy"
 * devPipeline.pipeline.stages.map((stage) => stage.stageName); // ["Source", "Test", "Preview", "Deploy", "Cleanup"]
 * prodPipeline.pipeline.stages.map((stage) => stage.stageName);
 * // ["Source", "Test", "Preview", "Approval", "Deploy", "Cleanup"]
 */
export const PIPELINE_STAGES = {
  source: "Source",
  test: "Test",
  preview: "Preview",
  approval: "Approval",
  deploy: "Deploy",
  cleanup: "Cleanup",
} as const;

/**
 * Contract names of the actions.
 *
 * @example
 * PIPELINE_ACTIONS.createChangeSet; // "CreateChangeSet"
 * PIPELINE_ACTIONS.approve; // "Approve" (stage Approval), only in environments with requiresApproval
 */
export const PIPELINE_ACTIONS = {
  source: "Source",
  test: "Test",
  preview: PREVIEW_ACTION_NAME,
  createChangeSet: "CreateChangeSet",
  approve: "Approve",
  executeChangeSet: "ExecuteChangeSet",
  cleanup: "Cleanup",
} as const;

/**
 * The variable namespace of the Test action, which exports `STAGING_PREFIX` and `REPORT_URL`.
 *
 * @example
 * `#{${TEST_NAMESPACE}.REPORT_URL}`; // "#{Test.REPORT_URL}", the approval's link to the TaskCat report
 */
export const TEST_NAMESPACE = "Test";

/**
 * The change set every pipeline creates and executes.
 *
 * @example
 * CHANGE_SET_NAME; // "tributary": the ChangeSetName of the CreateChangeSet and ExecuteChangeSet actions
 */
export const CHANGE_SET_NAME = "tributary";
