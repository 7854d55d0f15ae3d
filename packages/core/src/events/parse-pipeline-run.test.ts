import { describe, expect, it } from "vitest";
import { config } from "../__fixtures__/arbitraries.js";
import { EventError } from "../shared/errors.js";
import succeeded from "./__fixtures__/pipeline-execution-succeeded.json" with { type: "json" };
import { parseEvent } from "./parse-event.js";
import { FINAL_RUN_STATES } from "./parse-pipeline-run.js";

const withDetail = (detail: Record<string, unknown>) => ({
  ...succeeded,
  detail: { ...succeeded.detail, ...detail },
});

describe("parsing CodePipeline execution state changes", () => {
  it("given the documented SUCCEEDED event, when parsed, then it is a finished run with its pipeline, id and version", () => {
    expect(parseEvent(succeeded, config)).toEqual({
      type: "pipelineRunFinished",
      id: succeeded.id,
      time: succeeded.time,
      pipelineName: "acme-dev-pr-42",
      executionId: "0a1b2c3d-0000-4000-8000-000000000000",
      state: "SUCCEEDED",
      pipelineVersion: 3,
    });
  });

  it.each(FINAL_RUN_STATES)(
    "given state %s, when parsed, then the run is finished in that state",
    (state) => {
      expect(parseEvent(withDetail({ state }), config)).toMatchObject({ type: "pipelineRunFinished", state });
    },
  );

  it("given state STARTED, when parsed, then the run is a started run of that pipeline", () => {
    expect(parseEvent(withDetail({ state: "STARTED" }), config)).toMatchObject({
      type: "pipelineRunStarted",
      pipelineName: succeeded.detail.pipeline,
      executionId: succeeded.detail["execution-id"],
    });
  });

  it.each(["RESUMED", "STOPPING", "CANCELED"])(
    "given state %s, when parsed, then it is ignored as not finished",
    (state) => {
      expect(parseEvent(withDetail({ state }), config)).toMatchObject({
        type: "ignored",
        reason: expect.stringContaining(`is ${state}, not finished`),
      });
    },
  );

  it("given no version, when parsed, then the run has no pipelineVersion", () => {
    const { version: _version, ...detail } = succeeded.detail;
    expect(parseEvent({ ...succeeded, detail }, config)).not.toHaveProperty("pipelineVersion");
  });

  it("given a stage execution event of CodePipeline, when parsed, then it is ignored", () => {
    expect(
      parseEvent({ ...succeeded, "detail-type": "CodePipeline Stage Execution State Change" }, config),
    ).toMatchObject({ type: "ignored" });
  });

  it("given a missing pipeline and execution id and a bad version, when parsed, then one EventError names all three", () => {
    const raw = { ...succeeded, detail: { state: "FAILED", version: "3" } };
    const error = (() => {
      try {
        parseEvent(raw, config);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EventError);
    expect((error as Error).message).toContain("detail.pipeline");
    expect((error as Error).message).toContain("detail.execution-id");
    expect((error as Error).message).toContain("detail.version");
  });

  it("given a detail that is not an object, when parsed, then EventError, not a TypeError", () => {
    expect(() => parseEvent({ ...succeeded, detail: "x" }, config)).toThrow(EventError);
  });
});
