import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { createApp } from "./app";
import { main } from "./cli/main";
import { loadConfig } from "./load-config";
import { formatSummary } from "./summary";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Every `$ command` of the READMEs' console blocks with the lines it prints (up to a `...` line, if any). */
function consoleCommands(file: string): { command: string; output: string; truncated: boolean }[] {
  const text = readFileSync(join(repoRoot, file), "utf8");
  const commands: { command: string; output: string; truncated: boolean }[] = [];
  for (const [, block] of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    for (const part of (block ?? "").split(/^(?=\$ )/m).filter((chunk) => chunk.startsWith("$ "))) {
      const [first, ...lines] = part.replace(/\n+$/, "").split("\n");
      const cut = lines.indexOf("...");
      commands.push({
        command: (first ?? "").slice(2),
        output: (cut === -1 ? lines : lines.slice(0, cut)).join("\n"),
        truncated: cut !== -1,
      });
    }
  }
  return commands;
}

async function tributary(args: string[]): Promise<string> {
  const out: string[] = [];
  await main(args, { stdout: (text) => out.push(text), stderr: (text) => out.push(text), cwd: repoRoot });
  return out.join("\n");
}

const commands = ["README.md", "apps/deploy/README.md"].flatMap((file) =>
  consoleCommands(file).map((entry) => ({ file, ...entry })),
);

describe("the READMEs' console blocks", () => {
  it("given the READMEs, then they show the synth summary and the CLI", () => {
    expect(commands.map((entry) => entry.command)).toEqual(
      expect.arrayContaining(["pnpm turbo synth", expect.stringMatching(/^pnpm (-s )?tributary /)]),
    );
  });

  it.each(commands.filter((entry) => /^pnpm (-s )?tributary /.test(entry.command)))(
    "given $file, when `$command` runs, then it prints what the README shows",
    async ({ command, output, truncated }) => {
      const printed = await tributary(command.replace(/^pnpm (-s )?tributary /, "").split(" "));

      if (truncated) expect(printed.startsWith(`${output}\n`)).toBe(true);
      else expect(printed).toBe(output);
    },
  );

  it.each(commands.filter((entry) => entry.command === "pnpm turbo synth"))(
    "given $file, when the shipped config is summarized, then the summary is the README's",
    async ({ output }) => {
      const { summary } = createApp(await loadConfig(), {
        outdir: mkdtempSync(join(tmpdir(), "tributary-readme-")),
        nag: false,
      });

      expect(formatSummary(summary).trimEnd()).toBe(output);
    },
  );
});

let cicdTemplate: Promise<Template> | undefined;

/** The CI/CD stack of the shipped config, synthesized once for the tests that read it. */
function shippedCicdTemplate(): Promise<Template> {
  cicdTemplate ??= loadConfig().then((config) =>
    Template.fromStack(
      createApp(config, { outdir: mkdtempSync(join(tmpdir(), "tributary-readme-")), nag: false }).cicdStack,
    ),
  );
  return cicdTemplate;
}

describe("apps/deploy/README.md, What gets deployed", () => {
  it("given the shipped config, when synthesized, then the pipeline bullet names every stage of the prod pipeline in order", async () => {
    const readme = readFileSync(join(repoRoot, "apps/deploy/README.md"), "utf8");
    const [bullet = ""] =
      /- \*\*One CodePipeline V2 per environment\*\*[\s\S]*?(?=\n- \*\*)/.exec(readme) ?? [];
    const pipelines = (await shippedCicdTemplate()).findResources("AWS::CodePipeline::Pipeline");
    const prod = Object.values(pipelines).find((pipeline) => pipeline.Properties.Name === "acme-prod");
    const stages: string[] = prod?.Properties.Stages.map((stage: { Name: string }) => stage.Name) ?? [];

    const positions = stages.map((stage) => bullet.search(new RegExp(`(:|→)\\s+${stage}\\b`)));

    expect(stages).toContain("Approval");
    expect(positions.every((position) => position !== -1)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});

describe("README.md, Costs", () => {
  it("given the shipped config, when synthesized, then the CloudWatch line counts the CI/CD stack's alarms", async () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const [, count] = /- \*\*CloudWatch\*\*: (\w+) alarms/.exec(readme) ?? [];

    const alarms = Object.keys((await shippedCicdTemplate()).findResources("AWS::CloudWatch::Alarm")).length;

    expect(count).toBe(["zero", "one", "two", "three", "four", "five", "six"][alarms]);
  });
});
