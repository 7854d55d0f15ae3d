import { defineConfig } from "vitest/config";
import { HANG_BOUND_MS, useTestTools } from "../tooling/vitest.base";

// The pinned Python test tools (cfn-lint, moto_server, the aws CLI) from the repository's .venv.
useTestTools();

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The buildspec runs wait on bash, the aws CLI, cfn-lint and moto_server more than they compute: two files at
    // once (each with its own moto_server) even on a two-core machine, where vitest would otherwise run one.
    maxWorkers: 2,
    // Running the buildspecs (real cfn-lint, the aws CLI) takes seconds per build alone, minutes on a busy machine.
    testTimeout: HANG_BOUND_MS,
    hookTimeout: HANG_BOUND_MS,
  },
});
