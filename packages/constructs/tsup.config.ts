import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { build, defineConfig } from "tsup";
import { base } from "../../tooling/tsup.base";
import type { BuildspecProgram } from "./src/buildspec-program";
import { PREVIEW_PROGRAM } from "./src/environment-pipeline/preview/preview-program-file";
import { LAMBDA_BUNDLE_DIRECTORY, LAMBDA_BUNDLES } from "./src/lambda/lambda-bundles";
import { TEARDOWN_PROGRAM } from "./src/stack-teardown/teardown-program-file";

// The Lambda bundles are this package's own assets: the build copies them from @tributary/cloner (a build-time
// input only, through its public `./<bundle>.mjs` exports, one per LAMBDA_BUNDLES entry), so installing the constructs
// installs none of the Lambdas' runtime dependencies.
function copyLambdaBundles(): void {
  const require = createRequire(import.meta.url);
  const target = join(import.meta.dirname, LAMBDA_BUNDLE_DIRECTORY);
  mkdirSync(target, { recursive: true });
  for (const file of Object.values(LAMBDA_BUNDLES)) {
    copyFileSync(require.resolve(`@tributary/cloner/${file}`), join(target, file));
  }
}

// The buildspecs' Node programs (the Preview step's, the teardown's check): core bundled in, one minified file each
// that a buildspec inlines (CodeBuild's standard images carry Node 18 and later). Built after the main entry, whose
// clean would remove them.
async function buildProgram(program: BuildspecProgram): Promise<void> {
  await build({
    entry: { [basename(program.file, ".mjs")]: program.entry },
    outDir: dirname(program.file),
    format: ["esm"],
    outExtension: () => ({ js: ".mjs" }),
    platform: "node",
    target: "node18",
    noExternal: [/.*/],
    minify: true,
    treeshake: true,
    splitting: false,
    dts: false,
    sourcemap: false,
    clean: false,
    silent: true,
    config: false,
  });
}

export default defineConfig({
  ...base,
  entry: ["src/index.ts"],
  onSuccess: async () => {
    copyLambdaBundles();
    for (const program of [PREVIEW_PROGRAM, TEARDOWN_PROGRAM]) await buildProgram(program);
  },
});
