/** The notifier Lambda's bundle: `dist/notifier.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The notifier's bundle and its budget: 579,981 bytes measured with GitHub's comments and commit status
 * (`@aws-sdk/client-secrets-manager` and the GitHub client; 513,297 without them) and the run history
 * (`@aws-sdk/client-dynamodb`) inside, with `@aws-sdk/client-s3` for the preview read, plus 5% for the SDK's patch
 * releases, rounded up to 610,000.
 *
 * @example
 * statSync(`dist/${NOTIFIER_BUNDLE.name}.mjs`).size <= NOTIFIER_BUNDLE.budgetBytes; // true
 */
export const NOTIFIER_BUNDLE: LambdaBundle = {
  name: "notifier",
  entry: "src/functions/notifier/handler.ts",
  budgetBytes: 610_000,
};
