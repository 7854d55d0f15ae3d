/**
 * The Lambda bundles this package carries (`dist/lambda/handler.mjs`, `notifier.mjs`, `github-webhook.mjs` and
 * `run-widget.mjs`, built by `@tributary/cloner` and copied here by the build) as Lambda code assets.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { packagePath } from "../package-directory.js";
import { LAMBDA_BUNDLE_DIRECTORY, LAMBDA_BUNDLES } from "./lambda-bundles.js";

/** `dist/lambda/` of this package. */
function bundleDirectory(): string {
  return packagePath(LAMBDA_BUNDLE_DIRECTORY);
}

/** One bundle file of `directory` as an asset holding only that file; throws when it has not been built. */
function bundleCode(file: string, directory: string): lambda.Code {
  if (!existsSync(join(directory, file))) {
    throw new Error(
      `Tributary: the Lambda bundle ${join(directory, file)} does not exist. Fix: run \`pnpm turbo build\` (it builds @tributary/cloner, then copies its bundles into @tributary/constructs), or pass the code prop.`,
    );
  }
  return lambda.Code.fromAsset(directory, { exclude: ["*", `!${file}`] });
}

/**
 * The cloner bundle (`dist/lambda/handler.mjs` of this package, or `handler.mjs` of `directory`) as a Lambda
 * asset holding only `handler.mjs`; throws when the bundle has not been built.
 *
 * @example
 * new lambda.Function(this, "Fn", { code: clonerBundleCode(), handler: "handler.handler", ... });
 */
export function clonerBundleCode(directory = bundleDirectory()): lambda.Code {
  return bundleCode(LAMBDA_BUNDLES.cloner, directory);
}

/**
 * The notifier bundle (`dist/lambda/notifier.mjs` of this package, or `notifier.mjs` of `directory`) as a
 * Lambda asset holding only `notifier.mjs`; throws when the bundle has not been built.
 *
 * @example
 * new lambda.Function(this, "Fn", { code: notifierBundleCode(), handler: "notifier.handler", ... });
 */
export function notifierBundleCode(directory = bundleDirectory()): lambda.Code {
  return bundleCode(LAMBDA_BUNDLES.notifier, directory);
}

/**
 * The GitHub webhook bundle (`dist/lambda/github-webhook.mjs` of this package, or `github-webhook.mjs` of
 * `directory`) as a Lambda asset holding only that file; throws when the bundle has not been built.
 *
 * @example
 * new lambda.Function(this, "Fn", { code: gitHubWebhookBundleCode(), handler: "github-webhook.handler", ... });
 */
export function gitHubWebhookBundleCode(directory = bundleDirectory()): lambda.Code {
  return bundleCode(LAMBDA_BUNDLES.gitHubWebhook, directory);
}

/**
 * The overview page's widget bundle (`dist/lambda/run-widget.mjs` of this package, or `run-widget.mjs` of `directory`)
 * as a Lambda asset holding only `run-widget.mjs`; throws when the bundle has not been built.
 *
 * @example
 * new lambda.Function(this, "Fn", { code: runWidgetBundleCode(), handler: "run-widget.handler", ... });
 */
export function runWidgetBundleCode(directory = bundleDirectory()): lambda.Code {
  return bundleCode(LAMBDA_BUNDLES.runWidget, directory);
}
