/**
 * Run a buildspec's commands locally in bash, the way CodeBuild runs version 0.2 buildspecs, with `aws`, `taskcat`,
 * `cfn-lint` and `pip` replaced by stubs that record their calls and keep a fake S3 on disk.
 *
 * CodeBuild semantics kept: phases run in the order install, pre_build, build, post_build; a phase stops at its first
 * failing command and then runs its `finally` commands; a failed install or pre_build ends the build, a failed build
 * still runs post_build; exported environment variables carry from one command and phase to the next
 * (`CODEBUILD_BUILD_SUCCEEDING` is 1 or 0); `env.variables` are set first, and the action's variables override them.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { parseCloudFormationYaml } from "../../src/cfn-yaml.js";

export type PhaseName = "install" | "pre_build" | "build" | "post_build";
export type PhaseStatus = "SUCCEEDED" | "FAILED" | "NOT_RUN";

export interface StubBehaviour {
  /** What the fake `taskcat` writes in its report: one row per entry. @default ["green"] */
  readonly taskcatRows?: readonly ("green" | "red")[];
  /** Exit code of the fake `taskcat`. @default 0 */
  readonly taskcatExit?: number;
  /** Exit code of the fake `cfn-lint`. @default 0 */
  readonly cfnLintExit?: number;
  /** Outputs of the stack the fake `aws cloudformation describe-stacks` returns. @default {} */
  readonly stackOutputs?: Readonly<Record<string, string>>;
  /** Objects already in the fake S3, as `bucket/key` → content. @default {} */
  readonly s3?: Readonly<Record<string, string>>;
}

export interface BuildResult {
  readonly phases: Readonly<Record<PhaseName, PhaseStatus>>;
  readonly succeeded: boolean;
  /** The `env.exported-variables` and their values at the end of the build. */
  readonly exported: Readonly<Record<string, string>>;
  /** Every stub call: the program name followed by its arguments. */
  readonly calls: readonly (readonly string[])[];
  /** The fake S3 after the build: `bucket/key` → content. */
  readonly s3: Readonly<Record<string, string>>;
  /** Metadata the fake `aws s3 cp` recorded per object (`--content-type`, `--cache-control`). */
  readonly s3Metadata: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Combined stdout and stderr of every command. */
  readonly log: string;
  /** The files `artifacts.files` names that exist after the build, by path → content. */
  readonly artifacts: Readonly<Record<string, string>>;
}

const PHASES: readonly PhaseName[] = ["install", "pre_build", "build", "post_build"];

/** A fake AWS CLI: `s3 cp|rm`, `cloudformation describe-stacks --query`, `cloudfront create-invalidation`. */
const AWS_STUB = String.raw`#!/usr/bin/env python3
import json, os, re, shutil, sys
args = sys.argv[1:]
with open(os.environ["STUB_CALLS"], "a", encoding="utf-8") as log:
    log.write(json.dumps(["aws", *args]) + "\n")
root = os.environ["STUB_S3"]
def option(name, default=None):
    return args[args.index(name) + 1] if name in args else default
def s3path(url):
    assert url.startswith("s3://"), url
    return url[len("s3://"):]
def meta(key):
    path = os.path.join(os.environ["STUB_S3_META"], key.replace("/", "%2F"))
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({k: option(k) for k in ("--content-type", "--cache-control") if option(k)}, handle)
if args[:2] == ["s3", "cp"]:
    source, target = args[2], args[3]
    if "--recursive" in args:
        for base, _, files in os.walk(source):
            for name in files:
                local = os.path.join(base, name)
                key = s3path(target).rstrip("/") + "/" + os.path.relpath(local, source).replace(os.sep, "/")
                os.makedirs(os.path.dirname(os.path.join(root, key)), exist_ok=True)
                shutil.copyfile(local, os.path.join(root, key))
                meta(key)
    else:
        key = s3path(target)
        os.makedirs(os.path.dirname(os.path.join(root, key)), exist_ok=True)
        shutil.copyfile(source, os.path.join(root, key))
        meta(key)
elif args[:2] == ["s3", "rm"]:
    prefix = s3path(args[2])
    for base, _, files in os.walk(root):
        for name in files:
            key = os.path.relpath(os.path.join(base, name), root).replace(os.sep, "/")
            if key.startswith(prefix) and ("--recursive" in args or key == prefix):
                os.remove(os.path.join(base, name))
elif args[:2] == ["cloudformation", "describe-stacks"]:
    outputs = json.loads(os.environ.get("STUB_STACK_OUTPUTS", "{}"))
    query = option("--query", "")
    wanted = re.search(r"OutputKey=='([^']+)'", query)
    if not wanted:
        print(json.dumps({"Stacks": [{"Outputs": [{"OutputKey": k, "OutputValue": v} for k, v in outputs.items()]}]}))
    else:
        print(outputs.get(wanted.group(1), "None"))
elif args[:2] == ["cloudfront", "create-invalidation"]:
    print("I2J0I21PCUYOIK")
else:
    sys.exit("aws stub: unsupported call " + " ".join(args))
`;

/** A fake TaskCat that writes a report whose rows are green or red, like TaskCat's own index.html. */
const TASKCAT_STUB = `#!/usr/bin/env bash
printf '%s\\n' "$(python3 -c 'import json,sys; print(json.dumps(["taskcat", *sys.argv[1:]]))' "$@")" >> "$STUB_CALLS"
mkdir -p taskcat_outputs
{
  echo '<!DOCTYPE html><html><body><table><tbody>'
  for row in $STUB_TASKCAT_ROWS; do echo "<tr><td class=\\"test-$row\\">$row</td></tr>"; done
  echo '</tbody></table></body></html>'
} > taskcat_outputs/index.html
echo "log" > taskcat_outputs/stack-us-east-1-cfnlogs.txt
exit "\${STUB_TASKCAT_EXIT:-0}"
`;

/** A fake program that records its call and exits with the code in `exitVariable` (`--version` always succeeds). */
function recorder(name: string, exitVariable: string): string {
  return `#!/usr/bin/env bash
printf '%s\\n' "$(python3 -c 'import json,sys; print(json.dumps(["${name}", *sys.argv[1:]]))' "$@")" >> "$STUB_CALLS"
if [ "$1" = "--version" ]; then echo "${name} 1.0.0"; exit 0; fi
exit "\${${exitVariable}:-0}"
`;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else files[relative(root, path)] = readFileSync(path, "utf8");
    }
  };
  if (existsSync(root)) visit(root);
  return files;
}

interface Phase {
  commands?: string[];
  finally?: string[];
}

/**
 * Copy `sourceDir` to a temporary directory and run `buildspecFile` there with the given action variables.
 *
 * @example
 * const result = runBuildspec(demoDir, "buildspec.yml", { TRIBUTARY_ENVIRONMENT: "dev", ... });
 * result.phases.build; // "SUCCEEDED"
 */
export function runBuildspec(
  sourceDir: string,
  buildspecFile: string,
  variables: Readonly<Record<string, string>>,
  stubs: StubBehaviour = {},
): BuildResult {
  const sandbox = mkdtempSync(join(tmpdir(), "tributary-buildspec-"));
  const workdir = join(sandbox, "src");
  const bin = join(sandbox, "bin");
  const s3 = join(sandbox, "s3");
  const s3Meta = join(sandbox, "s3-meta");
  for (const dir of [workdir, bin, s3, s3Meta]) mkdirSync(dir, { recursive: true });
  for (const entry of ["buildspec.yml", "buildspec-cleanup.yml", "templates", "ci", "website"]) {
    cpSync(join(sourceDir, entry), join(workdir, entry), { recursive: true });
  }
  for (const [key, content] of Object.entries(stubs.s3 ?? {})) {
    mkdirSync(dirname(join(s3, key)), { recursive: true });
    writeFileSync(join(s3, key), content);
  }
  const stubsByName: Record<string, string> = {
    aws: AWS_STUB,
    taskcat: TASKCAT_STUB,
    "cfn-lint": recorder("cfn-lint", "STUB_CFN_LINT_EXIT"),
    pip: recorder("pip", "STUB_PIP_EXIT"),
  };
  for (const [name, script] of Object.entries(stubsByName)) {
    writeFileSync(join(bin, name), script);
    chmodSync(join(bin, name), 0o755);
  }
  const calls = join(sandbox, "calls.jsonl");
  writeFileSync(calls, "");

  const buildspec = parseCloudFormationYaml(
    readFileSync(join(workdir, buildspecFile), "utf8"),
    buildspecFile,
  ) as {
    env?: { variables?: Record<string, string>; "exported-variables"?: string[] };
    phases?: Partial<Record<PhaseName, Phase>>;
    artifacts?: { files?: string[] };
  };
  const envFile = join(sandbox, "env.sh");
  const initial: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    HOME: sandbox,
    AWS_REGION: "eu-west-1",
    AWS_DEFAULT_REGION: "eu-west-1",
    CODEBUILD_SRC_DIR: workdir,
    CODEBUILD_BUILD_SUCCEEDING: "1",
    STUB_CALLS: calls,
    STUB_S3: s3,
    STUB_S3_META: s3Meta,
    STUB_STACK_OUTPUTS: JSON.stringify(stubs.stackOutputs ?? {}),
    STUB_TASKCAT_ROWS: (stubs.taskcatRows ?? ["green"]).join(" "),
    STUB_TASKCAT_EXIT: String(stubs.taskcatExit ?? 0),
    STUB_CFN_LINT_EXIT: String(stubs.cfnLintExit ?? 0),
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
  let stopped = false;
  for (const name of PHASES) {
    const phase = buildspec.phases?.[name];
    if (!phase || stopped) continue;
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
    env: hostPath,
  })
    .stdout.split("\0")
    .filter((line) => line.includes("="))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const);
  const environment = Object.fromEntries(finalEnv);
  const exported = Object.fromEntries(
    (buildspec.env?.["exported-variables"] ?? []).map((name) => [name, environment[name] ?? ""]),
  );
  const s3Metadata = Object.fromEntries(
    Object.entries(readTree(s3Meta)).map(([file, json]) => [file.replaceAll("%2F", "/"), JSON.parse(json)]),
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
    s3: readTree(s3),
    s3Metadata,
    log,
    artifacts,
  };
  rmSync(sandbox, { recursive: true, force: true });
  return result;
}
