/** Deletes a clone, after checking that its tags say it is one of ours. */
import { DeletePipelineCommand } from "@aws-sdk/client-codepipeline";
import type { Action } from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import { hasTags, pipelineTags } from "../../aws/pipeline-tags";
import { countMetric } from "../../aws/telemetry";
import type { ExecutionContext } from "./execution-context";
import { assertNotEnvironmentPipeline } from "./protected-resources";
import { RefusalError } from "./refusal-error";

/** What `deleteClone` did. */
export type DeleteCloneOutcome = "deleted" | "absent";

/**
 * ListTagsForResource, then DeletePipeline when the tags include `expectedTags`; a pipeline that is not there
 * (at either step) is success, one without the tags is refused (`RefusalError` "foreign-pipeline") and left alone.
 * Environment pipelines are refused before any call.
 *
 * @example
 * await deleteClone(context, { type: "deleteClone", pipelineName: "acme-dev-feature-login", expectedTags: { "tributary:managed": "true", "tributary:project": "acme" } });
 */
export async function deleteClone(
  context: ExecutionContext,
  action: Extract<Action, { type: "deleteClone" }>,
): Promise<DeleteCloneOutcome> {
  const { pipelineName, expectedTags } = action;
  assertNotEnvironmentPipeline(context.config, pipelineName);
  const tags = await pipelineTags(context, pipelineName);
  if (tags === undefined) {
    context.logger.info("Clone already gone", {
      action: "deleteClone",
      pipelineName,
    });
    return "absent";
  }
  if (!hasTags(tags, expectedTags)) {
    throw new RefusalError(
      "foreign-pipeline",
      pipelineName,
      `its tags ${JSON.stringify(tags)} do not include ${JSON.stringify(expectedTags)}`,
      "delete it by hand if it is yours; Tributary only deletes the clones it created",
    );
  }
  try {
    await context.clients.codePipeline.send(new DeletePipelineCommand({ name: pipelineName }));
  } catch (error) {
    if (isAwsError(error, "PipelineNotFoundException", "ResourceNotFoundException")) return "absent";
    throw error;
  }
  countMetric(context, "pipelinesDeleted");
  context.logger.info("Deleted clone", {
    action: "deleteClone",
    pipelineName,
  });
  return "deleted";
}
