/** The then-step of the config's Noncompliance tables: `defineConfig` throws a `ConfigError` naming the path, value and fix. */

import { expect } from "vitest";
import { ConfigError } from "../../shared/errors.js";
import type { TributaryConfigInput } from "../config-input.js";
import { defineConfig } from "../define-config.js";

/** The smallest valid input. */
export const minimal = { project: "acme", repository: "infra-deployment" };

/** The `ConfigError` that `defineConfig(input)` throws (any other outcome fails the test). */
export function configError(input: unknown): ConfigError {
  try {
    defineConfig(input as TributaryConfigInput);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("defineConfig accepted the input");
}

/** Then: `defineConfig(input)` throws a `ConfigError` at `path` with `value`, a fix, and both in its message. */
export function expectConfigErrorAt(input: unknown, path: string, value: unknown): void {
  const error = configError(input);
  expect(error.path).toBe(path);
  expect(error.value).toEqual(value);
  expect(error.fix.length).toBeGreaterThan(10);
  expect(error.message).toContain(`Fix: ${error.fix}`);
  expect(error.message).toContain(path || "(root)");
}
