import { defineConfig } from "vitest/config";
import { useTestTools } from "../vitest.base";

// The pinned Python test tools (cfn-lint, moto_server, the aws CLI) from the repository's .venv.
useTestTools();

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
