/**
 * The AWS CLI's CloudFormation waiters poll every 30 s. Tests keep botocore's own waiter model and acceptors and only
 * shorten one waiter, through botocore's documented `AWS_DATA_PATH` override, so a script's waits (and their
 * timeouts) fit in a test.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Writes botocore's CloudFormation waiter model, with `waiter` changed to `timing`, into a new directory and returns
 * it, for `AWS_DATA_PATH`.
 *
 * @example
 * const dataPath = fastCloudFormationWaiter("StackDeleteComplete", { delay: 1, maxAttempts: 2 });
 */
export function fastCloudFormationWaiter(
  waiter: string,
  timing: { readonly delay: number; readonly maxAttempts?: number },
): string {
  const botocore = execFileSync(
    "python3",
    ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"],
    { encoding: "utf8" },
  ).trim();
  const original = join(botocore, "data", "cloudformation", "2010-05-15", "waiters-2.json");
  const model = JSON.parse(readFileSync(original, "utf8")) as {
    waiters: Record<string, { delay: number; maxAttempts: number }>;
  };
  const found = model.waiters[waiter];
  if (found === undefined) throw new Error(`${original} has no ${waiter} waiter`);
  found.delay = timing.delay;
  if (timing.maxAttempts !== undefined) found.maxAttempts = timing.maxAttempts;
  const directory = mkdtempSync(join(tmpdir(), "tributary-botocore-"));
  mkdirSync(join(directory, "cloudformation", "2010-05-15"), { recursive: true });
  writeFileSync(join(directory, "cloudformation", "2010-05-15", "waiters-2.json"), JSON.stringify(model));
  return directory;
}
