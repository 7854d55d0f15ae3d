import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Dev mode writes EMF with console.log (the tests read it there); it also disables metrics unless told otherwise.
    env: { POWERTOOLS_DEV: "true", POWERTOOLS_METRICS_DISABLED: "false" },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
