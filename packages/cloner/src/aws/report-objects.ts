/** JSON objects of the reports bucket (a run's `preview.json`, TaskCat's results): one S3 `GetObject` each. */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { isAwsError } from "./aws-error";

/**
 * One JSON object of the reports bucket (a preview, TaskCat's results), parsed; `undefined` when it does not exist
 * (`NoSuchKey`). Throws what `GetObject` throws otherwise; content that is not JSON comes back as a string.
 *
 * @example
 * const results = await readReportJson(clients.s3, "acme-reports", taskcatResultsKey(pipeline, executionId));
 */
export async function readReportJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  let body: string;
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    body = (await Body?.transformToString("utf-8")) ?? "";
  } catch (error) {
    if (isAwsError(error, "NoSuchKey")) return undefined;
    throw error;
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
