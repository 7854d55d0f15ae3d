/** The cloner Lambda's bundle: `dist/handler.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The cloner's bundle and its budget: the SDK clients it calls, Powertools, middy and core, minified, with the
 * environment-only credential provider. 603,724 bytes measured with a GitHub source's clients inside
 * (`@aws-sdk/client-s3` for the reconcile's kept listing pages, which make a steady-state GitHub reconcile all 304s
 * across Lambda instances; `@aws-sdk/client-secrets-manager` for the GitHub credentials; the GitHub client and
 * provider) and `@aws-sdk/client-eventbridge` (a reconcile's continuation and the pull requests' idle notices), plus
 * 5% for the SDK's patch releases, rounded up to 635,000. The init time they add is in the bench.
 *
 * @example
 * statSync(`dist/${CLONER_BUNDLE.name}.mjs`).size <= CLONER_BUNDLE.budgetBytes; // true
 */
export const CLONER_BUNDLE: LambdaBundle = {
  name: "handler",
  entry: "src/functions/cloner/handler.ts",
  budgetBytes: 635_000,
};
