/**
 * PIPELINE-CONTRACT.md at the repository root, kept true: its generated tables must equal what core computes and
 * what the demo buildspecs read. On a difference the failure prints the table to paste.
 */
import {
  BUILDSPEC_VARIABLES,
  buildspecVariables,
  MANAGED_TAGS,
  PIPELINE_VARIABLES,
  previewProjectVariables,
} from "@tributary/core";
import { describe, expect, it } from "vitest";
import { CODEBUILD_VARIABLES, definedVariables, referencedVariables } from "../src/buildspec.js";
import { loadYaml, readDemoFile } from "./support/demo.js";

const CONTRACT = readDemoFile("../PIPELINE-CONTRACT.md");
const BUILDSPECS = ["buildspec.yml", "buildspec-cleanup.yml"] as const;

/** The rows of the generated table between `<!-- name:start` and `<!-- name:end -->`, as trimmed cells. */
function tableRows(name: string): string[][] {
  const match = new RegExp(`<!-- ${name}:start[^>]*-->\\n([\\s\\S]*?)<!-- ${name}:end -->`).exec(CONTRACT);
  if (match === null) throw new Error(`PIPELINE-CONTRACT.md has no generated table ${name}`);
  return (match[1] ?? "")
    .trim()
    .split("\n")
    .slice(2)
    .map((line) =>
      line
        .replace(/^\|/, "")
        .replace(/\|$/, "")
        .split("|")
        .map((cell) => cell.trim()),
    );
}

/** A markdown table, for the failure message. */
function markdown(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [
    line(header),
    `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`,
    ...rows.map(line),
  ].join("\n");
}

function expectTable(
  name: string,
  header: readonly string[],
  expected: readonly (readonly string[])[],
): void {
  expect(
    tableRows(name),
    `PIPELINE-CONTRACT.md table ${name} should be:\n${markdown(header, expected)}\n`,
  ).toEqual(expected);
}

/** Every command of a buildspec, as text. */
function commands(file: string): string[] {
  const spec = loadYaml(file) as { phases: Record<string, { commands?: string[]; finally?: string[] }> };
  return Object.values(spec.phases).flatMap((phase) => [...(phase.commands ?? []), ...(phase.finally ?? [])]);
}

/** The variables a buildspec reads from outside: not CodeBuild's, not env.variables, not set by its commands. */
function readsFromPipeline(file: string): Set<string> {
  const spec = loadYaml(file) as { env?: { variables?: Record<string, string> } };
  const own = new Set<string>([...CODEBUILD_VARIABLES, ...Object.keys(spec.env?.variables ?? {})]);
  for (const command of commands(file)) for (const name of definedVariables(command)) own.add(name);
  const read = new Set<string>();
  for (const command of commands(file)) {
    for (const name of referencedVariables(command)) if (!own.has(name)) read.add(name);
    // The presence checks read their list through ${!name}.
    for (const loop of command.matchAll(/for name in ([A-Z_ ]+); do/g)) {
      for (const name of (loop[1] ?? "").trim().split(/\s+/)) read.add(name);
    }
  }
  return read;
}

describe("PIPELINE-CONTRACT.md", () => {
  it("given core's PIPELINE_VARIABLES, when the pipeline variables table is read, then it lists each with its reference", () => {
    expectTable(
      "pipeline-variables",
      ["Variable", "Reference"],
      Object.values(PIPELINE_VARIABLES).map((name) => [`\`${name}\``, `\`#{variables.${name}}\``]),
    );
  });

  it("given core's buildspecVariables and the buildspecs, when the buildspec environment table is read, then it lists every value, who sets it and who reads it", () => {
    const values = buildspecVariables({
      project: "acme",
      stagingBucket: "${StagingBucket}",
      reportsBucket: "${ReportsBucket}",
      region: "${AWS::Region}",
      testNamespace: "Test",
    });
    const readers = (name: string, files: readonly string[]) =>
      files.filter((file) => readsFromPipeline(file).has(name)).join(", ");
    const rows = (["project", "test", "cleanup"] as const).flatMap((group) =>
      BUILDSPEC_VARIABLES[group].map((name) => [
        `\`${name}\``,
        group,
        readers(name, group === "project" ? BUILDSPECS : [group === "test" ? BUILDSPECS[0] : BUILDSPECS[1]]),
        `\`${(values[group] as Record<string, string>)[name]}\``,
      ]),
    );
    // The Preview project's inline script (constructs' PREVIEW_SCRIPT, whose own test checks it reads exactly these).
    const previewRows = [
      ...BUILDSPEC_VARIABLES.preview.map((name) => [
        `\`${name}\``,
        "preview",
        "PREVIEW_SCRIPT",
        `\`${values.preview[name]}\``,
      ]),
      ...Object.entries(
        previewProjectVariables({ stackName: "<project>-<env>", deploymentRoleArn: "${DeploymentRole.Arn}" }),
      ).map(([name, value]) => [`\`${name}\``, "preview project", "PREVIEW_SCRIPT", `\`${value}\``]),
    ];
    // The projects of an environment in another account or region (constructs' targetCredentialsScript).
    const remoteRows = BUILDSPEC_VARIABLES.remoteProject.map((name) => [
      `\`${name}\``,
      "remote project",
      [readers(name, BUILDSPECS), "the Preview buildspec"].filter((reader) => reader !== "").join(", "),
      "a shell line that writes the target role's AWS config profile (unset in the CI/CD account)",
    ]);
    expectTable(
      "buildspec-variables",
      ["Variable", "Set on", "Read by", "Value at synth"],
      [...rows, ...previewRows, ...remoteRows],
    );
  });

  it("given the buildspecs, when every variable they read from outside is collected, then each is in the contract and read by its group's buildspec", () => {
    const contract = (group: "test" | "cleanup") =>
      new Set<string>([
        ...BUILDSPEC_VARIABLES.project,
        ...BUILDSPEC_VARIABLES.remoteProject,
        ...BUILDSPEC_VARIABLES[group],
      ]);
    for (const [file, group] of [
      ["buildspec.yml", "test"],
      ["buildspec-cleanup.yml", "cleanup"],
    ] as const) {
      const read = readsFromPipeline(file);
      expect(
        [...read].filter((name) => !contract(group).has(name)),
        file,
      ).toEqual([]);
      expect(
        BUILDSPEC_VARIABLES[group].filter((name) => !read.has(name)),
        `${file} ignores`,
      ).toEqual([]);
      for (const name of read) expect(CONTRACT, `${name} in PIPELINE-CONTRACT.md`).toContain(`\`${name}\``);
    }
  });

  it("given core's MANAGED_TAGS, when the tags table is read, then it lists every key", () => {
    expectTable(
      "managed-tags",
      ["Key"],
      Object.values(MANAGED_TAGS).map((key) => [`\`${key}\``]),
    );
  });

  it("given the Test buildspec's exports, when the contract is read, then each exported variable is documented", () => {
    const spec = loadYaml("buildspec.yml") as { env: { "exported-variables": string[] } };
    const section = CONTRACT.slice(
      CONTRACT.indexOf("## Exported variables"),
      CONTRACT.indexOf("## Artifacts"),
    );
    for (const name of spec.env["exported-variables"]) expect(section).toContain(`| \`${name}\``);
  });
});
