/** The reports bucket in moto_server, with the `preview.json` files the Preview step would have written there. */
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { previewKey } from "@tributary/core";

/** The reports bucket of the tests' project `acme`. */
export const REPORTS_BUCKET = "acme-reports";

/**
 * Creates `REPORTS_BUCKET` in the moto server at `endpoint` and writes each run's `preview.json` (core's `previewKey`)
 * with the given body.
 *
 * @example
 * await putPreviews(moto.url, [{ pipeline: "acme-dev", executionId, body: JSON.stringify(document) }]);
 */
export async function putPreviews(
  endpoint: string,
  previews: readonly { readonly pipeline: string; readonly executionId: string; readonly body: string }[],
): Promise<void> {
  const s3 = new S3Client({
    endpoint,
    region: "eu-west-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  await s3.send(
    new CreateBucketCommand({
      Bucket: REPORTS_BUCKET,
      CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
    }),
  );
  for (const { pipeline, executionId, body } of previews) {
    await s3.send(
      new PutObjectCommand({ Bucket: REPORTS_BUCKET, Key: previewKey(pipeline, executionId), Body: body }),
    );
  }
}
