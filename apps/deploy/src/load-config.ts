/** Loads `tributary.config.ts` (or any `--config` file) for the CDK app and the CLI. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ConfigError } from "@tributary/core";
import { type DeployConfig, type DeployConfigInput, defineConfig, isDeployConfig } from "./config";

/**
 * The config file the app and the CLI read when no `--config` is given: `apps/deploy/tributary.config.ts`.
 *
 * @example
 * await loadConfig(DEFAULT_CONFIG_PATH);
 */
export const DEFAULT_CONFIG_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "tributary.config.ts",
);

/**
 * A config file that cannot be read: missing, not JSON, or without a config as its default export.
 * Config *values* that are wrong throw core's `ConfigError` instead.
 *
 * @example
 * await loadConfig("missing.config.ts");
 * // ConfigFileError: Cannot load Tributary config /…/missing.config.ts: the file does not exist. Fix: …
 */
export class ConfigFileError extends Error {
  override readonly name = "ConfigFileError";
  /** The file that could not be loaded. */
  readonly file: string;
  /** What to do about it. */
  readonly fix: string;

  constructor(file: string, problem: string, fix: string) {
    super(`Cannot load Tributary config ${file}: ${problem}. Fix: ${fix}`);
    this.file = file;
    this.fix = fix;
  }
}

/**
 * Loads a config file. `.ts`/`.js`/`.mjs` files are imported and must `export default defineConfig(...)`
 * (a plain input object as default export is validated too); `.json` files hold the input object.
 * Throws `ConfigFileError` when the file cannot be read and core's `ConfigError` when a value is wrong.
 *
 * @example
 * const { tributary, app } = await loadConfig("tributary.config.ts");
 * tributary.environments.map((env) => env.pipelineName); // ["acme-dev", "acme-qa", "acme-prod"]
 */
export async function loadConfig(path: string = DEFAULT_CONFIG_PATH): Promise<DeployConfig> {
  const file = resolve(path);
  if (!existsSync(file)) {
    throw new ConfigFileError(
      file,
      "the file does not exist",
      "Pass an existing file with `--config <file>`, or create apps/deploy/tributary.config.ts.",
    );
  }
  if (extname(file) === ".json") {
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new ConfigFileError(
        file,
        `it is not valid JSON (${(error as Error).message})`,
        "Fix the JSON syntax.",
      );
    }
    return defineConfig(input as DeployConfigInput);
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    // A bad value is defineConfig's ConfigError, reported as it is; anything else is the file itself.
    if (error instanceof ConfigError || error instanceof ConfigFileError) throw error;
    const copy = configErrorCopy(error);
    if (copy !== undefined) throw copy;
    throw importFailure(file, error);
  }
  const exported = module.default;
  if (isDeployConfig(exported)) return exported;
  if (typeof exported === "object" && exported !== null) return defineConfig(exported as DeployConfigInput);
  throw new ConfigFileError(
    file,
    "it has no config as its default export",
    'Write `export default defineConfig({ project: "acme", repository: "infra-deployment" })`.',
  );
}

/**
 * tsx loads a config file outside an ES-module package as CommonJS, with a copy of core of its own: its
 * `ConfigError` is another class of the same name. Rebuilt with this core's class, it reads as any other.
 */
function configErrorCopy(error: unknown): ConfigError | undefined {
  if (!(error instanceof Error) || error.name !== "ConfigError") return undefined;
  const { path, value, problem, fix } = error as Error & Partial<ConfigError>;
  if (typeof path !== "string" || typeof problem !== "string" || typeof fix !== "string") return undefined;
  return new ConfigError(path, value, problem, fix);
}

/** Where a syntax error is: esbuild's "<file>:<line>:<column>: ERROR: <text>" line (tsx compiles the config with it). */
interface SyntaxLocation {
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly message: string;
}

function syntaxLocation(file: string, error: unknown): SyntaxLocation | undefined {
  if (!(error instanceof Error)) return undefined;
  for (const line of error.message.split("\n")) {
    const match = /^(.*):(\d+):(\d+): ERROR: (.*)$/.exec(line);
    if (match !== null && resolve(match[1] ?? "") === file) {
      // esbuild's columns count from 0.
      return { line: Number(match[2]), column: Number(match[3]) + 1, message: match[4] ?? "syntax error" };
    }
  }
  // Node's own parser (a .js/.mjs config) names no line in the error; `node --check` does.
  if (error instanceof SyntaxError) return { line: undefined, column: undefined, message: error.message };
  return undefined;
}

function importFailure(file: string, error: unknown): ConfigFileError {
  const location = syntaxLocation(file, error);
  if (location?.line !== undefined) {
    const code = readFileSync(file, "utf8").split("\n")[location.line - 1]?.trim();
    return new ConfigFileError(
      file,
      `syntax error at line ${location.line}, column ${location.column}: ${location.message}${code ? ` (\`${code}\`)` : ""}`,
      `Correct the TypeScript at ${file}:${location.line}:${location.column} (a missing comma, brace or quote on that line or the one before is the usual cause).`,
    );
  }
  if (location !== undefined) {
    return new ConfigFileError(
      file,
      `syntax error: ${location.message}`,
      `Run \`node --check ${file}\` to see the line, and correct it.`,
    );
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new ConfigFileError(
    file,
    `importing it threw ${error instanceof Error ? error.name : "a value"}: ${message}`,
    "Make the file import cleanly (`node --import tsx <file>` shows the full error), and export `defineConfig({...})` as its default.",
  );
}
