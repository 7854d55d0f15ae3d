/**
 * The Node programs this package builds from core and its buildspecs carry (the Preview step's, the teardown's): where
 * each is built, how a buildspec writes it into its build. Node is on CodeBuild's standard images (18 and later).
 */

import { existsSync, readFileSync } from "node:fs";
import { packagePath } from "./package-directory.js";

/**
 * One program: its file in this package (built by `tsup.config.ts` from `entry`), and the name a buildspec writes it
 * under in the build's working directory.
 *
 * @example
 * const program: BuildspecProgram = { file: "dist/buildspec/teardown-check.mjs", entry: "src/stack-teardown/teardown-check-cli.ts", buildName: ".tributary-teardown-check.mjs" };
 */
export interface BuildspecProgram {
  readonly file: string;
  readonly entry: string;
  readonly buildName: string;
}

/**
 * A bash single-quoted word.
 *
 * @example
 * shellQuoted("it's"); // "'it'\\''s'"
 */
export function shellQuoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The built program's source; throws when it has not been built, naming the fix.
 *
 * @example
 * programSource(TEARDOWN_PROGRAM).length; // about 4,000 characters
 */
export function programSource(program: BuildspecProgram, file = packagePath(program.file)): string {
  if (!existsSync(file)) {
    throw new Error(
      `Tributary: the program ${file} does not exist. Fix: run \`pnpm turbo build\` (the constructs' build bundles it from core).`,
    );
  }
  return readFileSync(file, "utf8");
}

/**
 * The buildspec command that writes the program into the build's working directory (`./<buildName>`).
 *
 * @example
 * phases: { build: { commands: [writeProgramCommand(TEARDOWN_PROGRAM), TEARDOWN_SCRIPT] } }
 */
export function writeProgramCommand(program: BuildspecProgram): string {
  return `printf '%s' ${shellQuoted(programSource(program))} > "./${program.buildName}"`;
}
