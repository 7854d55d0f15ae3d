import { readFileSync } from "node:fs";
import { BUILDSPEC_VARIABLES } from "@tributary/core";
import { describe, expect, it } from "vitest";
import {
  FIXTURE_PATH,
  REGENERATE,
  synthesizeEnvironmentPipelineFixture,
} from "../__fixtures__/environment-pipeline-fixture.js";

/** The part of a fixture pipeline this test reads. */
interface PipelineJson {
  readonly stages: readonly {
    readonly name: string;
    readonly actions: readonly { readonly configuration: Record<string, string> }[];
  }[];
}

describe("the environment-pipeline fixture other packages test against", () => {
  it("given the committed fixture, when the pipelines are synthesized afresh, then the fixture holds exactly their declarations", () => {
    const committed: unknown = JSON.parse(readFileSync(FIXTURE_PATH, "utf8"));
    const fresh: unknown = JSON.parse(synthesizeEnvironmentPipelineFixture());

    expect(
      committed,
      `${FIXTURE_PATH} differs from the synthesized pipelines. Fix: run \`${REGENERATE}\` and commit the file.`,
    ).toEqual(fresh);
  });

  it("given the committed fixture, when read, then each build action receives exactly core's action variables and no intrinsic is left", () => {
    const text = readFileSync(FIXTURE_PATH, "utf8");
    const fixture = JSON.parse(text) as Record<string, Record<string, PipelineJson>>;

    for (const pipelines of Object.values(fixture).filter((value) => typeof value === "object")) {
      for (const pipeline of Object.values(pipelines)) {
        const names = (stage: string): string[] => {
          const action = pipeline.stages.find((candidate) => candidate.name === stage)?.actions[0];
          const variables = JSON.parse(action?.configuration.EnvironmentVariables ?? "[]") as {
            name: string;
          }[];
          return variables.map((variable) => variable.name).sort();
        };
        expect(names("Test")).toEqual([...BUILDSPEC_VARIABLES.test].sort());
        expect(names("Cleanup")).toEqual([...BUILDSPEC_VARIABLES.cleanup].sort());
      }
    }
    expect(text).not.toMatch(/"(Ref|Fn::[A-Za-z]+)"/);
  });
});
