/**
 * Reads an execution's `preview.json` from the reports bucket with one SigV4-signed S3 `GetObject`. Not
 * `@aws-sdk/client-s3`: it adds about 200 KB to the bundle, which would pass the cloner's 450 KB budget; one GET needs
 * only the signer that every SDK client already bundles.
 */
import { createHash, createHmac } from "node:crypto";
import { fromEnv } from "@aws-sdk/credential-provider-env";
import { SignatureV4 } from "@smithy/signature-v4";
import { previewKey } from "@tributary/core";
import { REQUEST_TIMEOUT_MS } from "./constants";

/**
 * SHA-256 (and HMAC-SHA-256 with a secret) in the `Checksum` shape the signer takes, on Node's crypto.
 *
 * @example
 * new SignatureV4({ service: "s3", region, credentials, sha256: Sha256 });
 */
export class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash =
      secret === undefined
        ? createHash("sha256")
        : createHmac("sha256", typeof secret === "string" ? secret : Buffer.from(secret as ArrayBuffer));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === "string" ? data : Buffer.from(data as ArrayBuffer));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/**
 * An S3 error answer, named after its `<Code>` (`AccessDenied`, `SlowDown`, `InternalError`…) with the HTTP status
 * in `$metadata`, so `classifyFailure` sorts it like an SDK error.
 *
 * @example
 * throw new S3ReadError("AccessDenied", "Access Denied", 403);
 */
export class S3ReadError extends Error {
  readonly $metadata: { readonly httpStatusCode: number };
  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode: status };
  }
}

/**
 * Where to read from: the bucket, the region, and the endpoint when not AWS's (`AWS_ENDPOINT_URL_S3`, else
 * `AWS_ENDPOINT_URL`, the SDK's own variables; path-style there, virtual-hosted at AWS).
 *
 * @example
 * const target = previewSource("acme-reports", process.env);
 */
export function previewSource(
  bucket: string,
  env: Readonly<Record<string, string | undefined>>,
): { readonly bucket: string; readonly region: string; readonly endpoint: string | undefined } {
  return {
    bucket,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    endpoint: env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL,
  };
}

/**
 * `preview.json` of one execution (`previewKey`), parsed; `undefined` when the run wrote none (`NoSuchKey`, 404).
 * Throws `S3ReadError` for any other answer. Content that is not JSON is returned as a string (never a
 * `SyntaxError`), which core's summary rejects with a reason the comment shows.
 *
 * @example
 * const document = await readPreview(previewSource(bucket, process.env), "acme-dev-pr-42", executionId);
 */
export async function readPreview(
  source: ReturnType<typeof previewSource>,
  pipelineName: string,
  executionId: string,
): Promise<unknown> {
  return readReportJson(source, previewKey(pipelineName, executionId));
}

/**
 * The URL of an object of the source's bucket: path-style at a local endpoint, virtual-hosted at AWS.
 *
 * @example
 * objectUrl(previewSource("acme-reports", {}), "reports/acme-dev/e-1/index.html").host; // "acme-reports.s3.us-east-1.amazonaws.com"
 */
export function objectUrl(source: ReturnType<typeof previewSource>, objectKey: string): URL {
  const key = objectKey.split("/").map(encodeURIComponent).join("/");
  return new URL(
    source.endpoint
      ? `${source.endpoint.replace(/\/$/, "")}/${encodeURIComponent(source.bucket)}/${key}`
      : `https://${source.bucket}.s3.${source.region}.amazonaws.com/${key}`,
  );
}

/**
 * The S3 signer for the source's region, with the function's credentials (S3 signs the path as sent, no double
 * encoding, and wants the payload hash in `x-amz-content-sha256`).
 *
 * @example
 * await s3Signer(source).presign(request, { expiresIn: 900 });
 */
export function s3Signer(source: ReturnType<typeof previewSource>): SignatureV4 {
  return new SignatureV4({
    service: "s3",
    region: source.region,
    credentials: fromEnv(),
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: true,
  });
}

/**
 * One JSON object of the reports bucket (a preview, TaskCat's results), parsed; `undefined` when it does not exist
 * (`NoSuchKey`, 404). Throws `S3ReadError` for any other answer; content that is not JSON comes back as a string.
 *
 * @example
 * const results = await readReportJson(previewSource(bucket, process.env), taskcatResultsKey(pipeline, executionId));
 */
export async function readReportJson(
  source: ReturnType<typeof previewSource>,
  objectKey: string,
): Promise<unknown> {
  const url = objectUrl(source, objectKey);
  const signed = await s3Signer(source).sign({
    method: "GET",
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: {},
    headers: { host: url.host },
  });
  const response = await fetch(url, {
    headers: signed.headers,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await response.text();
  if (response.status === 404 && /<Code>NoSuchKey<\/Code>/.test(body)) return undefined;
  if (!response.ok) {
    const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? `Http${response.status}`;
    const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? body.slice(0, 200);
    throw new S3ReadError(
      code,
      `S3 GetObject s3://${source.bucket}/${objectKey}: ${message}`,
      response.status,
    );
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
