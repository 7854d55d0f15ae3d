import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Loading the CloudFormation resource specification and running the buildspecs in bash take a few seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
