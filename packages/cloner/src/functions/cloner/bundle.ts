/** The cloner Lambda's bundle: `dist/handler.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The cloner's bundle and its budget: the SDK clients it calls, Powertools, middy and core, minified, with the
 * environment-only credential provider. 467,195 bytes measured with `@aws-sdk/client-eventbridge` inside (a
 * reconcile's continuation and the pull requests' idle notices; 435,621 before it, within the 450 KB that issue 11
 * set), plus 5% for the SDK's patch releases, rounded up to 495,000.
 *
 * @example
 * statSync(`dist/${CLONER_BUNDLE.name}.mjs`).size <= CLONER_BUNDLE.budgetBytes; // true
 */
export const CLONER_BUNDLE: LambdaBundle = {
  name: "handler",
  entry: "src/functions/cloner/handler.ts",
  budgetBytes: 495_000,
};
