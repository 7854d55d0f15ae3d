/** Runs a buildspec's bash script as CodeBuild runs a command, for the script tests against moto. */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs `script` with `bash -c` in a working directory of its own (as a build's), with exactly `env`, and resolves
 * with its exit status and its stdout and stderr interleaved. Asynchronous on purpose: a proxy in this process's event
 * loop must keep answering, which spawnSync would block. stdin is /dev/null, as CodeBuild runs a command: Debian's
 * bash started with -c, a socket for stdin (Node's default pipe) and no SHLVL reads ~/.bashrc, whose PATH (pyenv,
 * nvm) would replace the pinned tools.
 *
 * @example
 * const { status, output } = await runBuildScript(TEARDOWN_SCRIPT, { PATH: process.env.PATH ?? "", STACK_NAME: "acme-dev-feature-x" });
 */
export async function runBuildScript(
  script: string,
  env: Readonly<Record<string, string>>,
): Promise<{ status: number | null; output: string }> {
  const child = spawn("bash", ["-c", script], {
    cwd: mkdtempSync(join(tmpdir(), "tributary-build-")),
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const status = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { status, output };
}
