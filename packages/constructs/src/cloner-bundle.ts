/** The Lambda bundles of `@tributary/cloner` (`dist/handler.mjs`, `dist/notifier.mjs`, `dist/run-widget.mjs`) as Lambda code assets. */

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as lambda from "aws-cdk-lib/aws-lambda";

/** `dist/` of the installed `@tributary/cloner` package. */
function clonerDistDirectory(): string {
  return join(dirname(createRequire(import.meta.url).resolve("@tributary/cloner/package.json")), "dist");
}

/** One bundle file of `directory` as an asset holding only that file; throws when it has not been built. */
function bundleCode(file: string, directory: string): lambda.Code {
  if (!existsSync(join(directory, file))) {
    throw new Error(
      `Tributary: the @tributary/cloner bundle ${join(directory, file)} does not exist. Fix: run \`pnpm turbo build\` (it builds @tributary/cloner first), or pass the code prop.`,
    );
  }
  return lambda.Code.fromAsset(directory, { exclude: ["*", `!${file}`] });
}

/**
 * The cloner bundle (`dist/handler.mjs` of the installed `@tributary/cloner`, or of `directory`) as a Lambda
 * asset holding only `handler.mjs`; throws when the bundle has not been built.
 *
 * @example
 * new lambda.Function(this, "Fn", { code: clonerBundleCode(), handler: "handler.handler", ... });
 */
export function clonerBundleCode(directory = clonerDistDirectory()): lambda.Code {
  return bundleCode("handler.mjs", directory);
}

/**
 * The notifier bundle (`dist/notifier.mjs` of the installed `@tributary/cloner`, or of `directory`) as a Lambda
 * asset holding only `notifier.mjs`; throws when the bundle has not been built.
 *
 * @example
 * new lambda.Function(this, "Fn", { code: notifierBundleCode(), handler: "notifier.handler", ... });
 */
export function notifierBundleCode(directory = clonerDistDirectory()): lambda.Code {
  return bundleCode("notifier.mjs", directory);
}

/**
 * The overview page's widget bundle (`dist/run-widget.mjs` of the installed `@tributary/cloner`, or of `directory`) as
 * a Lambda asset holding only `run-widget.mjs`; throws when the bundle has not been built.
 *
 * @example
 * new lambda.Function(this, "Fn", { code: runWidgetBundleCode(), handler: "run-widget.handler", ... });
 */
export function runWidgetBundleCode(directory = clonerDistDirectory()): lambda.Code {
  return bundleCode("run-widget.mjs", directory);
}
