/** Turns the raw `DescribeChangeSet` pages of each previewed stack (root and nested change sets) into a plain summary. */

import { isRecord } from "../shared/plain-object.js";
import { collectChanges, rootChangeSet } from "./change-set-hierarchy.js";
import type { StackChangeSets } from "./change-set-pages.js";
import { changeSetStatus, rejectedCall } from "./change-set-status.js";
import {
  type ChangeCounts,
  PREVIEW_FORMAT,
  type PreviewStatus,
  type PreviewSummary,
  type ResourcePreview,
  type StackPreview,
} from "./preview-summary.js";
import { compact, fail, readPages, requiredString } from "./read-change-set-pages.js";

function countChanges(resources: readonly ResourcePreview[]): ChangeCounts {
  const count = (test: (resource: ResourcePreview) => boolean) => resources.filter(test).length;
  return Object.freeze({
    total: resources.length,
    add: count((resource) => resource.action === "Add"),
    modify: count((resource) => resource.action === "Modify"),
    remove: count((resource) => resource.action === "Remove"),
    import: count((resource) => resource.action === "Import"),
    dynamic: count((resource) => resource.action === "Dynamic"),
    sync: count((resource) => resource.action === "SyncWithActual"),
    replacement: count((resource) => resource.danger === "replacement"),
    conditionalReplacement: count((resource) => resource.danger === "conditional-replacement"),
    dangerous: count((resource) => resource.dangerous),
  });
}

function summarizeStack(input: unknown, path: string, changeSetOwners: Map<string, string>): StackPreview {
  if (!isRecord(input)) {
    fail(
      path,
      input,
      "must be an object { stack, environment, pages }",
      "pass one entry per previewed stack",
    );
  }
  const stack = requiredString(input, "stack", path, "name the stack the change set previews (acme-dev)");
  const environment = requiredString(input, "environment", path, "name the stack's environment (dev)");
  const changeSetType = input.changeSetType ?? "UPDATE";
  if (changeSetType !== "CREATE" && changeSetType !== "UPDATE") {
    fail(
      `${path}.changeSetType`,
      changeSetType,
      'is not "CREATE" or "UPDATE"',
      "pass the ChangeSetType the change set was created with",
    );
  }
  const rejected = rejectedCall(input.pages);
  if (rejected !== undefined) {
    return Object.freeze(
      compact({
        stack,
        environment,
        changeSetType,
        changeSetId: "",
        ...rejected,
        counts: countChanges([]),
        resources: Object.freeze([]),
        nestedStacks: Object.freeze([]),
      }),
    ) as StackPreview;
  }
  const changeSets = readPages(input.pages, `${path}.pages`, changeSetOwners);
  const root = rootChangeSet(changeSets, stack, path);
  const { resources, nestedStacks, failed } = collectChanges(changeSets, root, changeSetType);
  const rootStatus = changeSetStatus(root);
  return Object.freeze(
    compact({
      stack,
      environment,
      changeSetType,
      changeSetId: root.id,
      status: failed ? "error" : resources.length > 0 ? "changes" : "no-changes",
      reason: rootStatus.reason,
      counts: countChanges(resources),
      resources: Object.freeze(resources),
      nestedStacks: Object.freeze(nestedStacks),
    }),
  ) as StackPreview;
}

/**
 * Summarizes the change sets of previewed stacks, from raw `DescribeChangeSet` pages in any order: per stack (nested
 * stacks included, with their logical path) the resources added, modified, removed, imported or dynamic, whether each
 * is replaced, which properties change and why, dangerous changes (removals, replacements, conditional replacements)
 * first. A change set that failed because it "didn't contain changes" is `no-changes`; one that failed for another
 * reason is `error`, with CloudFormation's `StatusReason`. Pure: the same pages in any order give an equal summary.
 *
 * Throws `PreviewError` for input that is not what `DescribeChangeSet` returns (a missing `ChangeSetId`, a page given
 * twice, a missing last page, a nested change set whose parent or whose own pages are absent, two root change sets for
 * one stack, a change set still being created).
 *
 * @example
 * const summary = summarizeChangeSets([
 *   { stack: "acme-dev", environment: "dev", pages: [rootPage, nestedPage, rootPage2] },
 *   { stack: "acme-prod", environment: "prod", pages: [noChangesPage] },
 * ]);
 * summary.stacks[1].status; // "no-changes"
 * summary.counts.dangerous; // removals + replacements + conditional replacements over all stacks
 */
export function summarizeChangeSets(stacks: readonly StackChangeSets[]): PreviewSummary {
  if (!Array.isArray(stacks)) {
    fail(
      "stacks",
      stacks,
      "must be an array of { stack, environment, pages }",
      "pass one entry per previewed stack",
    );
  }
  const changeSetOwners = new Map<string, string>();
  const names = new Map<string, string>();
  const previews = stacks.map((input: unknown, index) => {
    const preview = summarizeStack(input, `stacks.${index}`, changeSetOwners);
    const earlier = names.get(preview.stack);
    if (earlier !== undefined) {
      fail(
        `stacks.${index}.stack`,
        preview.stack,
        `is also previewed at ${earlier}`,
        "pass each stack once, with all its pages",
      );
    }
    names.set(preview.stack, `stacks.${index}`);
    return preview;
  });
  const status: PreviewStatus = previews.some((preview) => preview.status === "error")
    ? "error"
    : previews.some((preview) => preview.status === "changes")
      ? "changes"
      : "no-changes";
  return Object.freeze({
    format: PREVIEW_FORMAT,
    status,
    counts: countChanges(previews.flatMap((preview) => preview.resources)),
    stacks: Object.freeze(previews),
  });
}
