/** Check a CodeBuild buildspec (version 0.2): its keys and shapes, and that it only uses environment variables it has. */

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The keys of buildspec version 0.2, per the CodeBuild build specification reference
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html).
 *
 * @example
 * BUILDSPEC_KEYS.phaseNames; // ["install", "pre_build", "build", "post_build"]
 */
export const BUILDSPEC_KEYS = {
  top: ["version", "run-as", "env", "proxy", "batch", "phases", "reports", "artifacts", "cache"],
  env: [
    "shell",
    "variables",
    "parameter-store",
    "exported-variables",
    "secrets-manager",
    "git-credential-helper",
  ],
  phaseNames: ["install", "pre_build", "build", "post_build"],
  phase: ["run-as", "on-failure", "commands", "finally"],
  /** Only the install phase takes `runtime-versions`. */
  installOnly: ["runtime-versions"],
  artifacts: [
    "files",
    "name",
    "discard-paths",
    "base-directory",
    "exclude-paths",
    "enable-symlinks",
    "s3-prefix",
    "secondary-artifacts",
  ],
  cache: ["key", "fallback-keys", "action", "paths"],
} as const;

/**
 * Environment variables CodeBuild sets in every build environment
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html), plus the shell's own.
 *
 * @example
 * CODEBUILD_VARIABLES.includes("AWS_REGION"); // true
 */
export const CODEBUILD_VARIABLES = [
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "CODEBUILD_BATCH_BUILD_IDENTIFIER",
  "CODEBUILD_BUILD_ARN",
  "CODEBUILD_BUILD_ID",
  "CODEBUILD_BUILD_IMAGE",
  "CODEBUILD_BUILD_NUMBER",
  "CODEBUILD_BUILD_SUCCEEDING",
  "CODEBUILD_INITIATOR",
  "CODEBUILD_KMS_KEY_ID",
  "CODEBUILD_LOG_PATH",
  "CODEBUILD_PUBLIC_BUILD_URL",
  "CODEBUILD_RESOLVED_SOURCE_VERSION",
  "CODEBUILD_SOURCE_REPO_URL",
  "CODEBUILD_SOURCE_VERSION",
  "CODEBUILD_SRC_DIR",
  "CODEBUILD_START_TIME",
  "HOME",
  "PATH",
  "PWD",
] as const;

/**
 * The environment variables a shell command reads: `$NAME`, `${NAME...}` and Python's `os.environ["NAME"]`.
 * Special parameters (`$?`, `$1`, `$(...)`, `${!indirect}`) are not variables.
 *
 * @example
 * referencedVariables('aws s3 cp x "s3://${BUCKET}/$PREFIX/" && echo $?'); // ["BUCKET", "PREFIX"]
 */
export function referencedVariables(command: string): string[] {
  const names = new Set<string>();
  for (const match of command.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(match[1] ?? "");
  for (const match of command.matchAll(/os\.environ(?:\.get\(|\[)\s*["']([A-Za-z_][A-Za-z0-9_]*)["']/g)) {
    names.add(match[1] ?? "");
  }
  return [...names];
}

/**
 * The variables a shell command assigns: `NAME=...`, `export NAME=...`, `for NAME in`, `read NAME OTHER`.
 *
 * @example
 * definedVariables('export STAGING_PREFIX="staging/x"; for file in a b; do :; done'); // ["STAGING_PREFIX", "file"]
 * definedVariables('read -r BUCKET ID <<< "$outputs"'); // ["BUCKET", "ID"]
 */
export function definedVariables(command: string): string[] {
  const names = new Set<string>();
  for (const match of command.matchAll(
    /(?:^|[\s;&|(])(?:export\s+|local\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=/gm,
  )) {
    names.add(match[1] ?? "");
  }
  for (const match of command.matchAll(/\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)) names.add(match[1] ?? "");
  for (const match of command.matchAll(/\bread\s+(?:-r\s+)?((?:[A-Za-z_][A-Za-z0-9_]*[ \t]*)+)/g)) {
    for (const name of (match[1] ?? "").trim().split(/\s+/)) names.add(name);
  }
  return [...names];
}

function checkStringList(value: Json, path: string, problems: string[], allowEmpty = false): string[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    problems.push(`${path}: expected a non-empty list of strings, got ${JSON.stringify(value)}`);
    return [];
  }
  const strings: string[] = [];
  value.forEach((item, index) => {
    if (typeof item === "string" && item.trim() !== "") strings.push(item);
    else problems.push(`${path}[${index}]: expected a command string, got ${JSON.stringify(item)}`);
  });
  return strings;
}

function unknownKeys(
  value: Record<string, Json>,
  allowed: readonly string[],
  path: string,
  problems: string[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      problems.push(`${path}.${key}: not a buildspec 0.2 key; use one of ${allowed.join(", ")}`);
  }
}

/** What the build gets from outside the buildspec. */
export interface BuildspecContext {
  /** Variables the pipeline action (or the project) sets, besides CodeBuild's own. */
  readonly provided: readonly string[];
}

/**
 * Every problem with a parsed buildspec: not version 0.2, unknown keys, phases that are not install / pre_build /
 * build / post_build, commands that are not lists of strings, exported variables neither provided nor assigned, artifacts without
 * files, and commands reading a variable that neither the pipeline, CodeBuild, `env.variables` nor an earlier
 * command provides.
 *
 * @example
 * checkBuildspec({ version: 0.2, phases: { build: { commands: ["echo $NOPE"] } } }, { provided: [] });
 * // ['phases.build.commands[0]: reads $NOPE, which neither the pipeline, CodeBuild, env.variables nor an earlier command sets']
 */
export function checkBuildspec(buildspec: Json, context: BuildspecContext): string[] {
  if (!isPlainObject(buildspec)) return ["<buildspec>: expected a mapping"];
  const problems: string[] = [];
  unknownKeys(buildspec, BUILDSPEC_KEYS.top, "<buildspec>", problems);
  if (String(buildspec.version) !== "0.2") {
    problems.push(`version: ${JSON.stringify(buildspec.version)} is not 0.2; write "version: 0.2"`);
  }

  const known = new Set<string>([...context.provided, ...CODEBUILD_VARIABLES]);
  const env = buildspec.env;
  let exported: string[] = [];
  if (env !== undefined) {
    if (!isPlainObject(env)) problems.push("env: expected a mapping");
    else {
      unknownKeys(env, BUILDSPEC_KEYS.env, "env", problems);
      if (env.shell !== undefined && !["bash", "/bin/sh", "sh"].includes(String(env.shell))) {
        problems.push(`env.shell: ${JSON.stringify(env.shell)} is not a Linux shell (bash or /bin/sh)`);
      }
      for (const key of ["variables", "parameter-store", "secrets-manager"] as const) {
        const variables = env[key];
        if (variables === undefined) continue;
        if (!isPlainObject(variables)) {
          problems.push(`env.${key}: expected a mapping of NAME: value`);
          continue;
        }
        for (const [name, value] of Object.entries(variables)) {
          if (typeof value === "object") problems.push(`env.${key}.${name}: expected a scalar value`);
          known.add(name);
        }
      }
      if (env["exported-variables"] !== undefined) {
        exported = checkStringList(env["exported-variables"], "env.exported-variables", problems);
      }
    }
  }

  const assigned = new Set<string>(known);
  const assignedHere = new Set<string>(
    Object.keys(isPlainObject(env) && isPlainObject(env.variables) ? env.variables : {}),
  );
  const phases = buildspec.phases;
  if (!isPlainObject(phases) || Object.keys(phases).length === 0) {
    problems.push("phases: a buildspec needs at least one of install, pre_build, build, post_build");
  } else {
    unknownKeys(phases, BUILDSPEC_KEYS.phaseNames, "phases", problems);
    for (const name of BUILDSPEC_KEYS.phaseNames) {
      const phase = phases[name];
      if (phase === undefined) continue;
      const path = `phases.${name}`;
      if (!isPlainObject(phase)) {
        problems.push(`${path}: expected a mapping with commands`);
        continue;
      }
      const allowed =
        name === "install" ? [...BUILDSPEC_KEYS.phase, ...BUILDSPEC_KEYS.installOnly] : BUILDSPEC_KEYS.phase;
      unknownKeys(phase, allowed, path, problems);
      if (phase["on-failure"] !== undefined && !["ABORT", "CONTINUE"].includes(String(phase["on-failure"]))) {
        problems.push(`${path}.on-failure: ${JSON.stringify(phase["on-failure"])} is not ABORT or CONTINUE`);
      }
      if (phase["runtime-versions"] !== undefined && !isPlainObject(phase["runtime-versions"])) {
        problems.push(`${path}.runtime-versions: expected a mapping of runtime: version`);
      }
      for (const block of ["commands", "finally"] as const) {
        if (block === "finally" && phase.finally === undefined) continue;
        checkStringList(phase[block], `${path}.${block}`, problems).forEach((command, index) => {
          for (const variable of definedVariables(command)) {
            assigned.add(variable);
            assignedHere.add(variable);
          }
          for (const variable of referencedVariables(command)) {
            if (!assigned.has(variable)) {
              problems.push(
                `${path}.${block}[${index}]: reads $${variable}, which neither the pipeline, CodeBuild, env.variables nor an earlier command sets`,
              );
            }
          }
        });
      }
    }
  }

  // CodeBuild exports a variable's value at the end of the build, whether a command or the pipeline set it.
  for (const name of exported) {
    if (!assignedHere.has(name) && !context.provided.includes(name)) {
      problems.push(
        `env.exported-variables: ${name} is neither provided by the pipeline nor assigned by the buildspec; export it from a command`,
      );
    }
  }

  const artifacts = buildspec.artifacts;
  if (artifacts !== undefined) {
    if (!isPlainObject(artifacts)) problems.push("artifacts: expected a mapping with files");
    else {
      unknownKeys(artifacts, BUILDSPEC_KEYS.artifacts, "artifacts", problems);
      checkStringList(artifacts.files, "artifacts.files", problems);
    }
  }
  if (buildspec.cache !== undefined) {
    if (!isPlainObject(buildspec.cache)) problems.push("cache: expected a mapping");
    else unknownKeys(buildspec.cache, BUILDSPEC_KEYS.cache, "cache", problems);
  }
  return problems;
}
