import { defineConfig } from "vitest/config";
import { HANG_BOUND_MS, useTestTools } from "../../tooling/vitest.base";

// The pinned Python test tools (cfn-lint, moto_server, the aws CLI) from the repository's .venv.
useTestTools();

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Synthesizing the whole app (three pipelines, the cloner bundle, cdk-nag) takes seconds on two cores.
    testTimeout: HANG_BOUND_MS,
    // One module registry per worker rather than per file: aws-cdk-lib, cdk-nag and the constructs load once.
    // The files share no mutable state (no vi.mock, no stubbed globals); each builds its own App.
    isolate: false,
    hookTimeout: HANG_BOUND_MS,
  },
});
