/** Turns a change-set preview into the one living CodeCommit pull-request comment, and decides which run may edit it. */

import { describeValue, PreviewError } from "../shared/errors.js";
import type { FinalRunState } from "../shared/types.js";
import {
  type ChangeCounts,
  compareResources,
  PREVIEW_FORMAT,
  type PreviewSummary,
  type PropertyChange,
  type ResourcePreview,
  type StackPreview,
} from "./summarize-change-sets.js";

/**
 * The most a CodeCommit comment may hold. `PostCommentForPullRequest` and `UpdateComment` reject a longer `content`
 * with `CommentContentSizeLimitExceededException`: "The comment is too large. Comments are limited to 10,240
 * characters." (CodeCommit API reference; botocore's codecommit 2015-04-13 model). `formatPreviewComment` keeps the
 * comment's UTF-8 byte length within it, which bounds it in characters, UTF-16 code units and bytes alike.
 *
 * @example
 * new TextEncoder().encode(formatPreviewComment(summary, { commitId })).length <= CODECOMMIT_COMMENT_LIMIT; // true
 */
export const CODECOMMIT_COMMENT_LIMIT = 10_240;

/**
 * Which run a comment describes: the pull request and the pipeline execution, ordered by when the execution started.
 * The first line of every preview comment carries it, so the cloner finds its living comment and never lets an older
 * run overwrite a newer one.
 *
 * @example
 * const marker: PreviewMarker = {
 *   pullRequestId: "42", executionId: "0a1b2c3d-0000-4000-8000-000000000000", startedAt: "2026-11-27T15:00:00.000Z",
 * };
 */
export interface PreviewMarker {
  /** CodeCommit's pull request id (digits). */
  readonly pullRequestId: string;
  /** The CodePipeline execution id (`pipelineExecutionId`). */
  readonly executionId: string;
  /** The execution's `startTime` (`GetPipelineExecution` / `ListPipelineExecutions`), as an ISO 8601 date. */
  readonly startedAt: string;
}

/**
 * What `formatPreviewComment` shows beside the changes. Only `commitId` is required.
 *
 * @example
 * const options: PreviewCommentOptions = {
 *   commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e",
 *   executionUrl: "https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev-pr-42/executions/0a1b/timeline",
 *   lint: { findings: 0 },
 *   taskcat: { passed: true },
 * };
 */
export interface PreviewCommentOptions {
  /** The commit the preview describes (the pull request's source commit). */
  readonly commitId: string;
  /** A link to the pipeline execution. */
  readonly executionUrl?: string;
  /** A link to the TaskCat report. */
  readonly reportUrl?: string;
  /** A link to the full JSON preview (`PreviewSummary`), shown when the comment leaves changes out. */
  readonly previewUrl?: string;
  /** cfn-lint's result: how many findings it printed. */
  readonly lint?: { readonly findings: number };
  /** TaskCat's result. */
  readonly taskcat?: { readonly passed: boolean };
  /** The run the comment describes; without it the comment has no marker and no run can find it again. */
  readonly marker?: PreviewMarker;
  /** How the pipeline run ended (one line under the checks); without it the comment says nothing of the run. */
  readonly run?: RunOutcome;
}

/** Characters kept of a CloudFormation reason. */
const REASON_LENGTH = 500;
/** Characters kept of any name or identifier. */
const NAME_LENGTH = 256;
/** Property changes listed per resource. */
const PROPERTIES_SHOWN = 6;
/** Nested change-set failures listed per stack. */
const NESTED_FAILURES_SHOWN = 5;
/** Characters a link may have. */
const URL_LENGTH = 2_000;

const MARKER_PREFIX = '[//]: # "tributary-preview v=1';
const MARKER_PATTERN =
  /^\[\/\/\]: # "tributary-preview v=1 pr=([0-9]+) started=([0-9TZ:.+-]+) execution=([A-Za-z0-9._-]+)"$/;

const encoder = new TextEncoder();
/** "10,240", without `toLocaleString` (whose output depends on the runtime's ICU data). */
const LIMIT_TEXT = String(CODECOMMIT_COMMENT_LIMIT).replace(/\B(?=(\d{3})+$)/g, ",");

/**
 * The size CodeCommit's limit is checked against here: UTF-8 bytes (at least the character count).
 *
 * @example
 * commentSize("é"); // 2
 */
export function commentSize(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Replaces control characters (line breaks included) with spaces and cuts to `max` code points. Takes any value, so
 * that a summary read back from JSON with a number where a name was cannot crash the comment.
 */
function clip(value: unknown, max: number): string {
  const raw = typeof value === "string" ? value : describeValue(value);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced.
  const points = [...raw.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")];
  return points.length > max ? `${points.slice(0, max - 1).join("")}…` : points.join("");
}

/** Text that Markdown shows as is. */
function text(value: unknown, max: number = NAME_LENGTH): string {
  return clip(value, max).replace(/[\\`*_[\]<>#|~!]/g, (character) => `\\${character}`);
}

/** An inline code span (a backtick inside becomes `'`). */
function code(value: unknown, max: number = NAME_LENGTH): string {
  return `\`${clip(value, max).replace(/`/g, "'")}\``;
}

function link(label: string, url: string): string {
  return `[${label}](${url.replace(/[()<>\s]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)})`;
}

function checkUrl(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^https?:\/\/[^\s]+$/.test(value) || value.length > URL_LENGTH) {
    throw new PreviewError(
      `options.${field}`,
      value,
      `must be an http(s) URL of at most ${URL_LENGTH} characters without spaces`,
      "pass the console or S3 link as built by core (executionConsoleUrl, reportConsoleUrl)",
    );
  }
  return value;
}

function bad(field: string, value: unknown, problem: string, fix: string): never {
  throw new PreviewError(`options.marker${field}`, value, problem, fix);
}

function checkMarker(marker: unknown): PreviewMarker | undefined {
  if (marker === undefined) return undefined;
  if (typeof marker !== "object" || marker === null) {
    bad(
      "",
      marker,
      "must be { pullRequestId, executionId, startedAt }",
      "pass the run the comment describes",
    );
  }
  const { pullRequestId, executionId, startedAt } = marker as Record<string, unknown>;
  if (typeof pullRequestId !== "string" || !/^[0-9]{1,20}$/.test(pullRequestId)) {
    bad(
      ".pullRequestId",
      pullRequestId,
      "must be a CodeCommit pull request id (digits)",
      "pass pullRequestId from the event",
    );
  }
  if (typeof executionId !== "string" || !/^[A-Za-z0-9._-]{1,200}$/.test(executionId)) {
    bad(
      ".executionId",
      executionId,
      "must be a CodePipeline execution id",
      "pass the execution's pipelineExecutionId",
    );
  }
  const time = typeof startedAt === "string" ? Date.parse(startedAt) : Number.NaN;
  if (Number.isNaN(time)) {
    bad(
      ".startedAt",
      startedAt,
      "must be an ISO 8601 date",
      "pass the execution's startTime as an ISO string (date.toISOString())",
    );
  }
  return { pullRequestId, executionId, startedAt: new Date(time).toISOString() };
}

/**
 * The first line of a preview comment: a Markdown link reference definition, which Markdown renders as nothing (an
 * HTML comment might be shown as text where a renderer escapes HTML), carrying the pull request and the run.
 *
 * @example
 * previewMarkerLine({ pullRequestId: "42", executionId: "e-1", startedAt: "2026-11-27T15:00:00Z" });
 * // '[//]: # "tributary-preview v=1 pr=42 started=2026-11-27T15:00:00.000Z execution=e-1"'
 */
export function previewMarkerLine(marker: PreviewMarker): string {
  const checked = checkMarker(marker) as PreviewMarker;
  return `${MARKER_PREFIX} pr=${checked.pullRequestId} started=${checked.startedAt} execution=${checked.executionId}"`;
}

/**
 * Reads the marker of a preview comment's content; `undefined` when the content is not a Tributary preview comment.
 *
 * @example
 * parsePreviewMarker(comment.content)?.executionId;
 */
export function parsePreviewMarker(content: string): PreviewMarker | undefined {
  const firstLine = content.split("\n", 1)[0] ?? "";
  const match = MARKER_PATTERN.exec(firstLine);
  if (!match) return undefined;
  const [, pullRequestId = "", startedAt = "", executionId = ""] = match;
  if (Number.isNaN(Date.parse(startedAt))) return undefined;
  return Object.freeze({ pullRequestId, executionId, startedAt });
}

const SUMMARY_FIX = "pass what summarizeChangeSets returned (or its JSON, parsed)";
const STATUSES: readonly unknown[] = ["changes", "no-changes", "error"];
const ACTIONS: readonly unknown[] = ["Add", "Modify", "Remove", "Import", "Dynamic", "SyncWithActual"];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function badSummary(path: string, value: unknown, problem: string): never {
  throw new PreviewError(path, value, problem, SUMMARY_FIX);
}

/**
 * Checks the fields the comment reads, so that a summary read back from JSON (the full preview in S3) that is not
 * one fails with `PreviewError` instead of a `TypeError`.
 */
function checkSummary(summary: unknown): asserts summary is PreviewSummary {
  if (!isObject(summary) || summary.format !== PREVIEW_FORMAT) {
    badSummary(
      "summary.format",
      isObject(summary) ? summary.format : summary,
      `is not ${JSON.stringify(PREVIEW_FORMAT)}`,
    );
  }
  const { stacks, counts } = summary as Record<string, unknown>;
  if (!STATUSES.includes((summary as Record<string, unknown>).status)) {
    badSummary(
      "summary.status",
      (summary as Record<string, unknown>).status,
      "is not changes, no-changes or error",
    );
  }
  if (!isObject(counts) || !Number.isSafeInteger(counts.total))
    badSummary("summary.counts", counts, "must be ChangeCounts");
  if (!Array.isArray(stacks)) badSummary("summary.stacks", stacks, "must be an array");
  (stacks as unknown[]).forEach((stack, index) => {
    const at = `summary.stacks.${index}`;
    if (!isObject(stack)) badSummary(at, stack, "must be a StackPreview");
    for (const field of ["stack", "environment"]) {
      if (typeof stack[field] !== "string") badSummary(`${at}.${field}`, stack[field], "must be a string");
    }
    if (!STATUSES.includes(stack.status))
      badSummary(`${at}.status`, stack.status, "is not changes, no-changes or error");
    if (stack.reason !== undefined && typeof stack.reason !== "string")
      badSummary(`${at}.reason`, stack.reason, "must be a string");
    if (!isObject(stack.counts) || !Number.isSafeInteger(stack.counts.total)) {
      badSummary(`${at}.counts`, stack.counts, "must be ChangeCounts");
    }
    if (!Array.isArray(stack.nestedStacks))
      badSummary(`${at}.nestedStacks`, stack.nestedStacks, "must be an array");
    (stack.nestedStacks as unknown[]).forEach((nested, position) => {
      const path = `${at}.nestedStacks.${position}`;
      if (!isObject(nested) || !Array.isArray(nested.stackPath) || !STATUSES.includes(nested.status)) {
        badSummary(path, nested, "must be a NestedStackPreview");
      }
    });
    if (!Array.isArray(stack.resources)) badSummary(`${at}.resources`, stack.resources, "must be an array");
    (stack.resources as unknown[]).forEach((resource, position) => {
      const path = `${at}.resources.${position}`;
      if (
        !isObject(resource) ||
        typeof resource.logicalId !== "string" ||
        typeof resource.type !== "string" ||
        !ACTIONS.includes(resource.action) ||
        !Array.isArray(resource.stackPath) ||
        !resource.stackPath.every((part) => typeof part === "string") ||
        !Array.isArray(resource.properties) ||
        !resource.properties.every(isObject)
      ) {
        badSummary(path, resource, "must be a ResourcePreview");
      }
    });
  });
}

/** Orders runs: by execution start time, then by execution id so that the order is total. */
function compareRuns(a: PreviewMarker, b: PreviewMarker): number {
  const byTime = Date.parse(a.startedAt) - Date.parse(b.startedAt);
  if (byTime !== 0) return byTime;
  return a.executionId < b.executionId ? -1 : a.executionId > b.executionId ? 1 : 0;
}

/**
 * Whether a run may overwrite the existing preview comment of its pull request. It may when the comment describes the
 * same execution (a retry rewrites its own comment) or an execution that started earlier; it may not when the comment
 * describes an execution that started later, even if that one finished first, so a slow older run never hides a newer
 * preview. Runs are ordered by CodePipeline's execution `startTime` (executions of one pipeline start in the order of
 * their source changes), then by execution id when two start in the same millisecond, so any two runs are ordered.
 * Content that carries no marker, or the marker of another pull request, is not this pull request's preview comment.
 *
 * @example
 * const existing = '[//]: # "tributary-preview v=1 pr=42 started=2026-11-27T15:05:00.000Z execution=e-2"\n…';
 * mayReplacePreviewComment(existing, { pullRequestId: "42", executionId: "e-1", startedAt: "2026-11-27T15:00:00Z" });
 * // { replace: false, reason: "the comment describes execution e-2, which started after e-1 (2026-11-27T15:05:00.000Z)" }
 */
export function mayReplacePreviewComment(
  existingContent: string,
  run: PreviewMarker,
): { readonly replace: boolean; readonly reason: string } {
  const incoming = checkMarker(run) as PreviewMarker;
  const existing = parsePreviewMarker(existingContent);
  if (existing === undefined) {
    return {
      replace: false,
      reason: "the comment is not a Tributary preview comment (no marker on its first line)",
    };
  }
  if (existing.pullRequestId !== incoming.pullRequestId) {
    return {
      replace: false,
      reason: `the comment previews pull request ${existing.pullRequestId}, not ${incoming.pullRequestId}`,
    };
  }
  if (existing.executionId === incoming.executionId) {
    return { replace: true, reason: `the comment describes this execution (${incoming.executionId})` };
  }
  if (compareRuns(existing, incoming) > 0) {
    return {
      replace: false,
      reason: `the comment describes execution ${existing.executionId}, which started after ${incoming.executionId} (${existing.startedAt})`,
    };
  }
  return {
    replace: true,
    reason: `the comment describes execution ${existing.executionId}, which started before ${incoming.executionId}`,
  };
}

/**
 * Finds a pull request's living preview comment among its comments (`GetCommentsForPullRequest`'s `comments`): the
 * undeleted one whose marker names the pull request, the newest run's if a race posted two. Filter by `authorArn`
 * before, so that only the cloner's own comments count.
 *
 * @example
 * const living = findPreviewComment(comments, "42");
 * if (living) await codecommit.updateComment({ commentId: living.commentId, content });
 */
export function findPreviewComment<T extends { readonly content?: string; readonly deleted?: boolean }>(
  comments: readonly T[],
  pullRequestId: string,
): T | undefined {
  let best: { comment: T; marker: PreviewMarker } | undefined;
  for (const comment of comments) {
    if (comment.deleted || typeof comment.content !== "string") continue;
    const marker = parsePreviewMarker(comment.content);
    if (marker?.pullRequestId !== pullRequestId) continue;
    if (best === undefined || compareRuns(marker, best.marker) > 0) best = { comment, marker };
  }
  return best?.comment;
}

function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "2 dangerous · 1 to add · 3 to modify · 1 to remove", only the non-zero parts. */
function countsLine(counts: ChangeCounts): string {
  const parts = [
    counts.dangerous > 0 ? `⚠️ **${counts.dangerous} dangerous**` : undefined,
    counts.add > 0 ? `${counts.add} to add` : undefined,
    counts.modify > 0 ? `${counts.modify} to modify` : undefined,
    counts.remove > 0 ? `${counts.remove} to remove` : undefined,
    counts.import > 0 ? `${counts.import} to import` : undefined,
    counts.dynamic > 0 ? `${counts.dynamic} dynamic` : undefined,
    counts.sync > 0 ? `${counts.sync} to sync` : undefined,
  ];
  return parts.filter((part) => part !== undefined).join(" · ");
}

/**
 * One sentence for a whole preview (for the comment's headline, a notification or an approval's summary).
 *
 * @example
 * previewHeadline(summary); // "3 changes in 1 of 2 stacks (1 dangerous)"
 */
export function previewHeadline(summary: PreviewSummary): string {
  checkSummary(summary);
  const stacks = summary.stacks.length;
  const failed = summary.stacks.filter((stack) => stack.status === "error").length;
  const changed = summary.stacks.filter((stack) => stack.counts.total > 0).length;
  const { total, dangerous } = summary.counts;
  const parts: string[] = [];
  if (failed > 0) parts.push(`preview failed for ${failed} of ${plural(stacks, "stack")}`);
  if (total > 0) {
    const where = stacks > 1 ? ` in ${changed} of ${plural(stacks, "stack")}` : "";
    parts.push(`${plural(total, "change")}${where}${dangerous > 0 ? ` (${dangerous} dangerous)` : ""}`);
  }
  if (parts.length === 0) parts.push(stacks > 1 ? `no changes in any of ${stacks} stacks` : "no changes");
  return parts.join("; ");
}

const VERB: Record<ResourcePreview["action"], string> = {
  Add: "Add",
  Modify: "Modify",
  Remove: "Remove",
  Import: "Import",
  Dynamic: "Dynamic",
  SyncWithActual: "Sync",
};

function propertyLabel(change: PropertyChange): string {
  const label = code(change.name ?? change.path ?? change.attribute ?? "?", 120);
  const why = [
    change.requiresRecreation && change.requiresRecreation !== "Never"
      ? `recreation ${text(change.requiresRecreation, 20)}`
      : undefined,
    change.changeSource
      ? `${text(change.changeSource, 40)}${change.causingEntity ? ` ${code(change.causingEntity, 120)}` : ""}`
      : undefined,
    change.evaluation === "Dynamic" ? "known at execution" : undefined,
  ].filter((part) => part !== undefined);
  return why.length > 0 ? `${label} (${why.join(", ")})` : label;
}

/** What a `PolicyAction` other than deleting does to the old resource. */
const POLICY_ACTIONS: Readonly<Record<string, string>> = {
  Retain: "kept in the account (Retain)",
  Snapshot: "snapshot taken before deletion (Snapshot)",
  ReplaceAndRetain: "old resource kept (ReplaceAndRetain)",
  ReplaceAndSnapshot: "old resource snapshotted, then deleted (ReplaceAndSnapshot)",
};

/** The Markdown line of one resource change. */
function resourceLine(resource: ResourcePreview): string {
  const verb =
    resource.danger === "replacement"
      ? "Replace"
      : resource.danger === "conditional-replacement"
        ? "May replace"
        : VERB[resource.action];
  const name = code([...resource.stackPath, resource.logicalId].join("/"));
  let line = `- ${resource.dangerous ? "⚠️ " : ""}**${verb}** ${name} (${text(resource.type, 120)})`;
  if (
    resource.policyAction &&
    resource.policyAction !== "Delete" &&
    resource.policyAction !== "ReplaceAndDelete"
  ) {
    line += `, ${POLICY_ACTIONS[resource.policyAction] ?? `policy ${text(resource.policyAction, 40)}`}`;
  }
  if (resource.nestedChangeSetId !== undefined)
    return `${line}: nested stack, its changes are listed under its path`;
  const labels = [...new Set(resource.properties.map(propertyLabel))];
  if (labels.length > 0) {
    const shown = labels.slice(0, PROPERTIES_SHOWN).join(", ");
    const more = labels.length > PROPERTIES_SHOWN ? ` and ${labels.length - PROPERTIES_SHOWN} more` : "";
    line += `: ${shown}${more}`;
  }
  return line;
}

function stackTitle(stack: StackPreview): string {
  return `**${code(stack.stack, 128)}** (${text(stack.environment, 64)}${stack.changeSetType === "CREATE" ? ", new stack" : ""})`;
}

/** Stacks in the comment: failed ones first, then those with dangerous changes, then changed, then unchanged. */
function stackOrder(stack: StackPreview): number {
  if (stack.status === "error") return 0;
  if (stack.counts.dangerous > 0) return 1;
  return stack.status === "changes" ? 2 : 3;
}

interface Layout {
  readonly header: string;
  readonly stacks: readonly StackPreview[];
  readonly lines: ReadonlyMap<ResourcePreview, string>;
  readonly ranked: readonly ResourcePreview[];
  readonly previewUrl?: string;
}

/** The comment with the first `shown` resources of the global ranking (dangerous first, across stacks). */
function render(layout: Layout, shown: number): string {
  const included = new Set(layout.ranked.slice(0, shown));
  const blocks = [layout.header];
  for (const stack of layout.stacks) {
    if (stack.status === "no-changes") {
      blocks.push(`${stackTitle(stack)}: no changes.`);
      continue;
    }
    const lines: string[] = [];
    let title: string;
    if (stack.status === "error") {
      title = `${stackTitle(stack)}: ❌ **preview failed**${stack.reason ? `: ${text(stack.reason, REASON_LENGTH)}` : ""}`;
      const nestedFailures = stack.nestedStacks.filter((nested) => nested.status === "error");
      for (const nested of nestedFailures.slice(0, NESTED_FAILURES_SHOWN)) {
        lines.push(
          `- ❌ nested stack ${code(nested.stackPath.join("/"))}: ${text(nested.reason ?? "", REASON_LENGTH)}`,
        );
      }
      if (nestedFailures.length > NESTED_FAILURES_SHOWN) {
        lines.push(`- ❌ ${nestedFailures.length - NESTED_FAILURES_SHOWN} more nested stacks failed`);
      }
    } else {
      title = `${stackTitle(stack)}: ${plural(stack.counts.total, "change")}, ${countsLine(stack.counts)}`;
    }
    const hidden = stack.resources.filter((resource) => !included.has(resource));
    for (const resource of stack.resources) {
      const line = layout.lines.get(resource);
      if (line !== undefined && included.has(resource)) lines.push(line);
    }
    if (hidden.length > 0) {
      const dangerous = hidden.filter((resource) => resource.dangerous).length;
      lines.push(
        `- … ${plural(hidden.length, "more change")} not shown${dangerous > 0 ? ` (${dangerous} dangerous)` : ""}`,
      );
    }
    // A blank line before the list: some Markdown renderers do not let a list interrupt a paragraph.
    blocks.push(lines.length > 0 ? `${title}\n\n${lines.join("\n")}` : title);
  }
  const omitted = layout.ranked.length - Math.min(shown, layout.ranked.length);
  if (omitted > 0) {
    const where = layout.previewUrl
      ? `Full preview: ${link("JSON", layout.previewUrl)}`
      : "The full JSON preview is in the pipeline's reports.";
    blocks.push(
      `---\n\n${plural(omitted, "changed resource")} of ${layout.ranked.length} not shown (CodeCommit comments hold ${LIMIT_TEXT} characters). ${where}`,
    );
  }
  return `${blocks.join("\n\n")}\n`;
}

/** Cuts a comment that is too long even without any resource line (very many failed stacks) at the limit. */
function hardCut(comment: string, previewUrl: string | undefined): string {
  const suffix = `\n\n… cut at CodeCommit's comment limit.${previewUrl ? ` Full preview: ${link("JSON", previewUrl)}` : ""}\n`;
  const budget = CODECOMMIT_COMMENT_LIMIT - commentSize(suffix);
  let kept = "";
  let size = 0;
  for (const point of comment) {
    const next = commentSize(point);
    if (size + next > budget) break;
    kept += point;
    size += next;
  }
  return kept + suffix;
}

/** The validated options and the header lines every comment shares (checks, run). */
function commentHeader(options: PreviewCommentOptions): {
  readonly commitId: string;
  readonly marker: PreviewMarker | undefined;
  readonly checks: string;
  readonly previewUrl: string | undefined;
  readonly runLine: string | undefined;
} {
  const { commitId, lint, taskcat } = options;
  if (typeof commitId !== "string" || !/^[0-9a-f]{7,64}$/i.test(commitId)) {
    throw new PreviewError(
      "options.commitId",
      commitId,
      "must be a git commit id (hexadecimal)",
      "pass the pull request's source commit (sourceCommit of the event)",
    );
  }
  if (lint !== undefined && !(Number.isSafeInteger(lint?.findings) && lint.findings >= 0)) {
    throw new PreviewError(
      "options.lint.findings",
      lint?.findings,
      "must be a count (0 or more)",
      "pass { findings }",
    );
  }
  if (taskcat !== undefined && typeof taskcat?.passed !== "boolean") {
    throw new PreviewError(
      "options.taskcat.passed",
      taskcat?.passed,
      "must be true or false",
      "pass { passed }",
    );
  }
  const executionUrl = checkUrl(options.executionUrl, "executionUrl");
  const reportUrl = checkUrl(options.reportUrl, "reportUrl");
  const previewUrl = checkUrl(options.previewUrl, "previewUrl");
  const marker = checkMarker(options.marker);

  const checks = [
    `Commit ${code(commitId)}`,
    executionUrl ? link("pipeline execution", executionUrl) : undefined,
    lint ? `cfn-lint: ${plural(lint.findings, "finding")}` : undefined,
    taskcat
      ? `TaskCat: ${taskcat.passed ? "passed" : "**failed**"}${reportUrl ? ` (${link("report", reportUrl)})` : ""}`
      : reportUrl
        ? link("TaskCat report", reportUrl)
        : undefined,
  ].filter((part) => part !== undefined);
  const runLine = options.run === undefined ? undefined : formatRunLine(options.run);
  return { commitId, marker, checks: checks.join(" · "), previewUrl, runLine };
}

/**
 * Formats a preview as the Markdown comment of a pull request (CodeCommit renders comments as Markdown: "You can use
 * Markdown, or you can enter your comment in plaintext.", CodeCommit user guide, "Review a pull request"): the marker
 * line (when `marker` is given), the commit, cfn-lint's findings count, TaskCat's result with its report, the pipeline
 * execution, then per stack its changes, dangerous ones (removals, replacements, conditional replacements) first and
 * stacks with failures or dangerous changes first; a stack without changes takes one line. The comment never exceeds
 * `CODECOMMIT_COMMENT_LIMIT`: past it, the least dangerous changes are left out, each stack says how many of its
 * changes are not shown, and a last line counts them all and links the full JSON preview (`previewUrl`).
 *
 * Throws `PreviewError` when `summary` is not a `PreviewSummary` or an option has the wrong shape.
 *
 * @example
 * const content = formatPreviewComment(summarizeChangeSets(stacks), {
 *   commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e",
 *   executionUrl: executionConsoleUrl("eu-west-1", "acme-dev-pr-42", executionId),
 *   lint: { findings: 2 },
 *   taskcat: { passed: true },
 *   reportUrl,
 *   marker: { pullRequestId: "42", executionId, startedAt: "2026-11-27T15:00:00.000Z" },
 * });
 */
export function formatPreviewComment(summary: PreviewSummary, options: PreviewCommentOptions): string {
  checkSummary(summary);
  if (typeof options !== "object" || options === null) {
    throw new PreviewError("options", options, "must be an object with commitId", "pass { commitId }");
  }
  const { commitId, marker, checks, previewUrl, runLine } = commentHeader(options);
  const headline = previewHeadline(summary);
  const header = [
    ...(marker ? [previewMarkerLine(marker)] : []),
    `### Tributary preview of ${code(commitId.slice(0, 7))}`,
    "",
    headline.charAt(0).toUpperCase() + headline.slice(1),
    "",
    checks,
    ...(runLine ? ["", runLine] : []),
  ].join("\n");

  const stacks = summary.stacks
    .map((stack, index) => ({ stack, index }))
    .sort((a, b) => stackOrder(a.stack) - stackOrder(b.stack) || a.index - b.index)
    .map(({ stack }) => stack);
  const ranked = stacks
    .flatMap((stack, index) => stack.resources.map((resource) => ({ resource, index })))
    .sort((a, b) => compareResources(a.resource, b.resource) || a.index - b.index)
    .map(({ resource }) => resource);
  const lines = new Map(ranked.map((resource) => [resource, resourceLine(resource)]));
  const layout: Layout = { header, stacks, lines, ranked, ...(previewUrl ? { previewUrl } : {}) };

  const fits = (shown: number) => commentSize(render(layout, shown)) <= CODECOMMIT_COMMENT_LIMIT;
  if (fits(ranked.length)) return render(layout, ranked.length);
  if (!fits(0)) return hardCut(render(layout, 0), previewUrl);
  // The largest number of resource lines that fits (lo always fits, hi never does).
  let lo = 0;
  let hi = ranked.length;
  while (hi - lo > 1) {
    const middle = Math.floor((lo + hi) / 2);
    if (fits(middle)) lo = middle;
    else hi = middle;
  }
  return render(layout, lo);
}

/**
 * How a pipeline run ended, for the comment's run line: its state, the action that failed (stage, action and
 * CodePipeline's summary of the failure) and, for a comment without a preview, why there is none. `STARTED` is the
 * living comment's first version, posted when the pull request opens.
 *
 * @example
 * const run: RunOutcome = {
 *   state: "FAILED",
 *   failedAction: { stage: "Test", action: "Test", summary: "Build terminated with state: FAILED" },
 *   noPreview: "the run stopped before the Preview step",
 * };
 */
export interface RunOutcome {
  readonly state: FinalRunState | "STARTED";
  /** The first action that failed, when one did. */
  readonly failedAction?: {
    readonly stage: string;
    readonly action: string;
    /** CodePipeline's `errorDetails.message` or `externalExecutionSummary`. */
    readonly summary?: string;
  };
  /** Why the comment shows no change-set preview (only read by `formatRunComment`). */
  readonly noPreview?: string;
}

const RUN_STATES: readonly unknown[] = ["STARTED", "SUCCEEDED", "FAILED", "STOPPED", "SUPERSEDED"];

/** The run line: ✅ succeeded, ❌ failed at stage/action (with CodePipeline's reason), ⏹️ stopped, ⏭️ superseded, ⏳ running. */
function formatRunLine(run: RunOutcome): string {
  if (typeof run !== "object" || run === null || !RUN_STATES.includes(run.state)) {
    throw new PreviewError(
      "options.run.state",
      (run as { state?: unknown } | null)?.state,
      `must be one of ${RUN_STATES.join(", ")}`,
      "pass the execution's final state as EventBridge gives it",
    );
  }
  const failed = run.failedAction;
  const where =
    failed === undefined
      ? ""
      : ` at ${code(failed.stage, 100)} / ${code(failed.action, 100)}${failed.summary ? `: ${text(failed.summary, REASON_LENGTH)}` : ""}`;
  switch (run.state) {
    case "STARTED":
      return "⏳ The pipeline is running; this comment is updated when it finishes.";
    case "SUCCEEDED":
      return "✅ Pipeline run **succeeded**.";
    case "FAILED":
      return `❌ Pipeline run **failed**${where}.`;
    case "STOPPED":
      return `⏹️ Pipeline run **stopped**${where}.`;
    default:
      return "⏭️ Pipeline run superseded by a newer run of this pull request.";
  }
}

/**
 * Formats the comment of a run that has no preview to show (it failed or stopped before the Preview step, its
 * `preview.json` could not be read, or it has not finished yet): the marker, the commit, cfn-lint's findings, TaskCat's
 * result with its report, the pipeline execution, the run line (which action failed and why) and why there is no
 * preview. Within `CODECOMMIT_COMMENT_LIMIT` like every comment; throws `PreviewError` on options of the wrong shape.
 *
 * @example
 * formatRunComment({
 *   commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e",
 *   executionUrl: executionConsoleUrl("eu-west-1", "acme-dev-pr-42", executionId),
 *   taskcat: { passed: false },
 *   marker: { pullRequestId: "42", executionId, startedAt: "2026-11-27T15:00:00.000Z" },
 *   run: { state: "FAILED", failedAction: { stage: "Test", action: "Test" }, noPreview: "the run stopped before the Preview step" },
 * });
 * // '[//]: # "tributary-preview v=1 pr=42 …"\n### Tributary run of `4c8f2e1`\n\n❌ Pipeline run **failed** at `Test` / `Test`.\n…'
 */
export function formatRunComment(options: PreviewCommentOptions & { readonly run: RunOutcome }): string {
  if (typeof options !== "object" || options === null) {
    throw new PreviewError(
      "options",
      options,
      "must be an object with commitId and run",
      "pass { commitId, run }",
    );
  }
  const { commitId, marker, checks, previewUrl, runLine } = commentHeader(options);
  const noPreview = options.run.noPreview;
  const comment = `${[
    ...(marker ? [previewMarkerLine(marker)] : []),
    `### Tributary run of ${code(commitId.slice(0, 7))}`,
    "",
    runLine ?? formatRunLine(options.run),
    "",
    checks,
    // While the run is going, the note says what will come; after it, why no preview came.
    ...(noPreview
      ? [
          "",
          options.run.state === "STARTED"
            ? `${text(noPreview, REASON_LENGTH)}.`
            : `No change-set preview: ${text(noPreview, REASON_LENGTH)}.`,
        ]
      : []),
  ].join("\n")}\n`;
  return commentSize(comment) <= CODECOMMIT_COMMENT_LIMIT ? comment : hardCut(comment, previewUrl);
}
