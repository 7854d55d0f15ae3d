/** Where this package carries the teardown's check, a Node program built from core (`teardown-check.ts`). */
import type { BuildspecProgram } from "../buildspec-program.js";

/**
 * The teardown check's file, relative to this package's root, its entry, and the name the teardown buildspec writes it
 * under in the build's working directory.
 *
 * @example
 * join(packageRoot, TEARDOWN_PROGRAM.file); // …/dist/buildspec/teardown-check.mjs
 */
export const TEARDOWN_PROGRAM = {
  file: "dist/buildspec/teardown-check.mjs",
  entry: "src/stack-teardown/teardown-check-cli.ts",
  buildName: ".tributary-teardown-check.mjs",
} as const satisfies BuildspecProgram;
