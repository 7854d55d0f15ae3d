import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of the Python test tools' virtual environment that `tooling/setup.sh` creates (cfn-lint,
 * moto_server, the `aws` CLI and a python3 that imports botocore).
 */
export const TEST_TOOLS_BIN = join(dirname(dirname(fileURLToPath(import.meta.url))), ".venv", "bin");

/**
 * Puts the repository's test-tools virtual environment first on this process's PATH, so every test, and every
 * process a test starts, runs the pinned tools whether or not the environment is activated. Every package's
 * `vitest.config.ts` calls it once; it is a no-op where `.venv` does not exist (the tools then come from PATH).
 *
 * @example
 * // packages/core/vitest.config.ts
 * import { defineConfig } from "vitest/config";
 * import { useTestTools } from "../../tooling/vitest.base";
 * useTestTools();
 * export default defineConfig({ test: { include: ["src/**\/*.test.ts"] } });
 */
export function useTestTools(): void {
  const path = process.env.PATH ?? "";
  if (existsSync(TEST_TOOLS_BIN) && !path.split(delimiter).includes(TEST_TOOLS_BIN)) {
    process.env.PATH = `${TEST_TOOLS_BIN}${delimiter}${path}`;
  }
}

/**
 * How long a test or a hook may run before vitest calls it hung: five minutes. The tests wait on real tools and
 * processes (moto_server, cfn-lint, the aws CLI, Lambda bundles in child processes, CDK synthesis) that take a second
 * alone and a minute on two cores shared with the rest of the suite and other work. A lower limit would fail a
 * correct test for the machine's load, so this bound only catches hangs; speed targets live in benchmarks.
 *
 * @example
 * export default defineConfig({ test: { testTimeout: HANG_BOUND_MS, hookTimeout: HANG_BOUND_MS } });
 */
export const HANG_BOUND_MS = 300_000;
