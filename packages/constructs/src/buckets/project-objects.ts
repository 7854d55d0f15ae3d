/** What a Lambda of the project may read of a bucket: one kind of object of its pipelines and clones, and the key. */

import { environmentPipelinePatterns, type TributaryConfig } from "@tributary/core";
import { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";

/**
 * `s3:GetObject` on the key `keyOf(pipeline)` of each pipeline and clone of the project (core's
 * `environmentPipelinePatterns`: `acme-dev`, `acme-dev-*`, … for every environment), and on nothing else of the
 * bucket.
 *
 * @example
 * role.addToPrincipalPolicy(
 *   readProjectObjects(config, bucket, "ReadChangeSetPreviews", (pipeline) => previewKey(pipeline, "*")),
 * );
 */
export function readProjectObjects(
  config: Pick<TributaryConfig, "project" | "environments">,
  bucket: s3.IBucket,
  sid: string,
  keyOf: (pipeline: string) => string,
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ["s3:GetObject"],
    resources: config.environments.flatMap((environment) =>
      environmentPipelinePatterns(config, environment.name).map((pipeline) =>
        bucket.arnForObjects(keyOf(pipeline)),
      ),
    ),
  });
}

/**
 * `kms:Decrypt` with the bucket's key, only when S3 asks for it (`kms:ViaService` of `scope`'s region); `undefined`
 * when the bucket has no key of its own.
 *
 * @example
 * const decrypt = decryptThroughS3(this, bucket, "DecryptPreviewsThroughS3");
 * if (decrypt) role.addToPrincipalPolicy(decrypt);
 */
export function decryptThroughS3(
  scope: Construct,
  bucket: s3.IBucket,
  sid: string,
): iam.PolicyStatement | undefined {
  if (!bucket.encryptionKey) return undefined;
  return new iam.PolicyStatement({
    sid,
    actions: ["kms:Decrypt"],
    resources: [bucket.encryptionKey.keyArn],
    conditions: { StringEquals: { "kms:ViaService": `s3.${Stack.of(scope).region}.amazonaws.com` } },
  });
}
