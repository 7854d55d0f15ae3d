import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Synthesizing the whole app (three pipelines, the cloner bundle, cdk-nag) takes seconds on two cores.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
