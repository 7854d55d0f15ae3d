/**
 * What the Preview step, the pipeline and the cloner exchange about a change-set preview (PIPELINE-CONTRACT.md):
 * the action's name and namespace, its exported variables, the change set it creates and where it writes the preview.
 */

import { reportPrefix } from "../names/names.js";
import { encodeAroundPlaceholders } from "../shared/placeholders.js";
import type { StackChangeSets } from "./change-set-pages.js";

/**
 * The Preview stage's action, and the variable namespace it exports into.
 *
 * @example
 * `#{${PREVIEW_NAMESPACE}.${PREVIEW_OUTPUTS.status}}`; // "#{Preview.PREVIEW_STATUS}"
 */
export const PREVIEW_NAMESPACE = "Preview";

/**
 * The Test action's name in every pipeline (its namespace is `Test` too), which the cloner reads results from.
 *
 * @example
 * actionExecutions.filter((execution) => execution.actionName === TEST_ACTION_NAME);
 */
export const TEST_ACTION_NAME = "Test";

/**
 * The Preview action's name in every pipeline.
 *
 * @example
 * actionExecutions.find((execution) => execution.actionName === PREVIEW_ACTION_NAME)?.output?.outputVariables;
 */
export const PREVIEW_ACTION_NAME = "Preview";

/**
 * The variables the Preview action exports (namespace {@link PREVIEW_NAMESPACE}). `status` is a `PreviewStatus`
 * (`changes`, `no-changes` or `error`); `url` is the console page of the preview JSON ({@link previewUrl}).
 *
 * @example
 * PREVIEW_OUTPUTS.status; // "PREVIEW_STATUS"
 */
export const PREVIEW_OUTPUTS = {
  status: "PREVIEW_STATUS",
  url: "PREVIEW_URL",
} as const;

/**
 * The variables the Test action exports (namespace `Test`): the staged templates' prefix, the TaskCat report's link
 * and how many findings cfn-lint printed. CodePipeline keeps a build's exported variables only when it succeeds.
 *
 * @example
 * TEST_OUTPUTS.lintFindings; // "LINT_FINDINGS"
 */
export const TEST_OUTPUTS = {
  stagingPrefix: "STAGING_PREFIX",
  reportUrl: "REPORT_URL",
  lintFindings: "LINT_FINDINGS",
} as const;

/**
 * Every preview change set's name starts with this; IAM lets the Preview step touch only change sets named so.
 *
 * @example
 * PREVIEW_CHANGE_SET_PREFIX; // "tributary-preview-"
 */
export const PREVIEW_CHANGE_SET_PREFIX = "tributary-preview-";

/**
 * The change set one execution's preview creates: its own name, so that previews of several pull requests against
 * the same shared stack never collide, and never the Deploy stage's change set.
 *
 * @example
 * previewChangeSetName("0a1b2c3d-0000-4000-8000-000000000000");
 * // "tributary-preview-0a1b2c3d-0000-4000-8000-000000000000"
 * previewChangeSetName("#{codepipeline.PipelineExecutionId}"); // "tributary-preview-#{codepipeline.PipelineExecutionId}"
 */
export function previewChangeSetName(executionId: string): string {
  return `${PREVIEW_CHANGE_SET_PREFIX}${executionId}`;
}

/**
 * Where the Preview step writes an execution's preview in the reports bucket: `preview.json`, beside the TaskCat
 * report under `reportPrefix`.
 *
 * @example
 * previewKey("acme-dev-pr-42", "0a1b"); // "reports/acme-dev-pr-42/0a1b/preview.json"
 */
export function previewKey(pipelineName: string, executionId: string): string {
  return `${reportPrefix(pipelineName, executionId)}/preview.json`;
}

/**
 * The S3 console page of an execution's preview JSON. Literal text is URI-encoded; CodePipeline references and CDK
 * tokens stay as they are (as in `reportUrl`).
 *
 * @example
 * previewUrl("acme-reports", "eu-west-1", "acme-prod", "0a1b");
 * // "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/acme-prod/0a1b/preview.json"
 */
export function previewUrl(
  bucket: string,
  region: string,
  pipelineName: string,
  executionId: string,
): string {
  const key = previewKey(encodeAroundPlaceholders(pipelineName), encodeAroundPlaceholders(executionId));
  return `https://s3.console.aws.amazon.com/s3/object/${encodeAroundPlaceholders(bucket)}?region=${region}&prefix=${key}`;
}

/**
 * The content of `preview.json`: `summarizeChangeSets`' argument exactly, one entry per previewed stack with every
 * `DescribeChangeSet` page of its root and nested change sets. A `CreateChangeSet` call that CloudFormation rejects
 * outright (an invalid template, a missing parameter) is recorded as one page with `Status: "FAILED"` and the API's
 * error message as `StatusReason`, so the summary reports it as an error with CloudFormation's reason.
 *
 * @example
 * const document: PreviewDocument = JSON.parse(await readObject(previewKey(pipelineName, executionId)));
 * const summary = summarizeChangeSets(document);
 */
export type PreviewDocument = readonly StackChangeSets[];
