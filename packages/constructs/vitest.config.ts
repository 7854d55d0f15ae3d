import { defineConfig } from "vitest/config";
import { HANG_BOUND_MS, useTestTools } from "../../tooling/vitest.base";

// The pinned Python test tools (cfn-lint, moto_server, the aws CLI) from the repository's .venv.
useTestTools();

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: HANG_BOUND_MS,
    hookTimeout: HANG_BOUND_MS,
    // Two workers on two cores: the buildspec files wait on the aws CLI and moto as much as they compute.
    maxWorkers: 2,
    // One module registry per worker rather than per file: every file loads aws-cdk-lib and the constructs, about
    // five CPU seconds each, once per worker instead of 16 times. The files share no mutable state (no vi.mock,
    // no stubbed globals); each builds its own App.
    isolate: false,
  },
});
