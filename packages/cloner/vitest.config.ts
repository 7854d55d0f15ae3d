import { defineConfig } from "vitest/config";
import { HANG_BOUND_MS, useTestTools } from "../../tooling/vitest.base";

// The pinned Python test tools (cfn-lint, moto_server, the aws CLI) from the repository's .venv.
useTestTools();

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Dev mode writes EMF with console.log (the tests read it there); it also disables metrics unless told otherwise.
    env: { POWERTOOLS_DEV: "true", POWERTOOLS_METRICS_DISABLED: "false" },
    testTimeout: HANG_BOUND_MS,
    hookTimeout: HANG_BOUND_MS,
  },
});
