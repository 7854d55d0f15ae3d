import type { Options } from "tsup";

/**
 * The one tsup configuration every package shares: ESM, declarations, source maps, Node.
 * A package's own `tsup.config.ts` only names its entries (and, for the Lambda, what it bundles).
 *
 * @example
 * // packages/core/tsup.config.ts
 * import { defineConfig } from "tsup";
 * import { base } from "../../tooling/tsup.base";
 * export default defineConfig({ ...base, entry: ["src/index.ts"] });
 */
export const base = {
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  platform: "node",
  target: "node24",
  splitting: false,
  treeshake: true,
} satisfies Options;
