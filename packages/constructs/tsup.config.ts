import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { defineConfig } from "tsup";
import { base } from "../../tooling/tsup.base";
import { LAMBDA_BUNDLE_DIRECTORY, LAMBDA_BUNDLES } from "./src/lambda-bundles";

// The Lambda bundles are this package's own assets: the build copies them from @tributary/cloner (a build-time
// input only, through its public `./handler.mjs`, `./notifier.mjs` and `./run-widget.mjs` exports), so installing
// the constructs installs none of the Lambdas' runtime dependencies.
function copyLambdaBundles(): void {
  const require = createRequire(import.meta.url);
  const target = join(import.meta.dirname, LAMBDA_BUNDLE_DIRECTORY);
  mkdirSync(target, { recursive: true });
  for (const file of Object.values(LAMBDA_BUNDLES)) {
    copyFileSync(require.resolve(`@tributary/cloner/${file}`), join(target, file));
  }
}

export default defineConfig({ ...base, entry: ["src/index.ts"], onSuccess: async () => copyLambdaBundles() });
