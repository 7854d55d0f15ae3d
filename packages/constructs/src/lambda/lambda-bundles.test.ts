import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LAMBDA_BUNDLE_DIRECTORY, LAMBDA_BUNDLES } from "./lambda-bundles.js";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);

describe("the Lambda bundles this package carries", () => {
  it.each(Object.entries(LAMBDA_BUNDLES))(
    "given the build, when the %s bundle is read from dist/lambda, then it is @tributary/cloner's export of the same name byte for byte",
    (_lambda, file) => {
      const carried = readFileSync(join(packageDir, LAMBDA_BUNDLE_DIRECTORY, file));

      const built = readFileSync(require.resolve(`@tributary/cloner/${file}`));

      expect(carried.equals(built)).toBe(true);
    },
  );
});
