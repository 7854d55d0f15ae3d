/**
 * House rule check: every public export of a package (every name its `src/index.ts` re-exports) has a
 * doc comment with a non-empty `@example`. Follows `export { a, b as c } from`, `export type { … } from`,
 * `export * from`, `export type * from`, local `export { a }` and `import`-then-`export` chains through
 * relative modules, and reads the JSDoc of each declaration it lands on.
 *
 * Prints each offender as `path:line name` and exits 1; otherwise prints
 * `doc examples: N public exports, all with @example` and exits 0.
 *
 * @example
 * // packages/core/package.json
 * "lint": "biome check . && tsx ../../tooling/check-doc-examples.ts ."
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** Where a public name ends up: its declarations (several for overloads or merged declarations). */
interface Resolution {
  readonly file: string;
  readonly nodes: readonly ts.Node[];
}

/** A public name that could not be checked, or was checked and lacks `@example`. */
interface Offence {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly note?: string;
}

const sources = new Map<string, ts.SourceFile>();

function sourceFile(file: string): ts.SourceFile {
  let source = sources.get(file);
  if (!source) {
    source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    sources.set(file, source);
  }
  return source;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Resolves a relative specifier the way the packages write them: `./x.js`, `./x` or `./dir` (index). */
function resolveModule(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(fromFile), specifier);
  const stem = base.replace(/\.(m|c)?jsx?$/, "");
  const candidates = [
    base,
    ...[".ts", ".tsx", ".mts", ".cts", ".d.ts"].map((extension) => stem + extension),
    ...["index.ts", "index.tsx"].map((index) => join(base, index)),
  ];
  return candidates.find((candidate) => /\.(m|c)?tsx?$/.test(candidate) && isFile(candidate));
}

function hasExportModifier(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
  );
}

function hasDefaultModifier(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)
  );
}

type Declaration =
  | ts.FunctionDeclaration
  | ts.ClassDeclaration
  | ts.InterfaceDeclaration
  | ts.TypeAliasDeclaration
  | ts.EnumDeclaration
  | ts.ModuleDeclaration;

function isDeclaration(statement: ts.Statement): statement is Declaration {
  return (
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement)
  );
}

/** Names a declaration statement binds, with the node that carries its doc comment. */
function declaredNames(statement: ts.Statement): Array<{ name: string; node: ts.Node }> {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((declaration) =>
      ts.isIdentifier(declaration.name) ? [{ name: declaration.name.text, node: declaration }] : [],
    );
  }
  if (isDeclaration(statement) && statement.name && ts.isIdentifier(statement.name)) {
    return [{ name: statement.name.text, node: statement }];
  }
  return [];
}

/** Every name a module exports (not `default`), following `export *` through relative modules. */
function exportedNames(file: string, seen = new Set<string>()): Map<string, ts.Node> {
  const names = new Map<string, ts.Node>();
  if (seen.has(file)) return names;
  seen.add(file);
  const source = sourceFile(file);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) names.set(element.name.text, element);
      } else if (clause && ts.isNamespaceExport(clause)) {
        names.set(clause.name.text, clause);
      } else if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const target = resolveModule(file, statement.moduleSpecifier.text);
        if (!target) {
          names.set(`* from ${statement.moduleSpecifier.text}`, statement);
          continue;
        }
        for (const [name, node] of exportedNames(target, seen)) {
          // An explicit export of the same name wins over `export *`, as in TypeScript.
          if (!names.has(name)) names.set(name, node);
        }
      }
    } else if (hasExportModifier(statement) && !hasDefaultModifier(statement)) {
      for (const { name, node } of declaredNames(statement)) names.set(name, node);
    }
  }
  return names;
}

/** The local declarations of `name` in `file`, following an `import` of it to its module. */
function resolveLocal(file: string, name: string, seen: Set<string>): Resolution | undefined {
  const source = sourceFile(file);
  const nodes: ts.Node[] = [];
  for (const statement of source.statements) {
    for (const declared of declaredNames(statement)) {
      if (declared.name === name) nodes.push(declared.node);
    }
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        const element = bindings.elements.find((candidate) => candidate.name.text === name);
        const target = element && resolveModule(file, statement.moduleSpecifier.text);
        if (element && target) {
          return resolveExport(target, (element.propertyName ?? element.name).text, seen);
        }
      }
    }
  }
  return nodes.length > 0 ? { file, nodes } : undefined;
}

/** The declarations behind the name `name` that `file` exports. */
function resolveExport(file: string, name: string, seen = new Set<string>()): Resolution | undefined {
  const key = `${file}\0${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const source = sourceFile(file);

  const own: ts.Node[] = [];
  for (const statement of source.statements) {
    // `export { default as Name } from "./x.js"`: the default export of x.
    if (name === "default" && (ts.isExportAssignment(statement) || hasDefaultModifier(statement))) {
      own.push(statement);
      continue;
    }
    if (!hasExportModifier(statement) || hasDefaultModifier(statement)) continue;
    for (const declared of declaredNames(statement)) {
      if (declared.name === name) own.push(declared.node);
    }
  }
  if (own.length > 0) return { file, nodes: own };

  const stars: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement)) continue;
    const specifier =
      statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined;
    const clause = statement.exportClause;
    if (clause && ts.isNamedExports(clause)) {
      const element = clause.elements.find((candidate) => candidate.name.text === name);
      if (!element) continue;
      const original = (element.propertyName ?? element.name).text;
      if (specifier === undefined) return resolveLocal(file, original, seen);
      const target = resolveModule(file, specifier);
      return target ? resolveExport(target, original, seen) : undefined;
    }
    if (clause && ts.isNamespaceExport(clause)) {
      // `export * as name from "./x.js"`: the doc comment sits on the export statement itself.
      if (clause.name.text === name) return { file, nodes: [statement] };
      continue;
    }
    if (specifier !== undefined) {
      const target = resolveModule(file, specifier);
      if (target) stars.push(target);
    }
  }
  for (const target of stars) {
    const found = resolveExport(target, name, seen);
    if (found) return found;
  }
  return undefined;
}

/** The node whose leading doc comment documents `node` (a variable's comment sits on its statement). */
function documentedNode(node: ts.Node): ts.Node {
  if (ts.isVariableDeclaration(node) && ts.isVariableDeclarationList(node.parent)) {
    return node.parent.parent;
  }
  return node;
}

function hasExample(node: ts.Node): boolean {
  return ts
    .getJSDocTags(documentedNode(node))
    .some(
      (tag) => tag.tagName.text === "example" && (ts.getTextOfJSDocComment(tag.comment) ?? "").trim() !== "",
    );
}

function lineOf(node: ts.Node): number {
  const source = node.getSourceFile();
  const named = (node as { name?: ts.Node }).name;
  const at = named ? named.getStart(source) : node.getStart(source);
  return source.getLineAndCharacterOfPosition(at).line + 1;
}

function main(): number {
  const packageDirectory = resolve(process.argv[2] ?? ".");
  const index = join(packageDirectory, "src", "index.ts");
  if (!isFile(index)) {
    console.error(`check-doc-examples: no ${relative(process.cwd(), index) || index}`);
    return 2;
  }
  const show = (file: string) => relative(process.cwd(), file) || file;

  const names = [...exportedNames(index)].sort(([a], [b]) => a.localeCompare(b));
  const offences: Offence[] = [];
  for (const [name, exportNode] of names) {
    const exportFile = exportNode.getSourceFile().fileName;
    const found = name.startsWith("* from ") ? undefined : resolveExport(index, name);
    if (!found) {
      offences.push({
        file: exportFile,
        line: lineOf(exportNode),
        name,
        note: "no declaration found: only relative modules are followed",
      });
      continue;
    }
    if (!found.nodes.some(hasExample)) {
      const first = found.nodes[0] ?? exportNode;
      offences.push({ file: found.file, line: lineOf(first), name });
    }
  }

  offences.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.name.localeCompare(b.name));
  for (const offence of offences) {
    console.log(
      `${show(offence.file)}:${offence.line} ${offence.name}${offence.note ? ` (${offence.note})` : ""}`,
    );
  }
  if (offences.length > 0) {
    console.error(
      `doc examples: ${offences.length} of ${names.length} public exports lack an @example in their doc comment`,
    );
    return 1;
  }
  console.log(`doc examples: ${names.length} public exports, all with @example`);
  return 0;
}

process.exitCode = main();
