/** The `tributary` CLI: argument parsing, dispatch to its commands, help, readable errors and exit codes. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import {
  ConfigError,
  EventError,
  PULL_REQUEST_STATE_CHANGE,
  REPOSITORY_STATE_CHANGE,
  SCHEDULED_EVENT,
} from "@tributary/core";
import { ConfigFileError, DEFAULT_CONFIG_PATH, loadConfig } from "../load-config";
import { stackNames } from "../names";
import { ConfigProblemsError, validateConfigFile } from "../validate-config";
import { approvalRuleCommandsFor, formatApprovalRuleCommands } from "./approval-rule";
import { EXAMPLE_EVENTS, exampleKindsHelp, isExampleKind } from "./examples";
import { explain, formatExplanation } from "./explain";
import {
  createWebhook,
  GITHUB_EXAMPLES,
  GitHubCommandError,
  gitHubSourceOf,
  planGitHubDelivery,
  protectionCommands,
  webhookCommands,
} from "./github";
import { formatKept, KeepError, keepStack, parseKeepDays } from "./keep";
import { formatPlan, plan } from "./plan";
import { RunsInputError } from "./runs-input-error";

/**
 * Exit codes: 0 success, 1 bad input (file, JSON, event, config), 2 bad usage (command or arguments), 70 an
 * internal error (a bug in Tributary; `EX_SOFTWARE` of sysexits.h).
 *
 * @example
 * process.exitCode = await main(["plan", "missing.json"], io); // EXIT.badInput
 */
export const EXIT = { ok: 0, badInput: 1, usage: 2, internal: 70 } as const;

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
  /**
   * The environment `runs` and `doctor` read AWS credentials, region and endpoints from, and `github webhook` its
   * `TRIBUTARY_GITHUB_API_URL`. @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The CodePipeline client `keep` calls with.
   *
   * @default - a client of the SDK's default credentials and region (AWS_PROFILE, AWS_REGION, …)
   */
  readonly codePipeline?: () => CodePipelineClient;
  /**
   * The clock `keep` counts from.
   *
   * @default - now
   */
  readonly now?: () => string;
}

const require = createRequire(import.meta.url);
const deployManifest = require("../../package.json") as {
  name: string;
  version: string;
  bugs: { url: string };
};

/**
 * Where the internal-error line asks people to report a bug: the deploy app's `bugs.url`.
 *
 * @example
 * REPORT_URL; // "https://github.com/…/issues"
 */
export const REPORT_URL = deployManifest.bugs.url;

/**
 * What `--version` prints: the CLI's version (the deploy app's), core's and Node.js's, one per line.
 *
 * @example
 * versionText(); // "tributary 0.0.0 (@tributary/deploy)\n@tributary/core 0.1.0\nNode.js v24.…"
 */
export function versionText(): string {
  const core = require("@tributary/core/package.json") as { name: string; version: string };
  return [
    `tributary ${deployManifest.version} (${deployManifest.name})`,
    `${core.name} ${core.version}`,
    `Node.js ${process.version}`,
  ].join("\n");
}

const OPTIONS_HELP = {
  config: "  -c, --config <file>       Config file (default: apps/deploy/tributary.config.ts)",
  json: "      --json                Print machine-readable JSON instead of text",
  verbose: "      --verbose             Show how every name is derived, also when it is the branch unchanged",
  example: "      --example <kind>      Print the sample event of <kind> instead of reading a file",
  gitHubEvent:
    "      --github-event <name> Read the file as the payload of a GitHub delivery of event <name> (push, pull_request)",
  token:
    "      --token <token>       Create the webhook with this GitHub token (Webhooks: write); default: print commands",
  url: "      --url <url>           With --token: the webhook's URL (the CI/CD stack's GitHubWebhookUrl output)",
  secret:
    "      --secret <secret>     With --token: the webhook's secret (tributary/<project>/github-webhook-secret)",
  branch: "      --branch <branch>     That branch's runs, newest first (a pull request: its source branch)",
  env: "      --env <environment>   Only this environment's runs",
  failed: "      --failed              Only failed runs (without --branch: sources whose latest run failed)",
  limit: "      --limit <n>           With --branch: how many runs (default 20, at most 500)",
  days: "      --days <N>            How many days from now the stack is kept (1 to 365)",
  debug: "      --debug               On an internal error, print its stack trace",
  help: "  -h, --help                Show this help",
} as const;

/** One command of the CLI: its `--help` text, whose first line is its usage. */
interface Command {
  /** The line `tributary --help` lists it with. */
  readonly summary: string;
  readonly help: string;
}

function commandHelp(
  usage: string,
  description: string,
  options: readonly (keyof typeof OPTIONS_HELP)[],
  examples: readonly string[],
): string {
  return [
    `Usage: ${usage}`,
    "",
    description,
    "",
    "Options:",
    ...options.map((option) => OPTIONS_HELP[option]),
    OPTIONS_HELP.debug,
    OPTIONS_HELP.help,
    "",
    "Examples:",
    ...examples.map((example) => `  ${example}`),
  ].join("\n");
}

/**
 * The commands, with the text `tributary <command> --help` prints.
 *
 * @example
 * await main(["plan", "--help"], io); // io.stdout(COMMANDS.plan.help)
 */
export const COMMANDS = {
  explain: {
    summary: "Kind, route, names, approval, variables and tags of a branch",
    help: commandHelp(
      "tributary explain <branch> [options]",
      `Kind, route, pipeline and stack names, approval, pipeline variables and tags of a branch, from the config
alone (no AWS access). <branch> is a branch name (develop, feature/login) or a ref (refs/heads/hotfix/1.2.1); a
name git refuses is explained, never routed. When a name or tag cannot hold the branch as it is, "Derived" says
how each was made (a slug and the branch's hash) and why; --verbose shows it for every branch.`,
      ["config", "verbose", "json"],
      [
        "pnpm tributary explain feature/login",
        "pnpm tributary explain release/1.2.0 --json",
        "pnpm tributary explain main --config other.config.ts",
        "pnpm tributary explain -- -weird   (a branch that starts with a dash)",
      ],
    ),
  },
  plan: {
    summary: "The actions the cloner would take for one event file, or a sample event",
    help: commandHelp(
      "tributary plan <event.json> [options]\n       tributary plan --github-event <name> <payload.json> [options]\n       tributary plan --example <kind> [options]",
      `The actions the cloner would take for one EventBridge event saved as JSON (- reads stdin), from the config
alone (no AWS access). Scheduled (reconcile) events need live state: the plan says so and lists no actions. A
malformed event is reported with every bad field at once, each with its fix. startExecution shows the run's
idempotency token: a redelivered event carries the same token, and CodePipeline starts no second run for it.
--github-event <name> reads the file as the body of a GitHub delivery whose X-GitHub-Event is <name> (a GitHub
source): it is planned as the webhook function and the cloner would (ping, tags and other events are ignored; a
fork's pull request gets a comment, not a clone).
--example <kind> prints a valid sample event of <kind> for this config instead, to save and edit (a github-…
kind prints a delivery's payload, for --github-event):
${exampleKindsHelp()}
\`tributary --help\` describes the event files.`,
      ["config", "gitHubEvent", "example", "json"],
      [
        "pnpm tributary plan --example pull-request-created > event.json",
        "pnpm tributary plan --example github-pull-request-opened > payload.json",
        "pnpm tributary plan --github-event pull_request payload.json",
        "pnpm tributary plan event.json",
        "pnpm tributary plan event.json --json",
        "cat event.json | pnpm tributary plan -",
      ],
    ),
  },
  "approval-rule": {
    summary: "The aws commands that apply the merge gate by hand",
    help: commandHelp(
      "tributary approval-rule [options]",
      `The aws commands that create the merge gate's approval rule template and associate it with the repository,
for a deployer who may not manage approval rule templates (approvals.pullRequestRule: false). The first
command reads the cloner role's name from the deployed CI/CD stack. --json prints
{ template, appliedByStack, commands }.`,
      ["config", "json"],
      ["pnpm tributary approval-rule", "pnpm tributary approval-rule --json"],
    ),
  },
  keep: {
    summary: "Keep an idle clone's stack N more days without a push (calls AWS)",
    help: commandHelp(
      "tributary keep <branch|pr/<id>> --days <N> [options]",
      `Keeps the stack of a branch's or pull request's clone for N days from now however idle it is: routes with
idleDays tear a stack down after that many days without a run (the clone stays; its next run deploys the stack
again), and a push restarts the clock; keep extends it without a push. Tags the clone tributary:keep-until with
your own AWS credentials and region (GetPipeline, ListTagsForResource, TagResource on the clone). --json prints
{ pipelineName, stackName, keepUntil, idleDays }.`,
      ["config", "days", "json"],
      ["pnpm tributary keep feature/login --days 14", "pnpm tributary keep pr/42 --days 3"],
    ),
  },
  github: {
    summary: "A GitHub source's webhook and branch protection",
    help: commandHelp(
      "tributary github webhook [options]\n       tributary github protection [options]",
      `For a GitHub source (source.provider "github"). \`github webhook\` prints the commands that read the
webhook's URL (the CI/CD stack's output) and secret (Secrets Manager) and create the webhook with gh (content type
json, events push and pull_request); with --token, --url and --secret it creates the webhook itself
(POST /repos/{owner}/{repo}/hooks; the token needs Webhooks: write; TRIBUTARY_GITHUB_API_URL overrides the API).
\`github protection\` prints, for main and develop, the gh api call that requires the merge gate's commit status
(tributary/<project>) in branch protection (PUT …/branches/{branch}/protection: Administration: write; it replaces
the branch's protection, so compare with \`gh api /repos/{owner}/{repo}/branches/{branch}/protection\` first).`,
      ["config", "token", "url", "secret", "json"],
      [
        "pnpm tributary github webhook",
        'pnpm tributary github webhook --token "$GITHUB_TOKEN" --url "$URL" --secret "$SECRET"',
        "pnpm tributary github protection",
      ],
    ),
  },
  validate: {
    summary: "Type-check and validate the config file (synth does the same first)",
    help: commandHelp(
      "tributary validate [options]",
      `Type-checks the config file with the workspace's TypeScript (a .ts file), then validates it with core's
defineConfig, and prints each problem with the field, the value and the fix. A type error that would run
anyway counts: a key given twice in one object (TS1117), where the later entry silently replaces the earlier.
\`pnpm turbo synth\` runs the same validation first. Prints a one-line summary of a valid config.`,
      ["config", "json"],
      ["pnpm tributary validate", "pnpm tributary validate --config other.config.ts"],
    ),
  },
  doctor: {
    summary: "Whether the CI/CD stack and the target stacks are deployed (AWS credentials)",
    help: commandHelp(
      "tributary doctor [options]",
      `Checks, with the AWS credentials of the environment (AWS_PROFILE, AWS_REGION…; cloudformation:DescribeStacks
and sts:GetCallerIdentity), that the CI/CD stack and every target stack of the config
(<project>-tributary-target-<account>-<region>) exist in a *_COMPLETE state that is no rollback (core's
isHealthyStackStatus), and that each
target stack's TributaryTargetVersion output is the version this CLI expects. Credentials read one account: a stack
in another account gets a line naming that account and the command to run with its credentials. One line per
check (✓ deployed, ✗ not: with the cdk deploy command that mends it, · another account's). --json prints
{ callerAccount, expectedTargetVersion, hasTargets, checks }. Exit 0 when nothing is ✗; 1 when something is, when
the config is invalid (the field and the fix), or when the credentials cannot read (the accounts of the config and
the profile to use); 2 bad usage; 70 a bug in Tributary.`,
      ["config", "json"],
      ["pnpm tributary doctor", "AWS_PROFILE=prod pnpm tributary doctor --json"],
    ),
  },
  runs: {
    summary: "The run history: the latest run of every live branch and pull request (AWS credentials)",
    help: commandHelp(
      "tributary runs [options]",
      `The run history the notifier records, read from the CI/CD stack's table with the AWS credentials of the
environment (AWS_PROFILE, AWS_REGION…; dynamodb:Query on the table and kms:Decrypt on its key). Without
--branch: the latest run of every live branch and pull request, per environment. With --branch: that branch's
runs, newest first. Each run: state, environment, source, commit, start, duration, failed stage and reason,
TaskCat's regions, lint findings and the preview's headline. Colours only when stdout is a terminal (and
NO_COLOR is unset). --json prints { runs } for scripts.`,
      ["config", "branch", "env", "failed", "limit", "json"],
      [
        "pnpm tributary runs",
        "pnpm tributary runs --env qa --failed",
        "pnpm tributary runs --branch feature/login --json | jq '.runs[0].state'",
      ],
    ),
  },
} as const satisfies Record<string, Command>;

type CommandName = keyof typeof COMMANDS;

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

const COMMAND_LIST = Object.keys(COMMANDS)
  .map((name) => `\`${name}\``)
  .join(", ");

/**
 * The text `--help` prints.
 *
 * @example
 * await main(["--help"], io); // io.stdout(HELP)
 */
export const HELP = `Usage: tributary <command> [options]

Explains how Tributary routes branches and what its cloner does with events, from the config alone
(no AWS access); \`runs\` reads the run history and \`keep\` extends an idle stack's life, both in AWS with your
credentials.

Commands:
  explain <branch>          Kind, route, pipeline and stack names, approval, variables and tags of a branch,
                            and how each name is derived when it is not the branch as it is
                            (e.g. develop, main, feature/login, release/1.2.0, refs/heads/hotfix/1.2.1)
  plan <event.json>         The actions the cloner would take for one event file (- reads stdin)
  plan --example <kind>     Print a valid sample event of <kind> for this config, to save and edit
  plan --github-event <name> <payload.json>
                            The actions for one GitHub delivery (a GitHub source)
  approval-rule             The aws commands that create the merge gate's approval rule template and associate it
                            with the repository, for a deployer who may not (approvals.pullRequestRule: false)
  github webhook            A GitHub source: the commands that print the webhook's URL and secret and create it,
                            or (--token) the webhook created
  github protection         A GitHub source: the API call that requires the merge gate's status in branch protection
  validate                  Type-check the config file and validate it (synth does the same first)
  runs                      The run history (needs AWS credentials): the latest run of every live branch and pull
                            request; with --branch, that branch's runs, newest first
  doctor                    Whether the CI/CD stack and the target stacks of other accounts and regions are
                            deployed, in the version this CLI expects (needs AWS credentials)
  keep <branch|pr/<id>>     Keep an idle clone's stack --days <N> more days without a push (calls AWS, with your
                            credentials)

  \`tributary <command> --help\` shows a command's options and examples.

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
      --days <N>            With keep: how many days from now the stack is kept
      --json                Print machine-readable JSON instead of text
      --verbose             With explain: show how every name is derived, also when it is the branch unchanged
      --branch <branch>     With runs: that branch's runs
      --env <environment>   With runs: only this environment's
      --failed              With runs: only failed runs (without --branch: sources whose latest run failed)
      --limit <n>           With runs --branch: how many runs (default 20, at most 500)
      --debug               On an internal error, print its stack trace
  -h, --help                Show this help (with a command: that command's)
      --version             Print the versions of the CLI, @tributary/core and Node.js

Exit codes: 0 success, 1 bad input (missing file, bad JSON, bad event, bad config) or AWS refused a read,
or \`doctor\` found a stack missing, failed or of another version, 2 bad usage,
70 internal error (a bug in Tributary: the message says where to report it).

Examples:
  pnpm tributary explain feature/login
  pnpm tributary plan --example pull-request-created > event.json
  pnpm tributary plan event.json --json
  pnpm tributary explain main --config other.config.ts
  pnpm tributary validate
  pnpm tributary approval-rule
  pnpm tributary runs --env qa --failed
  pnpm tributary runs --branch feature/login --json | jq '.runs[0].state'
  pnpm tributary keep feature/login --days 14
  pnpm tributary doctor`;

class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Input that is not there or not readable (the event file). */
class InputError extends Error {
  override readonly name = "InputError";
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code. An error that is not the
 * input's (a bug) prints one line asking to report it, its stack trace only with `--debug`, and returns
 * `EXIT.internal`.
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
      error instanceof ConfigProblemsError ||
      error instanceof EventError ||
      error instanceof InputError ||
      error instanceof RunsInputError ||
      error instanceof AwsReadError ||
      error instanceof KeepError ||
      error instanceof GitHubCommandError
    ) {
      io.stderr(
        error instanceof ConfigProblemsError
          ? error.lines.map((line) => `tributary: ${line}`).join("\n")
          : `tributary: ${error.message}`,
      );
      return EXIT.badInput;
    }
    io.stderr(internalErrorLine(error));
    if (debugRequested(argv))
      io.stderr(error instanceof Error ? (error.stack ?? String(error)) : String(error));
    return EXIT.internal;
  }
}

function internalErrorLine(error: unknown): string {
  const what = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
  return (
    `tributary: internal error (${what}). This is a bug in Tributary, not in your input: please report it at ` +
    `${REPORT_URL} with the command you ran, the output of \`tributary --version\` and that of the command run again with --debug.`
  );
}

/** `--debug` before any `--` (after it, arguments are branches, not options). */
function debugRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--debug");
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv);
  const [command, ...args] = positionals;
  if (values.version === true) {
    io.stdout(versionText());
    return EXIT.ok;
  }
  if (command === undefined) {
    if (values.help === true) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    throw new UsageError(`missing command: use ${COMMAND_LIST}`);
  }
  if (!isCommand(command)) {
    throw new UsageError(`unknown command "${command}": use ${COMMAND_LIST}`);
  }
  if (values.help === true) {
    io.stdout(COMMANDS[command].help);
    return EXIT.ok;
  }
  if (values["github-event"] !== undefined && command !== "plan") {
    throw new UsageError("`--github-event` goes with `plan`: `plan --github-event <name> <payload.json>`");
  }
  for (const option of ["token", "url", "secret"] as const) {
    if (values[option] !== undefined && command !== "github") {
      throw new UsageError(`\`--${option}\` goes with \`github webhook\``);
    }
  }
  if (values.example !== undefined && command !== "plan") {
    throw new UsageError("`--example` goes with `plan`: `plan --example <kind>`");
  }
  if (values.verbose === true && command !== "explain") {
    throw new UsageError("`--verbose` goes with `explain`: `explain <branch> --verbose`");
  }
  if (values.days !== undefined && command !== "keep") {
    throw new UsageError("`--days` goes with `keep`: `keep <branch|pr/<id>> --days <N>`");
  }
  const configPath = values.config === undefined ? DEFAULT_CONFIG_PATH : resolve(io.cwd, values.config);
  const json = values.json === true;
  if (command === "runs") return runs(args, values, configPath, io);
  if ((values.branch ?? values.env ?? values.failed ?? values.limit) !== undefined) {
    throw new UsageError("`--branch`, `--env`, `--failed` and `--limit` go with `runs`");
  }
  if (command === "doctor") return doctorCommand(args, configPath, json, io);
  if (command === "github") return gitHubCommand(args, values, configPath, json, io);
  if (command === "keep") {
    const [target, ...extra] = args;
    if (target === undefined)
      throw new UsageError("`keep` needs a branch or pr/<id>, e.g. `keep feature/login --days 14`");
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" after "${target}"`);
    const days = parseKeepDays(values.days);
    const { tributary } = await loadConfig(configPath);
    const client = io.codePipeline?.() ?? new CodePipelineClient({});
    const kept = await keepStack(tributary, client, target, days, io.now?.() ?? new Date().toISOString());
    io.stdout(json ? JSON.stringify(kept, null, 2) : formatKept(kept));
    return EXIT.ok;
  }

  if (command === "approval-rule" || command === "validate") {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}": \`${command}\` takes none`);
    if (command === "validate") {
      const { tributary } = await validateConfigFile(configPath);
      const environments = tributary.environments.map((environment) => environment.name);
      io.stdout(
        json
          ? JSON.stringify({ file: configPath, valid: true }, null, 2)
          : `${configPath} is valid: project ${tributary.project}, repository ${tributary.repository}, ` +
              `${environments.length} environments (${environments.join(", ")})`,
      );
      return EXIT.ok;
    }
    const { tributary, app } = await loadConfig(configPath);
    const result = approvalRuleCommandsFor(tributary, app.region);
    io.stdout(json ? JSON.stringify(result, null, 2) : formatApprovalRuleCommands(result));
    return EXIT.ok;
  }
  if (values.example !== undefined) {
    if (args.length > 0)
      throw new UsageError(`unexpected argument "${args[0]}": \`plan --example <kind>\` reads no file`);
    const { tributary } = await loadConfig(configPath);
    if (Object.hasOwn(GITHUB_EXAMPLES, values.example)) {
      const example = GITHUB_EXAMPLES[values.example as keyof typeof GITHUB_EXAMPLES];
      gitHubSourceOf(tributary, `plan --example ${values.example}`);
      io.stdout(JSON.stringify(example.build(tributary), null, 2));
      return EXIT.ok;
    }
    if (!isExampleKind(values.example)) {
      throw new UsageError(
        `unknown example "${values.example}": use one of ${[...Object.keys(EXAMPLE_EVENTS), ...Object.keys(GITHUB_EXAMPLES)].join(", ")}`,
      );
    }
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

  const { tributary } = await loadConfig(configPath);
  if (command === "explain") {
    const explanation = explain(tributary, target);
    io.stdout(
      json
        ? JSON.stringify(explanation, null, 2)
        : formatExplanation(explanation, { verbose: values.verbose === true }),
    );
    return EXIT.ok;
  }
  const gitHubEvent = values["github-event"];
  const output =
    gitHubEvent === undefined
      ? plan(tributary, readEvent(target, io))
      : planGitHubDelivery(tributary, gitHubEvent, readEvent(target, io));
  io.stdout(json ? JSON.stringify(output, null, 2) : formatPlan(tributary, output));
  return EXIT.ok;
}

/** AWS refused or failed the read (no credentials, no table, access denied), with what to check. */
class AwsReadError extends Error {
  override readonly name = "AwsReadError";
}

async function runs(
  args: readonly string[],
  values: ReturnType<typeof parse>["values"],
  configPath: string,
  io: CliIo,
): Promise<number> {
  if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}": \`runs\` takes options only`);
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new UsageError(`--limit ${values.limit} is not a whole number from 1 to 500`);
  }
  if (values.limit !== undefined && values.branch === undefined) {
    throw new UsageError("`--limit` goes with `--branch`: the live view shows every live branch");
  }
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

async function doctorCommand(
  args: readonly string[],
  configPath: string,
  json: boolean,
  io: CliIo,
): Promise<number> {
  if (args.length > 0)
    throw new UsageError(`unexpected argument "${args[0]}": \`doctor\` takes options only`);
  const config = await loadConfig(configPath);
  // Loaded here: the AWS SDK it brings would slow down every other command.
  const { doctor, doctorClients, DoctorReadError, formatDoctor } = await import("./doctor");
  const clients = doctorClients(io.env ?? process.env, config.app.region);
  let report: Awaited<ReturnType<typeof doctor>>;
  try {
    report = await doctor(config, clients);
  } catch (error) {
    // A read AWS refused is bad input (1) with its fix; anything else is a bug (70).
    if (error instanceof DoctorReadError) throw new AwsReadError(error.message);
    throw error;
  } finally {
    clients.destroy();
  }
  io.stdout(json ? JSON.stringify(report, null, 2) : formatDoctor(report));
  return report.checks.some((check) => check.outcome === "missing") ? EXIT.badInput : EXIT.ok;
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
        "github-event": { type: "string" },
        token: { type: "string" },
        url: { type: "string" },
        secret: { type: "string" },
        days: { type: "string" },
        json: { type: "boolean" },
        verbose: { type: "boolean" },
        debug: { type: "boolean" },
        version: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        branch: { type: "string" },
        env: { type: "string" },
        failed: { type: "boolean" },
        limit: { type: "string" },
      },
    });
  } catch (error) {
    const message = (error as Error).message;
    // `plan --example` without a kind: say which kinds there are.
    if (/'--example\b/.test(message)) {
      throw new UsageError(
        `\`--example\` needs a kind (argument missing): \`tributary plan --example <kind>\`, one of\n${exampleKindsHelp()}`,
      );
    }
    throw new UsageError(message);
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
        ? `event file ${file} does not exist. Fix: Pass the path of an EventBridge event saved as JSON; \`tributary plan --example <kind>\` prints one (see \`tributary --help\`).`
        : `cannot read event file ${file} (${(error as Error).message})`,
    );
  }
  if (text.trim() === "") {
    throw new InputError(
      `event file ${file} is empty. Fix: Save one EventBridge event in it as JSON; \`tributary plan --example <kind>\` prints one (see \`tributary plan --help\`).`,
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

/** `github webhook` and `github protection`. */
async function gitHubCommand(
  args: readonly string[],
  values: { token?: string | undefined; url?: string | undefined; secret?: string | undefined },
  configPath: string,
  json: boolean,
  io: CliIo,
): Promise<number> {
  const [subcommand, ...extra] = args;
  if (subcommand !== "webhook" && subcommand !== "protection") {
    throw new UsageError(
      subcommand === undefined
        ? "`github` needs a subcommand: `github webhook` or `github protection`"
        : `unknown subcommand "github ${subcommand}": use \`github webhook\` or \`github protection\``,
    );
  }
  if (extra.length > 0)
    throw new UsageError(`unexpected argument "${extra[0]}": \`github ${subcommand}\` takes none`);
  const { tributary, app } = await loadConfig(configPath);
  if (subcommand === "protection") {
    if (values.token !== undefined || values.url !== undefined || values.secret !== undefined) {
      throw new UsageError("`--token`, `--url` and `--secret` go with `github webhook`");
    }
    const commands = protectionCommands(tributary);
    io.stdout(json ? JSON.stringify({ commands }, null, 2) : commands.join("\n\n"));
    return EXIT.ok;
  }
  if (values.token === undefined) {
    if (values.url !== undefined || values.secret !== undefined) {
      throw new UsageError(
        "`--url` and `--secret` create the webhook with `--token`; without it nothing is created",
      );
    }
    const commands = webhookCommands(tributary, stackNames(tributary).cicd, app.region);
    io.stdout(json ? JSON.stringify({ commands }, null, 2) : commands.join("\n"));
    return EXIT.ok;
  }
  if (values.url === undefined || values.secret === undefined) {
    throw new UsageError(
      "`github webhook --token` needs --url and --secret (`tributary github webhook` prints the commands that read them)",
    );
  }
  const apiUrl = (io.env ?? process.env).TRIBUTARY_GITHUB_API_URL;
  const id = await createWebhook(tributary, {
    url: values.url,
    secret: values.secret,
    token: values.token,
    ...(apiUrl ? { apiUrl } : {}),
  });
  const repository = gitHubSourceOf(tributary, "github webhook").fullName;
  io.stdout(
    json
      ? JSON.stringify({ repository, hookId: id }, null, 2)
      : `Created webhook ${id} of ${repository}: ${values.url} (push, pull_request; GitHub sends a ping, answered 202 ignored).`,
  );
  return EXIT.ok;
}
