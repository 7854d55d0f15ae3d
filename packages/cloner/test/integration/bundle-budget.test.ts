import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LAMBDA_BUNDLES } from "../../src/functions/bundles";
import { bundlePath } from "./cloner-process";

describe("the Lambda bundles", () => {
  it.each(LAMBDA_BUNDLES.map((bundle) => [bundle.name, bundle] as const))(
    "given the built dist/%s.mjs, then it weighs no more than its function's budget",
    (name, bundle) => {
      const bytes = statSync(bundlePath(bundle)).size;

      console.log(
        `dist/${name}.mjs: ${bytes.toLocaleString("en")} bytes of ${bundle.budgetBytes.toLocaleString("en")}`,
      );
      expect(bytes).toBeLessThanOrEqual(bundle.budgetBytes);
    },
  );
});
