/** The idle notice: what people read a day before an idle clone's stack is torn down (SNS, and a PR's living comment). */

import type { Route } from "../branches/route.js";
import { fitSnsMessage, sanitizeSubject } from "../notifications/format-notification.js";
import type { IdleClock } from "./idle-clock.js";

/**
 * An SNS notice (subject within SNS's 100 printable ASCII characters, message within its size).
 *
 * @example
 * const { subject, message }: IdleNotice = formatIdleNotice(route, 7, clock);
 */
export interface IdleNotice {
  readonly subject: string;
  readonly message: string;
}

/** How a person names the clone's source on the command line: the branch, or `pr/<id>`. */
function keepTarget(route: Route): string {
  return route.source.type === "pullRequest" ? `pr/${route.source.pullRequestId}` : route.branch;
}

function what(route: Route): string {
  return route.source.type === "pullRequest"
    ? `pull request ${route.source.pullRequestId} (${route.source.sourceBranch})`
    : `branch ${route.branch}`;
}

/**
 * The lines that say when the stack goes and how to keep it, shared by the SNS notice and the living comment.
 *
 * @example
 * idleNoticeLines(route, 7, clock)[0];
 * // "Stack acme-dev-pr-42 of pull request 42 (feature/login) is torn down after 2026-11-27T10:00:00Z: no run for 7 days (last activity 2026-11-20T10:00:00Z)."
 */
export function idleNoticeLines(route: Route, idleDays: number, clock: IdleClock): string[] {
  return [
    `Stack ${route.stackName} of ${what(route)} is torn down after ${clock.deadline}: no run for ${idleDays} days (last activity ${clock.lastActivity}).`,
    `The pipeline ${route.pipelineName} stays; its next run deploys the stack again.`,
    `To keep the stack: push to ${route.branch}, or run \`pnpm tributary keep ${keepTarget(route)} --days <N>\`.`,
  ];
}

/**
 * The SNS notice sent a day before the teardown.
 *
 * @example
 * formatIdleNotice(route, 7, clock).subject; // "Tributary: stack acme-dev-feature-login idle, torn down after 2026-11-27T10:00:00Z"
 */
export function formatIdleNotice(route: Route, idleDays: number, clock: IdleClock): IdleNotice {
  return {
    subject: sanitizeSubject(`Tributary: stack ${route.stackName} idle, torn down after ${clock.deadline}`),
    message: fitSnsMessage(idleNoticeLines(route, idleDays, clock).join("\n")),
  };
}
