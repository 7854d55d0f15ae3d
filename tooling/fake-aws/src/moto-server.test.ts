import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MotoServer, startMotoServer } from "./moto-server.js";

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
});
