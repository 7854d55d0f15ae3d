/**
 * The URL `aws cloudformation package` writes into a nested stack's `TemplateURL`, from the real AWS CLI against a
 * real moto_server. The CLI is left to resolve S3's real endpoint for its region (no AWS_ENDPOINT_URL): its HTTPS
 * connections go through a CONNECT proxy of this test to `moto_server --ssl`, which serves S3 by the request's host
 * name (`<bucket>.s3.<region>.amazonaws.com`). `--no-verify-ssl`: moto's certificate is its own; what is under test is
 * the URL, not TLS.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const LISTENING = /Running on https:\/\/127\.0\.0\.1:(\d+)/;

let moto: ChildProcess;
let proxy: Server;
let work: string;
let environment: Record<string, string>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "tributary-template-url-"));
  const logPath = join(work, "moto.log");
  const log = openSync(logPath, "w");
  moto = spawn("moto_server", ["-s", "-H", "127.0.0.1", "-p", "0"], { stdio: ["ignore", log, log] });
  closeSync(log);
  let port: string | undefined;
  // A readiness bound for a busy machine, not a speed target.
  for (const started = Date.now(); port === undefined; ) {
    port = LISTENING.exec(readFileSync(logPath, "utf8"))?.[1];
    if (moto.exitCode !== null || Date.now() - started > 180_000) {
      throw new Error(`moto_server --ssl did not listen: ${readFileSync(logPath, "utf8").slice(-2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Every CONNECT (whatever host the CLI asks for) is tunnelled to moto's TLS port.
  proxy = createServer((client) => {
    client.once("data", (head) => {
      if (!head.toString("latin1").startsWith("CONNECT ")) return client.destroy();
      const upstream = connect(Number(port), "127.0.0.1", () => {
        client.write("HTTP/1.1 200 Connection established\r\n\r\n");
        client.pipe(upstream).pipe(client);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no port");
  environment = {
    PATH: process.env.PATH ?? "",
    HTTPS_PROXY: `http://127.0.0.1:${address.port}`,
    NO_PROXY: "",
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
    PYTHONWARNINGS: "ignore",
  };
  writeFileSync(
    join(work, "main.yaml"),
    "Resources:\n  Website:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./website.yaml\n",
  );
  writeFileSync(join(work, "website.yaml"), "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n");
}, 300_000);

afterAll(async () => {
  proxy?.close();
  moto?.kill("SIGTERM");
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

async function aws(args: string[], region: string): Promise<string> {
  // AWS_REGION and AWS_DEFAULT_REGION: what a remote build's TRIBUTARY_TARGET_CREDENTIALS exports.
  const { stdout } = await run("aws", ["--no-verify-ssl", ...args], {
    cwd: work,
    env: { ...environment, AWS_REGION: region, AWS_DEFAULT_REGION: region },
  });
  return stdout;
}

async function packagedUrl(bucket: string, bucketRegion: string, buildRegion: string): Promise<string> {
  await aws(
    [
      "s3api",
      "create-bucket",
      "--bucket",
      bucket,
      "--create-bucket-configuration",
      `LocationConstraint=${bucketRegion}`,
    ],
    bucketRegion,
  );
  const output = `${bucket}.yaml`;
  await aws(
    [
      "cloudformation",
      "package",
      "--template-file",
      "main.yaml",
      "--s3-bucket",
      bucket,
      "--s3-prefix",
      "staging/acme-prod/0123/templates",
      "--output-template-file",
      output,
    ],
    buildRegion,
  );
  return /TemplateURL: (\S+)/.exec(readFileSync(join(work, output), "utf8"))?.[1] ?? "";
}

describe("aws cloudformation package's TemplateURL", () => {
  it("given a build in eu-central-1 and the staging bucket of eu-central-1, when it packages, then the URL names the bucket's region", async () => {
    const url = await packagedUrl("acme-staging-eu-central-1", "eu-central-1", "eu-central-1");
    expect(url).toMatch(
      /^https:\/\/s3\.eu-central-1\.amazonaws\.com\/acme-staging-eu-central-1\/staging\/acme-prod\/0123\/templates\/[0-9a-f]{32}\.template$/,
    );
  });

  it("given a build in eu-central-1 and a staging bucket of eu-west-1, when it packages, then the upload succeeds but the URL names eu-central-1, where the bucket is not", async () => {
    const url = await packagedUrl("acme-staging-eu-west-1", "eu-west-1", "eu-central-1");
    expect(url).toMatch(/^https:\/\/s3\.eu-central-1\.amazonaws\.com\/acme-staging-eu-west-1\//);
    const location = await aws(
      ["s3api", "get-bucket-location", "--bucket", "acme-staging-eu-west-1"],
      "eu-west-1",
    );
    expect(JSON.parse(location)).toEqual({ LocationConstraint: "eu-west-1" });
  });
});
