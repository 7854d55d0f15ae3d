import { S3RequestPresigner } from "@aws-sdk/s3-request-presigner";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { previewSource, Sha256 } from "../../read-preview";
import { presignReportUrl } from "./presign-report";

const KEY = "reports/acme-dev-feature-login/0a1b2c3d-0000-4000-8000-000000000000/index.html";
const SIGNING_DATE = new Date("2026-11-27T16:00:00.000Z");

beforeEach(() => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  vi.stubEnv("AWS_SESSION_TOKEN", "IQoJb3JpZ2luX2VjEXAMPLE+/=");
  vi.stubEnv("AWS_ENDPOINT_URL", "");
});
afterEach(() => vi.unstubAllEnvs());

describe("presignReportUrl", () => {
  it("given a report key, when presigned, then the URL is the one the SDK's S3 presigner signs for the same request", async () => {
    const source = previewSource("acme-reports", { AWS_REGION: "eu-west-1" });
    const ours = await presignReportUrl(source, KEY, 900, SIGNING_DATE);

    const theirs = await new S3RequestPresigner({
      region: "eu-west-1",
      credentials: {
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE+/=",
      },
      sha256: Sha256,
    }).presign(
      {
        method: "GET",
        protocol: "https:",
        hostname: "acme-reports.s3.eu-west-1.amazonaws.com",
        path: `/${KEY}`,
        query: {},
        headers: { host: "acme-reports.s3.eu-west-1.amazonaws.com" },
      },
      { expiresIn: 900, signingDate: SIGNING_DATE },
    );
    const query = new URLSearchParams(Object.entries(theirs.query ?? {}) as [string, string][]);

    expect(ours).toBeDefined();
    const url = new URL(ours ?? "");
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(
      `https://acme-reports.s3.eu-west-1.amazonaws.com/${KEY}`,
    );
    expect(Object.fromEntries(url.searchParams)).toEqual(Object.fromEntries(query));
    expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
  });

  it.each([
    ["a preview", "reports/acme-dev/0a1b2c3d-0000-4000-8000-000000000000/preview.json"],
    ["another folder", "staging/acme-dev/0a1b2c3d-0000-4000-8000-000000000000/index.html"],
    ["a path that climbs", "reports/acme-dev/../x/index.html"],
  ])("given %s, when presigned, then no URL is made", async (_what, key) => {
    expect(await presignReportUrl(previewSource("acme-reports", {}), key, 900)).toBeUndefined();
  });

  it("given a local endpoint, when presigned, then the URL is path-style at that endpoint", async () => {
    const source = previewSource("acme-reports", {
      AWS_REGION: "eu-west-1",
      AWS_ENDPOINT_URL_S3: "http://127.0.0.1:5000",
    });
    expect(await presignReportUrl(source, KEY, 60, SIGNING_DATE)).toMatch(
      new RegExp(
        `^http://127\\.0\\.0\\.1:5000/acme-reports/${KEY.replace(/\./g, "\\.")}\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&`,
      ),
    );
  });
});
