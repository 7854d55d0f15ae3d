/** The cloner Lambda's bundle: `dist/handler.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The cloner's bundle and its budget: 569,098 bytes measured with a GitHub source's clients inside (443,802 before
 * them, under issue 11's 450 KB budget): `@aws-sdk/client-s3` for the reconcile's kept listing pages (most of the
 * difference, as in the notifier), `@aws-sdk/client-secrets-manager` for the GitHub credentials and the GitHub client
 * and provider; plus 5% for the SDK's patch releases, rounded up to 600,000. The kept pages are what make
 * a steady-state GitHub reconcile all 304s across Lambda instances; the init time they add is in the bench.
 *
 * @example
 * statSync(`dist/${CLONER_BUNDLE.name}.mjs`).size <= CLONER_BUNDLE.budgetBytes; // true
 */
export const CLONER_BUNDLE: LambdaBundle = {
  name: "handler",
  entry: "src/functions/cloner/handler.ts",
  budgetBytes: 600_000,
};
