/** The GitHub webhook Lambda's bundle: `dist/github-webhook.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The webhook function's bundle and its budget: BUDGET_PLACEHOLDER
 *
 * @example
 * statSync(`dist/${GITHUB_WEBHOOK_BUNDLE.name}.mjs`).size <= GITHUB_WEBHOOK_BUNDLE.budgetBytes; // true
 */
export const GITHUB_WEBHOOK_BUNDLE: LambdaBundle = {
  name: "github-webhook",
  entry: "src/functions/github-webhook/handler.ts",
  budgetBytes: 1_000_000,
};
