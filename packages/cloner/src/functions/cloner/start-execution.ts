/** Runs a clone for a pushed commit, or creates the clone when it is missing. */
import { StartPipelineExecutionCommand } from "@aws-sdk/client-codepipeline";
import type { Action } from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import { SOURCE_ACTION_NAME } from "../../aws/constants";
import { countMetric } from "../../aws/telemetry";
import { createClone } from "./create-clone";
import type { ExecutionContext } from "./execution-context";
import { assertNotEnvironmentPipeline } from "./protected-resources";

/** What `startExecution` did. */
export type StartExecutionOutcome = "started" | "created" | "exists" | "refused";

/**
 * StartPipelineExecution on the clone with the commit as the `Source` action's revision and the action's
 * `clientRequestToken` (a redelivered event starts nothing new). One call when the clone exists; when it does
 * not (`PipelineNotFoundException`), the clone is created, which runs the branch head.
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
    if (!isAwsError(error, "PipelineNotFoundException")) throw error;
    context.logger.info("Clone missing; creating it", {
      action: "startExecution",
      pipelineName: route.pipelineName,
    });
    return createClone(context, route);
  }
}
