/**
 * The pages that the preview's Noncompliance tables break (a valid root with one nested stack, its nested page, a page
 * with one given change) and the one then-step they share: `summarizeChangeSets` throws a `PreviewError` at the path.
 */

import { expect } from "vitest";
import { PreviewError } from "../../../shared/errors.js";
import type { DescribeChangeSetPage, StackChangeSets } from "../../change-set-pages.js";
import { summarizeChangeSets } from "../../summarize-change-sets.js";
import { change, changeSetArn, page } from "./build.js";

/** CloudFormation's reason for a change set without changes (CloudFormation API reference, CreateChangeSet). */
export const NO_CHANGES =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

export const ROOT = changeSetArn("tributary-preview-4c8f2e1", 1);
export const NESTED = changeSetArn("acme-dev-Network-1RQ2T7V3J4K5L-tributary-preview-4c8f2e1", 2);

/** The stack `acme-dev` of environment `dev`, previewed with `pages`. */
export function dev(
  pages: readonly DescribeChangeSetPage[],
  extra: Partial<StackChangeSets> = {},
): StackChangeSets {
  return { stack: "acme-dev", environment: "dev", pages, ...extra };
}

/** A root page whose one change is the nested stack `Network` (its change set is `nested()`). */
export const valid = (): DescribeChangeSetPage =>
  page({
    ChangeSetId: ROOT,
    Changes: [
      change({
        Action: "Modify",
        LogicalResourceId: "Network",
        ResourceType: "AWS::CloudFormation::Stack",
        ChangeSetId: NESTED,
      }),
    ],
  });

/** The page of `Network`'s nested change set. */
export const nested = (): DescribeChangeSetPage =>
  page({
    ChangeSetId: NESTED,
    ParentChangeSetId: ROOT,
    RootChangeSetId: ROOT,
    StackName: "acme-dev-Network-1A",
  });

/** A root page with one change whose `ResourceChange` is `resourceChange`, as given. */
export const withChange = (resourceChange: unknown): DescribeChangeSetPage =>
  page({ ChangeSetId: ROOT, Changes: [{ Type: "Resource", ResourceChange: resourceChange } as never] });

export const queue = { Action: "Add", LogicalResourceId: "Queue", ResourceType: "AWS::SQS::Queue" };

/** Then: summarizing `stacks` throws a `PreviewError` at `path`, whose problem matches and whose fix is in its message. */
export function expectPreviewErrorAt(stacks: unknown, path: string, problem: RegExp): void {
  let thrown: unknown;
  try {
    summarizeChangeSets(stacks as StackChangeSets[]);
  } catch (error) {
    thrown = error;
  }

  expect(thrown).toBeInstanceOf(PreviewError);
  const error = thrown as PreviewError;
  expect(error.path).toBe(path);
  expect(error.problem).toMatch(problem);
  expect(error.fix.length).toBeGreaterThan(10);
  expect(error.message).toContain(`Fix: ${error.fix}`);
}

/** The `PreviewError` that `action` throws (any other outcome fails the test). */
export function thrownBy(action: () => unknown): PreviewError {
  try {
    action();
  } catch (error) {
    if (error instanceof PreviewError) return error;
    throw error;
  }
  throw new Error("expected a PreviewError");
}
