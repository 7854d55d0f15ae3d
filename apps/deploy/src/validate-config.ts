/**
 * `tributary validate` and the first step of synth: type-check a config file with the workspace's TypeScript, then
 * validate it with core's `defineConfig` (through `loadConfig`). A type error that runs anyway, such as a key given
 * twice in one object (TS1117: the later entry silently replaces the earlier), becomes a config problem here.
 */
import { extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "@tributary/core";
import ts from "typescript";
import type { DeployConfig } from "./config";
import { ConfigFileError, loadConfig } from "./load-config";

/** Where the compiler options come from: this app's tsconfig.json (strict, bundler resolution, Node types). */
const TSCONFIG = fileURLToPath(new URL("../tsconfig.json", import.meta.url));

/** Extensions the type check reads; `.js`, `.mjs` and `.json` configs are only validated. */
const TYPED_EXTENSIONS = new Set([".ts", ".mts", ".cts"]);

/** The longest value text a problem quotes (as core's `describeValue` does). */
const VALUE_LENGTH = 200;

/**
 * One problem of a config file, in the words of core's `ConfigError`: the field, the value as written, what is
 * wrong and the fix.
 *
 * @example
 * const problem: ConfigProblem = { path: "environments.dev", value: "{ branch: null }", problem: "…", fix: "…" };
 */
export interface ConfigProblem {
  /** Dotted path of the field (`environments.dev`); `""` for the file as a whole. */
  readonly path: string;
  /** The value as the file writes it. */
  readonly value: string;
  readonly problem: string;
  readonly fix: string;
}

/**
 * Formats a problem as one line shaped like a `ConfigError` message.
 *
 * @example
 * formatConfigProblem({ path: "project", value: '"Acme"', problem: "is a type error", fix: "…" });
 * // 'Invalid Tributary config at project: "Acme" is a type error. Fix: …'
 */
export function formatConfigProblem(problem: ConfigProblem): string {
  return `Invalid Tributary config at ${problem.path || "(root)"}: ${problem.value} ${problem.problem}. Fix: ${problem.fix}`;
}

/**
 * A config file with problems: its type errors and, when `defineConfig` rejects it too, core's `ConfigError`. The
 * message is one line per problem.
 *
 * @example
 * try { await validateConfigFile("tributary.config.ts"); } catch (error) {
 *   if (error instanceof ConfigProblemsError) console.error(error.message); // one line per problem
 * }
 */
export class ConfigProblemsError extends Error {
  override readonly name = "ConfigProblemsError";
  /** The config file. */
  readonly file: string;
  /** One line per problem, each shaped like a `ConfigError` message. */
  readonly lines: readonly string[];

  constructor(file: string, lines: readonly string[]) {
    super(lines.join("\n"));
    this.file = file;
    this.lines = lines;
  }
}

/**
 * Type-checks a `.ts` config file (and nothing it imports) with this app's compiler options; `[]` when it is
 * clean or is not TypeScript.
 *
 * @example
 * typeCheckConfigFile("tributary.config.ts"); // [] for the shipped config
 */
export function typeCheckConfigFile(path: string): ConfigProblem[] {
  const file = resolve(path);
  if (!TYPED_EXTENSIONS.has(extname(file))) return [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    TSCONFIG,
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, " "));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${TSCONFIG}`);
  const program = ts.createProgram([file], parsed.options);
  const source = program.getSourceFile(file);
  if (source === undefined) return [];
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
    (diagnostic) => problemOf(diagnostic, source),
  );
}

/**
 * Validates a config file as `tributary validate` and synth do: the type check first, then core's `defineConfig`.
 * Returns the config; throws `ConfigProblemsError` (every problem found), `ConfigError` or `ConfigFileError`.
 *
 * @example
 * const { tributary } = await validateConfigFile("apps/deploy/tributary.config.ts");
 */
export async function validateConfigFile(path: string): Promise<DeployConfig> {
  const file = resolve(path);
  const typeProblems = typeCheckConfigFile(file);
  if (typeProblems.length === 0) return loadConfig(file);
  const lines = typeProblems.map(formatConfigProblem);
  try {
    await loadConfig(file);
  } catch (error) {
    // A syntax error is a type problem already (with its line); a ConfigError on a field the type check named
    // says the same thing twice.
    if (error instanceof ConfigError) {
      if (!typeProblems.some((problem) => problem.path === error.path)) lines.push(error.message);
    } else if (!(error instanceof ConfigFileError)) {
      throw error;
    }
  }
  throw new ConfigProblemsError(file, lines);
}

function problemOf(diagnostic: ts.Diagnostic, source: ts.SourceFile): ConfigProblem {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  const start = diagnostic.start ?? 0;
  const { line, character } = source.getLineAndCharacterOfPosition(start);
  const where = `${source.fileName}:${line + 1}:${character + 1}`;
  const node = valueNode(innermostNode(source, start));
  const path = node === undefined ? "" : fieldPath(node);
  const value = shorten(node === undefined ? (source.text.split("\n")[line] ?? "") : node.getText(source));
  const property = node?.parent !== undefined && isProperty(node.parent) ? node.parent : undefined;

  if (diagnostic.code === 1117 && property !== undefined) {
    const key = propertyKey(property);
    const first = firstPropertyNamed(property, key);
    const firstLine =
      first === undefined
        ? ""
        : ` of line ${source.getLineAndCharacterOfPosition(first.getStart(source)).line + 1}`;
    return {
      path,
      value,
      problem: `repeats the key "${key}"${firstLine} at ${where} (TS1117: ${message.replace(/\.$/, "")}): the later entry silently replaces the earlier`,
      fix: `Keep one "${key}" entry${path.includes(".") ? ` in ${path.slice(0, path.lastIndexOf("."))}` : ""} and remove or rename the other.`,
    };
  }
  return {
    path,
    value,
    problem: `is a type error at ${where} (TS${diagnostic.code}: ${message.replace(/\.$/, "")})`,
    fix: `Correct ${path === "" ? "the code" : path} at ${where} to match the config's type (apps/deploy/README.md#configuration-reference lists every field).`,
  };
}

/** The deepest node whose span holds `position`. */
function innermostNode(source: ts.SourceFile, position: number): ts.Node {
  let node: ts.Node = source;
  for (;;) {
    const child = node
      .getChildren(source)
      .find((c) => c.getStart(source) <= position && position < c.getEnd());
    if (child === undefined) return node;
    node = child;
  }
}

type Property = ts.PropertyAssignment | ts.ShorthandPropertyAssignment;

function isProperty(node: ts.Node): node is Property {
  return ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node);
}

/** The value a node belongs to: a property's value (also for its name) or an array's element; none at top level. */
function valueNode(node: ts.Node): ts.Node | undefined {
  for (let current: ts.Node | undefined = node; current !== undefined; current = current.parent) {
    if (ts.isPropertyAssignment(current)) return current.initializer;
    if (ts.isShorthandPropertyAssignment(current)) return current.name;
    if (current.parent !== undefined && ts.isArrayLiteralExpression(current.parent)) return current;
  }
  return undefined;
}

function propertyKey(property: Property): string {
  const { name } = property;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)
    ? name.text
    : name.getText();
}

/** `environments.dev` for the value of `dev` in the `environments` object literal; array elements as `[i]`. */
function fieldPath(value: ts.Node): string {
  const parts: string[] = [];
  let index = "";
  for (let current: ts.Node | undefined = value; current !== undefined; current = current.parent) {
    const parent: ts.Node | undefined = current.parent;
    if (isProperty(current)) {
      parts.unshift(`${propertyKey(current)}${index}`);
      index = "";
    } else if (parent !== undefined && ts.isArrayLiteralExpression(parent)) {
      index = `[${parent.elements.indexOf(current as ts.Expression)}]${index}`;
    }
  }
  return parts.join(".");
}

function firstPropertyNamed(property: Property, key: string): Property | undefined {
  const object = property.parent;
  return object.properties.find(
    (other): other is Property => isProperty(other) && propertyKey(other) === key,
  );
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > VALUE_LENGTH ? `${oneLine.slice(0, VALUE_LENGTH)}…` : oneLine;
}
