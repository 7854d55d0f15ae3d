/** The `tributary` CLI: argument parsing, dispatch to `explain` and `plan`, readable errors and exit codes. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, EventError } from "@tributary/core";
import { ConfigFileError, DEFAULT_CONFIG_PATH, loadConfig } from "../load-config";
import { explain, formatExplanation } from "./explain";
import { formatPlan, plan } from "./plan";

/**
 * Exit codes: 0 success, 1 bad input (file, JSON, event, config), 2 bad usage (command or arguments).
 *
 * @example
 * process.exitCode = await main(["plan", "missing.json"], io); // EXIT.badInput
 */
export const EXIT = { ok: 0, badInput: 1, usage: 2 } as const;

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  /** Receives normal output (one call per block, without trailing newline). */
  readonly stdout: (text: string) => void;
  /** Receives errors. */
  readonly stderr: (text: string) => void;
  /** Directory that relative paths (`--config`, the event file) resolve against. */
  readonly cwd: string;
  /** Reads standard input, for `plan -`. */
  readonly readStdin?: () => string;
}

/**
 * The text `--help` prints.
 *
 * @example
 * await main(["--help"], io); // io.stdout(HELP)
 */
export const HELP = `Usage: tributary <command> [options]

Explains how Tributary routes branches and what its cloner does with events, from the config alone
(no AWS access).

Commands:
  explain <branch>      Kind, route, pipeline and stack names, approval and variables of a branch
                        (e.g. develop, main, feature/login, release/1.2.0, refs/heads/hotfix/1.2.1)
  plan <event.json>     The actions the cloner would take for an EventBridge event
                        (a CodeCommit branch or pull-request event, or a scheduled event; - reads stdin)

Options:
  -c, --config <file>   Config file (default: apps/deploy/tributary.config.ts)
      --json            Print machine-readable JSON instead of text
  -h, --help            Show this help

Exit codes: 0 success, 1 bad input (missing file, bad JSON, bad event, bad config), 2 bad usage.

Examples:
  pnpm tributary explain feature/login
  pnpm tributary plan event.json --json
  pnpm tributary explain main --config other.config.ts`;

class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Input that is not there or not readable (the event file). */
class InputError extends Error {
  override readonly name = "InputError";
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code.
 *
 * @example
 * const code = await main(["explain", "feature/login", "--json"], {
 *   stdout: (text) => console.log(text),
 *   stderr: (text) => console.error(text),
 *   cwd: process.cwd(),
 * });
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`tributary: ${error.message}\nRun \`tributary --help\` for usage.`);
      return EXIT.usage;
    }
    if (
      error instanceof ConfigError ||
      error instanceof ConfigFileError ||
      error instanceof EventError ||
      error instanceof InputError
    ) {
      io.stderr(`tributary: ${error.message}`);
      return EXIT.badInput;
    }
    throw error;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help === true) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const [command, ...args] = positionals;
  if (command === undefined)
    throw new UsageError("missing command: use `explain <branch>` or `plan <event.json>`");
  if (command !== "explain" && command !== "plan") {
    throw new UsageError(`unknown command "${command}": use \`explain <branch>\` or \`plan <event.json>\``);
  }
  const [target, ...extra] = args;
  if (target === undefined) {
    throw new UsageError(
      command === "explain"
        ? "`explain` needs a branch, e.g. `explain feature/login`"
        : "`plan` needs an event file, e.g. `plan event.json`",
    );
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" after "${target}"`);

  const configPath = values.config === undefined ? DEFAULT_CONFIG_PATH : resolve(io.cwd, values.config);
  const { tributary } = await loadConfig(configPath);
  const json = values.json === true;

  if (command === "explain") {
    const explanation = explain(tributary, target);
    io.stdout(json ? JSON.stringify(explanation, null, 2) : formatExplanation(explanation));
    return EXIT.ok;
  }
  const output = plan(tributary, readEvent(target, io));
  io.stdout(json ? JSON.stringify(output, null, 2) : formatPlan(tributary, output));
  return EXIT.ok;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: "string", short: "c" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function readEvent(target: string, io: CliIo): unknown {
  const fromStdin = target === "-";
  const file = fromStdin ? "<stdin>" : resolve(io.cwd, target);
  let text: string;
  try {
    text = fromStdin ? (io.readStdin ?? (() => readFileSync(0, "utf8")))() : readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT"
        ? `event file ${file} does not exist. Fix: Pass the path of an EventBridge event saved as JSON.`
        : `cannot read event file ${file} (${(error as Error).message})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `event file ${file} is not valid JSON (${(error as Error).message}). Fix: Save the event exactly as EventBridge delivers it.`,
    );
  }
}
