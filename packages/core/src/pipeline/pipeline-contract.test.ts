import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { branchName, config } from "../__fixtures__/arbitraries.js";
import { resolveBranch } from "../branches/resolve-branch.js";
import { PIPELINE_ALPHABET, reportConsoleUrl, reportPrefix } from "../names/names.js";
import { ownershipRule } from "../ownership/ownership.js";
import { previewChangeSetName, previewKey, previewUrl } from "../preview/preview-contract.js";
import { MANAGED_TAGS, PIPELINE_VARIABLES } from "../shared/constants.js";
import {
  BUILDSPEC_VARIABLES,
  buildspecVariables,
  PIPELINE_REFERENCES,
  pipelineStagingPrefix,
  previewProjectVariables,
  reportUrl,
  STACK_TAG_VARIABLES,
  stagingPrefix,
} from "./pipeline-contract.js";

const INPUT = {
  project: "acme",
  stagingBucket: "acme-staging",
  reportsBucket: "acme-reports",
  region: "eu-west-1",
  testNamespace: "Test",
};

/** What CodePipeline does at run time: replace each reference with its value, unencoded. */
function substitute(value: string, values: Readonly<Record<string, string>>): string {
  return value.replace(/#\{[^}]*\}/g, (reference) => values[reference] ?? reference);
}

/** S3 bucket names: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const bucketName = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
const pipelineNameChars = fc
  .array(fc.constantFrom(...PIPELINE_ALPHABET), { minLength: 1, maxLength: 100 })
  .map((chars) => chars.join(""));

describe("PIPELINE_REFERENCES", () => {
  it("given core's pipeline variables, when referenced, then each is CodePipeline's #{variables.<name>}", () => {
    expect(PIPELINE_REFERENCES).toEqual({
      environment: `#{variables.${PIPELINE_VARIABLES.environment}}`,
      stackName: `#{variables.${PIPELINE_VARIABLES.stackName}}`,
      branch: `#{variables.${PIPELINE_VARIABLES.branch}}`,
      ephemeral: `#{variables.${PIPELINE_VARIABLES.ephemeral}}`,
      pipelineName: `#{variables.${PIPELINE_VARIABLES.pipelineName}}`,
      executionId: "#{codepipeline.PipelineExecutionId}",
    });
  });
});

describe("stagingPrefix and pipelineStagingPrefix", () => {
  it.each([
    ["acme-dev", "4d1f2b6c", "staging/acme-dev/4d1f2b6c"],
    ["acme-qa-release-1.2.0", "e-1", "staging/acme-qa-release-1.2.0/e-1"],
  ])(
    "Compliance: given pipeline %s and execution %s, when staged, then the prefix is %s",
    (pipeline, execution, expected) => {
      expect(stagingPrefix(pipeline, execution)).toBe(expected);
    },
  );

  it("given any pipeline and execution, when both prefixes are computed, then the execution's lies strictly below the pipeline's", () => {
    fc.assert(
      fc.property(pipelineNameChars, fc.uuid(), (pipeline, execution) => {
        const prefix = stagingPrefix(pipeline, execution);
        expect(prefix.startsWith(pipelineStagingPrefix(pipeline))).toBe(true);
        expect(prefix.length).toBeGreaterThan(pipelineStagingPrefix(pipeline).length);
        expect(pipelineStagingPrefix(pipeline).endsWith("/")).toBe(true);
      }),
    );
  });
});

describe("reportUrl", () => {
  it("given literal values only, when built, then it is exactly reportConsoleUrl", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string(),
        fc.string(),
        (bucket, region, pipeline, execution) => {
          fc.pre(![bucket, region, pipeline, execution].some((part) => /[#$]\{/.test(part)));
          expect(reportUrl(bucket, region, pipeline, execution)).toBe(
            reportConsoleUrl(bucket, region, pipeline, execution),
          );
        },
      ),
    );
  });

  it("given references, when CodePipeline substitutes any core pipeline name and execution id, then it opens the same page as reportConsoleUrl", () => {
    fc.assert(
      fc.property(bucketName, pipelineNameChars, fc.uuid(), (bucket, pipeline, execution) => {
        const template = reportUrl(
          bucket,
          "eu-west-1",
          PIPELINE_REFERENCES.pipelineName,
          PIPELINE_REFERENCES.executionId,
        );
        const resolved = new URL(
          substitute(template, {
            [PIPELINE_REFERENCES.pipelineName]: pipeline,
            [PIPELINE_REFERENCES.executionId]: execution,
          }),
        );
        const expected = new URL(reportConsoleUrl(bucket, "eu-west-1", pipeline, execution));
        expect(resolved.origin + resolved.pathname).toBe(expected.origin + expected.pathname);
        expect([...resolved.searchParams]).toEqual([...expected.searchParams]);
      }),
    );
  });

  it("given a clone's real pipeline name, when substituted, then the link names that clone's report", () => {
    fc.assert(
      fc.property(branchName, fc.uuid(), (branch, execution) => {
        const route = resolveBranch(config, branch);
        fc.pre(route !== undefined);
        const pipeline = route?.pipelineName ?? "";
        const link = new URL(
          substitute(
            reportUrl(
              "acme-reports",
              "eu-west-1",
              PIPELINE_REFERENCES.pipelineName,
              PIPELINE_REFERENCES.executionId,
            ),
            {
              [PIPELINE_REFERENCES.pipelineName]: pipeline,
              [PIPELINE_REFERENCES.executionId]: execution,
            },
          ),
        );
        expect(link.searchParams.get("prefix")).toBe(`${reportPrefix(pipeline, execution)}/index.html`);
      }),
    );
  });

  it("given a deploy-time placeholder for the bucket, when built, then the placeholder is kept verbatim", () => {
    const token = ["$", "{Token[TOKEN.42]}"].join("");
    expect(reportUrl(token, "eu-west-1", "a@b", "e")).toBe(
      `https://s3.console.aws.amazon.com/s3/object/${token}?region=eu-west-1&prefix=reports/a%40b/e/index.html`,
    );
  });
});

describe("STACK_TAG_VARIABLES", () => {
  it("given the stack tags, when their keys and variables are read, then each key is a managed tag and each variable one the Test buildspec receives", () => {
    const received = new Set<string>([...BUILDSPEC_VARIABLES.project, ...BUILDSPEC_VARIABLES.test]);
    for (const [key, variable] of Object.entries(STACK_TAG_VARIABLES)) {
      expect(Object.values(MANAGED_TAGS)).toContain(key);
      expect(received.has(variable), variable).toBe(true);
    }
  });

  it("given the ephemeral-stack tags the teardown requires, when compared, then the stacks carry every one", () => {
    const required = Object.keys(ownershipRule({ project: "acme", environments: [] }).ephemeralStackTags);
    expect(Object.keys(STACK_TAG_VARIABLES)).toEqual(expect.arrayContaining(required));
  });
});

describe("buildspecVariables", () => {
  it("given the pipeline's inputs, when computed, then every value is core's name or a run-time reference", () => {
    expect(buildspecVariables(INPUT)).toEqual({
      project: {
        TRIBUTARY_PROJECT: "acme",
        STAGING_BUCKET: "acme-staging",
        REPORTS_BUCKET: "acme-reports",
        TRIBUTARY_STACK_TAGS: JSON.stringify({
          "tributary:project": "TRIBUTARY_PROJECT",
          "tributary:environment": "TRIBUTARY_ENVIRONMENT",
          "tributary:stack": "TRIBUTARY_STACK_NAME",
          "tributary:branch": "TRIBUTARY_BRANCH",
          "tributary:ephemeral": "TRIBUTARY_EPHEMERAL",
        }),
      },
      test: {
        TRIBUTARY_ENVIRONMENT: "#{variables.Environment}",
        TRIBUTARY_STACK_NAME: "#{variables.StackName}",
        TRIBUTARY_BRANCH: "#{variables.Branch}",
        TRIBUTARY_EPHEMERAL: "#{variables.Ephemeral}",
        STAGING_PREFIX: "staging/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}",
        REPORT_PREFIX: "reports/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}",
        REPORT_URL:
          "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}/index.html",
      },
      cleanup: {
        TRIBUTARY_ENVIRONMENT: "#{variables.Environment}",
        TRIBUTARY_STACK_NAME: "#{variables.StackName}",
        PIPELINE_STAGING_PREFIX: "staging/#{variables.PipelineName}/",
        STAGING_PREFIX: "#{Test.STAGING_PREFIX}",
      },
      preview: {
        TRIBUTARY_ENVIRONMENT: "#{variables.Environment}",
        STAGING_PREFIX: "#{Test.STAGING_PREFIX}",
        PREVIEW_CHANGE_SET_NAME: "tributary-preview-#{codepipeline.PipelineExecutionId}",
        PREVIEW_KEY: "reports/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}/preview.json",
        PREVIEW_URL:
          "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}/preview.json",
      },
    });
  });

  it("given literal pipeline and execution, when computed, then the values are the ones the buildspecs would see at run time", () => {
    const variables = buildspecVariables({ ...INPUT, pipelineName: "acme-dev", executionId: "e-1" });
    expect(variables.test.STAGING_PREFIX).toBe(stagingPrefix("acme-dev", "e-1"));
    expect(variables.test.REPORT_PREFIX).toBe(reportPrefix("acme-dev", "e-1"));
    expect(variables.test.REPORT_URL).toBe(reportConsoleUrl("acme-reports", "eu-west-1", "acme-dev", "e-1"));
    expect(variables.cleanup.PIPELINE_STAGING_PREFIX).toBe(pipelineStagingPrefix("acme-dev"));
    expect(variables.preview.PREVIEW_CHANGE_SET_NAME).toBe(previewChangeSetName("e-1"));
    expect(variables.preview.PREVIEW_KEY).toBe(previewKey("acme-dev", "e-1"));
    expect(variables.preview.PREVIEW_URL).toBe(previewUrl("acme-reports", "eu-west-1", "acme-dev", "e-1"));
  });

  it("given BUILDSPEC_VARIABLES, when compared with the computed values, then each group names exactly its keys", () => {
    const variables = buildspecVariables(INPUT);
    for (const group of ["project", "test", "cleanup", "preview"] as const) {
      expect(Object.keys(variables[group]).sort()).toEqual([...BUILDSPEC_VARIABLES[group]].sort());
    }
    expect(
      Object.keys(previewProjectVariables({ stackName: "acme-prod", deploymentRoleArn: "arn" })).sort(),
    ).toEqual([...BUILDSPEC_VARIABLES.previewProject].sort());
  });
});
