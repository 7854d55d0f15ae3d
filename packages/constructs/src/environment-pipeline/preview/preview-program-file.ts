/** Where this package carries the Preview step's Node program (built from core by this package's build). */

/**
 * The program's file, relative to this package's root, and the name the Preview buildspec writes it under (in the
 * build's working directory, beside `PREVIEW_SCRIPT`'s inputs).
 *
 * @example
 * join(packageRoot, PREVIEW_PROGRAM.file); // …/dist/buildspec/preview-program.mjs
 */
export const PREVIEW_PROGRAM = {
  file: "dist/buildspec/preview-program.mjs",
  entry: "src/environment-pipeline/preview/preview-program.ts",
  buildName: ".tributary-preview-program.mjs",
} as const;
