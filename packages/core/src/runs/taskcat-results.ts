/**
 * TaskCat's results per test and region, as the Test stage writes them beside the report
 * (`reports/<pipeline>/<execution>/taskcat-results.json`, written by the demo's `ci/taskcat-verdict.py`).
 */

import { reportPrefix } from "../names/names.js";
import { isRecord } from "../shared/plain-object.js";
import type { TaskcatResult } from "./run-record.js";

/**
 * The results file's name in TaskCat's output directory, uploaded with the report.
 *
 * @example
 * TASKCAT_RESULTS_FILE; // "taskcat-results.json"
 */
export const TASKCAT_RESULTS_FILE = "taskcat-results.json";

/**
 * The `format` of the results file; it changes only with a major version of core.
 *
 * @example
 * JSON.parse(text).format === TASKCAT_RESULTS_FORMAT; // true
 */
export const TASKCAT_RESULTS_FORMAT = "tributary-taskcat-results/1";

/**
 * The key of one execution's TaskCat results in the reports bucket.
 *
 * @example
 * taskcatResultsKey("acme-dev", "0a1b"); // "reports/acme-dev/0a1b/taskcat-results.json"
 */
export function taskcatResultsKey(pipelineName: string, executionId: string): string {
  return `${reportPrefix(pipelineName, executionId)}/${TASKCAT_RESULTS_FILE}`;
}

/**
 * The key of one execution's TaskCat report (its `index.html`) in the reports bucket: the only objects the overview
 * page links, through presigned URLs.
 *
 * @example
 * taskcatReportKey("acme-dev", "0a1b"); // "reports/acme-dev/0a1b/index.html"
 */
export function taskcatReportKey(pipelineName: string, executionId: string): string {
  return `${reportPrefix(pipelineName, executionId)}/index.html`;
}

/**
 * Whether `key` is a TaskCat report's key (`reports/<pipeline>/<execution>/index.html`, one segment each), the only
 * keys the overview page signs.
 *
 * @example
 * isTaskcatReportKey("reports/acme-dev/0a1b/index.html"); // true
 * isTaskcatReportKey("reports/acme-dev/0a1b/preview.json"); // false
 */
export function isTaskcatReportKey(key: string): boolean {
  return /^reports\/[A-Za-z0-9.@_-]{1,100}\/[A-Za-z0-9-]{1,100}\/index\.html$/.test(key);
}

/**
 * The results of a parsed `taskcat-results.json`, or why it is not one (the run then shows no TaskCat cells).
 *
 * @example
 * parseTaskcatResults({ format: "tributary-taskcat-results/1", results: [
 *   { test: "default", region: "eu-west-1", status: "CREATE_COMPLETE", passed: true },
 * ] });
 * // { results: [{ test: "default", region: "eu-west-1", status: "CREATE_COMPLETE", passed: true }] }
 * parseTaskcatResults("<html>"); // { error: "taskcat-results.json is not an object with format tributary-taskcat-results/1" }
 */
export function parseTaskcatResults(
  document: unknown,
): { readonly results: readonly TaskcatResult[] } | { readonly error: string } {
  if (!isRecord(document) || document.format !== TASKCAT_RESULTS_FORMAT) {
    return { error: `${TASKCAT_RESULTS_FILE} is not an object with format ${TASKCAT_RESULTS_FORMAT}` };
  }
  if (!Array.isArray(document.results)) return { error: `${TASKCAT_RESULTS_FILE} has no results list` };
  const results: TaskcatResult[] = [];
  for (const [index, row] of document.results.entries()) {
    const fields = ["test", "region", "status"] as const;
    if (
      !isRecord(row) ||
      fields.some((field) => typeof row[field] !== "string" || (row[field] as string).length > 256) ||
      typeof row.passed !== "boolean"
    ) {
      return {
        error: `${TASKCAT_RESULTS_FILE} results[${index}] is not {test, region, status, passed}`,
      };
    }
    results.push({
      test: row.test as string,
      region: row.region as string,
      status: row.status as string,
      passed: row.passed,
    });
  }
  return { results };
}
