import { MANAGED_TAGS, STACK_TAG_VARIABLES } from "@tributary/core";
import { describe, expect, it } from "vitest";
import { DEMO_DIR } from "./support/demo.js";
import { login, pipelineVariables, route } from "./support/pipeline-variables.js";
import { type BuildOptions, type BuildResult, runBuildspec } from "./support/run-buildspec.js";

/**
 * The install and pre_build phases make no AWS call: these builds get an endpoint where nothing listens (any call
 * would fail the build), so they need no moto_server.
 */
const NO_AWS = {
  AWS_ENDPOINT_URL: "http://127.0.0.1:9",
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_REGION: "eu-west-1",
  AWS_DEFAULT_REGION: "eu-west-1",
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
};

function runTest(
  variables: Record<string, string> = login.test,
  options: Omit<BuildOptions, "aws"> = {},
): BuildResult {
  return runBuildspec(DEMO_DIR, "buildspec.yml", variables, { aws: NO_AWS, ...options });
}

describe("buildspec.yml's install and pre_build phases, run in bash", () => {
  it("given a pin this machine cannot satisfy, when the install phase runs, then the build stops there, as pip without the package would", () => {
    const result = runTest(login.test, {
      files: { "ci/tool-versions": "cfn-lint==1.0.0\ntaskcat==0.9.57\n" },
      lastPhase: "install",
    });
    expect(result.phases.install).toBe("FAILED");
    expect(result.log).toContain("Could not find a version that satisfies the requirement cfn-lint==1.0.0");
  });

  it("given a requirement without an exact version, when the install phase runs, then it stops before pip could pick any release", () => {
    const result = runTest(login.test, {
      files: { "ci/tool-versions": "cfn-lint>=1,<2\n" },
      lastPhase: "install",
    });
    expect(result.phases.install).toBe("FAILED");
    expect(result.log).toContain("ci/tool-versions: cfn-lint>=1,<2 is not an exact pin");
    expect(result.calls.filter((call) => call[0] === "pip")).toEqual([]);
  });

  it("given production, when pre_build runs, then its stack policy is carried into the generated configuration", () => {
    const result = runTest(
      { ...login.test, TRIBUTARY_ENVIRONMENT: "prod", TRIBUTARY_EPHEMERAL: "false" },
      { lastPhase: "pre_build" },
    );
    const generated = JSON.parse(result.artifacts["template-configuration.json"] ?? "{}");
    expect(generated.StackPolicy.Statement).toHaveLength(2);
  });

  it.each([
    "hotfix/1.2.3+build@x",
    'feature/say-"hi"',
    "feature/Ünïcödé-日本語",
    `feature/${"x".repeat(300)}`,
  ])(
    "given the pipeline's Branch variable for %j, when tagged, then the stack carries exactly the value it was handed",
    (branch) => {
      const variables = pipelineVariables(branch).test;
      const result = runTest(variables, { lastPhase: "pre_build" });
      expect(result.phases.pre_build).toBe("SUCCEEDED");
      const generated = JSON.parse(result.artifacts["template-configuration.json"] ?? "{}");
      expect(generated.Tags[MANAGED_TAGS.branch]).toBe(variables.TRIBUTARY_BRANCH);
      expect(generated.Tags[MANAGED_TAGS.branch]).toBe(route(branch).tags[MANAGED_TAGS.branch]);
    },
  );

  it("given a value outside the tag alphabet buildspecs used to enforce, when tagged, then it is used as handed over (core owns tag values)", () => {
    const result = runTest(
      { ...login.test, TRIBUTARY_BRANCH: "feature/Ünïcödé" },
      { lastPhase: "pre_build" },
    );
    expect(result.phases.pre_build).toBe("SUCCEEDED");
    expect(
      JSON.parse(result.artifacts["template-configuration.json"] ?? "{}").Tags[MANAGED_TAGS.branch],
    ).toBe("feature/Ünïcödé");
  });

  it("given the pipeline's TRIBUTARY_STACK_TAGS, when tagged, then the stack carries exactly core's stack tags, each with its variable's value", () => {
    const result = runTest(login.test, { lastPhase: "pre_build" });

    const tags = JSON.parse(result.artifacts["template-configuration.json"] ?? "{}").Tags as Record<
      string,
      string
    >;
    expect(
      Object.keys(tags)
        .filter((key) => Object.values(MANAGED_TAGS).includes(key as never))
        .sort(),
    ).toEqual(Object.keys(STACK_TAG_VARIABLES).sort());
    for (const [key, variable] of Object.entries(STACK_TAG_VARIABLES))
      expect(tags[key]).toBe(login.test[variable]);
  });

  it("given tag keys the pipeline renamed, when tagged, then the buildspec uses the keys it was handed, not its own", () => {
    const renamed = { "acme:branch": "TRIBUTARY_BRANCH", "acme:stack": "TRIBUTARY_STACK_NAME" };

    const result = runTest(
      { ...login.test, TRIBUTARY_STACK_TAGS: JSON.stringify(renamed) },
      { lastPhase: "pre_build" },
    );

    const tags = JSON.parse(result.artifacts["template-configuration.json"] ?? "{}").Tags as Record<
      string,
      string
    >;
    expect(tags["acme:branch"]).toBe(login.test.TRIBUTARY_BRANCH);
    expect(tags["acme:stack"]).toBe(login.test.TRIBUTARY_STACK_NAME);
    expect(Object.keys(tags).filter((key) => Object.values(MANAGED_TAGS).includes(key as never))).toEqual([]);
  });

  it.each(["TRIBUTARY_PROJECT", "STAGING_PREFIX", "REPORT_PREFIX", "REPORT_URL"])(
    "given the pipeline did not set %s, when the build runs, then pre_build fails naming it and nothing else runs",
    (name) => {
      const result = runTest({ ...login.test, [name]: "" }, {});
      expect(result.phases).toEqual({
        install: "SUCCEEDED",
        pre_build: "FAILED",
        build: "NOT_RUN",
        post_build: "NOT_RUN",
      });
      expect(result.log).toContain(`Missing environment variable ${name}`);
    },
  );

  it("given an environment without ci/ files, when the build runs, then pre_build fails naming the missing file", () => {
    const result = runTest({ ...login.test, TRIBUTARY_ENVIRONMENT: "uat" }, { lastPhase: "pre_build" });
    expect(result.phases.pre_build).toBe("FAILED");
    expect(result.log).toContain("Missing ci/uat/.taskcat.yml");
  });
});
