/** The figures of README.md, computed: case counts per principal and the IAM5 acknowledgements of the synthesized app. */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PrincipalTables } from "./cases.js";

/**
 * The IAM5 acknowledgements of a synthesized stack, counted as cdk-nag reads them: every `AwsSolutions-IAM5[…]` key
 * of the `aws:cdk:acknowledged-rules` metadata entries in the cloud assembly's `<stack>.metadata.json` (one key per
 * acknowledged finding per IAM resource, repeats included), and the distinct (resource, finding) pairs among them.
 */
export function countIam5Acknowledgements(metadataFile: string): {
  readonly keys: number;
  readonly pairs: number;
} {
  const metadata = JSON.parse(readFileSync(metadataFile, "utf8")) as Record<
    string,
    { type: string; data?: unknown }[]
  >;
  let keys = 0;
  const pairs = new Set<string>();
  for (const [path, entries] of Object.entries(metadata)) {
    for (const entry of entries) {
      if (
        entry.type !== "aws:cdk:acknowledged-rules" ||
        typeof entry.data !== "object" ||
        entry.data === null
      )
        continue;
      for (const key of Object.keys(entry.data)) {
        if (!key.includes("AwsSolutions-IAM5[")) continue;
        keys++;
        pairs.add(`${path} ${key}`);
      }
    }
  }
  return { keys, pairs: pairs.size };
}

/** The Markdown table of must-allow and must-deny cases per principal, aligned as Biome formats Markdown tables. */
export function caseTable(tables: readonly PrincipalTables[]): string {
  const allow = tables.reduce((sum, table) => sum + table.mustAllow.length, 0);
  const deny = tables.reduce((sum, table) => sum + table.mustDeny.length, 0);
  const rows = [
    ...tables.map((table) => [table.id, String(table.mustAllow.length), String(table.mustDeny.length)]),
    ["**total**", `**${allow}**`, `**${deny}**`],
  ];
  const header = ["Principal", "Must allow", "Must deny"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0] as number) : cell.padStart(widths[column] as number))).join(" | ")} |`;
  const rule = `| ${widths.map((width, column) => (column === 0 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`)).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The cloud assembly metadata file of a stack artifact id in `outdir`. */
export function metadataFileOf(outdir: string, artifactId: string): string {
  return join(outdir, `${artifactId}.metadata.json`);
}
