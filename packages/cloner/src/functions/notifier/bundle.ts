/** The notifier Lambda's bundle: `dist/notifier.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The notifier's bundle and its budget: 513,297 bytes measured with GitHub's comments and commit status inside
 * (`@aws-sdk/client-secrets-manager` for the credentials and the GitHub client; 476,173 before them, with
 * `@aws-sdk/client-s3` for the preview read), plus 5% for the SDK's patch releases, rounded up to 540,000.
 *
 * @example
 * statSync(`dist/${NOTIFIER_BUNDLE.name}.mjs`).size <= NOTIFIER_BUNDLE.budgetBytes; // true
 */
export const NOTIFIER_BUNDLE: LambdaBundle = {
  name: "notifier",
  entry: "src/functions/notifier/handler.ts",
  budgetBytes: 540_000,
};
