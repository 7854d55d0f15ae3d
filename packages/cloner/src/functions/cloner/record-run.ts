/** Remembers when a clone's run started (`tributary:last-run`), the clock its idle teardown counts from. */
import { TagResourceCommand } from "@aws-sdk/client-codepipeline";
import { type Action, hasAllTags, MANAGED_TAGS } from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import { pipelineResourceArn, readPipelineTags, tagList } from "../../aws/pipeline-tags";
import { countMetric } from "../../aws/telemetry";
import type { ExecutionContext } from "./execution-context";
import { assertNotEnvironmentPipeline } from "./protected-resources";

/**
 * What `recordRun` did: tagged the run's start, found a later one recorded already, or left a pipeline that is not
 * this project's managed clone (or is gone) alone.
 *
 * @example
 * const outcome: RecordRunOutcome = await recordRun(context, action); // "recorded"
 */
export type RecordRunOutcome = "recorded" | "current" | "ignored";

/**
 * ListTagsForResource (the pipeline must carry `expectedTags`: the role's TagResource grant also covers untagged
 * pipelines, which CreatePipeline needs, so the cloner checks before it tags), then TagResource with
 * `tributary:last-run` = the run's start (with `tributary:managed` and `tributary:project`, which IAM requires on every
 * tagging request), unless a later start is recorded already (events come in any order). Two calls per run start;
 * a push still costs one.
 *
 * @example
 * await recordRun(context, { type: "recordRun", pipelineName: "acme-dev-feature-login", startedAt: "2026-11-27T15:00:00Z", expectedTags });
 */
export async function recordRun(
  context: ExecutionContext,
  action: Extract<Action, { type: "recordRun" }>,
): Promise<RecordRunOutcome> {
  const { pipelineName, startedAt } = action;
  assertNotEnvironmentPipeline(context.config, pipelineName);
  const read = await readPipelineTags(context, pipelineName);
  if (read.state !== "found" || !hasAllTags(read.tags, action.expectedTags)) {
    context.logger.info("Run start not recorded", {
      action: "recordRun",
      pipelineName,
      reason: read.state === "found" ? "not a managed clone of this project" : `tags ${read.state}`,
    });
    return "ignored";
  }
  const recorded = Date.parse(read.tags[MANAGED_TAGS.lastRun] ?? "");
  if (Number.isFinite(recorded) && recorded >= Date.parse(startedAt)) return "current";
  const resourceArn = await pipelineResourceArn(context, pipelineName);
  if (resourceArn === undefined) return "ignored";
  try {
    await context.clients.codePipeline.send(
      new TagResourceCommand({
        resourceArn,
        tags: tagList({ ...action.expectedTags, [MANAGED_TAGS.lastRun]: startedAt }),
      }),
    );
  } catch (error) {
    if (isAwsError(error, "ResourceNotFoundException", "PipelineNotFoundException")) return "ignored";
    throw error;
  }
  countMetric(context, "runsRecorded");
  context.logger.info("Recorded run start", { action: "recordRun", pipelineName, startedAt });
  return "recorded";
}
