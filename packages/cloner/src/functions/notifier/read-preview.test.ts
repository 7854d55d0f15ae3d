import { GetObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { previewKey } from "@tributary/core";
import { type MotoServer, startMotoServer } from "@tributary/fake-aws";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { putPreviews } from "../../../test/__fixtures__/reports-bucket";
import { classifyFailure } from "../../aws/classify-failure";
import { createNotifierClients } from "../../aws/clients";
import { readPreview } from "./read-preview";

// The real S3 API of moto_server answers what it implements (objects, NoSuchKey, NoSuchBucket), through the notifier's
// own S3 client as createNotifierClients configures it for a local endpoint.
let moto: MotoServer;
let s3: S3Client;
/** The last request the notifier's client sent, as signed (`httpSigningMiddleware` runs before this one). */
let sent: { path: string; headers: Record<string, string> } | undefined;

beforeAll(async () => {
  moto = await startMotoServer();
  // The SDK reads region, credentials and endpoint from the process's environment, as in Lambda.
  for (const [name, value] of Object.entries({ ...moto.environment, AWS_ENDPOINT_URL_S3: moto.url })) {
    vi.stubEnv(name, value);
  }
  s3 = createNotifierClients().s3;
  const recordSignedRequest = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
    const request = (args as { request: { path: string; headers: Record<string, string> } }).request;
    sent = { path: request.path, headers: { ...request.headers } };
    return next(args);
  };
  s3.middlewareStack.addRelativeTo(
    recordSignedRequest as unknown as Parameters<typeof s3.middlewareStack.addRelativeTo>[0],
    { name: "recordSignedRequest", relation: "after", toMiddleware: "httpSigningMiddleware" },
  );
  await putPreviews(moto.url, [
    { pipeline: "acme-dev-pr-42", executionId: "e-1", body: '[{"stack":"acme-dev"}]' },
    { pipeline: "acme-dev-pr-42", executionId: "e-3", body: "not json" },
  ]);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await moto.close();
});

describe("reading preview.json", () => {
  it("given the object, when read, then it is parsed, and the GET is path-style and SigV4-signed for s3", async () => {
    expect(await readPreview(s3, "acme-reports", "acme-dev-pr-42", "e-1")).toEqual([{ stack: "acme-dev" }]);
    expect(sent?.path).toBe(`/acme-reports/${previewKey("acme-dev-pr-42", "e-1")}`);
    expect(sent?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=testing\/\d{8}\/eu-west-1\/s3\/aws4_request/,
    );
    expect(sent?.headers["x-amz-content-sha256"]).toMatch(/^([0-9a-f]{64}|UNSIGNED-PAYLOAD)$/);
  });

  it("given no object (NoSuchKey), when read, then there is no preview", async () => {
    expect(await readPreview(s3, "acme-reports", "acme-dev-pr-42", "e-2")).toBeUndefined();
  });

  it("given content that is not JSON, when read, then it comes back as text for core to reject with a reason", async () => {
    expect(await readPreview(s3, "acme-reports", "acme-dev-pr-42", "e-3")).toBe("not json");
  });

  it("given HTTP 404 NoSuchBucket, when read, then the error is named after S3's code and classified permanent", async () => {
    const failure = await readPreview(s3, "acme-gone", "acme-dev-pr-42", "e-1").catch(
      (caught: unknown) => caught,
    );

    expect((failure as Error).name).toBe("NoSuchBucket");
    expect(classifyFailure(failure).kind).toBe("permanent");
  });
});

describe("reading preview.json, S3 errors moto does not give", () => {
  // The SDK throws an S3 error answer (S3 API reference, "Error responses": <Error><Code>…</Code><Message>…) that the
  // model does not declare as an S3ServiceException named after its <Code>, with the HTTP status in $metadata and
  // $fault "server" for 5xx (smithy-client's decorateServiceException); the throttling and 5xx ones after its retries.
  let mocked: ReturnType<typeof mockClient>;
  beforeAll(() => {
    mocked = mockClient(S3Client);
  });
  afterAll(() => mocked.restore());

  it.each([
    [403, "AccessDenied", "permanent"],
    [503, "SlowDown", "transient"],
    [500, "InternalError", "transient"],
  ])(
    "given HTTP %i %s, when read, then the error is named after S3's code and classified %s",
    async (status, code, kind) => {
      mocked.reset();
      mocked.on(GetObjectCommand).rejects(
        new S3ServiceException({
          name: code,
          $fault: status >= 500 ? "server" : "client",
          $metadata: { httpStatusCode: status },
          message: "no",
        }),
      );

      const failure = await readPreview(
        new S3Client({ region: "eu-west-1" }),
        "acme-reports",
        "acme-dev-pr-42",
        "e-1",
      ).catch((caught: unknown) => caught);

      expect((failure as Error).name).toBe(code);
      expect(classifyFailure(failure).kind).toBe(kind);
    },
  );
});
