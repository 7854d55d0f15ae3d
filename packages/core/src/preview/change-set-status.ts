/** Whether a change set changes something, changes nothing or failed, from CloudFormation's status and reason. */

import { isRecord } from "../shared/plain-object.js";
import type { PreviewStatus } from "./preview-summary.js";
import { type ChangeSet, fail } from "./read-change-set-pages.js";

/**
 * The documented start of the `StatusReason` of a change set that CloudFormation refuses because it would change
 * nothing. The CloudFormation API returns "The submitted information didn't contain changes. Submit different
 * information to create a change set."; the AWS CLI's own `cloudformation deploy` (awscli
 * `customizations/cloudformation/deployer.py`) treats this reason and "No updates are to be performed" as "no changes",
 * and so does `summarizeChangeSets`.
 *
 * @example
 * NO_CHANGES_REASONS.some((reason) => statusReason.includes(reason));
 */
export const NO_CHANGES_REASONS: readonly string[] = Object.freeze([
  "The submitted information didn't contain changes.",
  "No updates are to be performed",
]);

/** Statuses after which a change set no longer changes (the CLI's `wait change-set-create-complete` ends at these). */
const FINISHED_STATUSES = ["CREATE_COMPLETE", "FAILED"];

function isNoChangesReason(reason: string | undefined): boolean {
  return reason !== undefined && NO_CHANGES_REASONS.some((known) => reason.includes(known));
}

/** The status of one change set, from its `Status`, `StatusReason` and changes. */
export function changeSetStatus(changeSet: ChangeSet): { status: PreviewStatus; reason?: string } {
  const { Status: status, StatusReason: reason } = changeSet.fields;
  if (status === undefined || !FINISHED_STATUSES.includes(status)) {
    fail(
      `${changeSet.path}.Status`,
      status,
      `is not ${FINISHED_STATUSES.join(" or ")}: the change set is not finished (or is being deleted)`,
      "wait for it (aws cloudformation wait change-set-create-complete) before describing it",
    );
  }
  if (status === "CREATE_COMPLETE")
    return { status: changeSet.changes.length > 0 ? "changes" : "no-changes" };
  if (isNoChangesReason(reason)) {
    if (changeSet.changes.length > 0) {
      fail(
        `${changeSet.path}.Changes`,
        changeSet.changes.length,
        "changes are listed by a change set that failed for having no changes",
        "pass only the pages of that change set",
      );
    }
    return { status: "no-changes" };
  }
  return { status: "error", reason: reason ?? "CloudFormation gave no StatusReason" };
}

/**
 * A `CreateChangeSet` call CloudFormation rejected outright (an invalid template, a missing parameter) creates no
 * change set; the Preview step records it as the only page, `{ StackName, Status: "FAILED", StatusReason }` without
 * `ChangeSetId` (preview-contract.ts, `PreviewDocument`). Its stack preview has `changeSetId` `""`.
 */
export function rejectedCall(pages: unknown): { status: PreviewStatus; reason?: string } | undefined {
  if (!Array.isArray(pages) || pages.length !== 1) return undefined;
  const [page] = pages as unknown[];
  if (!isRecord(page) || page.ChangeSetId !== undefined || page.Status !== "FAILED") return undefined;
  const reason = typeof page.StatusReason === "string" ? page.StatusReason : undefined;
  if (isNoChangesReason(reason)) return { status: "no-changes" };
  return { status: "error", reason: reason ?? "CloudFormation gave no StatusReason" };
}
