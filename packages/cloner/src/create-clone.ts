/** Creates a branch's or pull request's clone of its environment pipeline; idempotent, and never over a foreign pipeline. */
import {
  CreatePipelineCommand,
  GetPipelineCommand,
  type GetPipelineCommandOutput,
} from "@aws-sdk/client-codepipeline";
import { MANAGED_TAGS, type Route } from "@tributary/core";
import { cloneDeclaration, tagList } from "./clone-declaration";
import { countMetric, type ExecutionContext, isAwsError } from "./execution-context";
import { pipelineTags } from "./pipeline-tags";
import { assertNotEnvironmentPipeline } from "./protected-resources";
import { RefusalError } from "./refusal-error";

/** What `createClone` did. */
export type CreateCloneOutcome = "created" | "exists";

/** The tags that say an existing pipeline is this route's clone: managed, same project, same branch and PR. */
const IDENTITY_TAGS = [
  MANAGED_TAGS.managed,
  MANAGED_TAGS.project,
  MANAGED_TAGS.branch,
  MANAGED_TAGS.pullRequest,
];

function template(context: ExecutionContext, name: string): Promise<GetPipelineCommandOutput> {
  let pending = context.templates.get(name);
  if (!pending) {
    const { codePipeline } = context.clients;
    pending = (async () => codePipeline.send(new GetPipelineCommand({ name })))();
    // A failed fetch is not cached: the next action of the same event tries again.
    pending.catch(() => context.templates.delete(name));
    context.templates.set(name, pending);
  }
  return pending;
}

/**
 * Creates `route.pipelineName` from `route.templatePipeline`: GetPipeline (once per template and event), then
 * CreatePipeline with the route's managed tags; creation starts the first run. When the name is taken, the
 * existing pipeline's tags decide: the same clone (managed, project, branch, PR) is success; anything else is
 * refused with `RefusalError` ("foreign-pipeline") and left untouched.
 *
 * @example
 * await createClone(context, resolveBranch(config, "feature/login")); // "created", then "exists" on a retry
 */
export async function createClone(context: ExecutionContext, route: Route): Promise<CreateCloneOutcome> {
  assertNotEnvironmentPipeline(context.config, route.pipelineName);
  const { pipeline } = await template(context, route.templatePipeline);
  if (!pipeline) {
    throw new RefusalError(
      "invalid-template",
      route.templatePipeline,
      "GetPipeline returned no declaration",
      "redeploy the environment pipeline",
    );
  }
  const declaration = cloneDeclaration(pipeline, route, context.config.repository);
  for (let attempt = 1; ; attempt++) {
    try {
      await context.clients.codePipeline.send(
        new CreatePipelineCommand({ pipeline: declaration, tags: tagList(route.tags) }),
      );
      countMetric(context, "pipelinesCreated");
      context.logger.info("Created clone", {
        action: "createClone",
        pipelineName: route.pipelineName,
        template: route.templatePipeline,
      });
      return "created";
    } catch (error) {
      if (!isAwsError(error, "PipelineNameInUseException")) throw error;
      const tags = await pipelineTags(context, route.pipelineName);
      // Deleted between the two calls (a delete event raced this create): try once more.
      if (tags === undefined && attempt === 1) continue;
      const mismatched = IDENTITY_TAGS.filter((key) => tags?.[key] !== route.tags[key]);
      if (tags === undefined || mismatched.length > 0) {
        throw new RefusalError(
          "foreign-pipeline",
          route.pipelineName,
          `a pipeline of that name exists and its tags ${mismatched.join(", ")} are not this clone's (${JSON.stringify(tags ?? {})})`,
          "rename or delete that pipeline by hand; Tributary never changes a pipeline it did not create",
        );
      }
      context.logger.info("Clone already exists", {
        action: "createClone",
        pipelineName: route.pipelineName,
      });
      return "exists";
    }
  }
}
