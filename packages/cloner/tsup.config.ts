import { defineConfig } from "tsup";
import { base } from "../../tooling/tsup.base";
import { LAMBDA_BUNDLES } from "./src/functions/bundles";

/** Lambda runtime the bundle targets (`nodejs24.x`). */
const LAMBDA_TARGET = "node24";

// `dist` is emptied by the build script: with two builds running side by side, tsup's `clean` would race.
export default defineConfig([
  // The library: executor, clone declaration and failure classifier, for reuse and tests. Dependencies stay external.
  { ...base, clean: false, entry: ["src/index.ts"] },
  // The Lambda bundles (one per folder of src/functions/: the cloner, the notifier and the overview page's widget): one minified ESM file each with the AWS SDK, Powertools and core inside, so the function
  // never depends on the SDK version the runtime happens to ship.
  {
    entry: Object.fromEntries(LAMBDA_BUNDLES.map((bundle) => [bundle.name, bundle.entry])),
    format: ["esm"],
    outExtension: () => ({ js: ".mjs" }),
    platform: "node",
    target: LAMBDA_TARGET,
    noExternal: [/.*/],
    minify: true,
    splitting: false,
    treeshake: true,
    sourcemap: false,
    dts: false,
    clean: false,
    // Lambda gives the function its role's credentials in the environment: the SDK's default chain (profiles, SSO,
    // web identity, metadata services, with their STS and SSO clients) is replaced by the environment provider.
    esbuildOptions(options) {
      options.alias = { "@aws-sdk/credential-provider-node": "./src/aws/lambda-credentials.ts" };
    },
    // No `createRequire` banner: every bundled dependency ships ESM, and the bundle contains no `require` call.
  },
]);
