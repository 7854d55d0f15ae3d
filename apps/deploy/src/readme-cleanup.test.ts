/**
 * The root README's clean-up snippet, run as written with bash, jq and the real AWS CLI against moto: its loop that
 * empties a versioned website bucket must respect DeleteObjects' limit ("a list of up to 1,000 keys", Amazon S3 API
 * reference) whatever the bucket holds.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type MotoServer, startMotoServer } from "@tributary/fake-aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const README = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../../README.md"), "utf8");
const BUCKET = "acme-dev-website-1abc2def3gh4";

/** The snippet's loop that empties `$bucket` (from its `while true; do` to its `done`). */
function emptyingLoop(): string {
  const [loop] = /^ {2}while true; do\n[\s\S]*?^ {2}done$/m.exec(README) ?? [];
  if (loop === undefined)
    throw new Error("The README's clean-up snippet has no `while true; do … done` loop.");
  return loop;
}

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto.close();
});

describe("the README's clean-up snippet", () => {
  it("given a versioned bucket with 1,500 object versions and 700 delete markers, when the snippet's loop runs, then every call deletes at most 1,000 keys and the bucket ends empty", () => {
    const env = { ...process.env, ...moto.environment, AWS_ENDPOINT_URL: moto.url };
    execFileSync(
      "python3",
      [
        "-c",
        `import boto3
from concurrent.futures import ThreadPoolExecutor
s3 = boto3.client("s3")
s3.create_bucket(Bucket="${BUCKET}", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
s3.put_bucket_versioning(Bucket="${BUCKET}", VersioningConfiguration={"Status": "Enabled"})
keys = [f"page-{i}.html" for i in range(750)]
for body in (b"v1", b"v2"):
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda key: s3.put_object(Bucket="${BUCKET}", Key=key, Body=body), keys))
for start in range(0, 700, 100):
    s3.delete_objects(Bucket="${BUCKET}", Delete={"Objects": [{"Key": k} for k in keys[start:start + 100]], "Quiet": True})
`,
      ],
      { env },
    );
    // The snippet's loop, with aws recording the size of each DeleteObjects batch before it runs the real CLI.
    const script = `aws() { if [ "$2" = "delete-objects" ]; then printf '%s\\n' "$6" | jq '.Objects | length' >> "$BATCHES"; fi; command aws "$@"; }
bucket=${BUCKET}
${emptyingLoop()}
command aws s3api list-object-versions --bucket "$bucket" --output json | jq '((.Versions // []) + (.DeleteMarkers // [])) | length'`;
    const batches = join(mkdtempSync(join(tmpdir(), "tributary-readme-")), "batches");
    const result = spawnSync("bash", ["-c", script], { encoding: "utf8", env: { ...env, BATCHES: batches } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim().split("\n").at(-1)).toBe("0");
    const sizes = readFileSync(batches, "utf8").trim().split("\n").map(Number);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(2200);
  }, 300_000);
});
