import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MotoServer, MotoServerError, startMotoServer } from "./moto-server.js";

/** Runs `start` with `directory` alone on PATH (where `moto_server` is looked up), then restores PATH. */
async function withPath<T>(directory: string, start: () => Promise<T>): Promise<T> {
  const path = process.env.PATH;
  process.env.PATH = directory;
  try {
    return await start();
  } finally {
    process.env.PATH = path;
  }
}

describe("startMotoServer", () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
  });
  afterAll(async () => {
    await moto.close();
  });

  const aws = (...args: string[]): string =>
    execFileSync("aws", args, { encoding: "utf8", env: { ...process.env, ...moto.environment } });

  it("given a running server, when the real AWS CLI creates a bucket, then the CLI lists it", () => {
    aws(
      "s3api",
      "create-bucket",
      "--bucket",
      "demo",
      "--create-bucket-configuration",
      "LocationConstraint=eu-west-1",
    );

    expect(
      JSON.parse(aws("s3api", "list-buckets")).Buckets.map((bucket: { Name: string }) => bucket.Name),
    ).toEqual(["demo"]);
  });

  it("given a bucket, when the server is reset, then it is gone", async () => {
    aws(
      "s3api",
      "create-bucket",
      "--bucket",
      "gone",
      "--create-bucket-configuration",
      "LocationConstraint=eu-west-1",
    );

    await moto.reset();

    expect(JSON.parse(aws("s3api", "list-buckets")).Buckets).toEqual([]);
  });

  it("given a running server, when a second one starts with CloudFormation preloaded, then it answers on a port of its own with that backend loaded", async () => {
    const loadedBackends = async (server: MotoServer): Promise<string[]> =>
      Object.keys(
        (await (await fetch(`${server.url}/moto-api/data.json`)).json()) as Record<string, unknown>,
      );

    const second = await startMotoServer({ preload: ["cloudformation"] });
    try {
      expect(second.url).not.toBe(moto.url);
      expect(await loadedBackends(second)).toContain("cloudformation");
      expect(await loadedBackends(moto)).not.toContain("cloudformation");
    } finally {
      await second.close();
    }
  });

  it("given no moto_server on PATH, when started, then it fails naming the install command", async () => {
    const empty = mkdtempSync(join(tmpdir(), "no-moto-"));

    const started = withPath(empty, () => startMotoServer());

    await expect(started).rejects.toThrow(MotoServerError);
    await expect(started).rejects.toThrow(/not installed.*bash tooling\/setup\.sh/);
  });

  it("given a moto_server that exits before it listens, when started, then the error gives its output and the time waited", async () => {
    const broken = mkdtempSync(join(tmpdir(), "broken-moto-"));
    const script = join(broken, "moto_server");
    writeFileSync(script, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'moto'\" >&2\nexit 1\n");
    chmodSync(script, 0o755);

    const started = withPath(`${broken}${delimiter}/usr/bin${delimiter}/bin`, () => startMotoServer());

    await expect(started).rejects.toThrow(
      /moto_server exited \(1\) before it answered after \d+\.\d s\. Its output: ModuleNotFoundError: No module named 'moto'\. Fix: /,
    );
  });
});
