import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { defineConfig } from "tsup";
import { base } from "../../tooling/tsup.base";
import { LAMBDA_BUNDLE_DIRECTORY, LAMBDA_BUNDLES } from "./src/lambda-bundles";
import { TEARDOWN_CHECK_FILE } from "./src/teardown-buildspec";

// The Lambda bundles are this package's own assets: the build copies them from @tributary/cloner (a build-time
// input only, through its public `./handler.mjs` and `./notifier.mjs` exports), so installing the constructs
// installs none of the Lambdas' runtime dependencies.
function copyLambdaBundles(): void {
  const require = createRequire(import.meta.url);
  const target = join(import.meta.dirname, LAMBDA_BUNDLE_DIRECTORY);
  mkdirSync(target, { recursive: true });
  for (const file of Object.values(LAMBDA_BUNDLES)) {
    copyFileSync(require.resolve(`@tributary/cloner/${file}`), join(target, file));
  }
}

// `dist` is emptied by the build script: with two builds running side by side, tsup's `clean` would race.
export default defineConfig([
  { ...base, clean: false, entry: ["src/index.ts"], onSuccess: async () => copyLambdaBundles() },
  // The teardown build's check, built from core: one small ESM file with core's ownership rule inside, which the
  // teardown buildspec carries (CodeBuild's standard image 7.0 runs Node 18 and 20).
  {
    entry: { [TEARDOWN_CHECK_FILE.replace(/\.mjs$/, "")]: "src/teardown-check-cli.ts" },
    format: ["esm"],
    outExtension: () => ({ js: ".mjs" }),
    platform: "node",
    target: "node18",
    noExternal: [/.*/],
    minify: true,
    treeshake: true,
    splitting: false,
    sourcemap: false,
    dts: false,
    clean: false,
  },
]);
