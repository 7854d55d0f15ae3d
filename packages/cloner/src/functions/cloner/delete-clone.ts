/** Deletes a clone, after checking that its tags say it is one of ours. */
import { DeletePipelineCommand } from "@aws-sdk/client-codepipeline";
import { type Action, MANAGED_TAGS } from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import { hasTags, pipelineTags } from "../../aws/pipeline-tags";
import { countMetric } from "../../aws/telemetry";
import type { ExecutionContext } from "./execution-context";
import { assertNotEnvironmentPipeline } from "./protected-resources";
import { RefusalError } from "./refusal-error";

/**
 * What `deleteClone` did; a deleted clone comes with its incarnation (`tributary:incarnation`, absent on clones made
 * before clones carried it), which the teardown of its stack takes its token from.
 *
 * @example
 * const result: DeleteCloneResult = { outcome: "deleted", incarnation: "3f0c…" };
 */
export type DeleteCloneResult =
  | { readonly outcome: "deleted"; readonly incarnation: string | undefined }
  | { readonly outcome: "absent" };

/**
 * ListTagsForResource, then DeletePipeline when the tags include `expectedTags`; a pipeline that is not there
 * (at either step) is success, one without the tags is refused (`RefusalError` "foreign-pipeline") and left alone.
 * The tags read also give the incarnation deleted. Environment pipelines are refused before any call. DeletePipeline
 * is allowed only on a pipeline tagged as a managed clone, so IAM answers AccessDenied for one deleted in between
 * (the tag condition has no tags to read): that answer is read again, and a pipeline gone by then is "absent".
 *
 * @example
 * await deleteClone(context, { type: "deleteClone", pipelineName: "acme-dev-feature-login", expectedTags: { "tributary:managed": "true", "tributary:project": "acme" } });
 */
export async function deleteClone(
  context: ExecutionContext,
  action: Extract<Action, { type: "deleteClone" }>,
): Promise<DeleteCloneResult> {
  const { pipelineName, expectedTags } = action;
  assertNotEnvironmentPipeline(context.config, pipelineName);
  const tags = await pipelineTags(context, pipelineName);
  if (tags === undefined) {
    context.logger.info("Clone already gone", {
      action: "deleteClone",
      pipelineName,
    });
    return { outcome: "absent" };
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
    if (isAwsError(error, "PipelineNotFoundException", "ResourceNotFoundException"))
      return { outcome: "absent" };
    if (
      isAwsError(error, "AccessDeniedException") &&
      (await pipelineTags(context, pipelineName)) === undefined
    )
      return { outcome: "absent" };
    throw error;
  }
  const incarnation = tags[MANAGED_TAGS.incarnation];
  countMetric(context, "pipelinesDeleted");
  context.logger.info("Deleted clone", {
    action: "deleteClone",
    pipelineName,
    incarnation,
  });
  return { outcome: "deleted", incarnation };
}
