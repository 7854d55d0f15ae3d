import { defineConfig } from "vitest/config";
import { useTestTools } from "../../tooling/vitest.base";

// The pinned Python test tools (cfn-lint, moto_server, the aws CLI) from the repository's .venv.
useTestTools();

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // CDK synthesis is CPU-bound and the machine has 2 cores: give each test room, run files in 2 workers.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    maxWorkers: 2,
  },
});
