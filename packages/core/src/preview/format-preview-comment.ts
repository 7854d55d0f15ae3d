/** `formatPreviewComment`: a change-set preview as the one living pull-request comment, dangerous changes first. */

import { PreviewError } from "../shared/errors.js";
import { checkSummary } from "./check-preview-summary.js";
import { commentHeader, type PreviewCommentOptions } from "./comment-header.js";
import {
  COMMENT_LIMITS,
  type CommentLimit,
  code,
  commentSize,
  hardCut,
  limitText,
  link,
  plural,
  REASON_LENGTH,
  text,
} from "./comment-markdown.js";
import { previewMarkerLine } from "./preview-marker.js";
import {
  type ChangeCounts,
  compareResources,
  type PreviewSummary,
  type PropertyChange,
  type ResourcePreview,
  type StackPreview,
} from "./preview-summary.js";

/** Property changes listed per resource. */
const PROPERTIES_SHOWN = 6;

/** Nested change-set failures listed per stack. */
const NESTED_FAILURES_SHOWN = 5;

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
  readonly limit: CommentLimit;
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
      `---\n\n${plural(omitted, "changed resource")} of ${layout.ranked.length} not shown (${layout.limit.host} comments hold ${limitText(layout.limit)} characters). ${where}`,
    );
  }
  return `${blocks.join("\n\n")}\n`;
}

/**
 * Formats a preview as the Markdown comment of a pull request (CodeCommit renders comments as Markdown: "You can use
 * Markdown, or you can enter your comment in plaintext.", CodeCommit user guide, "Review a pull request"): the marker
 * line (when `marker` is given), the commit, cfn-lint's findings count, TaskCat's result with its report, the pipeline
 * execution, then per stack its changes, dangerous ones (removals, replacements, conditional replacements) first and
 * stacks with failures or dangerous changes first; a stack without changes takes one line. The comment never exceeds
 * `options.limit` (CodeCommit's 10,240 by default; `commentLimit(config.source)` for the project's provider): past it, the least dangerous changes are left out, each stack says how many of its
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
  const limit = options.limit ?? COMMENT_LIMITS.codecommit;
  const layout: Layout = { header, stacks, lines, ranked, limit, ...(previewUrl ? { previewUrl } : {}) };

  const fits = (shown: number) => commentSize(render(layout, shown)) <= limit.size;
  if (fits(ranked.length)) return render(layout, ranked.length);
  if (!fits(0)) return hardCut(render(layout, 0), previewUrl, limit);
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
