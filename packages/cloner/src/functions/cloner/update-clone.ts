/** Brings an existing clone back in line with its template's current declaration; never touches a foreign pipeline. */
import { TagResourceCommand, UpdatePipelineCommand } from "@aws-sdk/client-codepipeline";
import { type Action, MANAGED_TAGS } from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import { identityMismatches, pipelineResourceArn, pipelineTags, tagList } from "../../aws/pipeline-tags";
import { countMetric } from "../../aws/telemetry";
import { cloneDeclaration } from "./clone-declaration";
import type { ExecutionContext } from "./execution-context";
import { assertNotEnvironmentPipeline } from "./protected-resources";
import { RefusalError } from "./refusal-error";
import { templateDeclaration } from "./template-declaration";

/**
 * What `updateClone` did: the clone now has its template's declaration, or there was no clone to update.
 *
 * @example
 * const outcome: UpdateCloneOutcome = await updateClone(context, action); // "updated" or "absent"
 */
export type UpdateCloneOutcome = "updated" | "current" | "absent";

/** Errors that say the clone is gone. */
const GONE = ["PipelineNotFoundException", "ResourceNotFoundException"];

/**
 * Copies the template's current declaration onto the clone: the clone's tags (ListTagsForResource, strongly
 * consistent, whatever the reconcile listed), which must be this route's clone (managed, project, branch, PR) or the update is
 * refused (`RefusalError` "foreign-pipeline"); GetPipeline of the template (once per template and event, shared
 * with the reconcile's planning); `cloneDeclaration` (name, branch and variables are the route's, approvals removed
 * for ephemeral clones); UpdatePipeline; then TagResource with `tributary:template-version` set to the version of
 * the declaration applied (with `tributary:managed` and `tributary:project`, which IAM requires on every tagging
 * request). Tagging last means a crash in between leaves the old version tag, so the next reconcile updates again.
 * A clone whose strongly read tags already carry the template's current version is left alone ("current"): a
 * reconcile round that planned from a lagging listing (the tagging API is eventually consistent) rewrites no clone a
 * round before it updated. A clone that is gone at any step is success ("absent"). Environment pipelines are refused
 * before any call.
 *
 * @example
 * await updateClone(context, { type: "updateClone", route, templateVersion: "28gykx9rzr" }); // "updated"
 */
export async function updateClone(
  context: ExecutionContext,
  action: Extract<Action, { type: "updateClone" }>,
): Promise<UpdateCloneOutcome> {
  const { route } = action;
  const { pipelineName } = route;
  assertNotEnvironmentPipeline(context.config, pipelineName);
  // Read again, strongly consistent: the tags the reconcile planned with came from the tagging API, which lags.
  const tags = await pipelineTags(context, pipelineName);
  const absent = (): UpdateCloneOutcome => {
    context.logger.info("Clone already gone", { action: "updateClone", pipelineName });
    return "absent";
  };
  if (tags === undefined) return absent();
  const mismatched = identityMismatches(tags, route);
  if (mismatched.length > 0) {
    throw new RefusalError(
      "foreign-pipeline",
      pipelineName,
      `its tags ${mismatched.join(", ")} are not this clone's (${JSON.stringify(tags)})`,
      "rename or delete that pipeline by hand; Tributary never changes a pipeline it did not create",
    );
  }
  const template = await templateDeclaration(context, route.templatePipeline);
  if (tags[MANAGED_TAGS.templateVersion] === template.version) {
    context.logger.info("Clone already at its template's version", {
      action: "updateClone",
      pipelineName,
      templateVersion: template.version,
    });
    return "current";
  }
  const declaration = cloneDeclaration(template.declaration, route, context.config.repository);
  const { codePipeline } = context.clients;
  try {
    await codePipeline.send(new UpdatePipelineCommand({ pipeline: declaration }));
    const resourceArn = await pipelineResourceArn(context, pipelineName);
    if (resourceArn === undefined) return absent();
    await codePipeline.send(
      new TagResourceCommand({
        resourceArn,
        tags: tagList({
          [MANAGED_TAGS.managed]: "true",
          [MANAGED_TAGS.project]: context.config.project,
          [MANAGED_TAGS.templateVersion]: template.version,
        }),
      }),
    );
  } catch (error) {
    if (isAwsError(error, ...GONE)) return absent();
    throw error;
  }
  countMetric(context, "pipelinesUpdated");
  context.logger.info("Updated clone", {
    action: "updateClone",
    pipelineName,
    template: route.templatePipeline,
    templateVersion: template.version,
    previousTemplateVersion: tags[MANAGED_TAGS.templateVersion],
    ...(template.version === action.templateVersion
      ? {}
      : { plannedTemplateVersion: action.templateVersion }),
  });
  return "updated";
}
