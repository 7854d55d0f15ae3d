import { TASKCAT_RESULTS_FILE, TEST_OUTPUTS } from "@tributary/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkBuildspec } from "../src/buildspec.js";
import { CLEANUP_ACTION_VARIABLES, loadYaml, readDemoFile, TEST_ACTION_VARIABLES } from "./support/demo.js";

interface Buildspec {
  version: number;
  env: { shell?: string; variables?: Record<string, string>; "exported-variables"?: string[] };
  phases: Record<string, { commands: string[]; "runtime-versions"?: Record<string, unknown> }>;
  artifacts?: { files: string[] };
}

const buildspec = (): Buildspec => loadYaml("buildspec.yml") as Buildspec;
const cleanup = (): Buildspec => loadYaml("buildspec-cleanup.yml") as Buildspec;
const commands = (spec: Buildspec): string[] => Object.values(spec.phases).flatMap((phase) => phase.commands);

describe("buildspec.yml (Test stage)", () => {
  it("given the Test action's variables, when checked as buildspec 0.2, then it is valid and reads no other variable", () => {
    expect(checkBuildspec(buildspec(), { provided: TEST_ACTION_VARIABLES })).toEqual([]);
  });

  it("given the pipeline contract, when its exports are read, then it exports exactly core's TEST_OUTPUTS", () => {
    const exported = [...(buildspec().env["exported-variables"] ?? [])].sort();
    expect(exported).toEqual(Object.values(TEST_OUTPUTS).sort());
    // STAGING_PREFIX and REPORT_URL are passed on as received; LINT_FINDINGS is the build's own count.
    for (const name of exported.filter((candidate) => candidate !== TEST_OUTPUTS.lintFindings)) {
      expect(TEST_ACTION_VARIABLES).toContain(name);
    }
  });

  it("given the Deploy stage, when its artifacts are read, then they are templates/main.yaml and template-configuration.json", () => {
    expect(buildspec().artifacts?.files).toEqual(["templates/main.yaml", "template-configuration.json"]);
  });

  it("given the tools, when the install phase is read, then Python 3.12 installs each line of ci/tool-versions into its own virtual environment", () => {
    const install = buildspec().phases.install;
    expect(install?.["runtime-versions"]).toEqual({ python: 3.12 });
    const commands = install?.commands.join("\n") ?? "";
    expect(commands).toContain("done < ci/tool-versions");
    expect(commands).toContain('python3 -m venv "${TOOLS_DIR}/${tool}"');
    expect(commands).toContain('"${TOOLS_DIR}/${tool}/bin/pip" install');
    // No tool is installed from anywhere else, nor by version range.
    expect(commands).not.toMatch(/pip install [^\n]*(cfn-lint|taskcat)/);
  });

  it("given the tests, when the build phase is read, then it lints every template and judges TaskCat by its report", () => {
    const build = buildspec().phases.build?.commands.join("\n") ?? "";
    expect(build).toContain('"${CFN_LINT}" "templates/**/*.yaml"');
    expect(build).toContain('"${TASKCAT}" test run -i "ci/${TRIBUTARY_ENVIRONMENT}/.taskcat.yml"');
    expect(build).toContain(
      'python3 ci/taskcat-verdict.py "${TASKCAT_OUTPUT_DIR}/index.html" "${taskcat_status}"',
    );
    // The results go beside the report, under the name core reads them by (taskcatResultsKey).
    expect(build).toContain(`"\${TASKCAT_OUTPUT_DIR}/${TASKCAT_RESULTS_FILE}"`);
    expect(build).not.toMatch(/grep[^\n]*test-(red|green)/);
  });

  it("given core's contract, when the buildspec is read, then it derives no staging prefix, report location or tag alphabet of its own", () => {
    const text = readDemoFile("buildspec.yml");
    expect(text).not.toMatch(/(STAGING_PREFIX|REPORT_PREFIX|REPORT_URL)=/);
    expect(text).not.toMatch(/staging\/\$/);
    expect(text).not.toMatch(/re\.fullmatch|A-Za-z0-9 _/);
  });

  it("Noncompliance: given a copy that reads a variable the pipeline does not provide, when checked, then the variable is named", () => {
    const text = readDemoFile("buildspec.yml").replace(
      'export TOOLS_DIR="${HOME}/.tributary-tools"',
      'export TOOLS_DIR="${HOME}/.tributary-tools/${GITHUB_TOKEN}"',
    );
    expect(checkBuildspec(parse(text), { provided: TEST_ACTION_VARIABLES })).toEqual([
      expect.stringMatching(/phases\.install\.commands\[0\]: reads \$GITHUB_TOKEN/),
    ]);
  });

  it("Noncompliance: given a pipeline that does not provide STAGING_PREFIX, when the Test buildspec is checked, then the read and the export are caught", () => {
    const provided = TEST_ACTION_VARIABLES.filter((name) => name !== "STAGING_PREFIX");
    expect(checkBuildspec(buildspec(), { provided })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/reads \$STAGING_PREFIX/),
        expect.stringMatching(/STAGING_PREFIX is neither provided by the pipeline nor assigned/),
      ]),
    );
  });
});

describe("buildspec-cleanup.yml (Cleanup stage)", () => {
  it("given the Cleanup action's variables, when checked as buildspec 0.2, then it is valid and reads no other variable", () => {
    expect(checkBuildspec(cleanup(), { provided: CLEANUP_ACTION_VARIABLES })).toEqual([]);
  });

  it("given the stack, when the commands are read, then it reads the outputs with describe-stacks and publishes text/html", () => {
    const all = commands(cleanup()).join("\n");
    expect(all).toContain('aws cloudformation describe-stacks --stack-name "$TRIBUTARY_STACK_NAME"');
    expect(all.match(/describe-stacks/g)).toHaveLength(1);
    expect(all).toContain("OutputKey=='WebsiteBucketName'");
    expect(all).toContain("OutputKey=='DistributionId'");
    expect(all).toContain('--content-type "text/html; charset=utf-8"');
  });

  it("Noncompliance: given only the Test action's variables, when the Cleanup buildspec is checked, then the missing PIPELINE_STAGING_PREFIX is caught", () => {
    expect(checkBuildspec(cleanup(), { provided: TEST_ACTION_VARIABLES })).toContainEqual(
      expect.stringMatching(/reads \$PIPELINE_STAGING_PREFIX/),
    );
  });
});
