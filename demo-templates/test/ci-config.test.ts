import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkTaskcatConfig, taskcatTests } from "../src/taskcat-config.js";
import {
  checkTemplateConfiguration,
  type ParameterDeclaration,
  parameterValueProblem,
} from "../src/template-configuration.js";
import {
  DEMO_DIR,
  ENVIRONMENTS,
  loadTemplate,
  loadYaml,
  PIPELINE_PARAMETERS,
  readDemoFile,
} from "./support/demo.js";

const mainParameters = (): Record<string, ParameterDeclaration> =>
  (loadTemplate("templates/main.yaml").Parameters ?? {}) as Record<string, ParameterDeclaration>;

const templateConfiguration = (env: string): { Parameters?: Record<string, string> } =>
  JSON.parse(readDemoFile(`ci/${env}/template-configuration.json`));

describe("ci/", () => {
  it("given the environments dev, qa and prod, when ci/ is listed, then each has exactly a TaskCat config and a template configuration, beside the Test stage's tool pins and verdict", () => {
    expect(readdirSync(join(DEMO_DIR, "ci")).sort()).toEqual(
      [...ENVIRONMENTS, "taskcat-verdict.py", "tool-versions"].sort(),
    );
    for (const env of ENVIRONMENTS) {
      expect(readdirSync(join(DEMO_DIR, "ci", env)).sort()).toEqual([
        ".taskcat.yml",
        "template-configuration.json",
      ]);
    }
  });
});

describe.each(ENVIRONMENTS)("ci/%s/.taskcat.yml", (env) => {
  const config = (): unknown => loadYaml(`ci/${env}/.taskcat.yml`);

  it("given TaskCat's documented schema, when checked, then it uses only documented keys with the right shapes", () => {
    expect(checkTaskcatConfig(config())).toEqual([]);
  });

  it("given its tests, when their templates are resolved from the project root, then each exists", () => {
    const tests = taskcatTests(config());
    expect(tests.length).toBeGreaterThan(0);
    for (const test of tests) expect(existsSync(join(DEMO_DIR, test.template ?? "missing"))).toBe(true);
  });

  it("given the nested stack, when TaskCat runs, then TemplateBucket and TemplatePrefix are TaskCat's auto bucket and project prefix", () => {
    for (const test of taskcatTests(config())) {
      expect(test.parameters.TemplateBucket).toBe("$[taskcat_autobucket]");
      expect(test.parameters.TemplatePrefix).toBe("$[taskcat_project_name]");
    }
  });

  it("given the template's parameters, when each test's parameters are checked, then all exist, all required ones are set, and values pass the constraints", () => {
    for (const test of taskcatTests(config())) {
      const declared = loadTemplate(test.template ?? "").Parameters ?? {};
      expect(Object.keys(test.parameters).filter((name) => !(name in declared))).toEqual([]);
      const required = Object.entries(declared).filter(
        ([, declaration]) => declaration.Default === undefined,
      );
      expect(required.map(([name]) => name).filter((name) => !(name in test.parameters))).toEqual([]);
      const problems = Object.entries(test.parameters)
        .filter(([, value]) => !String(value).startsWith("$[taskcat_"))
        .map(([name, value]) => parameterValueProblem(declared[name] as ParameterDeclaration, value))
        .filter(Boolean);
      expect(problems).toEqual([]);
    }
  });

  it("given the pipeline deploys with ci/<env>/template-configuration.json, when compared, then TaskCat tests the same parameters", () => {
    for (const test of taskcatTests(config())) {
      const { TemplateBucket, TemplatePrefix, Environment, ...rest } = test.parameters;
      expect(Environment).toBe(env);
      expect(rest).toEqual(templateConfiguration(env).Parameters ?? {});
    }
  });
});

describe.each(ENVIRONMENTS)("ci/%s/template-configuration.json", (env) => {
  it("given main.yaml's parameters, when checked, then it holds only Parameters, Tags and StackPolicy with valid values", () => {
    const configuration = JSON.parse(readDemoFile(`ci/${env}/template-configuration.json`));
    expect(checkTemplateConfiguration(configuration, mainParameters(), PIPELINE_PARAMETERS)).toEqual([]);
  });

  it("given the pipeline adds tributary:* tags, when the file's own tags are read, then none of them collide", () => {
    const configuration = JSON.parse(readDemoFile(`ci/${env}/template-configuration.json`));
    expect(Object.keys(configuration.Tags ?? {}).filter((key) => key.startsWith("tributary:"))).toEqual([]);
  });
});

describe("ci/prod/template-configuration.json", () => {
  it("given production, when its stack policy is read, then the website nested stack cannot be replaced or deleted by an update", () => {
    const configuration = JSON.parse(readDemoFile("ci/prod/template-configuration.json"));
    expect(configuration.StackPolicy.Statement).toContainEqual({
      Effect: "Deny",
      Action: ["Update:Replace", "Update:Delete"],
      Principal: "*",
      Resource: "LogicalResourceId/Website",
    });
    expect(Object.keys(loadTemplate("templates/main.yaml").Resources)).toContain("Website");
  });
});
