import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUNDLE, HANDLER_BUNDLE_BUDGET_BYTES } from "./cloner-process";

describe("the cloner bundle", () => {
  it("given the built dist/handler.mjs, then it weighs no more than its 450 KB budget", () => {
    const bytes = statSync(BUNDLE).size;

    console.log(
      `dist/handler.mjs: ${bytes.toLocaleString("en")} bytes of ${HANDLER_BUNDLE_BUDGET_BYTES.toLocaleString("en")}`,
    );
    expect(bytes).toBeLessThanOrEqual(HANDLER_BUNDLE_BUDGET_BYTES);
  });
});
