/**
 * Run a buildspec's commands locally in bash, the way CodeBuild runs version 0.2 buildspecs, with the real tools:
 * the real `aws` CLI (pointed at a moto_server by the caller's environment), the real `cfn-lint`, bash and python3.
 * Only two things are stand-ins, because they need the network or AWS:
 * - the install phase's `python3 -m venv <dir>` makes a virtual environment whose `pip install <name>==<version>`
 *   offers exactly the tools of this machine: the real cfn-lint if its installed version is the one asked for, and
 *   test/support/taskcat-stub.py (TaskCat's report and exit status, from TaskCat's source) for taskcat==0.9.57;
 *   anything else fails, as pip would without the package;
 * - `taskcat` itself (it deploys stacks), which writes its report exactly as TaskCat 0.9.57 does.
 *
 * CodeBuild semantics kept: phases run in the order install, pre_build, build, post_build; a phase stops at its first
 * failing command and then runs its `finally` commands; a failed install or pre_build ends the build, a failed build
 * still runs post_build; exported environment variables carry from one command and phase to the next
 * (`CODEBUILD_BUILD_SUCCEEDING` is 1 or 0); `env.variables` are set first, and the project's and action's
 * variables override them.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { INSTALL_HINT, python, pythonPath } from "./demo.js";

export type PhaseName = "install" | "pre_build" | "build" | "post_build";
export type PhaseStatus = "SUCCEEDED" | "FAILED" | "NOT_RUN";

const SUPPORT_DIR = dirname(fileURLToPath(import.meta.url));
const TASKCAT_STUB = join(SUPPORT_DIR, "taskcat-stub.py");
/** TaskCat 0.9.57's stylesheet (assets/css/taskcat_reporting.css), what TaskCat downloads and inlines. */
export const TASKCAT_STYLESHEET = join(SUPPORT_DIR, "..", "__fixtures__", "taskcat", "taskcat_reporting.css");
/** The TaskCat release the stand-in reproduces (its source is cited in taskcat-stub.py). */
export const TASKCAT_STUB_VERSION = "0.9.57";

export interface BuildOptions {
  /** The environment pointing the `aws` CLI at moto (`MotoServer.environment`). */
  readonly aws: Readonly<Record<string, string>>;
  /** Stack status per `<test>/<region>` that TaskCat reports. @default every stack CREATE_COMPLETE */
  readonly taskcatStatuses?: Readonly<Record<string, string>>;
  /** Whether TaskCat can download its stylesheet (it writes no report when it cannot). @default true */
  readonly stylesheetReachable?: boolean;
  /** Files to write over the copy of the demo before the build, by path → content. @default {} */
  readonly files?: Readonly<Record<string, string>>;
  /** Run the phases up to this one only (the later ones are NOT_RUN). @default "post_build" */
  readonly lastPhase?: PhaseName;
}

export interface BuildResult {
  readonly phases: Readonly<Record<PhaseName, PhaseStatus>>;
  readonly succeeded: boolean;
  /** The `env.exported-variables` and their values at the end of the build. */
  readonly exported: Readonly<Record<string, string>>;
  /** Every call of a stand-in (`pip`, `taskcat`): the program name followed by its arguments. */
  readonly calls: readonly (readonly string[])[];
  /** Combined stdout and stderr of every command. */
  readonly log: string;
  /** The files `artifacts.files` names that exist after the build, by path → content. */
  readonly artifacts: Readonly<Record<string, string>>;
}

const PHASES: readonly PhaseName[] = ["install", "pre_build", "build", "post_build"];

let hostTools: { python3: string; cfnLint: string; cfnLintVersion: string } | undefined;

/** The machine's python3 and cfn-lint (the interpreter and its scripts, past any version-manager shim), once. */
function tools(): { python3: string; cfnLint: string; cfnLintVersion: string } {
  if (hostTools === undefined) {
    const { executable, scripts } = python();
    for (const script of ["aws", "cfn-lint"]) {
      if (!existsSync(join(scripts, script))) {
        throw new Error(`${script} is not installed beside ${executable}. ${INSTALL_HINT}`);
      }
    }
    hostTools = {
      python3: executable,
      cfnLint: join(scripts, "cfn-lint"),
      cfnLintVersion: execFileSync(
        executable,
        ["-c", "from importlib.metadata import version; print(version('cfn-lint'))"],
        { encoding: "utf8" },
      ).trim(),
    };
  }
  return hostTools;
}

/** `python3`, except that `python3 -m venv DIR` makes a virtual environment whose pip offers this machine's tools. */
function pythonShim(python3: string): string {
  return `#!/usr/bin/env bash
if [ "$1" = "-m" ] && [ "$2" = "venv" ] && [ -n "$3" ]; then
  mkdir -p "$3/bin" || exit 1
  cp "$STUB_PIP" "$3/bin/pip" && chmod +x "$3/bin/pip"
  exit $?
fi
exec ${python3} "$@"
`;
}

/** A virtual environment's pip: records its call, installs name==version if this machine has exactly that. */
const PIP_STUB = `#!/usr/bin/env bash
printf '%s\\n' "$(python3 -c 'import json,sys; print(json.dumps(["pip", *sys.argv[1:]]))' "$@")" >> "$STUB_CALLS"
bin="$(cd "$(dirname "$0")" && pwd)"
[ "$1" = "install" ] || { echo "pip stand-in: only install is offered, not $*" >&2; exit 2; }
requirement=""
for argument in "\${@:2}"; do case "$argument" in -*) ;; *) requirement="$argument" ;; esac; done
name="\${requirement%%==*}"; version="\${requirement#*==}"
if [ "$name" = "$requirement" ]; then
  echo "pip stand-in: $requirement is not pinned as name==version" >&2; exit 1
fi
case "$name" in
  cfn-lint)
    if [ "$version" != "$REAL_CFN_LINT_VERSION" ]; then
      echo "ERROR: Could not find a version that satisfies the requirement $requirement (this machine has cfn-lint $REAL_CFN_LINT_VERSION and no package index)" >&2; exit 1
    fi
    ln -sf "$REAL_CFN_LINT" "$bin/cfn-lint" ;;
  taskcat)
    if [ "$version" != "$STUB_TASKCAT_VERSION" ]; then
      echo "ERROR: Could not find a version that satisfies the requirement $requirement (the stand-in is TaskCat $STUB_TASKCAT_VERSION)" >&2; exit 1
    fi
    printf '#!/usr/bin/env bash\\nexec python3 %q "$@"\\n' "$STUB_TASKCAT" > "$bin/taskcat" && chmod +x "$bin/taskcat" ;;
  *)
    echo "ERROR: Could not find a version that satisfies the requirement $requirement (no package index here)" >&2; exit 1 ;;
esac
`;

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

interface Phase {
  commands?: string[];
  finally?: string[];
}

/**
 * Copy `sourceDir` to a temporary directory and run `buildspecFile` there with the given project and action
 * variables, against the moto server named in `options.aws`.
 *
 * @example
 * const result = runBuildspec(DEMO_DIR, "buildspec.yml", { TRIBUTARY_ENVIRONMENT: "dev", ... }, { aws: moto.environment });
 * result.phases.build; // "SUCCEEDED"
 */
export function runBuildspec(
  sourceDir: string,
  buildspecFile: string,
  variables: Readonly<Record<string, string>>,
  options: BuildOptions,
): BuildResult {
  const { python3, cfnLint, cfnLintVersion } = tools();
  const sandbox = mkdtempSync(join(tmpdir(), "tributary-buildspec-"));
  const workdir = join(sandbox, "src");
  const bin = join(sandbox, "bin");
  for (const dir of [workdir, bin]) mkdirSync(dir, { recursive: true });
  for (const entry of ["buildspec.yml", "buildspec-cleanup.yml", "templates", "ci", "website"]) {
    cpSync(join(sourceDir, entry), join(workdir, entry), { recursive: true });
  }
  for (const [path, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(workdir, path)), { recursive: true });
    writeFileSync(join(workdir, path), content);
  }
  writeFileSync(join(bin, "python3"), pythonShim(python3));
  chmodSync(join(bin, "python3"), 0o755);
  writeFileSync(join(sandbox, "pip"), PIP_STUB);
  const calls = join(sandbox, "calls.jsonl");
  writeFileSync(calls, "");

  const buildspec = parse(readFileSync(join(workdir, buildspecFile), "utf8")) as {
    env?: { variables?: Record<string, string>; "exported-variables"?: string[] };
    phases?: Partial<Record<PhaseName, Phase>>;
    artifacts?: { files?: string[] };
  };
  const envFile = join(sandbox, "env.sh");
  const initial: Record<string, string> = {
    PATH: `${bin}:${pythonPath()}`,
    HOME: sandbox,
    LANG: "C.UTF-8",
    CODEBUILD_SRC_DIR: workdir,
    CODEBUILD_BUILD_SUCCEEDING: "1",
    ...options.aws,
    STUB_CALLS: calls,
    STUB_PIP: join(sandbox, "pip"),
    STUB_TASKCAT: TASKCAT_STUB,
    STUB_TASKCAT_VERSION: TASKCAT_STUB_VERSION,
    STUB_TASKCAT_STATUSES: JSON.stringify(options.taskcatStatuses ?? {}),
    STUB_TASKCAT_STYLESHEET: (options.stylesheetReachable ?? true) ? TASKCAT_STYLESHEET : "unreachable",
    REAL_CFN_LINT: cfnLint,
    REAL_CFN_LINT_VERSION: cfnLintVersion,
    ...(buildspec.env?.variables ?? {}),
    ...variables,
  };
  writeFileSync(
    envFile,
    Object.entries(initial)
      .map(([name, value]) => `export ${name}=${shellQuote(value)}`)
      .join("\n"),
  );

  // Only PATH from the host, so bash is found; the build's own environment comes from the env file.
  const hostPath = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
  let log = "";
  const run = (command: string): boolean => {
    const script = join(sandbox, "command.sh");
    writeFileSync(
      script,
      `source ${shellQuote(envFile)}\n${command}\n__status=$?\nexport -p > ${shellQuote(envFile)}\nexit $__status\n`,
    );
    const result = spawnSync("bash", [script], { cwd: workdir, encoding: "utf8", env: hostPath });
    log += `$ ${command}\n${result.stdout}${result.stderr}`;
    return result.status === 0;
  };
  const setSucceeding = (value: "0" | "1"): void => {
    run(`export CODEBUILD_BUILD_SUCCEEDING=${value}`);
  };

  const phases: Record<PhaseName, PhaseStatus> = {
    install: "NOT_RUN",
    pre_build: "NOT_RUN",
    build: "NOT_RUN",
    post_build: "NOT_RUN",
  };
  const last = PHASES.indexOf(options.lastPhase ?? "post_build");
  let stopped = false;
  for (const [index, name] of PHASES.entries()) {
    const phase = buildspec.phases?.[name];
    if (!phase || stopped || index > last) continue;
    let ok = true;
    for (const command of phase.commands ?? []) {
      if (!run(command)) {
        ok = false;
        break;
      }
    }
    for (const command of phase.finally ?? []) ok = run(command) && ok;
    phases[name] = ok ? "SUCCEEDED" : "FAILED";
    if (!ok) {
      setSucceeding("0");
      if (name === "install" || name === "pre_build") stopped = true;
    }
  }

  const finalEnv = spawnSync("bash", ["-c", `source ${shellQuote(envFile)}; env -0`], {
    encoding: "utf8",
    // stdin from /dev/null, as CodeBuild runs a command: Debian's bash started with -c, a socket for stdin (Node's default
    // pipe) and no SHLVL (an env of our own) reads ~/.bashrc, whose PATH (pyenv, nvm) would replace the pinned tools.
    stdio: ["ignore", "pipe", "pipe"],
    env: hostPath,
  })
    .stdout.split("\0")
    .filter((line) => line.includes("="))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const);
  const environment = Object.fromEntries(finalEnv);
  const exported = Object.fromEntries(
    (buildspec.env?.["exported-variables"] ?? []).map((name) => [name, environment[name] ?? ""]),
  );
  const artifacts: Record<string, string> = {};
  for (const file of buildspec.artifacts?.files ?? []) {
    if (/[*?[]/.test(file))
      throw new Error(`runBuildspec reads literal artifact paths only, not the pattern ${file}`);
    if (existsSync(join(workdir, file))) artifacts[file] = readFileSync(join(workdir, file), "utf8");
  }
  const result: BuildResult = {
    phases,
    succeeded: Object.values(phases).every((status) => status !== "FAILED"),
    exported,
    calls: readFileSync(calls, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as string[]),
    log,
    artifacts,
  };
  rmSync(sandbox, { recursive: true, force: true });
  return result;
}
