/**
 * Objects the functions read from S3, one `GetObject` each: JSON of the reports bucket (a run's `preview.json`,
 * TaskCat's results) and the text of any object (the remote targets' stack listings).
 */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { isAwsError } from "./aws-error";

/**
 * The text (UTF-8) of one S3 object; `undefined` when it does not exist (`NoSuchKey`). Throws what `GetObject` throws
 * otherwise.
 *
 * @example
 * const text = await readObjectText(s3, "acme-artifacts", targetListingKey("333333333333", "eu-central-1"));
 */
export async function readObjectText(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await Body?.transformToString("utf-8")) ?? "";
  } catch (error) {
    if (isAwsError(error, "NoSuchKey")) return undefined;
    throw error;
  }
}

/**
 * One JSON object of the reports bucket (a preview, TaskCat's results), parsed; `undefined` when it does not exist
 * (`NoSuchKey`). Throws what `GetObject` throws otherwise; content that is not JSON comes back as a string.
 *
 * @example
 * const results = await readReportJson(clients.s3, "acme-reports", taskcatResultsKey(pipeline, executionId));
 */
export async function readReportJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  const body = await readObjectText(s3, bucket, key);
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
