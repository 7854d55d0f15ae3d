/** Tells people a day before an idle clone's stack is torn down, once per deadline. */
import { TagResourceCommand } from "@aws-sdk/client-codepipeline";
import { PublishCommand } from "@aws-sdk/client-sns";
import {
  type Action,
  formatIdleNotice,
  IDLE_NOTICE_EVENT,
  idleNoticeDetail,
  MANAGED_TAGS,
  ownershipRule,
} from "@tributary/core";
import { isAwsError } from "../../aws/aws-error";
import { pipelineResourceArn, tagList } from "../../aws/pipeline-tags";
import { putEvent } from "../../aws/put-event";
import { countMetric } from "../../aws/telemetry";
import type { ExecutionContext } from "./execution-context";
import { assertNotEnvironmentPipeline } from "./protected-resources";

/**
 * What `noticeIdle` did.
 *
 * @example
 * const outcome: NoticeIdleOutcome = await noticeIdle(context, action); // "noticed"
 */
export type NoticeIdleOutcome = "noticed" | "absent";

/**
 * Publishes core's `formatIdleNotice` to the refusal topic (the failures topic: a stack going away is worth a mail);
 * for a pull request's clone, also puts an `IDLE_NOTICE_EVENT` on the default bus, which the notifier's rule turns into
 * a line on the pull request's living comment (the comment is the notifier's: CodeCommit lets only its author edit
 * it); then tags the clone with `tributary:idle-notice` = the deadline, so the next reconciles do not repeat it
 * (tagged last: a notice cut short is sent again, never lost).
 *
 * @example
 * await noticeIdle(context, { type: "noticeIdle", route, idleDays: 7, clock });
 */
export async function noticeIdle(
  context: ExecutionContext,
  action: Extract<Action, { type: "noticeIdle" }>,
): Promise<NoticeIdleOutcome> {
  const { route, idleDays, clock } = action;
  assertNotEnvironmentPipeline(context.config, route.pipelineName);
  const detail = idleNoticeDetail(context.config, route, idleDays, clock);
  const notice = formatIdleNotice(detail);
  const topicArn = context.refusals.topicArn;
  if (topicArn) {
    await context.clients.sns.send(
      new PublishCommand({ TopicArn: topicArn, Subject: notice.subject, Message: notice.message }),
    );
  } else {
    context.logger.warn("No refusal topic configured; the idle notice is only logged", {
      subject: notice.subject,
    });
  }
  if (detail.pullRequestId !== undefined) await putEvent(context.clients, IDLE_NOTICE_EVENT, detail);
  const resourceArn = await pipelineResourceArn(context, route.pipelineName);
  if (resourceArn === undefined) return "absent";
  try {
    await context.clients.codePipeline.send(
      new TagResourceCommand({
        resourceArn,
        tags: tagList({
          ...ownershipRule(context.config).cloneTags,
          [MANAGED_TAGS.idleNotice]: clock.deadline,
        }),
      }),
    );
  } catch (error) {
    if (isAwsError(error, "ResourceNotFoundException", "PipelineNotFoundException")) return "absent";
    throw error;
  }
  countMetric(context, "idleNotices");
  context.logger.info("Sent idle notice", {
    action: "noticeIdle",
    pipelineName: route.pipelineName,
    stackName: route.stackName,
    deadline: clock.deadline,
  });
  return "noticed";
}
