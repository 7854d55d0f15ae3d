import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  FIXTURE_PATH,
  REGENERATE,
  synthesizeEnvironmentPipelineFixture,
} from "./__fixtures__/environment-pipeline-fixture.js";

describe("the environment-pipeline fixture other packages test against", () => {
  it("given the committed fixture, when the pipelines are synthesized afresh, then the fixture holds exactly their declarations", () => {
    const committed: unknown = JSON.parse(readFileSync(FIXTURE_PATH, "utf8"));
    const fresh: unknown = JSON.parse(synthesizeEnvironmentPipelineFixture());

    expect(
      committed,
      `${FIXTURE_PATH} differs from the synthesized pipelines. Fix: run \`${REGENERATE}\` and commit the file.`,
    ).toEqual(fresh);
  });

  it("given the committed fixture, when read, then the build actions receive STAGING_BUCKET and REPORTS_BUCKET and no intrinsic is left", () => {
    const text = readFileSync(FIXTURE_PATH, "utf8");

    expect(text).toContain('\\"name\\":\\"STAGING_BUCKET\\"');
    expect(text).toContain('\\"name\\":\\"REPORTS_BUCKET\\"');
    expect(text).not.toMatch(/"(Ref|Fn::[A-Za-z]+)"/);
  });
});
