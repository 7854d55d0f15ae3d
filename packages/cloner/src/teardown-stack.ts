/** Starts the CodeBuild project that empties and deletes an ephemeral stack. */
import { StartBuildCommand } from "@aws-sdk/client-codebuild";
import { type Action, stableHash, teardownProjectName } from "@tributary/core";
import { countMetric, type ExecutionContext } from "./execution-context";
import { assertNotSharedStack } from "./protected-resources";

/** What `teardownStack` did. */
export type TeardownStackOutcome = "teardown-started";

/**
 * StartBuild on `teardownProjectName(config)` with `STACK_NAME`; the build checks the stack's ephemeral and project
 * tags, empties its buckets (nested stacks included) and deletes it (PIPELINE-CONTRACT.md). The idempotency token
 * comes from the event and the stack, so a redelivered event starts no second build. Shared stacks are refused.
 *
 * @example
 * await teardownStack(context, { type: "teardownStack", stackName: "acme-dev-feature-login", pipelineName: "acme-dev-feature-login" });
 */
export async function teardownStack(
  context: ExecutionContext,
  action: Extract<Action, { type: "teardownStack" }>,
): Promise<TeardownStackOutcome> {
  assertNotSharedStack(context.config, action.stackName);
  const projectName = teardownProjectName(context.config);
  const { build } = await context.clients.codeBuild.send(
    new StartBuildCommand({
      projectName,
      environmentVariablesOverride: [{ name: "STACK_NAME", value: action.stackName, type: "PLAINTEXT" }],
      idempotencyToken: `tributary-${stableHash(`${context.eventId}/${action.stackName}`)}`,
    }),
  );
  countMetric(context, "stacksTornDown");
  context.logger.info("Started stack teardown", {
    action: "teardownStack",
    stackName: action.stackName,
    projectName,
    buildId: build?.id,
  });
  return "teardown-started";
}
