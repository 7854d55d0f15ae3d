import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, MANAGED_TAGS, ownershipRule } from "@tributary/core";
import { describe, expect, it } from "vitest";
import { TEARDOWN_SCRIPT, teardownCheckPath, teardownVariables } from "./teardown-buildspec.js";

const rule = ownershipRule(defineConfig({ project: "acme", repository: "infra" }));

/**
 * Runs the teardown script with an `aws` on PATH that only records that it was called: the refusals below happen
 * before any AWS call, so no AWS behaviour is imitated.
 */
function runTeardown(stackName: string) {
  const directory = mkdtempSync(join(tmpdir(), "tributary-teardown-ownership-"));
  const calls = join(directory, "calls");
  writeFileSync(calls, "");
  const aws = join(directory, "aws");
  writeFileSync(aws, `#!/usr/bin/env bash\necho "$*" >> "${calls}"\nexit 99\n`);
  chmodSync(aws, 0o755);
  const result = spawnSync("bash", ["-c", TEARDOWN_SCRIPT], {
    encoding: "utf8",
    // stdin from /dev/null, as CodeBuild runs a command: Debian's bash started with -c, a socket for stdin (Node's default
    // pipe) and no SHLVL (an env of our own) reads ~/.bashrc, whose PATH (pyenv, nvm) would replace the pinned tools.
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: `${directory}:${process.env.PATH ?? ""}`,
      STACK_NAME: stackName,
      TEARDOWN_CHECK: teardownCheckPath(),
      ...teardownVariables(rule),
    },
  });
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}`,
    calls: readFileSync(calls, "utf8"),
  };
}

describe("teardown script and core's ownership rule", () => {
  it.each(rule.protectedStacks)(
    "given the protected stack %s, when torn down, then it is refused before any AWS call",
    (name) => {
      const { status, output, calls } = runTeardown(name);
      expect(status).toBe(1);
      expect(output).toContain(`Refusing to tear down ${name}: it is a protected stack`);
      expect(calls).toBe("");
    },
  );

  it("given a stack of another project, when torn down, then it is refused before any AWS call", () => {
    const { status, output, calls } = runTeardown("shop-dev-feature-x");
    expect(status).toBe(1);
    expect(output).toContain("its name does not start with acme-");
    expect(calls).toBe("");
  });

  it("given the rule, when handed to the script, then the variables are core's data", () => {
    expect(teardownVariables(rule)).toEqual({
      TEARDOWN_NAME_PREFIX: "acme-",
      TEARDOWN_REQUIRED_TAGS: JSON.stringify({ "tributary:ephemeral": "true", "tributary:project": "acme" }),
      TEARDOWN_PROTECTED_STACKS: JSON.stringify(rule.protectedStacks),
      TEARDOWN_CLONE_TAGS: JSON.stringify({ "tributary:managed": "true", "tributary:project": "acme" }),
      TEARDOWN_STACK_TAG: MANAGED_TAGS.stack,
    });
  });
});
