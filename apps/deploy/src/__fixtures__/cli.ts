/** Test fixture: the CLI run in-process, with what it prints captured. */
import { type CliIo, main } from "../cli/main";

/**
 * Runs `tributary <argv>` with `cwd` and returns its exit code and what it printed.
 *
 * @example
 * const { code, stdout } = await runCli(["approval-rule"], repoRoot);
 * await runCli(["runs"], repoRoot, { env: moto.environment, color: true });
 */
export async function runCli(
  argv: string[],
  cwd: string,
  io: Pick<CliIo, "env" | "color"> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd,
    ...io,
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}
