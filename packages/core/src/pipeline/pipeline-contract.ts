/** What a pipeline hands its buildspecs (PIPELINE-CONTRACT.md): every name and location computed here, at synth. */

import { reportPrefix } from "../names/names.js";
import { previewChangeSetName, previewKey, previewUrl } from "../preview/preview-contract.js";
import { MANAGED_TAGS, PIPELINE_VARIABLES } from "../shared/constants.js";
import { encodeAroundPlaceholders } from "../shared/placeholders.js";

/**
 * The CodePipeline variable references a pipeline's actions use for values known only at run time. CodePipeline
 * substitutes them per execution, and in a clone with the clone's own variable values (clones change only the
 * variables' defaults), so one declaration serves the environment pipeline and every clone.
 *
 * @example
 * PIPELINE_REFERENCES.pipelineName; // "#{variables.PipelineName}"
 * PIPELINE_REFERENCES.executionId; // "#{codepipeline.PipelineExecutionId}"
 */
export const PIPELINE_REFERENCES = {
  environment: `#{variables.${PIPELINE_VARIABLES.environment}}`,
  stackName: `#{variables.${PIPELINE_VARIABLES.stackName}}`,
  branch: `#{variables.${PIPELINE_VARIABLES.branch}}`,
  ephemeral: `#{variables.${PIPELINE_VARIABLES.ephemeral}}`,
  pipelineName: `#{variables.${PIPELINE_VARIABLES.pipelineName}}`,
  executionId: "#{codepipeline.PipelineExecutionId}",
} as const;

/**
 * The S3 key prefix under which one pipeline keeps every execution's staged templates, with the trailing `/`.
 * The Cleanup buildspec deletes only below it.
 *
 * @example
 * pipelineStagingPrefix("acme-dev-feature-login"); // "staging/acme-dev-feature-login/"
 */
export function pipelineStagingPrefix(pipelineName: string): string {
  return `staging/${pipelineName}/`;
}

/**
 * The S3 key prefix of one execution's staged templates (`templates/` is staged below it); the Deploy stage's
 * `TemplatePrefix`. Each execution has its own, so pipelines and clones running at once never share files.
 *
 * @example
 * stagingPrefix("acme-dev", "4d1f2b6c"); // "staging/acme-dev/4d1f2b6c"
 * stagingPrefix(PIPELINE_REFERENCES.pipelineName, PIPELINE_REFERENCES.executionId);
 * // "staging/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}"
 */
export function stagingPrefix(pipelineName: string, executionId: string): string {
  return `${pipelineStagingPrefix(pipelineName)}${executionId}`;
}

/**
 * The S3 console page of an execution's TaskCat report: `reportConsoleUrl`, for values that may be placeholders.
 * Literal text is URI-encoded as `reportConsoleUrl` encodes it; placeholders stay as they are. CodePipeline
 * substitutes them unencoded, which gives the same page: core's pipeline names and execution ids hold only
 * characters that are valid in a URL query as they are (the tests prove it against `reportConsoleUrl`).
 *
 * @example
 * reportUrl("acme-reports", "eu-west-1", PIPELINE_REFERENCES.pipelineName, PIPELINE_REFERENCES.executionId);
 * // "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}/index.html"
 */
export function reportUrl(bucket: string, region: string, pipelineName: string, executionId: string): string {
  const prefix = reportPrefix(encodeAroundPlaceholders(pipelineName), encodeAroundPlaceholders(executionId));
  return `https://s3.console.aws.amazon.com/s3/object/${encodeAroundPlaceholders(bucket)}?region=${region}&prefix=${prefix}/index.html`;
}

/**
 * The `tributary:*` tags every stack a pipeline deploys carries, each with the buildspec variable that holds its value
 * (the Test buildspec adds them to `template-configuration.json`; the teardown checks two of them). The pipeline hands
 * the map over as `TRIBUTARY_STACK_TAGS`, so a buildspec names no tag key of its own.
 *
 * @example
 * STACK_TAG_VARIABLES["tributary:branch"]; // "TRIBUTARY_BRANCH"
 * for (const [key, variable] of Object.entries(STACK_TAG_VARIABLES)) tags[key] = process.env[variable];
 */
export const STACK_TAG_VARIABLES: Readonly<Record<string, string>> = Object.freeze({
  [MANAGED_TAGS.project]: "TRIBUTARY_PROJECT",
  [MANAGED_TAGS.environment]: "TRIBUTARY_ENVIRONMENT",
  [MANAGED_TAGS.stack]: "TRIBUTARY_STACK_NAME",
  [MANAGED_TAGS.branch]: "TRIBUTARY_BRANCH",
  [MANAGED_TAGS.ephemeral]: "TRIBUTARY_EPHEMERAL",
});

/**
 * The environment variables of the buildspecs, by who sets them. `project` holds the values a pipeline shares
 * with all its clones (they share its CodeBuild projects), set on the projects; `test` and `cleanup` hold the
 * values the Test, Preview and Cleanup actions set per execution; `previewProject` the Preview project's own
 * constants ({@link previewProjectVariables}). Every name a buildspec may read is here.
 *
 * @example
 * BUILDSPEC_VARIABLES.test.includes("REPORT_URL"); // true
 */
export const BUILDSPEC_VARIABLES = {
  project: ["TRIBUTARY_PROJECT", "STAGING_BUCKET", "REPORTS_BUCKET", "TRIBUTARY_STACK_TAGS"],
  test: [
    "TRIBUTARY_ENVIRONMENT",
    "TRIBUTARY_STACK_NAME",
    "TRIBUTARY_BRANCH",
    "TRIBUTARY_EPHEMERAL",
    "STAGING_PREFIX",
    "REPORT_PREFIX",
    "REPORT_URL",
  ],
  cleanup: ["TRIBUTARY_ENVIRONMENT", "TRIBUTARY_STACK_NAME", "PIPELINE_STAGING_PREFIX", "STAGING_PREFIX"],
  preview: [
    "TRIBUTARY_ENVIRONMENT",
    "STAGING_PREFIX",
    "PREVIEW_CHANGE_SET_NAME",
    "PREVIEW_KEY",
    "PREVIEW_URL",
  ],
  previewProject: ["PREVIEW_STACK_NAME", "PREVIEW_ROLE_ARN"],
} as const;

/**
 * A buildspec environment variable's name.
 *
 * @example
 * const name: BuildspecVariable = "STAGING_PREFIX";
 */
export type BuildspecVariable =
  | (typeof BUILDSPEC_VARIABLES.project)[number]
  | (typeof BUILDSPEC_VARIABLES.test)[number]
  | (typeof BUILDSPEC_VARIABLES.cleanup)[number]
  | (typeof BUILDSPEC_VARIABLES.preview)[number]
  | (typeof BUILDSPEC_VARIABLES.previewProject)[number];

/**
 * Inputs of {@link buildspecVariables}: what the pipeline knows at synth.
 *
 * @example
 * const input: BuildspecVariablesInput = {
 *   project: "acme", stagingBucket: staging.bucketName, reportsBucket: reports.bucketName, region: "eu-west-1",
 *   testNamespace: "Test",
 * };
 */
export interface BuildspecVariablesInput {
  /** The config's project (the `tributary:project` tag). */
  readonly project: string;
  /** The staging bucket's name (may be a deploy-time placeholder). */
  readonly stagingBucket: string;
  /** The reports bucket's name (may be a deploy-time placeholder). */
  readonly reportsBucket: string;
  /** The pipeline's region (for the report's console link). */
  readonly region: string;
  /** The Test action's variable namespace: Cleanup and Preview read the Test stage's `STAGING_PREFIX` export from it. */
  readonly testNamespace: string;
  /** @default PIPELINE_REFERENCES.pipelineName */
  readonly pipelineName?: string;
  /** @default PIPELINE_REFERENCES.executionId */
  readonly executionId?: string;
}

/**
 * The values of {@link buildspecVariables}, by who sets them (see {@link BUILDSPEC_VARIABLES}).
 *
 * @example
 * const { project, test, cleanup, preview }: BuildspecVariables = buildspecVariables(input);
 * test.REPORT_PREFIX; // "reports/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}"
 */
export interface BuildspecVariables {
  readonly project: Readonly<Record<(typeof BUILDSPEC_VARIABLES.project)[number], string>>;
  readonly test: Readonly<Record<(typeof BUILDSPEC_VARIABLES.test)[number], string>>;
  readonly cleanup: Readonly<Record<(typeof BUILDSPEC_VARIABLES.cleanup)[number], string>>;
  readonly preview: Readonly<Record<(typeof BUILDSPEC_VARIABLES.preview)[number], string>>;
}

/**
 * The buildspecs' environment: the tag keys ({@link STACK_TAG_VARIABLES}) and values, the staging and report
 * locations and the report's link, so a buildspec never derives a name itself. Values known only at run time are CodePipeline references
 * ({@link PIPELINE_REFERENCES}), which clones resolve to their own values. The Test stage exports
 * `STAGING_PREFIX` and `REPORT_URL` as it receives them; Cleanup deletes the exported `STAGING_PREFIX`, and
 * only below `PIPELINE_STAGING_PREFIX`. Preview gets this execution's change-set name, the key and link of its
 * `preview.json` (preview-contract.ts) and the Test stage's `STAGING_PREFIX` export (the Deploy stage's
 * `TemplatePrefix`).
 *
 * @example
 * const variables = buildspecVariables({
 *   project: "acme", stagingBucket: "acme-staging", reportsBucket: "acme-reports", region: "eu-west-1",
 *   testNamespace: "Test",
 * });
 * variables.test.STAGING_PREFIX; // "staging/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}"
 * variables.cleanup.STAGING_PREFIX; // "#{Test.STAGING_PREFIX}"
 * variables.preview.PREVIEW_CHANGE_SET_NAME; // "tributary-preview-#{codepipeline.PipelineExecutionId}"
 */
export function buildspecVariables(input: BuildspecVariablesInput): BuildspecVariables {
  const pipelineName = input.pipelineName ?? PIPELINE_REFERENCES.pipelineName;
  const executionId = input.executionId ?? PIPELINE_REFERENCES.executionId;
  return {
    project: {
      TRIBUTARY_PROJECT: input.project,
      STAGING_BUCKET: input.stagingBucket,
      REPORTS_BUCKET: input.reportsBucket,
      TRIBUTARY_STACK_TAGS: JSON.stringify(STACK_TAG_VARIABLES),
    },
    test: {
      TRIBUTARY_ENVIRONMENT: PIPELINE_REFERENCES.environment,
      TRIBUTARY_STACK_NAME: PIPELINE_REFERENCES.stackName,
      TRIBUTARY_BRANCH: PIPELINE_REFERENCES.branch,
      TRIBUTARY_EPHEMERAL: PIPELINE_REFERENCES.ephemeral,
      STAGING_PREFIX: stagingPrefix(pipelineName, executionId),
      REPORT_PREFIX: reportPrefix(pipelineName, executionId),
      REPORT_URL: reportUrl(input.reportsBucket, input.region, pipelineName, executionId),
    },
    cleanup: {
      TRIBUTARY_ENVIRONMENT: PIPELINE_REFERENCES.environment,
      TRIBUTARY_STACK_NAME: PIPELINE_REFERENCES.stackName,
      PIPELINE_STAGING_PREFIX: pipelineStagingPrefix(pipelineName),
      STAGING_PREFIX: `#{${input.testNamespace}.STAGING_PREFIX}`,
    },
    preview: {
      TRIBUTARY_ENVIRONMENT: PIPELINE_REFERENCES.environment,
      STAGING_PREFIX: `#{${input.testNamespace}.STAGING_PREFIX}`,
      PREVIEW_CHANGE_SET_NAME: previewChangeSetName(executionId),
      PREVIEW_KEY: previewKey(pipelineName, executionId),
      PREVIEW_URL: previewUrl(input.reportsBucket, input.region, pipelineName, executionId),
    },
  };
}

/**
 * The Preview project's own environment: the stack it previews (the environment's shared stack, the same in the
 * environment pipeline and in every clone of it, which share the project) and the role CloudFormation assumes,
 * the Deploy stage's deployment role.
 *
 * @example
 * previewProjectVariables({ stackName: "acme-prod", deploymentRoleArn: "arn:aws:iam::123456789012:role/deploy" });
 * // { PREVIEW_STACK_NAME: "acme-prod", PREVIEW_ROLE_ARN: "arn:aws:iam::123456789012:role/deploy" }
 */
export function previewProjectVariables(input: {
  readonly stackName: string;
  readonly deploymentRoleArn: string;
}): Readonly<Record<(typeof BUILDSPEC_VARIABLES.previewProject)[number], string>> {
  return { PREVIEW_STACK_NAME: input.stackName, PREVIEW_ROLE_ARN: input.deploymentRoleArn };
}
