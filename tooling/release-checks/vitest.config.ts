import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Packing, publint and attw read whole tarballs; on a busy 2-core machine that takes seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
