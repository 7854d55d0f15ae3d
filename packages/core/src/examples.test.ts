import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

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
  }, 30_000);
});
