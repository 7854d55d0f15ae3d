import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe("README.md", () => {
  it("given the Usage example, when examples/usage.ts runs, then it prints the README's Output block (stages, resource counts, findings)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const [, output] = /Output \(`src\/readme\.test\.ts`[^\n]*\n\n```text\n([\s\S]*?)```/.exec(readme) ?? [];

    const printed = execFileSync(process.execPath, ["--import", "tsx", "examples/usage.ts"], {
      cwd: packageDir,
      encoding: "utf8",
    });

    expect(output).toBe(printed);
  }, 120_000);
});
