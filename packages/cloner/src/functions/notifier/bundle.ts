/** The notifier Lambda's bundle: `dist/notifier.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The notifier's bundle and its budget: 382,305 bytes measured (Node 24, tsup 8.5.1, minified), plus about 5%.
 *
 * @example
 * statSync(`dist/${NOTIFIER_BUNDLE.name}.mjs`).size <= NOTIFIER_BUNDLE.budgetBytes; // true
 */
export const NOTIFIER_BUNDLE: LambdaBundle = {
  name: "notifier",
  entry: "src/functions/notifier/handler.ts",
  budgetBytes: 400_000,
};
