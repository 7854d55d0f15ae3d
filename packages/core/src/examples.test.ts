import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveBranch } from "./branches/resolve-branch.js";
import { defineConfig } from "./config/define-config.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe("examples/where-will-it-deploy.ts", () => {
  it("given branch and PR arguments, when run with tsx, then it prints where each deploys (as in the README)", () => {
    const output = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "examples/where-will-it-deploy.ts",
        "hotfix/1.2.1",
        "support/1.x",
        "pr:7:feature/x:release/1.2.0",
      ],
      { cwd: packageDir, encoding: "utf8" },
    );
    expect(output.trim().split("\n")).toEqual([
      "hotfix/1.2.1 → env qa, pipeline acme-qa-hotfix-1.2.1 (clone of acme-qa), stack acme-qa (shared)",
      'support/1.x → nothing: support branch "support/1.x" has no route (routes.branches.support is not set)',
      "PR 7 (feature/x → release/1.2.0) → env qa, pipeline acme-qa-pr-7 (clone of acme-qa), stack acme-qa-pr-7 (own stack, deleted with the branch)",
    ]);
  });
});

describe("README.md", () => {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  const run = (file: string): string =>
    execFileSync(process.execPath, ["--import", "tsx", file], { cwd: packageDir, encoding: "utf8" });

  it("given the Usage section, when compared with examples/usage.ts and its output, then both are verbatim", () => {
    const usage = readme.slice(readme.indexOf("## Usage"));
    const [, code, output] = /```ts\n([\s\S]*?)```[\s\S]*?```text\n([\s\S]*?)```/.exec(usage) ?? [];

    expect(code).toBe(readFileSync(join(packageDir, "examples/usage.ts"), "utf8"));
    expect(output).toBe(run("examples/usage.ts"));
  });

  it("given the where-will-it-deploy block, when the example runs without arguments, then it prints that block", () => {
    const command = "$ pnpm --filter @tributary/core exec tsx examples/where-will-it-deploy.ts\n";
    const start = readme.indexOf(command) + command.length;

    expect(readme.slice(start, readme.indexOf("```", start))).toBe(run("examples/where-will-it-deploy.ts"));
  });

  it("given the naming examples, when each branch is resolved, then its pipeline and own stack are the ones the table shows", () => {
    const table = readme.slice(
      readme.indexOf("Examples (project `acme`):"),
      readme.indexOf("## How it is proven"),
    );
    const rows = [
      ...table.matchAll(/^\| `([^`]+)` +\| `([^`<]+)` +\| (?:`([^`<]+)`|— \(shared `([^`]+)`\)) +\|$/gm),
    ];

    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const [, branch, pipeline, ownStack, sharedStack] of rows) {
      const route = resolveBranch(defineConfig({ project: "acme", repository: "infra" }), branch ?? "");
      expect([branch, route?.pipelineName, route?.stackName]).toEqual([
        branch,
        pipeline,
        ownStack ?? sharedStack,
      ]);
    }
  });
});
