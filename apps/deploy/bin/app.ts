/**
 * The CDK app entry point (`cdk.json`: `node --import tsx bin/app.ts`). Validates `tributary.config.ts` as
 * `tributary validate` does (the TypeScript type check, then core's `defineConfig`), prints the summary of what
 * will exist to stderr, and synthesizes. A bad config prints each problem (no stack trace) and exits 1.
 */
import { ConfigError } from "@tributary/core";
import { createApp } from "../src/app";
import { ConfigFileError, DEFAULT_CONFIG_PATH } from "../src/load-config";
import { formatSummary } from "../src/summary";
import { ConfigProblemsError, validateConfigFile } from "../src/validate-config";

try {
  const config = await validateConfigFile(process.env.TRIBUTARY_CONFIG_FILE ?? DEFAULT_CONFIG_PATH);
  const { app, summary } = createApp(config);
  process.stderr.write(formatSummary(summary));
  app.synth();
} catch (error) {
  if (
    error instanceof ConfigError ||
    error instanceof ConfigFileError ||
    error instanceof ConfigProblemsError
  ) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
