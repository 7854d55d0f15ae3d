/** Creates a branch's or pull request's clone of its environment pipeline; idempotent, and never over a foreign pipeline. */
import { randomUUID } from "node:crypto";
import { CreatePipelineCommand } from "@aws-sdk/client-codepipeline";
import { MANAGED_TAGS, type Route } from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import { PipelineLimitError } from "../../aws/clients";
import { identityMismatches, pipelineTags, tagList } from "../../aws/pipeline-tags";
import { countMetric } from "../../aws/telemetry";
import { cloneDeclaration } from "./clone-declaration";
import type { ExecutionContext } from "./execution-context";
import { assertNotEnvironmentPipeline } from "./protected-resources";
import { refuseClone, refuseForeignPipeline } from "./refusals";
import { templateDeclaration } from "./template-declaration";

/** What `createClone` did. */
export type CreateCloneOutcome = "created" | "exists" | "refused";

/**
 * Creates `route.pipelineName` from `route.templatePipeline`: GetPipeline (once per template and event), then
 * CreatePipeline with the route's managed tags plus `tributary:template-version` (the template's
 * `templateVersion`, so reconcile knows when the clone falls behind) and `tributary:incarnation` (a random id of this
 * incarnation of the clone, which the teardown of its stack derives its token from); creation starts the first run.
 * When the name is taken, the existing pipeline's tags decide: the same clone (managed, project, branch, PR) is
 * success; anything else is refused (`refuseForeignPipeline`: a notice, then `RefusalError` "foreign-pipeline") and
 * left untouched. When the region holds the most pipelines it may
 * (CodePipeline's `LimitExceededException`), the clone is refused with a notification (`refuseClone`): a create costs
 * no extra call on the way to that answer, a refusal one ListTagsForResource (the clone may exist already) and the Publish.
 *
 * @example
 * await createClone(context, resolveBranch(config, "feature/login")); // "created", then "exists" on a retry
 */
export async function createClone(context: ExecutionContext, route: Route): Promise<CreateCloneOutcome> {
  assertNotEnvironmentPipeline(context.config, route.pipelineName);
  const template = await templateDeclaration(context, route.templatePipeline);
  const declaration = cloneDeclaration(template.declaration, route, context.config.repository);
  const incarnation = randomUUID();
  const tags = tagList({
    ...route.tags,
    [MANAGED_TAGS.templateVersion]: template.version,
    [MANAGED_TAGS.incarnation]: incarnation,
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await context.clients.codePipeline.send(new CreatePipelineCommand({ pipeline: declaration, tags }));
      countMetric(context, "pipelinesCreated");
      context.logger.info("Created clone", {
        action: "createClone",
        pipelineName: route.pipelineName,
        template: route.templatePipeline,
        templateVersion: template.version,
        incarnation,
      });
      return "created";
    } catch (error) {
      if (error instanceof PipelineLimitError || isAwsError(error, "LimitExceededException")) {
        // Whichever check CodePipeline makes first, a clone that already exists is not refused.
        const existing = await pipelineTags(context, route.pipelineName);
        if (existing !== undefined && identityMismatches(existing, route).length === 0) return "exists";
        return refuseClone(context, route, error instanceof Error ? error.message : String(error));
      }
      if (!isAwsError(error, "PipelineNameInUseException")) throw error;
      const existing = await pipelineTags(context, route.pipelineName);
      // Deleted between the two calls (a delete event raced this create): try once more.
      if (existing === undefined && attempt === 1) continue;
      const mismatched = identityMismatches(existing ?? {}, route);
      if (existing === undefined || mismatched.length > 0)
        return refuseForeignPipeline(context, route, existing ?? {});
      context.logger.info("Clone already exists", {
        action: "createClone",
        pipelineName: route.pipelineName,
      });
      return "exists";
    }
  }
}
