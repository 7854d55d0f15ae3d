/** Every Lambda of the package, one per folder of `functions/`: a new function adds its folder and one entry here. */
import { CLONER_BUNDLE } from "./cloner/bundle";
import { GITHUB_WEBHOOK_BUNDLE } from "./github-webhook/bundle";
import type { LambdaBundle } from "./lambda-bundle";
import { NOTIFIER_BUNDLE } from "./notifier/bundle";
import { RUN_WIDGET_BUNDLE } from "./run-widget/bundle";

/**
 * The bundles `tsup.config.ts` builds and the bundle-budget test checks.
 *
 * @example
 * Object.fromEntries(LAMBDA_BUNDLES.map((bundle) => [bundle.name, bundle.entry])); // tsup's entries
 */
export const LAMBDA_BUNDLES: readonly LambdaBundle[] = [
  CLONER_BUNDLE,
  NOTIFIER_BUNDLE,
  GITHUB_WEBHOOK_BUNDLE,
  RUN_WIDGET_BUNDLE,
];
