/** The generated blocks of README.md: `pnpm --filter @tributary/iam-simulation readme` rewrites them. */

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PrincipalTables } from "./cases.js";
import { ACCOUNTS, type CrossAccountCase } from "./cross-account.js";
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

/**
 * README.md with its cross-account block rendered from `cases`: the count of must-allow and must-deny cases by what
 * they check (the `why` of each case, grouped by its first words).
 */
export function renderCrossAccountReadme(text: string, cases: readonly CrossAccountCase[]): string {
  const groups = new Map<string, { allow: number; deny: number }>();
  for (const entry of cases) {
    const where =
      entry.action === "sts:AssumeRole"
        ? "assume a target role"
        : entry.resource.account === entry.principal.account
          ? "in the principal's own account"
          : entry.resource.account === ACCOUNTS.cicd
            ? "on the CI/CD account's buckets and key"
            : "in another target account";
    const group = `${entry.action.split(":")[0]}: ${where}`;
    const counts = groups.get(group) ?? { allow: 0, deny: 0 };
    if (entry.expect === "Allowed") counts.allow += 1;
    else counts.deny += 1;
    groups.set(group, counts);
  }
  const rows = [...groups.entries()].map(([group, counts]) => [
    group,
    String(counts.allow),
    String(counts.deny),
  ]);
  const total = (field: "allow" | "deny") =>
    [...groups.values()].reduce((sum, counts) => sum + counts[field], 0);
  rows.push(["**total**", `**${total("allow")}**`, `**${total("deny")}**`]);
  const header = ["Request", "Must allow", "Must deny"];
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => (row[index] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join(" | ")} |`;
  const body = [
    line(header),
    `| ${widths.map((width, index) => (index === 0 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`)).join(" | ")} |`,
    ...rows.map(line),
  ].join("\n");
  const pattern = /(<!-- cross-account:start -->)[\s\S]*?(<!-- cross-account:end -->)/;
  if (!pattern.test(text))
    throw new Error("README.md has no <!-- cross-account:start --> … <!-- cross-account:end --> block.");
  return text.replace(pattern, (_match, start: string, end: string) => `${start}\n${body}\n${end}`);
}

/** Rewrites README.md (the `readme` script). */
export async function writeReadme(): Promise<void> {
  const { principalTables } = await import("./cases.js");
  const { countIam5Acknowledgements, metadataFileOf } = await import("./report.js");
  const { synthesizeApp } = await import("./synthesized-app.js");
  const { crossAccountCases, synthesizeCrossAccountApp } = await import("./cross-account.js");
  const app = await synthesizeApp();
  const text = readFileSync(README, "utf8");
  writeFileSync(
    README,
    renderCrossAccountReadme(
      renderReadme(
        text,
        principalTables(app),
        countIam5Acknowledgements(metadataFileOf(app.outdir, app.artifactId)),
      ),
      crossAccountCases(synthesizeCrossAccountApp()),
    ),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeReadme();
