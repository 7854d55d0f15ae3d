/** Where this package keeps the Lambda bundles it carries (copied from `@tributary/cloner` at build time). */

/**
 * The folder of this package that holds the Lambda bundles, relative to the package root.
 *
 * @example
 * join(packageRoot, LAMBDA_BUNDLE_DIRECTORY, LAMBDA_BUNDLES.cloner); // …/dist/lambda/handler.mjs
 */
export const LAMBDA_BUNDLE_DIRECTORY = "dist/lambda";

/**
 * The bundle file of each Lambda: the name `@tributary/cloner` exports it under and the file name in
 * `LAMBDA_BUNDLE_DIRECTORY` (the function's handler is `<file without .mjs>.handler`).
 *
 * @example
 * LAMBDA_BUNDLES.notifier; // "notifier.mjs"
 */
export const LAMBDA_BUNDLES = {
  cloner: "handler.mjs",
  notifier: "notifier.mjs",
  gitHubWebhook: "github-webhook.mjs",
  runWidget: "run-widget.mjs",
} as const;
