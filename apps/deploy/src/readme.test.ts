import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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
