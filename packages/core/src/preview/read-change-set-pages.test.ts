import { describe, it } from "vitest";
import { page } from "./__fixtures__/change-sets/build.js";
import {
  dev,
  expectPreviewErrorAt,
  nested,
  queue,
  ROOT,
  valid,
  withChange,
} from "./__fixtures__/change-sets/noncompliance.js";

describe("readPages, through summarizeChangeSets: pages that are not DescribeChangeSet output throw PreviewError naming the field", () => {
  it.each<[string, unknown, string, RegExp]>([
    ["no pages", [dev([])], "stacks.0.pages", /non-empty array/],
    [
      "a page that is not an object",
      [dev(["page" as never])],
      "stacks.0.pages.0",
      /DescribeChangeSet output object/,
    ],
    [
      "a page without ChangeSetId",
      [dev([{ Status: "CREATE_COMPLETE" } as never])],
      "stacks.0.pages.0.ChangeSetId",
      /change set ARN/,
    ],
    [
      "a ChangeSetId that is a name",
      [dev([page({ ChangeSetId: "tributary-preview" })])],
      "stacks.0.pages.0.ChangeSetId",
      /change set ARN/,
    ],
    ["a page without Status", [dev([{ ChangeSetId: ROOT } as never])], "stacks.0.pages.0.Status", /missing/],
    [
      "a Status that is not a string",
      [dev([{ ChangeSetId: ROOT, Status: 3 } as never])],
      "stacks.0.pages.0.Status",
      /must be a string/,
    ],
    ["the same page twice", [dev([valid(), nested(), valid()])], "stacks.0.pages.2.NextToken", /given twice/],
    [
      "pages of one change set that disagree on Status",
      [
        dev([
          page({ ChangeSetId: ROOT, NextToken: "AAEAAQ" }),
          page({ ChangeSetId: ROOT, Status: "FAILED" }),
        ]),
      ],
      "stacks.0.pages.1.Status",
      /differs/,
    ],
    [
      "a change set given under two stacks",
      [
        dev([page({ ChangeSetId: ROOT })]),
        dev([page({ ChangeSetId: ROOT, StackName: "acme-prod" })], { stack: "acme-prod" }),
      ],
      "stacks.1.pages.0.ChangeSetId",
      /also given under stacks.0.pages/,
    ],
    [
      "Changes that are not an array",
      [dev([page({ ChangeSetId: ROOT, Changes: {} as never })])],
      "stacks.0.pages.0.Changes",
      /must be an array/,
    ],
    [
      "a change that is not an object",
      [dev([page({ ChangeSetId: ROOT, Changes: [null as never] })])],
      "stacks.0.pages.0.Changes.0",
      /Change object/,
    ],
    [
      "a change of an undocumented type",
      [dev([page({ ChangeSetId: ROOT, Changes: [{ Type: "Hook", ResourceChange: queue } as never] })])],
      "stacks.0.pages.0.Changes.0.Type",
      /only documented change type/,
    ],
    [
      "a change without ResourceChange",
      [dev([page({ ChangeSetId: ROOT, Changes: [{ Type: "Resource" } as never] })])],
      "stacks.0.pages.0.Changes.0.ResourceChange",
      /ResourceChange object/,
    ],
    [
      "a change without Action",
      [dev([withChange({ ...queue, Action: undefined })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.Action",
      /missing/,
    ],
    [
      "an undocumented Action",
      [dev([withChange({ ...queue, Action: "Explode" })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.Action",
      /not one of Add, Modify, Remove, Import, Dynamic, SyncWithActual/,
    ],
    [
      "an undocumented Replacement",
      [dev([withChange({ ...queue, Replacement: "Maybe" })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.Replacement",
      /not one of True, False, Conditional/,
    ],
    [
      "a change without LogicalResourceId",
      [dev([withChange({ ...queue, LogicalResourceId: "" })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.LogicalResourceId",
      /non-empty string/,
    ],
    [
      "a change without ResourceType",
      [dev([withChange({ ...queue, ResourceType: undefined })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.ResourceType",
      /non-empty string/,
    ],
    [
      "a PhysicalResourceId that is a number",
      [dev([withChange({ ...queue, PhysicalResourceId: 5 })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.PhysicalResourceId",
      /must be a string/,
    ],
    [
      "Scope that is a string",
      [dev([withChange({ ...queue, Scope: "Properties" })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.Scope",
      /array of strings/,
    ],
    [
      "Scope with a number",
      [dev([withChange({ ...queue, Scope: [1] })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.Scope.0",
      /must be a string/,
    ],
    [
      "Details that are an object",
      [dev([withChange({ ...queue, Details: {} })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.Details",
      /must be an array/,
    ],
    [
      "a detail that is a string",
      [dev([withChange({ ...queue, Details: ["Engine"] })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.Details.0",
      /ResourceChangeDetail/,
    ],
    [
      "a Target that is a string",
      [dev([withChange({ ...queue, Details: [{ Target: "Engine" }] })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.Details.0.Target",
      /ResourceTargetDefinition/,
    ],
    [
      "a Target Name that is a number",
      [dev([withChange({ ...queue, Details: [{ Target: { Name: 1 } }] })])],
      "stacks.0.pages.0.Changes.0.ResourceChange.Details.0.Target.Name",
      /must be a string/,
    ],
  ])("given %s, when summarized, then it throws PreviewError at %s", (_, stacks, path, problem) => {
    expectPreviewErrorAt(stacks, path, problem);
  });
});
