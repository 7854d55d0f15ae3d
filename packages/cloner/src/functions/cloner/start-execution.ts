/** Runs a clone for a pushed commit, or creates the clone when it is missing; never starts a pipeline it did not create. */
import { StartPipelineExecutionCommand } from "@aws-sdk/client-codepipeline";
import type { Action } from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import type { ClassifiedError, FailureClass } from "../../aws/classify-failure";
import { SOURCE_ACTION_NAME } from "../../aws/constants";
import { identityMismatches, readPipelineTags } from "../../aws/pipeline-tags";
import { countMetric } from "../../aws/telemetry";
import { createClone } from "./create-clone";
import type { ExecutionContext } from "./execution-context";
import { assertNotEnvironmentPipeline } from "./protected-resources";
import { refuseForeignPipeline } from "./refusals";

/** What `startExecution` did. */
export type StartExecutionOutcome = "started" | "created" | "exists" | "refused";

/**
 * The role may not start the clone although the clone is this branch's: a grant is missing (the PipelineCloner
 * construct gives it). Permanent: a retry meets the same policy.
 *
 * @example
 * throw new StartDeniedError("acme-dev-feature-login", "AccessDeniedException: User … is not authorized …");
 */
export class StartDeniedError extends Error implements ClassifiedError {
  constructor(pipelineName: string, reason: string) {
    super(
      `StartPipelineExecution on ${JSON.stringify(pipelineName)} was denied although it is this branch's clone (${reason}). Fix: grant the cloner's role codepipeline:StartPipelineExecution on pipelines tagged tributary:managed=true and tributary:project (the PipelineCloner construct does).`,
    );
    this.name = "StartDeniedError";
  }

  /** Permanent: the policy decides, not the moment. */
  get failureClass(): FailureClass {
    return { kind: "permanent", reason: "start-denied" };
  }
}

/**
 * StartPipelineExecution on the clone with the commit as the `Source` action's revision and the action's
 * `clientRequestToken` (a redelivered event starts nothing new). One call on the normal path.
 *
 * The role may start only pipelines tagged as this project's managed clones (an IAM condition), so any other answer
 * than a start is AccessDenied: for a pipeline that does not exist (the tag condition has no tags to read), a foreign
 * one, or, if a grant is missing, the clone itself. Only then one more read tells them apart (ListTagsForResource,
 * which the role may make on every pipeline under the prefix): no pipeline → the clone is created (which runs the
 * branch head); a pipeline that is not this clone → refused like a name collision (a notice, `RefusalError`
 * "foreign-pipeline", never retried); the clone itself → `StartDeniedError`. Without that IAM condition (another
 * policy), a missing clone answers `PipelineNotFoundException` and is created the same way.
 *
 * @example
 * await startExecution(context, { type: "startExecution", route, commitId: "a1b2c3", clientRequestToken: "tributary-0k3j9x2m1q" });
 */
export async function startExecution(
  context: ExecutionContext,
  action: Extract<Action, { type: "startExecution" }>,
): Promise<StartExecutionOutcome> {
  const { route } = action;
  assertNotEnvironmentPipeline(context.config, route.pipelineName);
  try {
    const { pipelineExecutionId } = await context.clients.codePipeline.send(
      new StartPipelineExecutionCommand({
        name: route.pipelineName,
        clientRequestToken: action.clientRequestToken,
        sourceRevisions: [
          { actionName: SOURCE_ACTION_NAME, revisionType: "COMMIT_ID", revisionValue: action.commitId },
        ],
      }),
    );
    countMetric(context, "executionsStarted");
    context.logger.info("Started execution", {
      action: "startExecution",
      pipelineName: route.pipelineName,
      commitId: action.commitId,
      pipelineExecutionId,
    });
    return "started";
  } catch (error) {
    if (isAwsError(error, "AccessDeniedException", "AccessDenied")) {
      const read = await readPipelineTags(context, route.pipelineName);
      if (read.state === "denied") throw new StartDeniedError(route.pipelineName, read.reason);
      if (read.state === "found") {
        if (identityMismatches(read.tags, route).length > 0)
          return refuseForeignPipeline(context, route, read.tags);
        throw new StartDeniedError(
          route.pipelineName,
          error instanceof Error ? error.message : String(error),
        );
      }
    } else if (!isAwsError(error, "PipelineNotFoundException")) throw error;
    context.logger.info("Clone missing; creating it", {
      action: "startExecution",
      pipelineName: route.pipelineName,
    });
    return createClone(context, route);
  }
}
