/** The change sets of one previewed stack as one hierarchy: its root, each nested change set under its parent. */

import { changeSetStatus } from "./change-set-status.js";
import {
  compareResources,
  compareText,
  type NestedStackPreview,
  type ResourcePreview,
} from "./preview-summary.js";
import { type ChangeSet, compact, describe, fail } from "./read-change-set-pages.js";

/**
 * The root change set of one stack's pages, after checking that every change set has its last page, that there is
 * exactly one root and that it belongs to `stack`, and that each nested change set names a given parent and the root
 * and is named by exactly one `AWS::CloudFormation::Stack` change of that parent.
 */
export function rootChangeSet(
  changeSets: ReadonlyMap<string, ChangeSet>,
  stack: string,
  path: string,
): ChangeSet {
  for (const changeSet of changeSets.values()) {
    if (!changeSet.tokens.has(null)) {
      fail(
        `${changeSet.path}.NextToken`,
        [...changeSet.tokens.keys()],
        `every page of change set ${changeSet.id} has a NextToken, so its last page is missing`,
        "call DescribeChangeSet with each NextToken until a page has none, and pass every page",
      );
    }
  }
  const roots = [...changeSets.values()].filter(
    (changeSet) => changeSet.fields.ParentChangeSetId === undefined,
  );
  const [root, other] = roots;
  if (root === undefined) {
    fail(
      `${path}.pages`,
      [...changeSets.keys()],
      "has no root change set (every change set has a ParentChangeSetId)",
      "pass the pages of the root change set, the one created on the stack itself",
    );
  }
  if (other !== undefined) {
    fail(
      `${other.path}.ChangeSetId`,
      other.id,
      `is a second root change set beside ${root.id}`,
      "pass the pages of one root change set (and its nested ones) per stack",
    );
  }
  if (root.fields.StackName !== undefined && root.fields.StackName !== stack) {
    fail(
      `${root.path}.StackName`,
      root.fields.StackName,
      `is not the stack ${JSON.stringify(stack)} these pages are given for`,
      "pass each stack's change sets under its own name",
    );
  }
  if (root.fields.RootChangeSetId !== undefined && root.fields.RootChangeSetId !== root.id) {
    fail(
      `${root.path}.RootChangeSetId`,
      root.fields.RootChangeSetId,
      `names another root than the root change set ${root.id} itself`,
      "pass the pages of one root change set (and its nested ones) per stack",
    );
  }
  checkNestedReferences(changeSets, root);
  return root;
}

/** Each nested change set must name a given parent and the root, and be named by one stack change of its parent. */
function checkNestedReferences(changeSets: ReadonlyMap<string, ChangeSet>, root: ChangeSet): void {
  const referencedBy = new Map<string, { parent: string; logicalId: string; path: string }>();
  for (const changeSet of changeSets.values()) {
    const parent = changeSet.fields.ParentChangeSetId;
    if (parent !== undefined && !changeSets.has(parent)) {
      fail(
        `${changeSet.path}.ParentChangeSetId`,
        parent,
        `is not among the pages: nested change set ${changeSet.id} has no parent here`,
        "pass the pages of every change set from the root down",
      );
    }
    if (parent !== undefined && changeSet.fields.RootChangeSetId !== undefined) {
      if (changeSet.fields.RootChangeSetId !== root.id) {
        fail(
          `${changeSet.path}.RootChangeSetId`,
          changeSet.fields.RootChangeSetId,
          `is not the root change set ${root.id} of the other pages`,
          "pass the pages of one root change set (and its nested ones) per stack",
        );
      }
    }
    for (const { resource, path: changePath } of changeSet.changes) {
      const nested = resource.nestedChangeSetId;
      if (nested === undefined) continue;
      const target = changeSets.get(nested);
      if (target === undefined) {
        fail(
          `${changePath}.ResourceChange.ChangeSetId`,
          nested,
          `is a nested change set (of ${resource.logicalId}) that is not among the pages`,
          "describe every nested change set (the ChangeSetId of each AWS::CloudFormation::Stack change) and pass its pages",
        );
      }
      if (target.fields.ParentChangeSetId !== changeSet.id) {
        fail(
          `${changePath}.ResourceChange.ChangeSetId`,
          nested,
          `is the nested change set of ${resource.logicalId} in ${changeSet.id}, but its ParentChangeSetId is ${describe(target.fields.ParentChangeSetId)}`,
          "pass the pages of one change set hierarchy per stack, unchanged",
        );
      }
      const earlier = referencedBy.get(nested);
      if (earlier !== undefined) {
        fail(
          `${changePath}.ResourceChange.ChangeSetId`,
          nested,
          `is also the nested change set of ${earlier.logicalId} (${earlier.path})`,
          "pass DescribeChangeSet output unchanged",
        );
      }
      referencedBy.set(nested, { parent: changeSet.id, logicalId: resource.logicalId, path: changePath });
    }
  }
}

/** Every changed resource of a hierarchy, each with its nested stack path, and each nested change set's status. */
export interface HierarchyChanges {
  /** Sorted by `compareResources`. */
  readonly resources: ResourcePreview[];
  /** Sorted by stack path. */
  readonly nestedStacks: NestedStackPreview[];
  /** Whether any change set of the hierarchy failed for another reason than "no changes". */
  readonly failed: boolean;
}

/**
 * Walks the hierarchy from `root`, giving each resource the logical ids of the nested stacks that hold it; checks that
 * no change set lists a resource twice, that a `CREATE` change set only adds, and that every change set is reached.
 */
export function collectChanges(
  changeSets: ReadonlyMap<string, ChangeSet>,
  root: ChangeSet,
  changeSetType: "CREATE" | "UPDATE",
): HierarchyChanges {
  const resources: ResourcePreview[] = [];
  const nestedStacks: NestedStackPreview[] = [];
  let failed = false;
  const visited = new Set<string>();
  const visit = (changeSet: ChangeSet, stackPath: readonly string[]): void => {
    visited.add(changeSet.id);
    const seen = new Map<string, string>();
    for (const { resource, path: changePath } of changeSet.changes) {
      const earlier = seen.get(resource.logicalId);
      if (earlier !== undefined) {
        fail(
          `${changePath}.ResourceChange.LogicalResourceId`,
          resource.logicalId,
          `is also changed at ${earlier}: change set ${changeSet.id} lists it twice (a page given twice?)`,
          "pass each page once",
        );
      }
      seen.set(resource.logicalId, changePath);
      if (changeSetType === "CREATE" && resource.action !== "Add") {
        fail(
          `${changePath}.ResourceChange.Action`,
          resource.action,
          "is not Add in a CREATE change set, which can only add resources",
          'pass changeSetType "UPDATE" for a stack that exists',
        );
      }
      resources.push(Object.freeze({ stackPath, ...resource }));
    }
    const { status, reason } = changeSetStatus(changeSet);
    if (status === "error") failed = true;
    if (stackPath.length > 0) {
      nestedStacks.push(
        Object.freeze(
          compact({
            stackPath,
            stackName: changeSet.fields.StackName,
            changeSetId: changeSet.id,
            status,
            reason,
          }),
        ),
      );
    }
    for (const { resource } of changeSet.changes) {
      const nested = resource.nestedChangeSetId;
      const child = nested === undefined ? undefined : changeSets.get(nested);
      if (child) visit(child, Object.freeze([...stackPath, resource.logicalId]));
    }
  };
  visit(root, Object.freeze([]));
  for (const changeSet of changeSets.values()) {
    if (!visited.has(changeSet.id)) {
      fail(
        `${changeSet.path}.ChangeSetId`,
        changeSet.id,
        `is a nested change set that no AWS::CloudFormation::Stack change of its parent ${describe(changeSet.fields.ParentChangeSetId)} names`,
        "pass only the change sets of one hierarchy, unchanged",
      );
    }
  }
  resources.sort(compareResources);
  nestedStacks.sort((a, b) => compareText(a.stackPath.join("/"), b.stackPath.join("/")));
  return { resources, nestedStacks, failed };
}
