/** The context of `cdk.json` (feature flags), so `createApp` builds the same app under tests as under `cdk synth`. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `apps/deploy/cdk.json`.
 *
 * @example
 * cdkJsonContext(CDK_JSON_PATH)["cli-telemetry"]; // false
 */
export const CDK_JSON_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "..", "cdk.json");

/**
 * Reads the `context` of `cdk.json`: the feature flags recommended by aws-cdk-lib 2.276, pinned there so that an
 * upgrade never changes resources silently. The CDK CLI passes the same values to the app; tests get them here.
 *
 * @example
 * new App({ context: cdkJsonContext() });
 */
export function cdkJsonContext(path: string = CDK_JSON_PATH): Record<string, unknown> {
  const parsed = JSON.parse(readFileSync(path, "utf8")) as { context?: Record<string, unknown> };
  return parsed.context ?? {};
}
