/** Turns a pipeline event (and, when it could be read, its execution's variables and commit) into an SNS subject and message. */

import { executionConsoleUrl, pipelineConsoleUrl, reportConsoleUrl } from "../names/names.js";
import { previewHeadline } from "../preview/format-preview-comment.js";
import { previewUrl } from "../preview/preview-contract.js";
import type { PreviewSummary } from "../preview/preview-summary.js";
import { PIPELINE_VARIABLES } from "../shared/constants.js";

/**
 * What a notification reports: a failed execution, a successful Deploy stage, or a manual approval waiting.
 *
 * @example
 * const kind: NotificationKind = "approval";
 */
export type NotificationKind = "failure" | "deployment" | "approval";

/**
 * The plain data a notification rule's input transformer sends: fields of the CodePipeline event plus the
 * environment the rule watches.
 *
 * @example
 * const input: NotificationInput = {
 *   kind: "failure", pipeline: "acme-dev-feature-login", executionId: "e-1", environment: "dev",
 *   state: "FAILED", time: "2026-11-27T15:00:00Z", region: "eu-west-1", account: "123456789012",
 * };
 */
export interface NotificationInput {
  readonly kind: NotificationKind;
  /** The pipeline's name (`detail.pipeline`). */
  readonly pipeline: string;
  /** `detail.execution-id`. */
  readonly executionId: string;
  /** The environment whose rule matched (a constant of the rule). */
  readonly environment: string;
  /** `detail.state` (`FAILED`, `SUCCEEDED`, `STARTED`). */
  readonly state: string;
  /** `detail.stage`, for stage and action events. */
  readonly stage?: string;
  /** `detail.action`, for action events. */
  readonly action?: string;
  /** The event's `time`. */
  readonly time: string;
  readonly region: string;
  readonly account: string;
  /** The reports bucket (a constant of the approvals rule): approvals then link the execution's TaskCat report. */
  readonly reportsBucket?: string;
}

/**
 * What the notifier read from `GetPipelineExecution`, as plain data.
 *
 * @example
 * const execution: ExecutionDetails = {
 *   variables: { Branch: "feature/login", StackName: "acme-dev-feature-login", Ephemeral: "true" },
 *   commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e", commitMessage: "Fix the login form\n\nDetails",
 * };
 */
export interface ExecutionDetails {
  /** Resolved pipeline-level variables by name (`Environment`, `StackName`, `Branch`, `Ephemeral`, `PipelineName`). */
  readonly variables: Readonly<Record<string, string>>;
  /** The source revision (commit id) the execution runs. */
  readonly commitId?: string;
  /** The commit message (`revisionSummary`). */
  readonly commitMessage?: string;
  /** A link to the commit (`revisionUrl`). */
  readonly commitUrl?: string;
  /** The execution's status when it was read (`InProgress`, `Failed`, …). */
  readonly status?: string;
}

/**
 * An SNS subject (printable ASCII, no line breaks, at most `NOTIFICATION_LIMITS.subject` characters) and a message.
 *
 * @example
 * const { subject, message }: Notification = formatNotification(input);
 */
export interface Notification {
  readonly subject: string;
  readonly message: string;
}

/**
 * SNS `Publish` limits the notifications respect. SNS documents the subject as "less than 100 characters",
 * so subjects stop at 99; the message limit is 256 KiB of UTF-8.
 *
 * @example
 * subject.length <= NOTIFICATION_LIMITS.subject; // always true for formatNotification's subjects
 */
export const NOTIFICATION_LIMITS = {
  subject: 99,
  messageBytes: 262_144,
  /** Characters kept of any one value (names, variables, the commit's first line) in the message. */
  value: 1_000,
} as const;

/** Characters of a commit id shown (git's short form). */
const SHORT_COMMIT = 7;
/** Characters of the commit message's first line shown. */
const COMMIT_LINE = 120;

/**
 * Replaces lone surrogates (invalid in UTF-8) with U+FFFD and cuts the value to `max` code points.
 *
 * @example
 * clip("\ud800abc", 3); // "\ufffda…"
 */
function clip(value: string, max: number = NOTIFICATION_LIMITS.value): string {
  const points: string[] = [];
  for (const point of value) {
    const code = point.codePointAt(0) ?? 0;
    points.push(code >= 0xd800 && code <= 0xdfff ? "\ufffd" : point);
    if (points.length > max) break;
  }
  return points.length > max ? `${points.slice(0, max - 1).join("")}…` : points.join("");
}

/** One line: control characters (line breaks included) become spaces, so a value cannot add lines. */
function oneLine(value: string, max?: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced.
  return clip(value, max).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
}

/**
 * Makes any text a valid SNS subject: printable ASCII only (other characters become `?`, line breaks and
 * tabs a space), runs of spaces collapsed, trimmed, cut to `NOTIFICATION_LIMITS.subject` characters with
 * `...`, and never empty.
 *
 * @example
 * sanitizeSubject("Tributary: déployé\nà prod"); // "Tributary: d?ploy? ? prod"
 */
export function sanitizeSubject(text: string): string {
  let ascii = "";
  for (const point of text) {
    const code = point.codePointAt(0) ?? 0;
    if (code >= 0x20 && code <= 0x7e) ascii += point;
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) ascii += " ";
    else ascii += "?";
  }
  ascii = ascii.replace(/ {2,}/g, " ").trim();
  if (ascii.length === 0) return "Tributary notification";
  if (ascii.length <= NOTIFICATION_LIMITS.subject) return ascii;
  return `${ascii.slice(0, NOTIFICATION_LIMITS.subject - 3).trimEnd()}...`;
}

/** Bytes of one code point in UTF-8. */
function utf8Size(point: string): number {
  const code = point.codePointAt(0) ?? 0;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/** Bytes of a well-formed string in UTF-8 (no `Buffer`: core runs anywhere). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const point of text) bytes += utf8Size(point);
  return bytes;
}

/**
 * Cuts a message to `NOTIFICATION_LIMITS.messageBytes` of UTF-8 on a character boundary, saying so at its end;
 * a message that fits is returned unchanged.
 *
 * @example
 * fitSnsMessage("short"); // "short"
 */
export function fitSnsMessage(message: string): string {
  if (utf8Length(message) <= NOTIFICATION_LIMITS.messageBytes) return message;
  const marker = "\n… (cut to fit the SNS message limit)";
  let bytes = utf8Length(marker);
  let kept = "";
  for (const point of message) {
    const size = utf8Size(point);
    if (bytes + size > NOTIFICATION_LIMITS.messageBytes) break;
    bytes += size;
    kept += point;
  }
  return kept + marker;
}

/** What the pipeline is, from its variables: the environment pipeline, or a clone with its own or the shared stack. */
function describePipeline(input: NotificationInput, execution: ExecutionDetails | undefined): string {
  if (execution === undefined) {
    return "environment pipeline or clone: unknown (the execution could not be read)";
  }
  const stack = execution.variables[PIPELINE_VARIABLES.stackName];
  const ephemeral = execution.variables[PIPELINE_VARIABLES.ephemeral];
  if (stack === undefined || stack === "") {
    return "environment pipeline or clone: unknown (the execution has no StackName variable)";
  }
  if (ephemeral === "true") {
    return `branch clone with its own stack ${oneLine(stack)}, deleted with the branch or pull request`;
  }
  if (stack === input.pipeline) {
    return `environment pipeline of ${oneLine(input.environment)}, deploying the shared stack ${oneLine(stack)}`;
  }
  return `branch clone deploying the shared stack ${oneLine(stack)} of ${oneLine(input.environment)}`;
}

/** The branch, or why it is unknown. */
function branchOf(execution: ExecutionDetails | undefined): {
  readonly known?: string;
  readonly line: string;
} {
  if (execution === undefined) {
    return { line: "unknown (the execution could not be read; the notifier's log says why)" };
  }
  const branch = execution.variables[PIPELINE_VARIABLES.branch];
  if (branch === undefined || branch === "") {
    return { line: "unknown (the execution has no Branch variable: not a Tributary pipeline?)" };
  }
  const known = oneLine(branch);
  return { known, line: known };
}

/** The commit: short id and the first line of its message, or why it is unknown. */
function commitOf(execution: ExecutionDetails | undefined): {
  readonly short?: string;
  readonly line: string;
} {
  if (execution === undefined) return { line: "unknown (the execution could not be read)" };
  const id = execution.commitId;
  if (id === undefined || id === "") {
    return { line: "unknown (the execution lists no source revision yet)" };
  }
  const short = oneLine(id.slice(0, SHORT_COMMIT));
  const firstLine = (execution.commitMessage ?? "").split(/\r?\n/, 1)[0]?.trim() ?? "";
  return { short, line: firstLine === "" ? short : `${short} ${oneLine(firstLine, COMMIT_LINE)}` };
}

/** The headline, shared by the subject and the message's first line. */
function headline(input: NotificationInput, branch: string | undefined, commit: string | undefined): string {
  const pipeline = oneLine(input.pipeline);
  const environment = oneLine(input.environment);
  const where = [environment, branch, commit].filter((part) => part !== undefined).join(", ");
  switch (input.kind) {
    case "failure":
      return `Tributary: ${pipeline} FAILED (${where})`;
    case "deployment":
      return `Tributary: ${pipeline} deployed to ${environment}${branch === undefined ? "" : ` (${[branch, commit].filter((part) => part !== undefined).join(", ")})`}`;
    case "approval":
      return `Tributary: ${pipeline} waits for approval (${where})`;
  }
}

/**
 * Formats one notification. The message names the pipeline (environment pipeline or clone, shared or own
 * stack), environment, branch, commit (short id and first line of its message), stage or action, state, time,
 * a link to the execution and, for approvals, the TaskCat report (when the rule names the reports bucket) and a link
 * to approve; with the reports bucket, approvals also carry the change-set preview (`preview`: its headline, the
 * dangerous changes, or why it could not be read) and its link. Without `execution` (it could not be read)
 * branch and commit are stated unknown with the reason. Values cannot add lines; the subject is always a
 * valid SNS subject and the message fits SNS's 256 KiB.
 *
 * @example
 * formatNotification(
 *   { kind: "failure", pipeline: "acme-dev-feature-login", executionId: "e-1", environment: "dev", state: "FAILED",
 *     time: "2026-11-27T15:00:00Z", region: "eu-west-1", account: "123456789012" },
 *   { variables: { Branch: "feature/login", StackName: "acme-dev-feature-login", Ephemeral: "true" },
 *     commitId: "4c8f2e1d9b7a", commitMessage: "Fix the login form" },
 * ).subject;
 * // "Tributary: acme-dev-feature-login FAILED (dev, feature/login, 4c8f2e1)"
 */
export function formatNotification(
  input: NotificationInput,
  execution?: ExecutionDetails,
  preview?: ApprovalPreview,
): Notification {
  const branch = branchOf(execution);
  const commit = commitOf(execution);
  const title = headline(input, branch.known, commit.short);
  const lines = [
    title,
    "",
    `Pipeline:    ${oneLine(input.pipeline)} (${describePipeline(input, execution)})`,
    `Environment: ${oneLine(input.environment)}`,
    `Branch:      ${branch.line}`,
    `Commit:      ${commit.line}`,
  ];
  if (execution?.commitUrl !== undefined && execution.commitUrl !== "") {
    lines.push(`Commit link: ${oneLine(execution.commitUrl)}`);
  }
  if (input.kind === "approval") {
    lines.push(`Action:      ${oneLine(input.stage ?? "?")}/${oneLine(input.action ?? "?")}`);
  } else if (input.stage !== undefined) {
    lines.push(`Stage:       ${oneLine(input.stage)}`);
  }
  lines.push(
    `State:       ${oneLine(input.state)}${execution?.status === undefined ? "" : ` (execution ${oneLine(execution.status)})`}`,
    `Time:        ${oneLine(input.time)}`,
    `Account:     ${oneLine(input.account)} (${oneLine(input.region)})`,
    `Execution:   ${oneLine(input.executionId)}`,
    "",
    `Open the execution: ${executionConsoleUrl(oneLine(input.region), clip(input.pipeline), clip(input.executionId))}`,
  );
  if (input.kind === "approval") {
    if (input.reportsBucket !== undefined) {
      lines.push(
        `TaskCat report: ${reportConsoleUrl(clip(input.reportsBucket), oneLine(input.region), clip(input.pipeline), clip(input.executionId))}`,
      );
      const link = previewUrl(
        clip(input.reportsBucket),
        oneLine(input.region),
        clip(input.pipeline),
        clip(input.executionId),
      );
      lines.push(...approvalPreviewLines(preview, link));
    }
    lines.push(`Approve or reject: ${pipelineConsoleUrl(oneLine(input.region), clip(input.pipeline))}`);
  }
  return { subject: sanitizeSubject(title), message: fitSnsMessage(lines.join("\n")) };
}

/**
 * The change-set preview an approval message carries: the summary of the execution's `preview.json`, or why the
 * notifier could not read it (the message then still goes out, with the link).
 *
 * @example
 * const preview: ApprovalPreview = { kind: "summary", summary: summarizeChangeSets(document) };
 * const unread: ApprovalPreview = { kind: "unavailable", reason: "NoSuchKey: The specified key does not exist." };
 */
export type ApprovalPreview =
  | { readonly kind: "summary"; readonly summary: PreviewSummary }
  | { readonly kind: "unavailable"; readonly reason: string };

/**
 * Dangerous changes an approval message lists one per line; the rest are counted.
 *
 * @example
 * APPROVAL_DANGEROUS_CHANGES; // 20
 */
export const APPROVAL_DANGEROUS_CHANGES = 20;

const DANGER_LABEL: Readonly<Record<string, string>> = {
  removal: "removed",
  replacement: "replaced",
  "conditional-replacement": "may be replaced",
};

/** The preview's lines of an approval message: headline, dangerous changes, link (or why it is unavailable). */
function approvalPreviewLines(preview: ApprovalPreview | undefined, link: string): string[] {
  if (preview === undefined) return [`Change-set preview: ${link}`];
  if (preview.kind === "unavailable") {
    return [`Change-set preview: could not be read (${oneLine(preview.reason, 300)}); open it: ${link}`];
  }
  const { summary } = preview;
  const lines = [`Change-set preview: ${oneLine(previewHeadline(summary))}`];
  for (const stack of summary.stacks) {
    if (stack.status === "error") {
      lines.push(
        `  ${oneLine(stack.stack)}: preview failed: ${oneLine(stack.reason ?? "no reason given", 500)}`,
      );
    }
  }
  const dangerous = summary.stacks.flatMap((stack) =>
    stack.resources.filter((resource) => resource.dangerous).map((resource) => ({ stack, resource })),
  );
  if (dangerous.length > 0) lines.push("Dangerous changes:");
  for (const { stack, resource } of dangerous.slice(0, APPROVAL_DANGEROUS_CHANGES)) {
    const where = [stack.stack, ...resource.stackPath, resource.logicalId].map((part) => oneLine(part, 200));
    lines.push(
      `  - ${where.join("/")} (${oneLine(resource.type, 200)}) ${DANGER_LABEL[resource.danger ?? ""] ?? "changed"}`,
    );
  }
  if (dangerous.length > APPROVAL_DANGEROUS_CHANGES) {
    lines.push(
      `  … and ${dangerous.length - APPROVAL_DANGEROUS_CHANGES} more dangerous changes in the preview`,
    );
  }
  lines.push(`Full preview: ${link}`);
  return lines;
}
