/** Check a TaskCat v0.9 project config (`.taskcat.yml`) against the keys and shapes TaskCat documents. */

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The shapes TaskCat's schema gives its config values. */
export type TaskcatShape =
  | "string"
  | "boolean"
  | "project-name"
  | "bucket-name"
  | "object-acl"
  | "regions"
  | "az-ids"
  | "string-map"
  | "parameters"
  | "hooks";

/**
 * The documented keys of each section of a TaskCat v0.9 config and the shape of their values, transcribed from
 * TaskCat's JSON schema (`taskcat/cfg/config_schema.json`, rendered at
 * https://aws-ia.github.io/taskcat/docs/schema/taskcat_schema/). Every section has
 * `additionalProperties: false`, so any other key is an error.
 *
 * @example
 * TASKCAT_SCHEMA.tests.template; // "string" (path to the template, relative to the project root)
 */
export const TASKCAT_SCHEMA = {
  root: { general: "section", project: "section", tests: "section" },
  general: {
    artifact_regions: "regions",
    auth: "string-map",
    parameters: "parameters",
    posthooks: "hooks",
    prehooks: "hooks",
    regions: "regions",
    s3_bucket: "string",
    s3_regional_buckets: "boolean",
    tags: "string-map",
  },
  project: {
    artifact_regions: "regions",
    auth: "string-map",
    az_blacklist: "az-ids",
    build_submodules: "boolean",
    lambda_source_path: "string",
    lambda_zip_path: "string",
    name: "project-name",
    org_id: "string",
    owner: "string",
    package_lambda: "boolean",
    parameters: "parameters",
    posthooks: "hooks",
    prehooks: "hooks",
    regions: "regions",
    role_name: "string",
    s3_bucket: "bucket-name",
    s3_enable_sig_v2: "boolean",
    s3_object_acl: "object-acl",
    s3_regional_buckets: "boolean",
    shorten_stack_name: "boolean",
    tags: "string-map",
    template: "string",
  },
  tests: {
    artifact_regions: "regions",
    auth: "string-map",
    az_blacklist: "az-ids",
    parameters: "parameters",
    posthooks: "hooks",
    prehooks: "hooks",
    regions: "regions",
    role_name: "string",
    s3_bucket: "bucket-name",
    s3_regional_buckets: "boolean",
    stack_name: "string",
    stack_name_prefix: "string",
    stack_name_suffix: "string",
    tags: "string-map",
    template: "string",
  },
} as const satisfies {
  root: Record<string, "section">;
  general: Record<string, TaskcatShape>;
  project: Record<string, TaskcatShape>;
  tests: Record<string, TaskcatShape>;
};

/** TaskCat's region pattern (schema `regions.items.pattern`). */
const REGION =
  /^(ap|eu|us|sa|ca|cn|af|me|il|us-gov)-(central|south|north|east|west|southeast|southwest|northeast|northwest)-[0-9]$/;
const AZ_ID = /^[a-z]{2,}[0-9]+-[a-z0-9-]*az[0-9]+$/;

function shapeProblem(shape: TaskcatShape, value: Json): string | undefined {
  const isStringList = (pattern: RegExp | undefined) =>
    Array.isArray(value) &&
    value.every((item) => typeof item === "string" && (!pattern || pattern.test(item)));
  switch (shape) {
    case "string":
      return typeof value === "string" ? undefined : "expected a string";
    case "boolean":
      return typeof value === "boolean" ? undefined : "expected true or false";
    case "project-name":
      return typeof value === "string" && /^[a-z0-9-/]*$/.test(value)
        ? undefined
        : "expected a project name of lower-case letters, digits, '-' and '/'";
    case "bucket-name":
      return typeof value === "string" && /^[a-z0-9-]*$/.test(value)
        ? undefined
        : "expected a bucket name of lower-case letters, digits and '-'";
    case "object-acl":
      return typeof value === "string" &&
        /^(bucket-owner-full-control|bucket-owner-read|authenticated-read|aws-exec-read|public-read-write|public-read|private)$/.test(
          value,
        )
        ? undefined
        : "expected a canned S3 object ACL such as private";
    case "regions":
      return isStringList(REGION) ? undefined : "expected a list of AWS Region names such as us-east-1";
    case "az-ids":
      return isStringList(AZ_ID) ? undefined : "expected a list of Availability Zone IDs such as use1-az1";
    case "string-map":
      return isPlainObject(value) && Object.values(value).every((item) => typeof item === "string")
        ? undefined
        : "expected a mapping of string values";
    case "parameters": {
      const scalar = (item: Json) =>
        typeof item === "string" ||
        typeof item === "boolean" ||
        (typeof item === "number" && Number.isInteger(item));
      return isPlainObject(value) &&
        Object.values(value).every(
          (item) =>
            scalar(item) ||
            (Array.isArray(item) &&
              item.every((element) => typeof element === "string" || Number.isInteger(element))),
        )
        ? undefined
        : "expected a mapping of parameter names to strings, integers, booleans or lists of them";
    }
    case "hooks":
      return Array.isArray(value) &&
        value.every(
          (hook) =>
            isPlainObject(hook) &&
            Object.keys(hook).every((key) => key === "type" || key === "config") &&
            (hook.type === undefined || typeof hook.type === "string") &&
            (hook.config === undefined || isPlainObject(hook.config)),
        )
        ? undefined
        : "expected a list of hooks, each { type: string, config: mapping }";
  }
}

function checkSection(
  value: Json,
  schema: Readonly<Record<string, TaskcatShape>>,
  path: string,
  problems: string[],
): void {
  if (!isPlainObject(value)) {
    problems.push(`${path}: expected a mapping`);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const shape = schema[key];
    if (!shape) {
      problems.push(`${path}.${key}: not a TaskCat key here; use one of ${Object.keys(schema).join(", ")}`);
      continue;
    }
    const problem = shapeProblem(shape, item);
    if (problem) problems.push(`${path}.${key}: ${problem}, got ${JSON.stringify(item)}`);
  }
}

/**
 * Every problem with a parsed `.taskcat.yml`: keys TaskCat does not document, values of the wrong shape, no tests,
 * tests with no template (own or the project's) or no regions (own, the project's or general).
 *
 * @example
 * checkTaskcatConfig({ project: { name: "demo", regions: ["us-east-1"] }, tests: { t: { template: "t.yaml", paramters: {} } } });
 * // ["tests.t.paramters: not a TaskCat key here; use one of artifact_regions, auth, ..."]
 */
export function checkTaskcatConfig(config: Json): string[] {
  if (!isPlainObject(config)) return ["<taskcat>: expected a mapping with project and tests"];
  const problems: string[] = [];
  for (const key of Object.keys(config)) {
    if (!(key in TASKCAT_SCHEMA.root))
      problems.push(`${key}: not a TaskCat section; use general, project or tests`);
  }
  if (config.general !== undefined) checkSection(config.general, TASKCAT_SCHEMA.general, "general", problems);
  const project = isPlainObject(config.project) ? config.project : {};
  if (config.project === undefined) problems.push("project: required; give the project a name and regions");
  else checkSection(config.project, TASKCAT_SCHEMA.project, "project", problems);
  const general = isPlainObject(config.general) ? config.general : {};
  const tests = config.tests;
  if (!isPlainObject(tests) || Object.keys(tests).length === 0) {
    problems.push("tests: declare at least one test with a template");
    return problems;
  }
  for (const [name, test] of Object.entries(tests)) {
    const path = `tests.${name}`;
    checkSection(test, TASKCAT_SCHEMA.tests, path, problems);
    const own = isPlainObject(test) ? test : {};
    if (own.template === undefined && project.template === undefined) {
      problems.push(`${path}.template: neither the test nor the project names a template`);
    }
    if (own.regions === undefined && project.regions === undefined && general.regions === undefined) {
      problems.push(`${path}.regions: no regions in the test, the project or general`);
    }
  }
  return problems;
}

/**
 * The template path and effective parameters of each test. A test's parameters override the project's, and
 * `general` parameters override both ("parameters provided in global config take precedence", TaskCat's schema).
 *
 * @example
 * taskcatTests({ project: { template: "a.yaml", parameters: { A: "1" } }, tests: { t: { parameters: { B: "2" } } } });
 * // [{ name: "t", template: "a.yaml", parameters: { A: "1", B: "2" } }]
 */
export function taskcatTests(
  config: Json,
): { name: string; template: string | undefined; parameters: Record<string, Json> }[] {
  if (!isPlainObject(config) || !isPlainObject(config.tests)) return [];
  const general = isPlainObject(config.general) ? config.general : {};
  const project = isPlainObject(config.project) ? config.project : {};
  const record = (value: Json): Record<string, Json> => (isPlainObject(value) ? value : {});
  return Object.entries(config.tests).map(([name, value]) => {
    const test = record(value);
    const template = test.template ?? project.template;
    return {
      name,
      template: typeof template === "string" ? template : undefined,
      parameters: {
        ...record(project.parameters),
        ...record(test.parameters),
        ...record(general.parameters),
      },
    };
  });
}
