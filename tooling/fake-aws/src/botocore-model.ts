/** AWS's API models as botocore ships them (the pinned botocore of the repository's .venv): the source tests cite. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * One service's model, `botocore/data/<service>/<version>/service-2.json`, parsed; throws with the fix when botocore
 * is not importable.
 *
 * @example
 * const model = botocoreModel("cloudformation", "2010-05-15") as { shapes: { StackStatus: { enum: string[] } } };
 */
export function botocoreModel(service: string, version: string): unknown {
  let botocore: string;
  try {
    botocore = execFileSync(
      "python3",
      ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"],
      {
        encoding: "utf8",
      },
    ).trim();
  } catch (error) {
    throw new Error(
      `botocore is not importable (${String(error)}). Fix: install the pinned Python test tools into the repository's .venv with \`bash tooling/setup.sh\` (repository root).`,
    );
  }
  return JSON.parse(
    gunzipSync(readFileSync(join(botocore, "data", service, version, "service-2.json.gz"))).toString("utf8"),
  );
}
