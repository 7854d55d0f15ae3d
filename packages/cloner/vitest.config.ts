import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    env: { POWERTOOLS_DEV: "true" },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
