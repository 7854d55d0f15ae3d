/** The idle notice: what people read a day before an idle clone's stack is torn down (SNS, and a PR's living comment). */

import type { Route } from "../branches/route.js";
import { fitSnsMessage, sanitizeSubject } from "../notifications/format-notification.js";
import { CODECOMMIT_COMMENT_LIMIT, commentSize } from "../preview/comment-markdown.js";
import { EventError } from "../shared/errors.js";
import { isRecord } from "../shared/plain-object.js";
import type { TributaryConfig } from "../shared/types.js";
import type { IdleClock } from "./idle-clock.js";

/**
 * An SNS notice (subject within SNS's 100 printable ASCII characters, message within its size).
 *
 * @example
 * const { subject, message }: IdleNotice = formatIdleNotice(detail);
 */
export interface IdleNotice {
  readonly subject: string;
  readonly message: string;
}

/**
 * The event the cloner puts on the default bus for a pull request's idle notice; the notifier's rule matches it and
 * writes the notice on the pull request's living comment.
 *
 * @example
 * { source: [IDLE_NOTICE_EVENT.source], "detail-type": [IDLE_NOTICE_EVENT.detailType] } // the rule's pattern
 */
export const IDLE_NOTICE_EVENT = {
  source: "tributary.cloner",
  detailType: "Tributary Idle Notice",
} as const;

/**
 * What an idle notice says, as plain data: the SNS notice and the living comment are written from it, and it is the
 * detail of an `IDLE_NOTICE_EVENT`.
 *
 * @example
 * const detail: IdleNoticeDetail = { project: "acme", repository: "infra", pipeline: "acme-dev-pr-42", pullRequestId: "42",
 *   stackName: "acme-dev-pr-42", branch: "feature/login", idleDays: 7, deadline: "2026-11-27T10:00:00Z", lastActivity: "2026-11-20T10:00:00Z" };
 */
export interface IdleNoticeDetail {
  readonly project: string;
  readonly repository: string;
  readonly pipeline: string;
  /** Set for a pull request's clone. */
  readonly pullRequestId?: string;
  readonly stackName: string;
  /** The branch (a pull request's source branch). */
  readonly branch: string;
  readonly idleDays: number;
  readonly deadline: string;
  readonly lastActivity: string;
}

/**
 * The notice of a route's idle clock.
 *
 * @example
 * idleNoticeDetail(config, route, 7, clock).deadline; // clock.deadline
 */
export function idleNoticeDetail(
  config: Pick<TributaryConfig, "project" | "repository">,
  route: Route,
  idleDays: number,
  clock: IdleClock,
): IdleNoticeDetail {
  return {
    project: config.project,
    repository: config.repository,
    pipeline: route.pipelineName,
    ...(route.source.type === "pullRequest" ? { pullRequestId: route.source.pullRequestId } : {}),
    stackName: route.stackName,
    branch: route.branch,
    idleDays,
    deadline: clock.deadline,
    lastActivity: clock.lastActivity,
  };
}

/**
 * The lines that say when the stack goes and how to keep it, shared by the SNS notice and the living comment.
 *
 * @example
 * idleNoticeLines(detail)[0];
 * // "Stack acme-dev-pr-42 of pull request 42 (feature/login) is torn down after 2026-11-27T10:00:00Z: no run for 7 days (last activity 2026-11-20T10:00:00Z)."
 */
export function idleNoticeLines(detail: IdleNoticeDetail): string[] {
  const what =
    detail.pullRequestId === undefined
      ? `branch ${detail.branch}`
      : `pull request ${detail.pullRequestId} (${detail.branch})`;
  const target = detail.pullRequestId === undefined ? detail.branch : `pr/${detail.pullRequestId}`;
  return [
    `Stack ${detail.stackName} of ${what} is torn down after ${detail.deadline}: no run for ${detail.idleDays} days (last activity ${detail.lastActivity}).`,
    `The pipeline ${detail.pipeline} stays; its next run deploys the stack again.`,
    `To keep the stack: push to ${detail.branch}, or run \`pnpm tributary keep ${target} --days <N>\`.`,
  ];
}

/**
 * The SNS notice sent a day before the teardown.
 *
 * @example
 * formatIdleNotice(detail).subject; // "Tributary: stack acme-dev-feature-login idle, torn down after 2026-11-27T10:00:00Z"
 */
export function formatIdleNotice(detail: IdleNoticeDetail): IdleNotice {
  return {
    subject: sanitizeSubject(`Tributary: stack ${detail.stackName} idle, torn down after ${detail.deadline}`),
    message: fitSnsMessage(idleNoticeLines(detail).join("\n")),
  };
}

/** The invisible lines around the idle notice in a living comment. */
const SECTION_START = '[//]: # "tributary-idle-notice"';
const SECTION_END = '[//]: # "tributary-idle-notice-end"';

/**
 * A living comment with the idle notice in it, right below its marker line (which must stay first), replacing an
 * earlier notice; the comment's end is cut (with a note) when both would not fit CodeCommit's limit. The next run's
 * comment replaces the whole text, notice included: a run resets the idle clock.
 *
 * @example
 * withIdleNotice(living.content, detail).split("\n")[1]; // '[//]: # "tributary-idle-notice"'
 */
export function withIdleNotice(content: string, detail: IdleNoticeDetail): string {
  const [marker = "", ...rest] = content.split("\n");
  const body: string[] = [];
  let inSection = false;
  for (const line of rest) {
    if (line === SECTION_START) inSection = true;
    else if (line === SECTION_END) inSection = false;
    else if (!inSection) body.push(line);
  }
  while (body[0] === "") body.shift();
  const section = [SECTION_START, ...idleNoticeLines(detail).map((line) => `> ⏸️ ${line}`), SECTION_END, ""];
  const cut = "\n… (the rest of this comment was cut to make room for the idle notice)";
  let text = [marker, ...section, ...body].join("\n");
  while (commentSize(text) > CODECOMMIT_COMMENT_LIMIT && body.length > 0) {
    body.pop();
    text = `${[marker, ...section, ...body].join("\n")}${cut}`;
  }
  return text;
}

/**
 * The notifier's input for an idle notice (the rule sends `{ kind: "idleNotice", detail }`).
 *
 * @example
 * IDLE_NOTICE_KIND; // "idleNotice"
 */
export const IDLE_NOTICE_KIND = "idleNotice";

/**
 * Whether the notifier's input is an idle notice.
 *
 * @example
 * isIdleNoticeRequest({ kind: "idleNotice", detail }); // true
 */
export function isIdleNoticeRequest(raw: unknown): boolean {
  return isRecord(raw) && raw.kind === IDLE_NOTICE_KIND;
}

/**
 * Reads an idle notice request (`{ kind: "idleNotice", detail: IdleNoticeDetail }`); throws `EventError` naming the
 * first bad field and the fix.
 *
 * @example
 * parseIdleNoticeRequest({ kind: "idleNotice", detail }).pullRequestId; // "42"
 */
export function parseIdleNoticeRequest(raw: unknown): IdleNoticeDetail {
  const detail = isRecord(raw) ? raw.detail : undefined;
  const fix = "Send the cloner's Tributary Idle Notice detail as the rule's input { kind, detail }.";
  if (!isRecord(detail)) throw new EventError("detail", detail, "must be an object", fix);
  const texts = [
    "project",
    "repository",
    "pipeline",
    "stackName",
    "branch",
    "deadline",
    "lastActivity",
  ] as const;
  for (const key of texts) {
    if (typeof detail[key] !== "string" || detail[key] === "")
      throw new EventError(`detail.${key}`, detail[key], "must be a non-empty string", fix);
  }
  if (detail.pullRequestId !== undefined && typeof detail.pullRequestId !== "string")
    throw new EventError("detail.pullRequestId", detail.pullRequestId, "must be a string", fix);
  if (typeof detail.idleDays !== "number" || !Number.isSafeInteger(detail.idleDays) || detail.idleDays < 1)
    throw new EventError("detail.idleDays", detail.idleDays, "must be a whole number of days", fix);
  return detail as unknown as IdleNoticeDetail;
}
