/**
 * The Preview step's Node program, as functions: one preview's `DescribeChangeSet` pages become `preview.json` and
 * `PREVIEW_STATUS`, by core's own rule (`summarizeChangeSets`), so the buildspec restates no rule of its own.
 */

import { readFileSync, writeFileSync } from "node:fs";
import {
  PREVIEW_OUTPUTS,
  type PreviewDocument,
  PreviewError,
  s3ObjectUrl,
  summarizeChangeSets,
} from "@tributary/core";

/**
 * What one preview is made of: the stack it previews, its environment, how the change set was created, and every
 * `DescribeChangeSet` page of the root and nested change sets (or the one page of a rejected call).
 *
 * @example
 * const input: PreviewInput = { stack: "acme-prod", environment: "prod", changeSetType: "UPDATE", pages };
 */
export interface PreviewInput {
  readonly stack: string;
  readonly environment: string;
  readonly changeSetType: string;
  readonly pages: readonly unknown[];
}

/**
 * The `PreviewDocument` written to `preview.json` (core's contract: one entry per previewed stack) and its status, by
 * `summarizeChangeSets`' rule: `error` when a change set failed for another reason than "no changes", else `changes`
 * when one lists a change, else `no-changes`. Throws core's `PreviewError` for pages that are not what
 * `DescribeChangeSet` returns, a change set that is not finished among them.
 *
 * @example
 * const { document, status } = previewDocument({ stack: "acme-prod", environment: "prod", changeSetType: "UPDATE", pages });
 * status; // "changes"
 */
export function previewDocument(input: PreviewInput): {
  readonly document: PreviewDocument;
  readonly status: string;
} {
  const document = [
    {
      stack: input.stack,
      environment: input.environment,
      changeSetType: input.changeSetType,
      pages: input.pages,
    },
  ] as unknown as PreviewDocument;
  return { document, status: summarizeChangeSets(document).status };
}

/**
 * The pages as the script collects them: one JSON document per line (`jq -c`).
 *
 * @example
 * parsePages('{"Status":"CREATE_COMPLETE"}\n'); // [{ Status: "CREATE_COMPLETE" }]
 */
export function parsePages(jsonLines: string): unknown[] {
  return jsonLines
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);
}

/**
 * The program's command that prints a staged template's URL (see {@link runPreviewProgram}).
 *
 * @example
 * TEMPLATE_URL_COMMAND; // "template-url"
 */
export const TEMPLATE_URL_COMMAND = "template-url";

/**
 * `NAME='value'` lines that bash reads back with `set -a; . file; set +a`: each value single-quoted, its own single
 * quotes written as `'\''`, so any text comes back exactly.
 *
 * @example
 * bashAssignments({ PREVIEW_STATUS: "changes" }); // "PREVIEW_STATUS='changes'\n"
 */
export function bashAssignments(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}='${value.replace(/'/g, "'\\''")}'\n`)
    .join("");
}

/**
 * The program: `node preview-program.mjs <pages.jsonl> <CREATE|UPDATE> <preview.json> <outputs file>`, with
 * `PREVIEW_STACK_NAME`, `TRIBUTARY_ENVIRONMENT` and `PREVIEW_URL` in the environment. Writes `preview.json` and the
 * outputs file (`PREVIEW_STATUS`, `PREVIEW_URL`), prints one line, and returns the exit code: 0, or 1 with core's
 * message when the pages are refused (nothing is written then). `node preview-program.mjs template-url <bucket>
 * <region> <key>` prints the staged template's URL instead (core's `s3ObjectUrl`: the partition's DNS suffix).
 *
 * @example
 * process.exitCode = runPreviewProgram(process.argv.slice(2), process.env);
 */
export function runPreviewProgram(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  fail: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): number {
  if (args[0] === TEMPLATE_URL_COMMAND) {
    const [, bucket, region, key] = args;
    if (!bucket || !region || !key) {
      fail(`Usage: node preview-program.mjs ${TEMPLATE_URL_COMMAND} <bucket> <region> <key>`);
      return 1;
    }
    log(s3ObjectUrl(bucket, region, key));
    return 0;
  }
  const [pagesFile, changeSetType, documentFile, outputsFile] = args;
  const stack = env.PREVIEW_STACK_NAME;
  const environment = env.TRIBUTARY_ENVIRONMENT;
  const url = env.PREVIEW_URL;
  if (
    pagesFile === undefined ||
    changeSetType === undefined ||
    documentFile === undefined ||
    outputsFile === undefined ||
    stack === undefined ||
    environment === undefined ||
    url === undefined
  ) {
    fail(
      "Usage: node preview-program.mjs <pages.jsonl> <CREATE|UPDATE> <preview.json> <outputs file>, with PREVIEW_STACK_NAME, TRIBUTARY_ENVIRONMENT and PREVIEW_URL set (PREVIEW_SCRIPT runs it so).",
    );
    return 1;
  }
  const pages = parsePages(readFileSync(pagesFile, "utf8"));
  let preview: ReturnType<typeof previewDocument>;
  try {
    preview = previewDocument({ stack, environment, changeSetType, pages });
  } catch (error) {
    if (!(error instanceof PreviewError)) throw error;
    fail(`The preview of ${stack} cannot be summarized: ${error.message}`);
    return 1;
  }
  writeFileSync(documentFile, `${JSON.stringify(preview.document, null, 2)}\n`);
  writeFileSync(
    outputsFile,
    bashAssignments({ [PREVIEW_OUTPUTS.status]: preview.status, [PREVIEW_OUTPUTS.url]: url }),
  );
  log(`Preview of ${stack}: ${preview.status} (${pages.length} change-set pages): ${url}`);
  return 0;
}
