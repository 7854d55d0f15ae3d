/** Whether a deployed stack is usable: the rule `tributary doctor` applies to the CI/CD and target stacks. */

/**
 * Whether a CloudFormation stack status is a finished, working deployment: `*_COMPLETE`, but not a rollback (the last
 * change failed and was undone, or a create failed and left nothing usable) nor a deletion. `IMPORT_COMPLETE` counts:
 * the stack holds what its template says.
 *
 * @example
 * isHealthyStackStatus("UPDATE_COMPLETE");          // true
 * isHealthyStackStatus("UPDATE_ROLLBACK_COMPLETE"); // false
 * isHealthyStackStatus("REVIEW_IN_PROGRESS");       // false
 */
export function isHealthyStackStatus(status: string): boolean {
  return status.endsWith("_COMPLETE") && !status.includes("ROLLBACK") && !status.startsWith("DELETE");
}
