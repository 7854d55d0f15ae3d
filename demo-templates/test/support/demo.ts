/** Paths and loaders for the demo project's own files, shared by the tests. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILDSPEC_VARIABLES } from "@tributary/core";
import { parse } from "yaml";

/** The demo-templates directory (the root of what users copy into their repository). */
export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The environments the demo ships configuration for. */
export const ENVIRONMENTS = ["dev", "qa", "prod"] as const;

/** The variables the Test buildspec receives: its CodeBuild project's (a remote environment's also its credentials line) and its action's (core's contract). */
export const TEST_ACTION_VARIABLES = [
  ...BUILDSPEC_VARIABLES.project,
  ...BUILDSPEC_VARIABLES.remoteProject,
  ...BUILDSPEC_VARIABLES.test,
] as const;

/** The variables the Cleanup buildspec receives: its CodeBuild project's (a remote environment's also its credentials line) and its action's (core's contract). */
export const CLEANUP_ACTION_VARIABLES = [
  ...BUILDSPEC_VARIABLES.project,
  ...BUILDSPEC_VARIABLES.remoteProject,
  ...BUILDSPEC_VARIABLES.cleanup,
] as const;

/** The parameters the Deploy stage's ParameterOverrides always set. */
export const PIPELINE_PARAMETERS = ["Environment", "TemplateBucket", "TemplatePrefix"] as const;

/** The install command of the pinned Python test tools, for error messages. */
export const INSTALL_HINT =
  "Fix: install the pinned Python test tools into the repository's .venv with `bash tooling/setup.sh` (repository root).";

let interpreter: string | undefined;

/**
 * The Python interpreter itself, and with it the directory of its scripts (`aws`, `cfn-lint`): calling them there
 * skips version-manager shims (pyenv's take half a second per call), and runs the very same tools.
 */
export function python(): { readonly executable: string; readonly scripts: string } {
  if (interpreter === undefined) {
    try {
      interpreter = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], {
        encoding: "utf8",
      }).trim();
    } catch (error) {
      throw new Error(`python3 does not run (${(error as Error).message}). ${INSTALL_HINT}`);
    }
  }
  return { executable: interpreter, scripts: dirname(interpreter) };
}

/** PATH with the Python scripts' directory first. */
export function pythonPath(): string {
  return `${python().scripts}:${process.env.PATH ?? "/usr/bin:/bin"}`;
}

/** Read a file of the demo, by path relative to the demo directory. */
export function readDemoFile(path: string): string {
  return readFileSync(join(DEMO_DIR, path), "utf8");
}

/** Parse a plain YAML file of the demo (a buildspec, a TaskCat config). */
export function loadYaml(path: string): unknown {
  return parse(readDemoFile(path));
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

/** cfn-lint's own template decoder: short-form tags become their long form (`!Sub x` → `{"Fn::Sub": "x"}`). */
const DECODE = `
import json, sys
from cfnlint.decode import decode
templates = {}
for path in sys.argv[1:]:
    template, problems = decode(path)
    if problems:
        raise SystemExit("%s: %s" % (path, "; ".join(str(problem) for problem in problems)))
    templates[path] = template
print(json.dumps(templates))
`;

let decoded: Record<string, Template> | undefined;

/**
 * Load a template file, parsed by cfn-lint. One Python process decodes every template, once per content: the result
 * is kept in the temporary directory under the templates' hash, so the test files running in parallel share it.
 */
export function loadTemplate(path: string): Template {
  if (decoded === undefined) {
    const files = templateFiles();
    const hash = createHash("sha256");
    for (const file of [...files, DECODE])
      hash
        .update(file)
        .update("\0")
        .update(existsSync(join(DEMO_DIR, file)) ? readDemoFile(file) : "");
    const cache = join(tmpdir(), `tributary-demo-templates-${hash.digest("hex").slice(0, 16)}.json`);
    if (existsSync(cache)) {
      decoded = JSON.parse(readFileSync(cache, "utf8")) as Record<string, Template>;
    } else {
      try {
        const output = execFileSync(python().executable, ["-c", DECODE, ...files], {
          cwd: DEMO_DIR,
          encoding: "utf8",
        });
        decoded = JSON.parse(output) as Record<string, Template>;
        // Written whole under a unique name, then renamed: a parallel reader sees all of it or nothing.
        const partial = `${cache}.${process.pid}`;
        writeFileSync(partial, output);
        renameSync(partial, cache);
      } catch (error) {
        throw new Error(
          `cfn-lint could not decode the demo templates: ${(error as Error).message}. ${INSTALL_HINT}`,
        );
      }
    }
  }
  const template = decoded[path];
  if (template === undefined) throw new Error(`${path} is not a template under templates/`);
  return template;
}
