/** This package's root folder, where its build puts the files it carries (the Lambda bundles, the Preview program). */

import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * A path inside this package, resolved by the package's own name, so it is the same from `src/` and from `dist/`.
 *
 * @example
 * packagePath("dist/lambda"); // …/node_modules/@tributary/constructs/dist/lambda
 */
export function packagePath(relative: string): string {
  const packageJson = createRequire(import.meta.url).resolve("@tributary/constructs/package.json");
  return join(dirname(packageJson), relative);
}
