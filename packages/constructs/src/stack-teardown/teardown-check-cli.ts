/** The entry of `dist/scripts/teardown-check.mjs` (see `teardown-check.ts`): runs the check and sets the exit code. */
import { runTeardownCheck } from "./teardown-check.js";

process.exitCode = runTeardownCheck(process.argv.slice(2), process.env, new Date().toISOString());
