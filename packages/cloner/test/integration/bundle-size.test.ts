import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUNDLE } from "./cloner-process";

/**
 * The cloner bundle's budget: 450 KB as esbuild and Lambda's console count them (KiB, 1,024 bytes). It keeps the
 * cold start short; `@aws-sdk/client-s3` alone would add about 200 KB, so preview.json is read with the signer the
 * other clients bundle (`read-preview.ts`).
 */
const BUDGET_BYTES = 450 * 1024;

describe("the cloner bundle", () => {
  it("given the built handler.mjs, when measured, then it stays within its 450 KB budget", () => {
    expect(statSync(BUNDLE).size).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
