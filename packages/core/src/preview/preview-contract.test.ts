import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineConfig } from "../config/define-config.js";
import { clonePipelineName, reportPrefix } from "../names/names.js";
import { PIPELINE_REFERENCES } from "../pipeline/pipeline-contract.js";
import {
  PREVIEW_CHANGE_SET_PREFIX,
  previewChangeSetName,
  previewKey,
  previewUrl,
} from "./preview-contract.js";

/** CloudFormation's ChangeSetName: `[a-zA-Z][-a-zA-Z0-9]*`, at most 128 characters (API reference, CreateChangeSet). */
const CHANGE_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
/** A bucket name CDK has not resolved yet, as it reaches core at synth: the text of a token. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CDK token's literal text, not a template
const BUCKET_TOKEN = "${Token[TOKEN.1]}";

describe("previewChangeSetName", () => {
  it("given any CodePipeline execution id (a UUID), then the name is a valid ChangeSetName with the preview prefix", () => {
    fc.assert(
      fc.property(fc.uuid(), (executionId) => {
        const name = previewChangeSetName(executionId);
        expect(name).toMatch(CHANGE_SET_NAME);
        expect(name.startsWith(PREVIEW_CHANGE_SET_PREFIX)).toBe(true);
      }),
    );
  });

  it("given two executions, then their change sets never share a name, and none is the Deploy stage's 'tributary'", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (a, b) => {
        fc.pre(a !== b);
        expect(previewChangeSetName(a)).not.toBe(previewChangeSetName(b));
        expect(previewChangeSetName(a)).not.toBe("tributary");
      }),
    );
  });
});

describe("previewKey", () => {
  it("given a pipeline and an execution, then preview.json sits beside the TaskCat report under reportPrefix", () => {
    expect(previewKey("acme-dev-pr-42", "0a1b")).toBe("reports/acme-dev-pr-42/0a1b/preview.json");
    expect(previewKey("acme-dev", "e").startsWith(`${reportPrefix("acme-dev", "e")}/`)).toBe(true);
  });
});

describe("previewUrl", () => {
  const config = defineConfig({ project: "acme", repository: "infra" });

  it("given literal values, then it is the S3 console page of the preview object", () => {
    expect(previewUrl("acme-reports", "eu-west-1", "acme-prod", "0a1b")).toBe(
      "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/acme-prod/0a1b/preview.json",
    );
  });

  it("given CodePipeline references, then they stay verbatim for CodePipeline to fill", () => {
    expect(
      previewUrl(
        BUCKET_TOKEN,
        "eu-west-1",
        PIPELINE_REFERENCES.pipelineName,
        PIPELINE_REFERENCES.executionId,
      ),
    ).toBe(
      `https://s3.console.aws.amazon.com/s3/object/${BUCKET_TOKEN}?region=eu-west-1&prefix=reports/#{variables.PipelineName}/#{codepipeline.PipelineExecutionId}/preview.json`,
    );
  });

  it("given any clone name and execution id, then the references filled in unencoded give the literal URL", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9-]{1,30}$/), fc.uuid(), (suffix, executionId) => {
        const pipelineName = clonePipelineName(config, "dev", { kind: "feature", suffix });
        const template = previewUrl(
          "acme-reports",
          "eu-west-1",
          "#{variables.PipelineName}",
          "#{codepipeline.PipelineExecutionId}",
        );
        const filled = template
          .replace("#{variables.PipelineName}", pipelineName)
          .replace("#{codepipeline.PipelineExecutionId}", executionId);
        expect(filled).toBe(previewUrl("acme-reports", "eu-west-1", pipelineName, executionId));
      }),
    );
  });
});
