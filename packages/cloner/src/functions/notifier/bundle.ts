/** The notifier Lambda's bundle: `dist/notifier.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The notifier's bundle and its budget: 537,388 bytes measured with `@aws-sdk/client-s3` (the preview read) and
 * `@aws-sdk/client-dynamodb` (the run history; 475,606 without it) inside, plus 5% for the SDK's patch releases,
 * rounded up to 565,000.
 *
 * @example
 * statSync(`dist/${NOTIFIER_BUNDLE.name}.mjs`).size <= NOTIFIER_BUNDLE.budgetBytes; // true
 */
export const NOTIFIER_BUNDLE: LambdaBundle = {
  name: "notifier",
  entry: "src/functions/notifier/handler.ts",
  budgetBytes: 565_000,
};
