/** The generated blocks of README.md: `pnpm --filter @tributary/iam-simulation readme` rewrites them. */

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PrincipalTables } from "./cases.js";
import { caseTable } from "./report.js";

/** This package's README. */
export const README = join(dirname(fileURLToPath(import.meta.url)), "..", "README.md");

/** The README with its generated blocks (`<!-- name:start -->` … `<!-- name:end -->`) replaced. */
export function renderReadme(
  text: string,
  tables: readonly PrincipalTables[],
  iam5: { keys: number; pairs: number },
): string {
  const blocks: Record<string, string> = {
    cases: caseTable(tables),
    iam5: `${iam5.keys} IAM5 acknowledgement keys (${iam5.pairs} distinct resource and finding pairs).`,
  };
  let result = text;
  for (const [name, body] of Object.entries(blocks)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(result))
      throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block.`);
    result = result.replace(pattern, (_match, start: string, end: string) => `${start}\n${body}\n${end}`);
  }
  return result;
}

/** Rewrites README.md (the `readme` script). */
export async function writeReadme(): Promise<void> {
  const { principalTables } = await import("./cases.js");
  const { countIam5Acknowledgements, metadataFileOf } = await import("./report.js");
  const { synthesizeApp } = await import("./synthesized-app.js");
  const app = await synthesizeApp();
  const text = readFileSync(README, "utf8");
  writeFileSync(
    README,
    renderReadme(
      text,
      principalTables(app),
      countIam5Acknowledgements(metadataFileOf(app.outdir, app.artifactId)),
    ),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeReadme();
