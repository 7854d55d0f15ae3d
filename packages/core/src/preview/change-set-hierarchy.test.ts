import { describe, it } from "vitest";
import { change, changeSetArn, page } from "./__fixtures__/change-sets/build.js";
import {
  dev,
  expectPreviewErrorAt,
  NESTED,
  nested,
  queue,
  ROOT,
  valid,
  withChange,
} from "./__fixtures__/change-sets/noncompliance.js";

describe("the change-set hierarchy, through summarizeChangeSets: pages that are not one hierarchy per stack throw PreviewError naming the field", () => {
  it.each<[string, unknown, string, RegExp]>([
    [
      "pages without a last page",
      [dev([page({ ChangeSetId: ROOT, NextToken: "AAEAAQ" })])],
      "stacks.0.pages.0.NextToken",
      /last page is missing/,
    ],
    [
      "a nested change set whose parent is absent",
      [
        dev([
          page({ ChangeSetId: NESTED, ParentChangeSetId: ROOT }),
          page({ ChangeSetId: changeSetArn("other", 9) }),
        ]),
      ],
      "stacks.0.pages.0.ParentChangeSetId",
      /no parent here/,
    ],
    ["only nested change sets", [dev([nested()])], "stacks.0.pages", /no root change set/],
    [
      "two root change sets",
      [
        dev([
          page({ ChangeSetId: ROOT }),
          page({ ChangeSetId: changeSetArn("tributary-preview-0000000", 7) }),
        ]),
      ],
      "stacks.0.pages.1.ChangeSetId",
      /second root/,
    ],
    [
      "a nested change set that is not described",
      [dev([valid()])],
      "stacks.0.pages.0.Changes.0.ResourceChange.ChangeSetId",
      /not among the pages/,
    ],
    [
      "a nested change set of another root",
      [dev([valid(), { ...nested(), RootChangeSetId: changeSetArn("another-root", 8) }])],
      "stacks.0.pages.1.RootChangeSetId",
      /not the root change set/,
    ],
    [
      "a root that names another root",
      [dev([{ ...page({ ChangeSetId: ROOT }), RootChangeSetId: NESTED }])],
      "stacks.0.pages.0.RootChangeSetId",
      /another root/,
    ],
    [
      "a root change set of another stack",
      [dev([page({ ChangeSetId: ROOT, StackName: "acme-prod" })])],
      "stacks.0.pages.0.StackName",
      /not the stack/,
    ],
    [
      "a nested change set that its parent does not name",
      [dev([page({ ChangeSetId: ROOT }), nested()])],
      "stacks.0.pages.1.ChangeSetId",
      /no AWS::CloudFormation::Stack change/,
    ],
    [
      "a nested change set named by a change set that is not its parent",
      [
        dev([
          page({
            ChangeSetId: ROOT,
            Changes: [
              change({
                Action: "Modify",
                LogicalResourceId: "A",
                ResourceType: "AWS::CloudFormation::Stack",
                ChangeSetId: NESTED,
              }),
            ],
          }),
          page({
            ChangeSetId: NESTED,
            ParentChangeSetId: ROOT,
            Changes: [
              change({
                Action: "Modify",
                LogicalResourceId: "Self",
                ResourceType: "AWS::CloudFormation::Stack",
                ChangeSetId: NESTED,
              }),
            ],
          }),
        ]),
      ],
      "stacks.0.pages.1.Changes.0.ResourceChange.ChangeSetId",
      /its ParentChangeSetId is/,
    ],
    [
      "a nested change set named by two stack resources",
      [
        dev([
          page({
            ChangeSetId: ROOT,
            Changes: [
              change({
                Action: "Modify",
                LogicalResourceId: "A",
                ResourceType: "AWS::CloudFormation::Stack",
                ChangeSetId: NESTED,
              }),
              change({
                Action: "Modify",
                LogicalResourceId: "B",
                ResourceType: "AWS::CloudFormation::Stack",
                ChangeSetId: NESTED,
              }),
            ],
          }),
          nested(),
        ]),
      ],
      "stacks.0.pages.0.Changes.1.ResourceChange.ChangeSetId",
      /also the nested change set of A/,
    ],
    [
      "one resource on two pages of a change set",
      [
        dev([
          page({ ChangeSetId: ROOT, NextToken: "AAEAAQ", Changes: [change(queue as never)] }),
          page({ ChangeSetId: ROOT, Changes: [change(queue as never)] }),
        ]),
      ],
      "stacks.0.pages.1.Changes.0.ResourceChange.LogicalResourceId",
      /lists it twice/,
    ],
    [
      "a CREATE change set that modifies",
      [dev([withChange({ ...queue, Action: "Modify" })], { changeSetType: "CREATE" })],
      "stacks.0.pages.0.Changes.0.ResourceChange.Action",
      /CREATE change set/,
    ],
  ])("given %s, when summarized, then it throws PreviewError at %s", (_, stacks, path, problem) => {
    expectPreviewErrorAt(stacks, path, problem);
  });
});
