import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README.md", () => {
  it("given the Usage example, when examples/usage.ts runs, then it prints the README's Output block (stages, resource counts, Lambda functions, findings)", () => {
    const [, output] = /Output \(`src\/readme\.test\.ts`[^\n]*\n\n```text\n([\s\S]*?)```/.exec(readme) ?? [];

    const printed = execFileSync(process.execPath, ["--import", "tsx", "examples/usage.ts"], {
      cwd: packageDir,
      encoding: "utf8",
    });

    expect(output).toBe(printed);
  });

  it("given the Usage block, when compared with examples/usage.ts, then it is the example's code from the config to the print", () => {
    const [, usage] = /## Usage\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme) ?? [];
    const example = readFileSync(new URL("../examples/usage.ts", import.meta.url), "utf8");

    const code = example.slice(example.indexOf("const config = "), example.indexOf("\n\nconst template") + 1);

    expect(usage).toBe(code);
  });
});
