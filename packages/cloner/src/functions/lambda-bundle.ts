/** What each function folder declares about its Lambda: the entry tsup bundles, the file it writes, its size budget. */

/**
 * One Lambda's bundle. `tsup.config.ts` builds every one into `dist/<name>.mjs` (the package exports it as
 * `./<name>.mjs`), and `test/integration/bundle-budget.test.ts` holds each to its budget.
 *
 * @example
 * const bundle: LambdaBundle = { name: "handler", entry: "src/functions/cloner/handler.ts", budgetBytes: 450_000 };
 */
export interface LambdaBundle {
  /** The bundle's file name without `.mjs`; `<name>.handler` is the Lambda's handler setting. */
  readonly name: string;
  /** The entry module, from the package root. */
  readonly entry: string;
  /** The most bytes `dist/<name>.mjs` may weigh: a cold start loads all of it. */
  readonly budgetBytes: number;
}
