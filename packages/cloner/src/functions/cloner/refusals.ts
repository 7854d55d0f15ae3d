/** What the cloner does when the region holds too many pipelines for a new clone: tell people, once, and count it. */

import { GetResourcesCommand, TagResourcesCommand } from "@aws-sdk/client-resource-groups-tagging-api";
import { PublishCommand } from "@aws-sdk/client-sns";
import {
  formatCloneRefusal,
  formatForeignPipelineRefusal,
  formatRefusalSummary,
  PIPELINE_QUOTA,
  type PipelineLimit,
  REFUSAL_STATE_TAG,
  type RefusalNotification,
  type Route,
  refusalState,
  refusalSummaryDue,
} from "@tributary/core";
import { errorText } from "../../aws/aws-error";
import { countMetric } from "../../aws/telemetry";
import type { ExecutionContext } from "./execution-context";
import { RefusalError } from "./refusal-error";

/**
 * The unqualified ARN of a Lambda function (tags live on the function, not on a version or alias).
 *
 * @example
 * unqualifiedFunctionArn("arn:aws:lambda:eu-west-1:123456789012:function:cloner:live"); // "arn:aws:lambda:eu-west-1:123456789012:function:cloner"
 */
export function unqualifiedFunctionArn(arn: string): string {
  return arn.split(":").slice(0, 7).join(":");
}

/** Publishes to the refusal topic; without one (not configured), logs a warning instead. */
async function publish(context: ExecutionContext, notification: RefusalNotification): Promise<boolean> {
  const topicArn = context.refusals.topicArn;
  if (!topicArn) {
    context.logger.warn("No refusal topic configured; the refusal is only logged and counted", {
      subject: notification.subject,
    });
    return false;
  }
  const { MessageId } = await context.clients.sns.send(
    new PublishCommand({ TopicArn: topicArn, Subject: notification.subject, Message: notification.message }),
  );
  context.logger.info("Published refusal", { topicArn, subject: notification.subject, messageId: MessageId });
  return true;
}

/**
 * A clone refused at its event (CodePipeline answered `LimitExceededException`): counted in `ClonesRefused`, logged,
 * and published once with core's `formatCloneRefusal`. During a reconcile it is only collected, for the summary.
 *
 * @example
 * if (isAwsError(error, "LimitExceededException")) return refuseClone(context, route, error.message);
 */
export async function refuseClone(
  context: ExecutionContext,
  route: Route,
  reason: string,
): Promise<"refused"> {
  context.logger.warn("Clone refused: the region holds the most pipelines it may", {
    action: "createClone",
    pipelineName: route.pipelineName,
    branch: route.branch,
    limit: `CodePipeline quota ${PIPELINE_QUOTA.quotaCode}`,
    reason,
  });
  if (context.refusedDuringRun) {
    context.refusedDuringRun.push(route);
    return "refused";
  }
  countMetric(context, "clonesRefused");
  await publish(context, formatCloneRefusal(route, reason));
  return "refused";
}

/**
 * A clone whose name a pipeline Tributary did not create holds (found by a create, or by a push's denied start):
 * refused permanently, like any name collision. Publishes core's `formatForeignPipelineRefusal` to the refusal topic,
 * then throws `RefusalError` ("foreign-pipeline"), which the executor logs once and counts in `Failures`; it is never
 * retried, so it never reaches the dead-letter queue.
 *
 * @example
 * if (identityMismatches(tags, route).length > 0) return refuseForeignPipeline(context, route, tags);
 */
export async function refuseForeignPipeline(
  context: ExecutionContext,
  route: Route,
  tags: Readonly<Record<string, string>>,
): Promise<never> {
  try {
    await publish(context, formatForeignPipelineRefusal(route, tags));
  } catch (error) {
    context.logger.warn("Refusal notice not published", {
      pipelineName: route.pipelineName,
      reason: errorText(error),
    });
  }
  throw new RefusalError(
    "foreign-pipeline",
    route.pipelineName,
    `a pipeline of that name exists and it is not this clone (tags ${JSON.stringify(tags)})`,
    "rename or delete that pipeline by hand; Tributary never creates over, starts, changes or deletes a pipeline it did not create",
  );
}

/** The last summary's `refusalState` (the state resource's `REFUSAL_STATE_TAG`), or `undefined`. */
async function lastReported(context: ExecutionContext, resourceArn: string): Promise<string | undefined> {
  const { ResourceTagMappingList } = await context.clients.tagging.send(
    new GetResourcesCommand({ ResourceARNList: [resourceArn] }),
  );
  return ResourceTagMappingList?.[0]?.Tags?.find((tag) => tag.Key === REFUSAL_STATE_TAG)?.Value;
}

/**
 * After a reconcile: counts the clones it refused (`ClonesRefused`, 0 included so that the alarm clears), and, only
 * when that set differs from the one the last summary reported (`REFUSAL_STATE_TAG` on the cloner function), publishes
 * one summary, naming the limit and where it came from (`plan.limit`), and tags the new set. Steady state costs one GetResources; refused clones cost nothing more. The tag
 * is read through the eventually consistent tagging API: reconciles hours apart see the last one's tag; a retry
 * seconds later may send the same summary again, never miss one.
 *
 * @example
 * await reportRefusals(context, plan.refused, plan.pipelines, plan.limit); // "unchanged" | "published" | "not-configured"
 */
export async function reportRefusals(
  context: ExecutionContext,
  refused: readonly Route[],
  pipelineCount: number,
  limit: PipelineLimit,
): Promise<"unchanged" | "published" | "not-configured"> {
  const all = [...refused, ...(context.refusedDuringRun ?? [])];
  countMetric(context, "clonesRefused", all.length);
  const names = all.map((route) => route.pipelineName);
  const { topicArn, stateResourceArn } = context.refusals;
  if (!topicArn || !stateResourceArn) {
    if (all.length > 0) await publish(context, formatRefusalSummary(all, limit, pipelineCount));
    return "not-configured";
  }
  if (!refusalSummaryDue(await lastReported(context, stateResourceArn), names)) return "unchanged";
  await publish(context, formatRefusalSummary(all, limit, pipelineCount));
  await context.clients.tagging.send(
    new TagResourcesCommand({
      ResourceARNList: [stateResourceArn],
      Tags: { [REFUSAL_STATE_TAG]: refusalState(names) },
    }),
  );
  return "published";
}
