/**
 * Presigned GET URLs of TaskCat reports: the overview page links each run's report through one, valid for minutes, so
 * the bucket stays private and a person needs nothing but the console login they have. The SDK's presigner signs.
 */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { isTaskcatReportKey } from "@tributary/core";

/**
 * A presigned URL of one TaskCat report (`reports/<pipeline>/<execution>/index.html`, core's `isTaskcatReportKey`),
 * valid for `expiresInSeconds`; `undefined` for any other key, which the page then does not link. Signing is local (no
 * call to S3); the URL works only while the function's role may `s3:GetObject` the key and its session lasts.
 *
 * @example
 * await presignReportUrl(createS3Client(), "acme-reports", "reports/acme-dev/0a1b/index.html", 900);
 * // "https://acme-reports.s3.eu-west-1.amazonaws.com/reports/acme-dev/0a1b/index.html?X-Amz-Algorithm=AWS4-HMAC-SHA256&…"
 */
export async function presignReportUrl(
  s3: S3Client,
  bucket: string,
  key: string,
  expiresInSeconds: number,
  signingDate?: Date,
): Promise<string | undefined> {
  if (!isTaskcatReportKey(key)) return undefined;
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
    expiresIn: expiresInSeconds,
    ...(signingDate ? { signingDate } : {}),
  });
}
