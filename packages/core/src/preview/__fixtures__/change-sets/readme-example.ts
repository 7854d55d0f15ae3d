/** The example comment of core's README: pull request 42 into develop, previewed against `acme-dev`. */

import { executionConsoleUrl, reportConsoleUrl, reportPrefix } from "../../../names/names.js";
import { formatPreviewComment } from "../../format-preview-comment.js";
import { summarizeChangeSets } from "../../summarize-change-sets.js";
import { fixturePages } from "./build.js";

const REPORTS_BUCKET = "acme-reports-123456789012-eu-west-1";
export const README_EXECUTION_ID = "0a1b2c3d-0000-4000-8000-000000000000";

/** What `formatPreviewComment` prints for `every-action.json`, with every option. */
export function readmeExampleComment(): string {
  const summary = summarizeChangeSets([
    { stack: "acme-dev", environment: "dev", pages: fixturePages("every-action") },
  ]);
  return formatPreviewComment(summary, {
    commitId: "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e",
    executionUrl: executionConsoleUrl("eu-west-1", "acme-dev-pr-42", README_EXECUTION_ID),
    lint: { findings: 2 },
    taskcat: { passed: true },
    reportUrl: reportConsoleUrl(REPORTS_BUCKET, "eu-west-1", "acme-dev-pr-42", README_EXECUTION_ID),
    // The full JSON preview lies beside the TaskCat report.
    previewUrl: `https://s3.console.aws.amazon.com/s3/object/${REPORTS_BUCKET}?region=eu-west-1&prefix=${reportPrefix("acme-dev-pr-42", README_EXECUTION_ID)}/preview.json`,
    marker: { pullRequestId: "42", executionId: README_EXECUTION_ID, startedAt: "2026-11-27T15:00:00.000Z" },
  });
}
