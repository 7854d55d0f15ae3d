#!/usr/bin/env -S node --import tsx
/**
 * The `tributary` CLI entry point. Relative paths resolve against the directory the command was typed in
 * (`INIT_CWD`, which pnpm sets when it runs the script from the repository root).
 */
import { main } from "../src/cli/main";

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
