/** Loads `tributary.config.ts` (or any `--config` file) for the CDK app and the CLI. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  const exported = module.default;
  if (isDeployConfig(exported)) return exported;
  if (typeof exported === "object" && exported !== null) return defineConfig(exported as DeployConfigInput);
  throw new ConfigFileError(
    file,
    "it has no config as its default export",
    'Write `export default defineConfig({ project: "acme", repository: "infra-deployment" })`.',
  );
}
