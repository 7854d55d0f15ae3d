/** The overview page's widget Lambda bundle: `dist/run-widget.mjs`, built from `handler.ts`, and the most it may weigh. */
import type { LambdaBundle } from "../lambda-bundle";

/**
 * The widget's bundle and its budget: 345,680 bytes measured (the DynamoDB client, the S3 client and its presigner,
 * Powertools' logger, middy and core's page), plus 5% for the SDK's patch releases, rounded up to 365,000.
 *
 * @example
 * statSync(`dist/${RUN_WIDGET_BUNDLE.name}.mjs`).size <= RUN_WIDGET_BUNDLE.budgetBytes; // true
 */
export const RUN_WIDGET_BUNDLE: LambdaBundle = {
  name: "run-widget",
  entry: "src/functions/run-widget/handler.ts",
  budgetBytes: 365_000,
};
