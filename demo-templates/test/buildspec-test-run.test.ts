import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MANAGED_TAGS, reportConsoleUrl, TASKCAT_RESULTS_FILE } from "@tributary/core";
import { type MotoServer, startMotoServer } from "@tributary/fake-aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DIR, loadTemplate, readDemoFile } from "./support/demo.js";
import { type MotoSnapshot, seedMoto, snapshotMoto } from "./support/moto-state.js";
import { EXECUTION, login, REGION, reports, route, staging } from "./support/pipeline-variables.js";
import { type BuildOptions, type BuildResult, runBuildspec } from "./support/run-buildspec.js";

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer({ region: REGION });
});

afterAll(async () => {
  await moto?.close();
});

/** The buckets the pipeline's stack creates. */
async function seedPipelineBuckets(): Promise<void> {
  await seedMoto(moto, { buckets: ["acme-staging", "acme-reports"] });
}

function runTest(
  variables: Record<string, string> = login.test,
  options: Omit<BuildOptions, "aws"> = {},
): BuildResult {
  return runBuildspec(DEMO_DIR, "buildspec.yml", variables, { aws: moto.environment, ...options });
}

const keysUnder = async (prefix: string): Promise<string[]> =>
  Object.keys((await snapshotMoto(moto)).objects)
    .filter((key) => key.startsWith(prefix))
    .sort();

describe("buildspec.yml, run in bash with the real aws CLI against moto, the real cfn-lint and a TaskCat stand-in", () => {
  // One green build, shared by the tests that only read its results (and moto's state after it).
  let green: { result: BuildResult; objects: MotoSnapshot["objects"] } | undefined;
  const greenBuild = async () => {
    if (green === undefined) {
      await moto.reset();
      await seedPipelineBuckets();
      const result = runTest();
      green = { result, objects: (await snapshotMoto(moto)).objects };
    }
    return green;
  };

  it("given green TaskCat tests, when the build runs, then it exports the values it received, stages the templates, uploads the report and writes the artifacts", async () => {
    const { result, objects } = await greenBuild();

    expect(result.phases).toEqual({
      install: "SUCCEEDED",
      pre_build: "SUCCEEDED",
      build: "SUCCEEDED",
      post_build: "SUCCEEDED",
    });
    expect(result.exported).toEqual({
      STAGING_PREFIX: staging,
      REPORT_URL: login.test.REPORT_URL,
      LINT_FINDINGS: "0",
    });
    const keys = Object.keys(objects).sort();
    const logs = keys.filter((key) => key.endsWith("-cfnlogs.txt"));
    expect(logs).toEqual([
      expect.stringMatching(
        new RegExp(
          `^acme-reports/${reports}/tCaT-tributary-demo-dev-website-dev-[0-9a-f]{32}-us-east-1-cfnlogs\\.txt$`,
        ),
      ),
    ]);
    expect(keys.filter((key) => !logs.includes(key))).toEqual([
      `acme-reports/${reports}/index.html`,
      `acme-reports/${reports}/${TASKCAT_RESULTS_FILE}`,
      `acme-staging/${staging}/templates/main.yaml`,
      `acme-staging/${staging}/templates/website.yaml`,
    ]);
    expect(objects[`acme-staging/${staging}/templates/website.yaml`]?.body).toBe(
      readFileSync(join(DEMO_DIR, "templates/website.yaml"), "utf8"),
    );
    expect(objects[`acme-reports/${reports}/index.html`]?.body).toContain("<td class=test-green>");
    expect(result.calls).toContainEqual(["taskcat", "test", "run", "-i", "ci/dev/.taskcat.yml"]);
    expect(result.log).toMatch(
      /Installed cfn-lint==\S+ taskcat==0\.9\.\d+, each in its own virtual environment/,
    );
    expect(result.log).toContain("PASS website-dev / us-east-1 / tCaT-tributary-demo-dev-website-dev-");
  });

  it("given core's report link, when the exported REPORT_URL is compared, then it opens the page reportConsoleUrl names", async () => {
    const { result } = await greenBuild();
    const exported = new URL(result.exported.REPORT_URL ?? "");
    const expected = new URL(reportConsoleUrl("acme-reports", REGION, login.pipelineName, EXECUTION));
    expect(exported.origin + exported.pathname).toBe(expected.origin + expected.pathname);
    expect([...exported.searchParams]).toEqual([...expected.searchParams]);
  });

  it("given ci/tool-versions, when the install phase runs, then each pinned tool gets its own virtual environment and pip", async () => {
    const { result } = await greenBuild();
    const pins = readDemoFile("ci/tool-versions")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"));
    expect(pins).toEqual([expect.stringMatching(/^cfn-lint==\d/), expect.stringMatching(/^taskcat==0\.9\./)]);
    expect(result.calls.filter((call) => call[0] === "pip")).toEqual(
      pins.map((pin) => ["pip", "install", "--quiet", "--disable-pip-version-check", pin]),
    );
  });

  it("given the exported STAGING_PREFIX as TemplatePrefix, when main.yaml's nested TemplateURL is resolved, then it names a staged object", async () => {
    const { result, objects } = await greenBuild();
    const templateUrl = loadTemplate("templates/main.yaml").Resources.Website?.Properties?.TemplateURL;
    const url = (templateUrl as { "Fn::Sub": string } | undefined)?.["Fn::Sub"] ?? "";
    const resolved = url
      .replace("${TemplateBucket}", "acme-staging")
      .replace("${AWS::Region}", REGION)
      .replace("${AWS::URLSuffix}", "amazonaws.com")
      .replace("${TemplatePrefix}", result.exported.STAGING_PREFIX ?? "");
    const match = /^https:\/\/([^.]+)\.s3\.eu-west-1\.amazonaws\.com\/(.+)$/.exec(resolved);
    expect(match).not.toBeNull();
    expect(Object.keys(objects)).toContain(`${match?.[1]}/${match?.[2]}`);
  });

  it("given the environment's template configuration, when the build runs, then template-configuration.json merges it with the tributary tags", async () => {
    const { result } = await greenBuild();
    const generated = JSON.parse(result.artifacts["template-configuration.json"] ?? "{}");
    const source = JSON.parse(readDemoFile("ci/dev/template-configuration.json"));
    expect(generated).toEqual({
      Parameters: source.Parameters,
      Tags: {
        ...source.Tags,
        [MANAGED_TAGS.project]: "acme",
        [MANAGED_TAGS.environment]: "dev",
        [MANAGED_TAGS.stack]: route("feature/login").variables.StackName,
        [MANAGED_TAGS.branch]: "feature/login",
        [MANAGED_TAGS.ephemeral]: "true",
      },
    });
    expect(Object.keys(result.artifacts).sort()).toEqual([
      "template-configuration.json",
      "templates/main.yaml",
    ]);
    expect(result.artifacts["templates/main.yaml"]).toBe(readDemoFile("templates/main.yaml"));
  });

  it("given a stack that did not reach CREATE_COMPLETE, when the build runs, then it fails naming the stack, stages nothing, and still uploads the report", async () => {
    await moto.reset();
    await seedPipelineBuckets();
    const result = runTest(login.test, { taskcatStatuses: { "website-dev/us-east-1": "ROLLBACK_COMPLETE" } });
    expect(result.phases.build).toBe("FAILED");
    expect(result.phases.post_build).toBe("SUCCEEDED");
    expect(result.succeeded).toBe(false);
    expect(result.log).toMatch(/FAIL website-dev \/ us-east-1 \/ tCaT-\S+: ROLLBACK_COMPLETE/);
    expect(result.log).toContain("1 of 1 stacks did not reach CREATE_COMPLETE");
    expect(await keysUnder("acme-staging/")).toEqual([]);
    expect(await keysUnder("acme-reports/")).toContain(`acme-reports/${reports}/index.html`);
  });

  it("given cfn-lint finds errors, when the build runs, then TaskCat never runs and no report is uploaded", async () => {
    await moto.reset();
    await seedPipelineBuckets();
    const result = runTest(login.test, {
      files: {
        "templates/broken.yaml":
          'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicNam: x\n',
      },
    });
    expect(result.phases.build).toBe("FAILED");
    expect(result.log).toMatch(/E3002 .*TopicNam/);
    // Counted as cfn-lint printed it (CodePipeline drops a failed build's exports; the log keeps the count).
    expect(result.log).toContain("cfn-lint printed 1 findings");
    expect(result.calls.some((call) => call[0] === "taskcat")).toBe(false);
    expect(await keysUnder("")).toEqual([]);
    expect(result.log).toContain("No TaskCat report to upload");
  });
});
