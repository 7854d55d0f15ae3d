import { defineConfig } from "vitest/config";
import { HANG_BOUND_MS, useTestTools } from "../../tooling/vitest.base";

// The pinned Python test tools (cfn-lint, moto_server, the aws CLI) from the repository's .venv.
useTestTools();

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Property tests of a few hundred milliseconds alone take seconds while turbo runs every package's tests at
    // once on a 2-core machine, and the examples run tsx in a child process.
    testTimeout: HANG_BOUND_MS,
    hookTimeout: HANG_BOUND_MS,
    // One worker process for all files rather than one per file: core is pure (no globals, no mocks), and each
    // process started, loaded core and fast-check and wrote its own coverage again (25 -> 12 CPU s, measured alone).
    isolate: false,
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: ["src/**/*.test.ts", "src/**/__fixtures__/**"],
      thresholds: { lines: 95, statements: 95, functions: 95, branches: 90 },
    },
  },
});
