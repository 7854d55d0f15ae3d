import { describe, expect, it } from "vitest";
import { checkBuildspec } from "../src/buildspec.js";
import { parseCloudFormationYaml } from "../src/cfn-yaml.js";
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

  it("given the pipeline contract, when its exports are read, then it exports exactly STAGING_PREFIX and REPORT_URL", () => {
    expect([...(buildspec().env["exported-variables"] ?? [])].sort()).toEqual([
      "REPORT_URL",
      "STAGING_PREFIX",
    ]);
  });

  it("given the Deploy stage, when its artifacts are read, then they are templates/main.yaml and template-configuration.json", () => {
    expect(buildspec().artifacts?.files).toEqual(["templates/main.yaml", "template-configuration.json"]);
  });

  it("given the tools, when the install phase is read, then Python 3.12 installs cfn-lint and taskcat with pip", () => {
    const install = buildspec().phases.install;
    expect(install?.["runtime-versions"]).toEqual({ python: 3.12 });
    expect(install?.commands.join("\n")).toMatch(/pip install .*cfn-lint.*taskcat/);
  });

  it("given the tests, when the build phase is read, then it lints every template and runs TaskCat with the environment's config", () => {
    const build = buildspec().phases.build?.commands ?? [];
    expect(build).toContain('cfn-lint "templates/**/*.yaml"');
    expect(build).toContain('taskcat test run -i "ci/${TRIBUTARY_ENVIRONMENT}/.taskcat.yml"');
  });

  it("Noncompliance: given a copy that reads a variable the pipeline does not provide, when checked, then the variable is named", () => {
    const text = readDemoFile("buildspec.yml").replace(
      "cfn-lint --version",
      "cfn-lint --version --token $GITHUB_TOKEN",
    );
    expect(checkBuildspec(parseCloudFormationYaml(text), { provided: TEST_ACTION_VARIABLES })).toEqual([
      expect.stringMatching(/phases\.install\.commands\[1\]: reads \$GITHUB_TOKEN/),
    ]);
  });

  it("Noncompliance: given the Cleanup action's extra STAGING_PREFIX, when the Test buildspec is checked without assigning it, then the export is caught", () => {
    const text = readDemoFile("buildspec.yml").replace(/^ {6}- export STAGING_PREFIX=.*$/m, "");
    expect(checkBuildspec(parseCloudFormationYaml(text), { provided: TEST_ACTION_VARIABLES })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/reads \$STAGING_PREFIX/),
        expect.stringMatching(/STAGING_PREFIX is never assigned/),
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
    expect(all).toContain("OutputKey=='WebsiteBucketName'");
    expect(all).toContain("OutputKey=='DistributionId'");
    expect(all).toContain('--content-type "text/html; charset=utf-8"');
  });

  it("given the Test buildspec's exports, when the Cleanup buildspec is checked without STAGING_PREFIX provided, then it is caught", () => {
    expect(checkBuildspec(cleanup(), { provided: TEST_ACTION_VARIABLES })).toContainEqual(
      expect.stringMatching(/reads \$STAGING_PREFIX/),
    );
  });
});
