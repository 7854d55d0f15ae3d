import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineConfig } from "../config/define-config.js";
import {
  describePipelineLimit,
  PIPELINE_QUOTA,
  type PipelineLimit,
  type PipelineQuotaRead,
  pipelineLimit,
  pipelineLimitSource,
} from "./pipeline-limit.js";

const config = defineConfig({ project: "acme", repository: "infra", maxPipelines: 1000 });

describe("pipelineLimit: Compliance (the quota is used)", () => {
  it.each<[string, unknown, number]>([
    ["a quota raised above maxPipelines", 1250, 1250],
    ["a quota below maxPipelines (CodePipeline enforces it)", 900, 900],
    ["the default quota, as a double", 1000.0, 1000],
    ["a fractional value (rounded down)", 1250.9, 1250],
    ["the smallest quota that holds a pipeline", 1, 1],
  ])("given %s, then the limit is the quota from Service Quotas", (_name, value, expected) => {
    expect(pipelineLimit(config, { answered: true, value })).toEqual({
      value: expected,
      source: "service-quotas",
    });
  });
});

describe("pipelineLimit: Noncompliance (maxPipelines is used, with the reason)", () => {
  it.each<[string, PipelineQuotaRead, RegExp]>([
    [
      "NoSuchResourceException (no applied value, as moto answers for codepipeline)",
      {
        answered: false,
        error: "NoSuchResourceException: This service is not available in the current Region.",
      },
      /could not be read \(NoSuchResourceException: /,
    ],
    [
      "AccessDeniedException (the role lacks servicequotas:GetServiceQuota)",
      { answered: false, error: "AccessDeniedException: not authorized" },
      /could not be read \(AccessDeniedException: /,
    ],
    [
      "throttling that outlasted the retries",
      { answered: false, error: "TooManyRequestsException: Rate exceeded" },
      /TooManyRequestsException/,
    ],
    ["an answer without a value", { answered: true, value: undefined }, /answered no value/],
    ["a string value", { answered: true, value: "1250" }, /the value "1250", which is not a number/],
    ["a zero quota", { answered: true, value: 0 }, /the value 0, which is not a number of pipelines/],
    ["a negative value", { answered: true, value: -5 }, /the value -5/],
    ["NaN", { answered: true, value: Number.NaN }, /the value null/],
    ["Infinity", { answered: true, value: Number.POSITIVE_INFINITY }, /which is not a number/],
  ])("given %s, then the limit is maxPipelines and the reason says why", (_name, read, reason) => {
    const limit = pipelineLimit(config, read);
    expect(limit.value).toBe(1000);
    expect(limit.source).toBe("config");
    expect(limit.fallbackReason).toMatch(reason);
  });
});

describe("pipelineLimit (property)", () => {
  it("given any read, then the limit is a whole number of at least one pipeline, from the quota only when it answered one", () => {
    const reads = fc.oneof(
      fc.record({ answered: fc.constant(true as const), value: fc.oneof(fc.double(), fc.anything()) }),
      fc.record({ answered: fc.constant(false as const), error: fc.string() }),
    );
    fc.assert(
      fc.property(reads, fc.integer({ min: 11, max: 100_000 }), (read, maxPipelines) => {
        const limit = pipelineLimit({ maxPipelines }, read);
        expect(Number.isInteger(limit.value)).toBe(true);
        expect(limit.value).toBeGreaterThanOrEqual(1);
        if (limit.source === "service-quotas") expect(read.answered).toBe(true);
        else
          expect(limit).toEqual({
            value: maxPipelines,
            source: "config",
            fallbackReason: expect.any(String),
          });
      }),
    );
  });
});

describe("where a limit came from", () => {
  it.each<[string, PipelineLimit, string, RegExp]>([
    [
      "a quota read from Service Quotas",
      { value: 1250, source: "service-quotas" },
      "Service Quotas L-78D200AD",
      /^1250 pipelines, the account's quota L-78D200AD \("Total pipelines"\) read from Service Quotas$/,
    ],
    [
      "maxPipelines after a failed read",
      {
        value: 1000,
        source: "config",
        fallbackReason: "Service Quotas could not be read (AccessDeniedException: no)",
      },
      "config maxPipelines",
      /^1000 pipelines, maxPipelines of tributary\.config\.ts \(Service Quotas could not be read \(AccessDeniedException: no\)\)$/,
    ],
  ])("given %s, then the label and the sentence name the source", (_name, limit, label, sentence) => {
    expect(pipelineLimitSource(limit)).toBe(label);
    expect(describePipelineLimit(limit)).toMatch(sentence);
  });

  it("given the quota's identity, then its ARN resource is <service code>/<quota code>", () => {
    expect(PIPELINE_QUOTA.resource).toBe(`${PIPELINE_QUOTA.serviceCode}/${PIPELINE_QUOTA.quotaCode}`);
  });
});
