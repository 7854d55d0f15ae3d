/** Reads an execution's `preview.json` from the reports bucket: one S3 `GetObject` through the SDK's client. */
import type { S3Client } from "@aws-sdk/client-s3";
import { previewKey } from "@tributary/core";
import { readReportJson } from "../../aws/report-objects";

/**
 * `preview.json` of one execution (core's `previewKey`), parsed; `undefined` when the run wrote none (`NoSuchKey`).
 * Anything else `GetObject` throws after the SDK's retries is thrown as the SDK gives it: named after S3's error code
 * (`AccessDenied`, `NoSuchBucket`, `SlowDown`, `InternalError`…) with the HTTP status in `$metadata`, which
 * `classifyFailure` sorts. Content that is not JSON is returned as a string (never a `SyntaxError`), which core's
 * summary rejects with a reason the comment shows.
 *
 * @example
 * const document = await readPreview(clients.s3, "acme-reports", "acme-dev-pr-42", executionId);
 */
export async function readPreview(
  s3: S3Client,
  bucket: string,
  pipelineName: string,
  executionId: string,
): Promise<unknown> {
  return readReportJson(s3, bucket, previewKey(pipelineName, executionId));
}
