import { describe, expect, it } from "vitest";
import { checkTaskcatConfig, TASKCAT_SCHEMA, taskcatTests } from "./taskcat-config.js";

const valid = {
  general: { s3_regional_buckets: true },
  project: {
    name: "demo-dev",
    regions: ["us-east-1", "eu-west-1"],
    tags: { purpose: "test" },
    s3_regional_buckets: true,
  },
  tests: {
    site: {
      template: "templates/main.yaml",
      parameters: {
        Environment: "dev",
        Bucket: "$[taskcat_autobucket]",
        Count: 2,
        Flag: true,
        List: ["a", 1],
      },
    },
  },
};

describe("checkTaskcatConfig", () => {
  it("Compliance: given a documented config, when checked, then there is no problem", () => {
    expect(checkTaskcatConfig(valid)).toEqual([]);
  });

  const noncompliance: [string, unknown, RegExp][] = [
    [
      "a misspelt test key",
      { ...valid, tests: { site: { template: "t.yaml", paramters: {} } } },
      /tests\.site\.paramters: not a TaskCat key here/,
    ],
    ["a v0.8-style global section", { ...valid, global: { qsname: "x" } }, /global: not a TaskCat section/],
    [
      "a project key that belongs to tests",
      { ...valid, project: { ...valid.project, stack_name: "x" } },
      /project\.stack_name: not a TaskCat key here/,
    ],
    [
      "a region that is not one",
      { ...valid, project: { ...valid.project, regions: ["mars-1"] } },
      /project\.regions: expected a list of AWS Region names/,
    ],
    [
      "regions as a string",
      { ...valid, project: { ...valid.project, regions: "us-east-1" } },
      /project\.regions: expected a list/,
    ],
    [
      "an upper-case project name",
      { ...valid, project: { ...valid.project, name: "Demo" } },
      /project\.name: expected a project name/,
    ],
    [
      "a nested parameter value",
      { ...valid, tests: { site: { template: "t.yaml", parameters: { A: { b: 1 } } } } },
      /tests\.site\.parameters: expected a mapping of parameter names/,
    ],
    [
      "a non-string tag",
      { ...valid, project: { ...valid.project, tags: { a: 1 } } },
      /project\.tags: expected a mapping of string values/,
    ],
    [
      "a boolean given as a string",
      { ...valid, project: { ...valid.project, s3_regional_buckets: "true" } },
      /project\.s3_regional_buckets: expected true or false/,
    ],
    ["no tests", { project: valid.project }, /tests: declare at least one test/],
    [
      "a test with no template anywhere",
      { ...valid, tests: { site: { regions: ["us-east-1"] } } },
      /tests\.site\.template: neither the test nor the project names a template/,
    ],
    [
      "no regions anywhere",
      { project: { name: "x" }, tests: { site: { template: "t.yaml" } } },
      /tests\.site\.regions: no regions/,
    ],
    [
      "bad hooks",
      { ...valid, project: { ...valid.project, prehooks: [{ type: "script", command: "x" }] } },
      /project\.prehooks: expected a list of hooks/,
    ],
  ];

  it.each(noncompliance)(
    "Noncompliance: given %s, when checked, then it is reported",
    (_name, config, message) => {
      expect(checkTaskcatConfig(config)).toContainEqual(expect.stringMatching(message));
    },
  );

  it("given the schema table, when read, then each section lists only what TaskCat's schema documents", () => {
    expect(Object.keys(TASKCAT_SCHEMA.tests)).not.toContain("name");
    expect(Object.keys(TASKCAT_SCHEMA.project)).toEqual(
      expect.arrayContaining(["name", "regions", "template", "parameters", "s3_bucket"]),
    );
    expect(Object.keys(TASKCAT_SCHEMA.root)).toEqual(["general", "project", "tests"]);
  });
});

describe("taskcatTests", () => {
  it("given project, test and general parameters, when merged, then test beats project and general beats both", () => {
    const config = {
      general: { parameters: { C: "general" } },
      project: { template: "p.yaml", parameters: { A: "project", B: "project", C: "project" } },
      tests: { t: { parameters: { B: "test", C: "test" } }, u: { template: "u.yaml" } },
    };
    expect(taskcatTests(config)).toEqual([
      { name: "t", template: "p.yaml", parameters: { A: "project", B: "test", C: "general" } },
      { name: "u", template: "u.yaml", parameters: { A: "project", B: "project", C: "general" } },
    ]);
  });
});
