/** The GitHub webhook Lambda's bundle: `dist/github-webhook.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The webhook function's bundle and its budget: 282,386 bytes measured (core's delivery parser, Powertools, middy,
 * `@aws-sdk/client-secrets-manager` for the webhook secret, `@aws-sdk/client-lambda` for the Invoke, the SDK's core
 * they share), plus 5% for the SDK's patch releases, rounded up to 300,000. It carries no GitHub REST client: the
 * function calls GitHub for nothing.
 *
 * @example
 * statSync(`dist/${GITHUB_WEBHOOK_BUNDLE.name}.mjs`).size <= GITHUB_WEBHOOK_BUNDLE.budgetBytes; // true
 */
export const GITHUB_WEBHOOK_BUNDLE: LambdaBundle = {
  name: "github-webhook",
  entry: "src/functions/github-webhook/handler.ts",
  budgetBytes: 300_000,
};
