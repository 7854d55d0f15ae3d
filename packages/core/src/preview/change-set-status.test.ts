import { describe, expect, it } from "vitest";
import { page } from "./__fixtures__/change-sets/build.js";
import {
  dev,
  expectPreviewErrorAt,
  NO_CHANGES,
  queue,
  ROOT,
  withChange,
} from "./__fixtures__/change-sets/noncompliance.js";
import { NO_CHANGES_REASONS } from "./change-set-status.js";
import { summarizeChangeSets } from "./summarize-change-sets.js";

describe("changeSetStatus, through summarizeChangeSets", () => {
  it.each([
    [
      "a template CloudFormation rejects",
      "Template format error: YAML not well-formed. (line 1, column 12)",
      "error",
    ],
    ["a missing parameter", "Parameters: [DatabasePassword] must have values", "error"],
    ["a rejection for having no changes", NO_CHANGES, "no-changes"],
  ] as const)(
    "given %s outright (one FAILED page without ChangeSetId, as the Preview step records it), when summarized, then the stack has that status and CloudFormation's reason",
    (_case, reason, status) => {
      const summary = summarizeChangeSets([
        dev([{ StackName: "acme-dev", Status: "FAILED", StatusReason: reason }]),
      ]);

      expect(summary.status).toBe(status);
      expect(summary.stacks[0]).toMatchObject({ changeSetId: "", status, resources: [], nestedStacks: [] });
      expect(summary.stacks[0]?.reason).toBe(status === "error" ? reason : undefined);
      expect(summary.counts.total).toBe(0);
    },
  );

  it("NO_CHANGES_REASONS holds the documented no-changes reason", () => {
    expect(NO_CHANGES_REASONS.some((reason) => NO_CHANGES.includes(reason))).toBe(true);
  });
});

describe("changeSetStatus, through summarizeChangeSets: a change set that is not finished, or that contradicts itself, throws PreviewError", () => {
  it.each<[string, unknown, string, RegExp]>([
    [
      "a change set still being created",
      [dev([page({ ChangeSetId: ROOT, Status: "CREATE_IN_PROGRESS" })])],
      "stacks.0.pages.0.Status",
      /not finished/,
    ],
    [
      "a no-changes failure that lists changes",
      [dev([{ ...withChange(queue), Status: "FAILED", StatusReason: NO_CHANGES }])],
      "stacks.0.pages.0.Changes",
      /failed for having no changes/,
    ],
  ])("given %s, when summarized, then it throws PreviewError at %s", (_, stacks, path, problem) => {
    expectPreviewErrorAt(stacks, path, problem);
  });
});
