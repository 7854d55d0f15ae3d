import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  BUNDLE,
  HANDLER_BUNDLE_BUDGET_BYTES,
  RUN_WIDGET_BUNDLE,
  RUN_WIDGET_BUNDLE_BUDGET_BYTES,
} from "./cloner-process";

describe("the cloner bundle", () => {
  it("given the built dist/handler.mjs, then it weighs no more than its 450 KB budget", () => {
    const bytes = statSync(BUNDLE).size;

    console.log(
      `dist/handler.mjs: ${bytes.toLocaleString("en")} bytes of ${HANDLER_BUNDLE_BUDGET_BYTES.toLocaleString("en")}`,
    );
    expect(bytes).toBeLessThanOrEqual(HANDLER_BUNDLE_BUDGET_BYTES);
  });
});

describe("the overview page's widget bundle", () => {
  it("given the built dist/run-widget.mjs, then it weighs no more than its 260 KB budget", () => {
    const bytes = statSync(RUN_WIDGET_BUNDLE).size;

    console.log(
      `dist/run-widget.mjs: ${bytes.toLocaleString("en")} bytes of ${RUN_WIDGET_BUNDLE_BUDGET_BYTES.toLocaleString("en")}`,
    );
    expect(bytes).toBeLessThanOrEqual(RUN_WIDGET_BUNDLE_BUDGET_BYTES);
  });
});
