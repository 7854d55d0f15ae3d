/** The rule input of a pull request's idle notice: the cloner puts it, the notifier writes it on the living comment. */

import { IDLE_NOTICE_EVENT, IDLE_NOTICE_KIND, type TributaryConfig } from "@tributary/core";
import * as events from "aws-cdk-lib/aws-events";

/**
 * The pattern of a pull request's idle notices (`IDLE_NOTICE_EVENT`, put by the cloner) of this project.
 *
 * @example
 * new events.Rule(scope, "IdleNoticesRule", { eventPattern: idleNoticePattern(config), targets: [notifier.target(idleNoticeInput())] });
 */
export function idleNoticePattern(config: Pick<TributaryConfig, "project">): events.EventPattern {
  return {
    source: [IDLE_NOTICE_EVENT.source],
    detailType: [IDLE_NOTICE_EVENT.detailType],
    detail: { project: [config.project] },
  };
}

/**
 * The notifier's input for an idle notice: `{ kind: "idleNotice", detail }` (core's `parseIdleNoticeRequest`).
 *
 * @example
 * notifier.target(idleNoticeInput());
 */
export function idleNoticeInput(): events.RuleTargetInput {
  return events.RuleTargetInput.fromObject({
    kind: IDLE_NOTICE_KIND,
    detail: events.EventField.fromPath("$.detail"),
  });
}
