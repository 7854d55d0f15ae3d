import { defineConfig } from "vitest/config";
import { useTestTools } from "../../tooling/vitest.base";

// The pinned Python test tools (cfn-lint, moto_server, the aws CLI) from the repository's .venv.
useTestTools();

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Property tests of a few hundred milliseconds alone can take seconds while turbo runs every package's tests
    // at once on a 2-core machine; the default 5 s would fail them for the machine's load, not for the code.
    testTimeout: 30_000,
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: ["src/**/*.test.ts", "src/**/__fixtures__/**"],
      thresholds: { lines: 95, statements: 95, functions: 95, branches: 90 },
    },
  },
});
