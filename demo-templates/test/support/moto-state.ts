/** Seed and read a moto_server's S3, CloudFront and CloudFormation state with the AWS SDK, in process. */
import { CloudFormationClient, CreateStackCommand } from "@aws-sdk/client-cloudformation";
import {
  CloudFrontClient,
  CreateDistributionCommand,
  GetInvalidationCommand,
  ListDistributionsCommand,
  ListInvalidationsCommand,
} from "@aws-sdk/client-cloudfront";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { MotoServer } from "@tributary/fake-aws";

/** What to create before a build. */
export interface MotoSeed {
  readonly buckets?: readonly string[];
  /** Objects as `bucket/key` → text. */
  readonly objects?: Readonly<Record<string, string>>;
  /** CloudFront distributions to create, by caller reference. */
  readonly distributions?: readonly string[];
  /** Stacks with these outputs; a value `distribution:<reference>` is the id of that seeded distribution. */
  readonly stacks?: readonly { readonly name: string; readonly outputs: Readonly<Record<string, string>> }[];
}

/** The S3 objects and CloudFront invalidations moto holds. */
export interface MotoSnapshot {
  readonly objects: Readonly<
    Record<string, { readonly body: string; readonly contentType?: string; readonly cacheControl?: string }>
  >;
  /** Per distribution id, the paths of each invalidation. */
  readonly invalidations: Readonly<Record<string, readonly (readonly string[])[]>>;
}

function clients(moto: MotoServer) {
  const config = {
    endpoint: moto.url,
    region: moto.environment.AWS_REGION ?? "eu-west-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  };
  return {
    s3: new S3Client({ ...config, forcePathStyle: true }),
    cloudfront: new CloudFrontClient(config),
    cloudformation: new CloudFormationClient(config),
    region: config.region,
  };
}

/**
 * Create buckets, objects, distributions and stacks in moto; returns the seeded distributions' ids by reference.
 *
 * @example
 * const { distributions } = await seedMoto(moto, { distributions: ["site"] });
 */
export async function seedMoto(
  moto: MotoServer,
  seed: MotoSeed,
): Promise<{ distributions: Record<string, string> }> {
  const { s3, cloudfront, cloudformation, region } = clients(moto);
  for (const bucket of seed.buckets ?? []) {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: region as never },
      }),
    );
  }
  for (const [path, body] of Object.entries(seed.objects ?? {})) {
    const slash = path.indexOf("/");
    await s3.send(
      new PutObjectCommand({ Bucket: path.slice(0, slash), Key: path.slice(slash + 1), Body: body }),
    );
  }
  const distributions: Record<string, string> = {};
  for (const reference of seed.distributions ?? []) {
    const created = await cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: reference,
          Comment: reference,
          Enabled: true,
          DefaultRootObject: "index.html",
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: "site",
                DomainName: "site.s3.amazonaws.com",
                S3OriginConfig: { OriginAccessIdentity: "" },
              },
            ],
          },
          DefaultCacheBehavior: { TargetOriginId: "site", ViewerProtocolPolicy: "redirect-to-https" },
        },
      }),
    );
    distributions[reference] = created.Distribution?.Id ?? "";
  }
  for (const stack of seed.stacks ?? []) {
    const outputs = Object.fromEntries(
      Object.entries(stack.outputs).map(([key, value]) => [
        key,
        {
          Value: value.startsWith("distribution:")
            ? distributions[value.slice("distribution:".length)]
            : value,
        },
      ]),
    );
    await cloudformation.send(
      new CreateStackCommand({
        StackName: stack.name,
        TemplateBody: JSON.stringify({
          AWSTemplateFormatVersion: "2010-09-09",
          Resources: {
            Marker: { Type: "AWS::SNS::Topic", Properties: { TopicName: `${stack.name}-marker` } },
          },
          Outputs: outputs,
        }),
      }),
    );
  }
  return { distributions };
}

/**
 * Every S3 object (with its Content-Type and Cache-Control) and every CloudFront invalidation in moto.
 *
 * @example
 * Object.keys((await snapshotMoto(moto)).objects); // ["acme-staging/staging/…/templates/main.yaml", …]
 */
export async function snapshotMoto(moto: MotoServer): Promise<MotoSnapshot> {
  const { s3, cloudfront } = clients(moto);
  const objects: Record<string, { body: string; contentType?: string; cacheControl?: string }> = {};
  for (const bucket of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket.Name }));
    for (const item of listed.Contents ?? []) {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket.Name, Key: item.Key }));
      objects[`${bucket.Name}/${item.Key}`] = {
        body: (await got.Body?.transformToString("utf-8")) ?? "",
        ...(got.ContentType === undefined ? {} : { contentType: got.ContentType }),
        ...(got.CacheControl === undefined ? {} : { cacheControl: got.CacheControl }),
      };
    }
  }
  const invalidations: Record<string, string[][]> = {};
  for (const distribution of (await cloudfront.send(new ListDistributionsCommand({}))).DistributionList
    ?.Items ?? []) {
    const id = distribution.Id ?? "";
    const listed = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: id }));
    invalidations[id] = [];
    for (const item of listed.InvalidationList?.Items ?? []) {
      const got = await cloudfront.send(new GetInvalidationCommand({ DistributionId: id, Id: item.Id }));
      invalidations[id].push(got.Invalidation?.InvalidationBatch?.Paths?.Items ?? []);
    }
  }
  return { objects, invalidations };
}
