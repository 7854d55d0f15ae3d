#!/usr/bin/env -S node --import tsx
/**
 * The `tributary` CLI entry point. Relative paths resolve against the directory the command was typed in
 * (`INIT_CWD`, which pnpm sets when it runs the script from the repository root).
 */
import { main } from "../src/cli/main";

// `tributary explain feature/login | head -3`: the reader may close the pipe before everything is written. Like cat
// and git, stop quietly instead of crashing on EPIPE; any other stdout error is a real failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  // Colours for a person at a terminal; none in a pipe, and none when NO_COLOR is set (no-color.org).
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
});
