import { defineConfig } from "vitest/config";
import { useTestTools } from "../../tooling/vitest.base";

// The pinned Python test tools (cfn-lint, moto_server, the aws CLI) from the repository's .venv.
useTestTools();

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Synthesizing the whole app (three pipelines, the cloner bundle, cdk-nag) takes seconds on two cores.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
