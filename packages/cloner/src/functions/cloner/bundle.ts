/** The cloner Lambda's bundle: `dist/handler.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The cloner's bundle and its 450 KB budget (issue 11: "the cloner bundle size ... against a 450 KB budget"; the SDK
 * clients it calls, Powertools, middy and core, minified, with the environment-only credential provider).
 *
 * @example
 * statSync(`dist/${CLONER_BUNDLE.name}.mjs`).size <= CLONER_BUNDLE.budgetBytes; // true
 */
export const CLONER_BUNDLE: LambdaBundle = {
  name: "handler",
  entry: "src/functions/cloner/handler.ts",
  budgetBytes: 450_000,
};
