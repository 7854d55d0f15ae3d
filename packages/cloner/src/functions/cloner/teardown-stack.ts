/** Starts the CodeBuild project that empties and deletes an ephemeral stack. */
import { StartBuildCommand } from "@aws-sdk/client-codebuild";
import { type Action, teardownProjectName, teardownRequestVariables } from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import type { ClassifiedError, FailureClass } from "../../aws/classify-failure";
import { countMetric } from "../../aws/telemetry";
import type { ExecutionContext } from "./execution-context";
import { assertNotProtectedStack } from "./protected-resources";

/**
 * The teardown project does not exist (not deployed yet, or deleted). Classified transient on purpose: dropping the
 * event would orphan the stack for good (its pipeline is already gone, so no reconcile finds it again), while the
 * dead-letter queue keeps it for a redrive once the project is back.
 *
 * @example
 * throw new TeardownProjectMissingError("acme-stack-teardown", "acme-dev-feature-login");
 */
export class TeardownProjectMissingError extends Error implements ClassifiedError {
  readonly projectName: string;
  readonly stackName: string;

  constructor(projectName: string, stackName: string) {
    super(
      `CodeBuild project ${JSON.stringify(projectName)} does not exist, so stack ${JSON.stringify(stackName)} cannot be torn down. Fix: deploy the PipelineCloner construct (it creates the project), then redrive the event from the dead-letter queue.`,
    );
    this.name = "TeardownProjectMissingError";
    this.projectName = projectName;
    this.stackName = stackName;
  }

  /** Transient on purpose (see above): the dead-letter queue keeps the event for a redrive. */
  get failureClass(): FailureClass {
    return { kind: "transient", reason: "teardown-project-missing" };
  }
}

/** What `teardownStack` did. */
export type TeardownStackOutcome = "teardown-started";

/**
 * StartBuild on `teardownProjectName(config)` with the request as environment overrides (`STACK_NAME`,
 * `PIPELINE_NAME`, `TEARDOWN_REASON`, `IDLE_SINCE`: core's `teardownRequestVariables`); the build applies core's
 * `teardownDecision` to what it reads right then (the stack's tags, whether a live clone deploys it), empties its
 * buckets (nested stacks included) and deletes it (PIPELINE-CONTRACT.md). The idempotency token is the planned one
 * (`teardownToken`: of the deleted clone's incarnation after a delete, else of the event), which CodeBuild honours
 * for 5 minutes: a prompt retry starts no second build. Protected stacks (core's `ownershipRule`) are refused.
 *
 * @example
 * await teardownStack(context, teardownAction(eventId, "acme-dev-feature-login", "acme-dev-feature-login"));
 */
export async function teardownStack(
  context: ExecutionContext,
  action: Extract<Action, { type: "teardownStack" }>,
): Promise<TeardownStackOutcome> {
  assertNotProtectedStack(context.config, action.stackName);
  const projectName = teardownProjectName(context.config);
  let build: { id?: string | undefined } | undefined;
  try {
    ({ build } = await context.clients.codeBuild.send(
      new StartBuildCommand({
        projectName,
        environmentVariablesOverride: Object.entries(
          teardownRequestVariables({
            stackName: action.stackName,
            pipelineName: action.pipelineName,
            reason: action.reason,
            idleSince: action.idleSince,
          }),
        ).map(([name, value]) => ({ name, value, type: "PLAINTEXT" as const })),
        idempotencyToken: action.idempotencyToken,
      }),
    ));
  } catch (error) {
    if (isAwsError(error, "ResourceNotFoundException"))
      throw new TeardownProjectMissingError(projectName, action.stackName);
    throw error;
  }
  countMetric(context, "stacksTornDown");
  context.logger.info("Started stack teardown", {
    action: "teardownStack",
    stackName: action.stackName,
    pipelineName: action.pipelineName,
    reason: action.reason,
    projectName,
    buildId: build?.id,
  });
  return "teardown-started";
}
