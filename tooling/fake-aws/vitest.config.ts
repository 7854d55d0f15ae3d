import { defineConfig } from "vitest/config";
import { HANG_BOUND_MS, useTestTools } from "../vitest.base";

// The pinned Python test tools (cfn-lint, moto_server, the aws CLI) from the repository's .venv.
useTestTools();

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: HANG_BOUND_MS,
    hookTimeout: HANG_BOUND_MS,
  },
});
