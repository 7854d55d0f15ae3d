/** Checks that a preview summary read back from JSON (the full preview in S3) is one, before a comment reads it. */

import { PreviewError } from "../shared/errors.js";
import { isRecord } from "../shared/plain-object.js";
import { type ChangeCounts, PREVIEW_FORMAT, type PreviewSummary } from "./preview-summary.js";

const SUMMARY_FIX = "pass what summarizeChangeSets returned (or its JSON, parsed)";

const STATUSES: readonly unknown[] = ["changes", "no-changes", "error"];

const ACTIONS: readonly unknown[] = ["Add", "Modify", "Remove", "Import", "Dynamic", "SyncWithActual"];

/** Every field of `ChangeCounts`: the comment compares and prints each one. */
const COUNT_FIELDS: readonly (keyof ChangeCounts)[] = [
  "total",
  "add",
  "modify",
  "remove",
  "import",
  "dynamic",
  "sync",
  "replacement",
  "conditionalReplacement",
  "dangerous",
];

function badSummary(path: string, value: unknown, problem: string): never {
  throw new PreviewError(path, value, problem, SUMMARY_FIX);
}

/** Checks every count is a whole number ≥ 0; the problem names the first field that is not. */
function checkCounts(path: string, counts: unknown): void {
  if (!isRecord(counts)) badSummary(path, counts, "must be ChangeCounts");
  for (const field of COUNT_FIELDS) {
    const value = (counts as Record<string, unknown>)[field];
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      badSummary(path, counts, `must be ChangeCounts: its ${field} is not a whole number ≥ 0`);
    }
  }
}

/**
 * Checks the fields the comment reads, so that a summary read back from JSON (the full preview in S3) that is not
 * one fails with `PreviewError` instead of a `TypeError`.
 */
export function checkSummary(summary: unknown): asserts summary is PreviewSummary {
  if (!isRecord(summary) || summary.format !== PREVIEW_FORMAT) {
    badSummary(
      "summary.format",
      isRecord(summary) ? summary.format : summary,
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
  checkCounts("summary.counts", counts);
  if (!Array.isArray(stacks)) badSummary("summary.stacks", stacks, "must be an array");
  (stacks as unknown[]).forEach((stack, index) => {
    const at = `summary.stacks.${index}`;
    if (!isRecord(stack)) badSummary(at, stack, "must be a StackPreview");
    for (const field of ["stack", "environment"]) {
      if (typeof stack[field] !== "string") badSummary(`${at}.${field}`, stack[field], "must be a string");
    }
    if (!STATUSES.includes(stack.status))
      badSummary(`${at}.status`, stack.status, "is not changes, no-changes or error");
    if (stack.reason !== undefined && typeof stack.reason !== "string")
      badSummary(`${at}.reason`, stack.reason, "must be a string");
    checkCounts(`${at}.counts`, stack.counts);
    if (!Array.isArray(stack.nestedStacks))
      badSummary(`${at}.nestedStacks`, stack.nestedStacks, "must be an array");
    (stack.nestedStacks as unknown[]).forEach((nested, position) => {
      const path = `${at}.nestedStacks.${position}`;
      if (!isRecord(nested) || !Array.isArray(nested.stackPath) || !STATUSES.includes(nested.status)) {
        badSummary(path, nested, "must be a NestedStackPreview");
      }
    });
    if (!Array.isArray(stack.resources)) badSummary(`${at}.resources`, stack.resources, "must be an array");
    (stack.resources as unknown[]).forEach((resource, position) => {
      const path = `${at}.resources.${position}`;
      if (
        !isRecord(resource) ||
        typeof resource.logicalId !== "string" ||
        typeof resource.type !== "string" ||
        !ACTIONS.includes(resource.action) ||
        !Array.isArray(resource.stackPath) ||
        !resource.stackPath.every((part) => typeof part === "string") ||
        !Array.isArray(resource.properties) ||
        !resource.properties.every(isRecord)
      ) {
        badSummary(path, resource, "must be a ResourcePreview");
      }
    });
  });
}
