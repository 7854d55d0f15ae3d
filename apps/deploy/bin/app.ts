/**
 * The CDK app entry point (`cdk.json`: `node --import tsx bin/app.ts`). Loads `tributary.config.ts`, prints the
 * summary of what will exist to stderr, and synthesizes. A bad config prints core's `ConfigError` message
 * (no stack trace) and exits 1.
 */
import { ConfigError } from "@tributary/core";
import { createApp } from "../src/app";
import { ConfigFileError, loadConfig } from "../src/load-config";
import { formatSummary } from "../src/summary";

try {
  const config = await loadConfig(process.env.TRIBUTARY_CONFIG_FILE);
  const { app, summary } = createApp(config);
  process.stderr.write(formatSummary(summary));
  app.synth();
} catch (error) {
  if (error instanceof ConfigError || error instanceof ConfigFileError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
