/**
 * The entry of the Preview step's Node program, bundled with core into one file (`dist/buildspec/preview-program.mjs`,
 * Node 18 syntax: CodeBuild's standard images carry Node) that the Preview buildspec writes beside `PREVIEW_SCRIPT`.
 */
import { runPreviewProgram } from "./preview-document.js";

process.exitCode = runPreviewProgram(process.argv.slice(2), process.env);
