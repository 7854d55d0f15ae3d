/** Paths and loaders for the demo project's own files, shared by the tests. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCloudFormationYaml } from "../../src/cfn-yaml.js";

/** The demo-templates directory (the root of what users copy into their repository). */
export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The environments the demo ships configuration for. */
export const ENVIRONMENTS = ["dev", "qa", "prod"] as const;

/** The variables the pipeline's Test action sets (PIPELINE-CONTRACT.md, stage Test). */
export const TEST_ACTION_VARIABLES = [
  "TRIBUTARY_PROJECT",
  "TRIBUTARY_ENVIRONMENT",
  "TRIBUTARY_STACK_NAME",
  "TRIBUTARY_BRANCH",
  "TRIBUTARY_EPHEMERAL",
  "PIPELINE_NAME",
  "PIPELINE_EXECUTION_ID",
  "STAGING_BUCKET",
  "REPORTS_BUCKET",
] as const;

/** The Cleanup action sets the Test action's variables plus the Test stage's exported STAGING_PREFIX. */
export const CLEANUP_ACTION_VARIABLES = [...TEST_ACTION_VARIABLES, "STAGING_PREFIX"] as const;

/** The parameters the Deploy stage's ParameterOverrides always set. */
export const PIPELINE_PARAMETERS = ["Environment", "TemplateBucket", "TemplatePrefix"] as const;

/** Read a file of the demo, by path relative to the demo directory. */
export function readDemoFile(path: string): string {
  return readFileSync(join(DEMO_DIR, path), "utf8");
}

/** Parse a YAML file of the demo with CloudFormation's short-form tags. */
export function loadYaml(path: string): unknown {
  return parseCloudFormationYaml(readDemoFile(path), path);
}

/** Every template under templates/, as `templates/<name>.yaml`. */
export function templateFiles(): string[] {
  return readdirSync(join(DEMO_DIR, "templates"), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => `templates/${file}`)
    .sort();
}

/** A parsed template, typed loosely for the checks that read it. */
export interface Template {
  AWSTemplateFormatVersion?: string;
  Parameters?: Record<string, Record<string, unknown>>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Condition?: string }>;
}

/** Load a template file. */
export function loadTemplate(path: string): Template {
  return loadYaml(path) as Template;
}
