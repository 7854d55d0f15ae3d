/** Writes `tooling/fake-aws/fixtures/environment-pipeline.json` from a fresh synth, formatted as Biome formats JSON. */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { FIXTURE_PATH, synthesizeEnvironmentPipelineFixture } from "./environment-pipeline-fixture.js";

writeFileSync(FIXTURE_PATH, synthesizeEnvironmentPipelineFixture());
execFileSync("npx", ["biome", "format", "--write", FIXTURE_PATH], { stdio: "inherit" });
console.log(`wrote ${FIXTURE_PATH}`);
