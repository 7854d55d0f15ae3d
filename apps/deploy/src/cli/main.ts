/** The `tributary` CLI: argument parsing, dispatch to `explain` and `plan`, readable errors and exit codes. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  ConfigError,
  EventError,
  PULL_REQUEST_STATE_CHANGE,
  REPOSITORY_STATE_CHANGE,
  SCHEDULED_EVENT,
} from "@tributary/core";
import { ConfigFileError, DEFAULT_CONFIG_PATH, loadConfig } from "../load-config";
import { approvalRuleCommandsFor, formatApprovalRuleCommands } from "./approval-rule";
import { EXAMPLE_EVENTS, exampleKindsHelp, isExampleKind } from "./examples";
import { explain, formatExplanation } from "./explain";
import { formatPlan, plan } from "./plan";
import { RunsInputError } from "./runs-input-error";

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
  /** Whether stdout is a terminal: `runs` colours its states only then. @default false */
  readonly color?: boolean;
  /** The environment `runs` reads AWS credentials, region and endpoint from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
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
  explain <branch>          Kind, route, pipeline and stack names, approval, variables and tags of a branch,
                            each derived name with why it reads so
                            (e.g. develop, main, feature/login, release/1.2.0, refs/heads/hotfix/1.2.1)
  plan <event.json>         The actions the cloner would take for one event file (- reads stdin)
  plan --example <kind>     Print a valid sample event of <kind> for this config, to save and edit
  approval-rule             The aws commands that create the merge gate's approval rule template and associate it
                            with the repository, for a deployer who may not (approvals.pullRequestRule: false)
  runs                      The run history (needs AWS credentials): the latest run of every live branch and pull
                            request; with --branch, that branch's runs, newest first

Event files:
  One EventBridge event as JSON, exactly as EventBridge delivers it to the cloner: the envelope (version, id,
  detail-type, source, account, time, region, resources) and its detail. The cloner handles
    - source "aws.codecommit", detail-type "${REPOSITORY_STATE_CHANGE}":
      detail.event referenceCreated | referenceUpdated | referenceDeleted, with repositoryName, referenceType
      ("branch"; tags are ignored), referenceName ("feature/login" or "refs/heads/feature/login") and commitId
      (oldCommitId for a deletion);
    - source "aws.codecommit", detail-type "${PULL_REQUEST_STATE_CHANGE}":
      detail.event pullRequestCreated | pullRequestSourceBranchUpdated | pullRequestStatusChanged |
      pullRequestMergeStatusUpdated, with repositoryNames, pullRequestId, pullRequestStatus (Open | Closed),
      isMerged ("True" | "False"), sourceReference, destinationReference, sourceCommit, destinationCommit;
    - source "aws.events", detail-type "${SCHEDULED_EVENT}": a reconcile.
  A malformed event is reported with every bad field at once, each with its fix. Sample kinds:
${exampleKindsHelp()}

Options:
  -c, --config <file>       Config file (default: apps/deploy/tributary.config.ts)
      --example <kind>      With plan: print the sample event of <kind> instead of reading a file
      --json                Print machine-readable JSON instead of text
      --branch <branch>     With runs: that branch's runs
      --env <environment>   With runs: only this environment's
      --failed              With runs: only failed runs (without --branch: sources whose latest run failed)
      --limit <n>           With runs --branch: how many runs (default 20, at most 500)
  -h, --help                Show this help

Exit codes: 0 success, 1 bad input (missing file, bad JSON, bad event, bad config) or AWS refused the read, 2 bad usage.

Examples:
  pnpm tributary explain feature/login
  pnpm tributary plan --example pull-request-created > event.json
  pnpm tributary plan event.json --json
  pnpm tributary explain main --config other.config.ts
  pnpm tributary approval-rule
  pnpm tributary runs --env qa --failed
  pnpm tributary runs --branch feature/login --json | jq '.runs[0].state'`;

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
      error instanceof InputError ||
      error instanceof RunsInputError ||
      error instanceof AwsReadError
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
  if (command === "runs") return runs(args, values, io);
  if (command !== "runs" && (values.branch ?? values.env ?? values.failed ?? values.limit) !== undefined) {
    throw new UsageError("`--branch`, `--env`, `--failed` and `--limit` go with `runs`");
  }
  if (command === "approval-rule") {
    if (args.length > 0)
      throw new UsageError(`unexpected argument "${args[0]}": \`approval-rule\` takes none`);
    if (values.example !== undefined)
      throw new UsageError("`--example` goes with `plan`: `plan --example <kind>`");
    const configPath = values.config === undefined ? DEFAULT_CONFIG_PATH : resolve(io.cwd, values.config);
    const { tributary, app } = await loadConfig(configPath);
    const result = approvalRuleCommandsFor(tributary, app.region);
    io.stdout(values.json === true ? JSON.stringify(result, null, 2) : formatApprovalRuleCommands(result));
    return EXIT.ok;
  }
  if (command !== "explain" && command !== "plan") {
    throw new UsageError(
      `unknown command "${command}": use \`explain <branch>\`, \`plan <event.json>\`, \`approval-rule\` or \`runs\``,
    );
  }
  if (values.example !== undefined) {
    if (command !== "plan") throw new UsageError("`--example` goes with `plan`: `plan --example <kind>`");
    if (args.length > 0)
      throw new UsageError(`unexpected argument "${args[0]}": \`plan --example <kind>\` reads no file`);
    if (!isExampleKind(values.example)) {
      throw new UsageError(
        `unknown example "${values.example}": use one of ${Object.keys(EXAMPLE_EVENTS).join(", ")}`,
      );
    }
    const configPath = values.config === undefined ? DEFAULT_CONFIG_PATH : resolve(io.cwd, values.config);
    const { tributary } = await loadConfig(configPath);
    io.stdout(JSON.stringify(EXAMPLE_EVENTS[values.example].build(tributary), null, 2));
    return EXIT.ok;
  }
  const [target, ...extra] = args;
  if (target === undefined) {
    throw new UsageError(
      command === "explain"
        ? "`explain` needs a branch, e.g. `explain feature/login`"
        : "`plan` needs an event file, e.g. `plan event.json`, or `plan --example branch-created` for a sample",
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
        example: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        branch: { type: "string" },
        env: { type: "string" },
        failed: { type: "boolean" },
        limit: { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** AWS refused or failed the read (no credentials, no table, access denied), with what to check. */
class AwsReadError extends Error {
  override readonly name = "AwsReadError";
}

async function runs(
  args: readonly string[],
  values: ReturnType<typeof parse>["values"],
  io: CliIo,
): Promise<number> {
  if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}": \`runs\` takes options only`);
  if (values.example !== undefined)
    throw new UsageError("`--example` goes with `plan`: `plan --example <kind>`");
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new UsageError(`--limit ${values.limit} is not a whole number from 1 to 500`);
  }
  if (values.limit !== undefined && values.branch === undefined) {
    throw new UsageError("`--limit` goes with `--branch`: the live view shows every live branch");
  }
  const configPath = values.config === undefined ? DEFAULT_CONFIG_PATH : resolve(io.cwd, values.config);
  const { tributary, app } = await loadConfig(configPath);
  // Loaded here: the AWS SDK it brings would slow down every other command.
  const { formatRuns, listRuns, runsStore } = await import("./runs");
  const store = runsStore(tributary, app.region, io.env ?? process.env);
  let result: Awaited<ReturnType<typeof listRuns>>;
  try {
    result = await listRuns(
      tributary,
      {
        ...(values.branch === undefined ? {} : { branch: values.branch }),
        ...(values.env === undefined ? {} : { environment: values.env }),
        failedOnly: values.failed === true,
        limit,
      },
      store,
    );
  } catch (error) {
    if (error instanceof RunsInputError) throw error;
    const name = error instanceof Error ? error.name : "Error";
    const message = error instanceof Error ? error.message : String(error);
    throw new AwsReadError(
      `could not read the run history table ${store.tableName} (${name}: ${message}). Fix: sign in to the account the CI/CD stack is deployed in (aws configure, or AWS_PROFILE) with dynamodb:Query on the table and kms:Decrypt on its key, in its region (AWS_REGION).`,
    );
  } finally {
    store.dynamo.destroy();
  }
  io.stdout(
    values.json === true
      ? JSON.stringify(result, null, 2)
      : formatRuns(result, { color: io.color === true, now: new Date().toISOString() }),
  );
  return EXIT.ok;
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
        ? `event file ${file} does not exist. Fix: Pass the path of an EventBridge event saved as JSON; \`tributary plan --example <kind>\` prints one (see \`tributary --help\`).`
        : `cannot read event file ${file} (${(error as Error).message})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `event file ${file} is not valid JSON (${(error as Error).message}). Fix: Save the event exactly as EventBridge delivers it; \`tributary plan --example <kind>\` prints a valid one.`,
    );
  }
}
