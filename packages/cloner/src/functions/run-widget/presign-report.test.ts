import { S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { presignReportUrl } from "./presign-report";

const KEY = "reports/acme-dev-feature-login/0a1b2c3d-0000-4000-8000-000000000000/index.html";
const SIGNING_DATE = new Date("2026-11-27T16:00:00.000Z");
const CREDENTIALS = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE+/=",
};

function s3(options: { readonly endpoint?: string } = {}): S3Client {
  // A client that would fail any call it made: presigning must not make one.
  return new S3Client({
    region: "eu-west-1",
    credentials: CREDENTIALS,
    maxAttempts: 1,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
  });
}

describe("presignReportUrl", () => {
  it("given a report key, when presigned, then the URL is a SigV4 query-signed GET of that object, valid for the seconds asked", async () => {
    const url = new URL((await presignReportUrl(s3(), "acme-reports", KEY, 900, SIGNING_DATE)) ?? "");

    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(
      `https://acme-reports.s3.eu-west-1.amazonaws.com/${KEY}`,
    );
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": "AKIAIOSFODNN7EXAMPLE/20261127/eu-west-1/s3/aws4_request",
      "X-Amz-Date": "20261127T160000Z",
      "X-Amz-Expires": "900",
      "X-Amz-Security-Token": CREDENTIALS.sessionToken,
      "X-Amz-SignedHeaders": "host",
    });
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["a preview", "reports/acme-dev/0a1b2c3d-0000-4000-8000-000000000000/preview.json"],
    ["another folder", "staging/acme-dev/0a1b2c3d-0000-4000-8000-000000000000/index.html"],
    ["a path that climbs", "reports/acme-dev/../x/index.html"],
  ])("given %s, when presigned, then no URL is made", async (_what, key) => {
    expect(await presignReportUrl(s3(), "acme-reports", key, 900)).toBeUndefined();
  });

  it("given a client of a local endpoint, when presigned, then the URL is path-style at that endpoint", async () => {
    expect(
      await presignReportUrl(
        s3({ endpoint: "http://127.0.0.1:5000" }),
        "acme-reports",
        KEY,
        60,
        SIGNING_DATE,
      ),
    ).toMatch(
      new RegExp(
        `^http://127\\.0\\.0\\.1:5000/acme-reports/${KEY.replace(/\./g, "\\.")}\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&`,
      ),
    );
  });
});
