import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, reportConsoleUrl, reportPrefix, resolveBranch } from "@tributary/core";
import { describe, expect, it } from "vitest";
import { DEMO_DIR, loadTemplate } from "./support/demo.js";
import { type BuildResult, runBuildspec } from "./support/run-buildspec.js";

const EXECUTION = "4d1f2b6c-8a7e-4e0b-9c3d-5f6a7b8c9d0e";

const testVariables = (overrides: Record<string, string> = {}): Record<string, string> => ({
  TRIBUTARY_PROJECT: "acme",
  TRIBUTARY_ENVIRONMENT: "dev",
  TRIBUTARY_STACK_NAME: "acme-dev-feature-login",
  TRIBUTARY_BRANCH: "feature/login",
  TRIBUTARY_EPHEMERAL: "true",
  PIPELINE_NAME: "acme-dev-feature-login",
  PIPELINE_EXECUTION_ID: EXECUTION,
  STAGING_BUCKET: "acme-staging",
  REPORTS_BUCKET: "acme-reports",
  ...overrides,
});

const staging = `staging/acme-dev-feature-login/${EXECUTION}`;
// The pipeline contract as core states it: the notifier links approvers to the same report.
const reports = reportPrefix("acme-dev-feature-login", EXECUTION);

describe("buildspec.yml, run in bash with stubbed AWS CLI, cfn-lint and TaskCat", () => {
  // One green build, shared by the tests that only read its results.
  let green: BuildResult | undefined;
  const greenBuild = (): BuildResult => {
    green ??= runBuildspec(DEMO_DIR, "buildspec.yml", testVariables());
    return green;
  };

  it("given green TaskCat tests, when the build runs, then it exports the prefixes, stages the templates, uploads the report and writes the artifacts", () => {
    const result = greenBuild();

    expect(result.phases).toEqual({
      install: "SUCCEEDED",
      pre_build: "SUCCEEDED",
      build: "SUCCEEDED",
      post_build: "SUCCEEDED",
    });
    expect(result.exported).toEqual({
      STAGING_PREFIX: staging,
      REPORT_URL: reportConsoleUrl("acme-reports", "eu-west-1", "acme-dev-feature-login", EXECUTION),
    });
    expect(Object.keys(result.s3).sort()).toEqual([
      `acme-reports/${reports}/index.html`,
      `acme-reports/${reports}/stack-us-east-1-cfnlogs.txt`,
      `acme-staging/${staging}/templates/main.yaml`,
      `acme-staging/${staging}/templates/website.yaml`,
    ]);
    expect(result.s3[`acme-staging/${staging}/templates/website.yaml`]).toBe(
      readFileSync(join(DEMO_DIR, "templates/website.yaml"), "utf8"),
    );
    expect(result.calls).toContainEqual(["cfn-lint", "templates/**/*.yaml"]);
    expect(result.calls).toContainEqual(["taskcat", "test", "run", "-i", "ci/dev/.taskcat.yml"]);
    expect(result.calls.find((call) => call[0] === "pip")).toEqual(expect.arrayContaining(["install"]));
  });

  it("given the exported STAGING_PREFIX as TemplatePrefix, when main.yaml's nested TemplateURL is resolved, then it names a staged object", () => {
    const result = greenBuild();
    const templateUrl = loadTemplate("templates/main.yaml").Resources.Website?.Properties?.TemplateURL;
    const url = (templateUrl as { "Fn::Sub": string } | undefined)?.["Fn::Sub"] ?? "";
    const resolved = url
      .replace("${TemplateBucket}", "acme-staging")
      .replace("${AWS::Region}", "eu-west-1")
      .replace("${AWS::URLSuffix}", "amazonaws.com")
      .replace("${TemplatePrefix}", result.exported.STAGING_PREFIX ?? "");
    const match = /^https:\/\/([^.]+)\.s3\.eu-west-1\.amazonaws\.com\/(.+)$/.exec(resolved);
    expect(match).not.toBeNull();
    expect(Object.keys(result.s3)).toContain(`${match?.[1]}/${match?.[2]}`);
  });

  it("given the environment's template configuration, when the build runs, then template-configuration.json merges it with the tributary tags", () => {
    const result = greenBuild();
    const generated = JSON.parse(result.artifacts["template-configuration.json"] ?? "{}");
    const source = JSON.parse(readFileSync(join(DEMO_DIR, "ci/dev/template-configuration.json"), "utf8"));
    expect(generated).toEqual({
      Parameters: source.Parameters,
      Tags: {
        ...source.Tags,
        "tributary:project": "acme",
        "tributary:environment": "dev",
        "tributary:stack": "acme-dev-feature-login",
        "tributary:branch": "feature/login",
        "tributary:ephemeral": "true",
      },
    });
    expect(Object.keys(result.artifacts).sort()).toEqual([
      "template-configuration.json",
      "templates/main.yaml",
    ]);
    expect(result.artifacts["templates/main.yaml"]).toBe(
      readFileSync(join(DEMO_DIR, "templates/main.yaml"), "utf8"),
    );
  });

  it("given production, when the build runs, then its stack policy is carried into the generated configuration", () => {
    const result = runBuildspec(
      DEMO_DIR,
      "buildspec.yml",
      testVariables({ TRIBUTARY_ENVIRONMENT: "prod", TRIBUTARY_EPHEMERAL: "false" }),
    );
    const generated = JSON.parse(result.artifacts["template-configuration.json"] ?? "{}");
    expect(generated.StackPolicy.Statement).toHaveLength(2);
    expect(result.calls).toContainEqual(["taskcat", "test", "run", "-i", "ci/prod/.taskcat.yml"]);
  });

  it.each([
    "feature/login",
    "hotfix/1.2.3+build@x",
    'feature/say-"hi"',
    `feature/${"x".repeat(300)}`,
    "feature/Ünïcödé-日本語",
  ])(
    "given the pipeline's Branch variable for %j, when tagged, then the stack carries exactly the clone's branch tag",
    (branch) => {
      const route = resolveBranch(defineConfig({ project: "acme", repository: "infra" }), branch);
      const result = runBuildspec(
        DEMO_DIR,
        "buildspec.yml",
        testVariables({ TRIBUTARY_BRANCH: route?.variables.Branch ?? "" }),
      );
      const generated = JSON.parse(result.artifacts["template-configuration.json"] ?? "{}");
      expect(generated.Tags["tributary:branch"]).toBe(route?.tags["tributary:branch"]);
    },
  );

  it("given a value that is no tag value, when the build runs, then it fails before testing and names the variable", () => {
    const result = runBuildspec(
      DEMO_DIR,
      "buildspec.yml",
      testVariables({ TRIBUTARY_BRANCH: 'feature/say-"hi"' }),
    );
    expect(result.phases.pre_build).toBe("FAILED");
    expect(result.succeeded).toBe(false);
    expect(result.log).toContain("TRIBUTARY_BRANCH=");
    expect(result.log).toContain("is not a valid tag value");
    expect(result.calls.some((call) => call[0] === "taskcat")).toBe(false);
  });

  it("given TaskCat exits non-zero, when the build runs, then the build fails, nothing is staged, and the report is still uploaded", () => {
    const result = runBuildspec(DEMO_DIR, "buildspec.yml", testVariables(), {
      taskcatExit: 1,
      taskcatRows: ["red"],
    });
    expect(result.phases.build).toBe("FAILED");
    expect(result.phases.post_build).toBe("SUCCEEDED");
    expect(result.succeeded).toBe(false);
    expect(Object.keys(result.s3).filter((key) => key.startsWith("acme-staging/"))).toEqual([]);
    expect(Object.keys(result.s3)).toContain(`acme-reports/${reports}/index.html`);
  });

  it("given TaskCat exits zero but its report has a failed stack, when the build runs, then the build still fails", () => {
    const result = runBuildspec(DEMO_DIR, "buildspec.yml", testVariables(), {
      taskcatRows: ["green", "red"],
    });
    expect(result.phases.build).toBe("FAILED");
    expect(result.log).toContain("at least one stack did not reach CREATE_COMPLETE");
    expect(Object.keys(result.s3).filter((key) => key.startsWith("acme-staging/"))).toEqual([]);
  });

  it("given TaskCat ran no test, when the build runs, then the build fails instead of passing on an empty report", () => {
    const result = runBuildspec(DEMO_DIR, "buildspec.yml", testVariables(), { taskcatRows: [] });
    expect(result.phases.build).toBe("FAILED");
    expect(result.log).toContain("lists no successful stack");
  });

  it("given cfn-lint finds errors, when the build runs, then TaskCat never runs and no report is uploaded", () => {
    const result = runBuildspec(DEMO_DIR, "buildspec.yml", testVariables(), { cfnLintExit: 2 });
    expect(result.phases.build).toBe("FAILED");
    expect(result.calls.some((call) => call[0] === "taskcat")).toBe(false);
    expect(result.s3).toEqual({});
    expect(result.log).toContain("No TaskCat report to upload");
  });

  it("given a pipeline variable is missing, when the build runs, then pre_build fails naming it and nothing else runs", () => {
    const result = runBuildspec(DEMO_DIR, "buildspec.yml", testVariables({ REPORTS_BUCKET: "" }));
    expect(result.phases).toEqual({
      install: "SUCCEEDED",
      pre_build: "FAILED",
      build: "NOT_RUN",
      post_build: "NOT_RUN",
    });
    expect(result.log).toContain("Missing environment variable REPORTS_BUCKET");
  });

  it("given an environment without ci/ files, when the build runs, then pre_build fails naming the missing file", () => {
    const result = runBuildspec(DEMO_DIR, "buildspec.yml", testVariables({ TRIBUTARY_ENVIRONMENT: "uat" }));
    expect(result.phases.pre_build).toBe("FAILED");
    expect(result.log).toContain("Missing ci/uat/.taskcat.yml");
  });
});

const cleanupVariables = (overrides: Record<string, string> = {}): Record<string, string> => ({
  ...testVariables(),
  STAGING_PREFIX: staging,
  ...overrides,
});

const alreadyStaged = {
  [`acme-staging/${staging}/templates/main.yaml`]: "main",
  [`acme-staging/${staging}/templates/website.yaml`]: "website",
  "acme-staging/staging/acme-dev/other-execution/templates/main.yaml": "another run's",
};

describe("buildspec-cleanup.yml, run in bash with a stubbed AWS CLI", () => {
  it("given a deployed stack, when the cleanup runs, then it deletes only this run's staging, publishes the page and invalidates the cache", () => {
    const result = runBuildspec(DEMO_DIR, "buildspec-cleanup.yml", cleanupVariables(), {
      s3: alreadyStaged,
      stackOutputs: {
        WebsiteBucketName: "acme-dev-site",
        DistributionId: "E2QWRUHAPOMQZL",
        WebsiteURL: "https://d1.cloudfront.net",
      },
    });

    expect(result.succeeded).toBe(true);
    expect(Object.keys(result.s3).sort()).toEqual([
      "acme-dev-site/index.html",
      "acme-staging/staging/acme-dev/other-execution/templates/main.yaml",
    ]);
    const page = result.s3["acme-dev-site/index.html"] ?? "";
    expect(page).toContain('<span class="environment">dev</span>');
    expect(page).not.toContain("{{ENVIRONMENT}}");
    expect(result.s3Metadata["acme-dev-site/index.html"]).toEqual({
      "--content-type": "text/html; charset=utf-8",
      "--cache-control": "max-age=60",
    });
    expect(result.calls).toContainEqual(
      expect.arrayContaining(["cloudfront", "create-invalidation", "--distribution-id", "E2QWRUHAPOMQZL"]),
    );
    expect(result.calls).toContainEqual(
      expect.arrayContaining(["cloudformation", "describe-stacks", "--stack-name", "acme-dev-feature-login"]),
    );
  });

  it("given a stack without a distribution, when the cleanup runs, then it publishes and skips the invalidation", () => {
    const result = runBuildspec(DEMO_DIR, "buildspec-cleanup.yml", cleanupVariables(), {
      stackOutputs: { WebsiteBucketName: "acme-dev-site" },
    });
    expect(result.succeeded).toBe(true);
    expect(result.calls.some((call) => call.includes("create-invalidation"))).toBe(false);
    expect(result.log).toContain("no CloudFront cache to invalidate");
  });

  it("given an environment name with markup, when the page is rendered, then it is HTML-escaped", () => {
    const result = runBuildspec(
      DEMO_DIR,
      "buildspec-cleanup.yml",
      cleanupVariables({ TRIBUTARY_ENVIRONMENT: "<b>qa</b>" }),
      {
        stackOutputs: { WebsiteBucketName: "site" },
      },
    );
    expect(result.s3["site/index.html"]).toContain("&lt;b&gt;qa&lt;/b&gt;");
  });

  it("given a stack without WebsiteBucketName, when the cleanup runs, then it fails saying which output is missing", () => {
    const result = runBuildspec(DEMO_DIR, "buildspec-cleanup.yml", cleanupVariables(), { stackOutputs: {} });
    expect(result.phases.build).toBe("FAILED");
    expect(result.log).toContain("has no WebsiteBucketName output");
  });

  it.each([
    ["an empty prefix", ""],
    ["another pipeline's prefix", `staging/acme-prod/${EXECUTION}`],
    ["the pipeline's whole staging area", "staging/acme-dev-feature-login/"],
    ["a prefix outside staging/", "reports/acme-dev-feature-login/x"],
  ])(
    "given %s as STAGING_PREFIX, when the cleanup runs, then it refuses and deletes nothing",
    (_name, prefix) => {
      const result = runBuildspec(
        DEMO_DIR,
        "buildspec-cleanup.yml",
        cleanupVariables({ STAGING_PREFIX: prefix }),
        {
          s3: alreadyStaged,
          stackOutputs: { WebsiteBucketName: "site" },
        },
      );
      expect(result.phases.pre_build).toBe("FAILED");
      expect(Object.keys(result.s3).sort()).toEqual(Object.keys(alreadyStaged).sort());
      expect(result.calls.some((call) => call.includes("rm"))).toBe(false);
    },
  );
});
