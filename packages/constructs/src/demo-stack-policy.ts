/** IAM statements that let a principal run the demo stacks: CloudFormation stacks, S3 buckets and CloudFront under name prefixes. */

import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { IConstruct } from "constructs";

/**
 * Where the demo statements apply.
 *
 * @example
 * const names: DemoStackPolicyScope = { stackNames: ["acme-dev/*", "acme-dev-*"], bucketNames: ["acme-dev-*"] };
 * for (const statement of demoStackStatements(this, names)) deploymentRole.addToPolicy(statement);
 * demoStackStatements(this, { stackNames: ["tCaT-*"], bucketNames: ["tcat-*"], stackRegion: "*" }); // TaskCat's, any region
 */
export interface DemoStackPolicyScope {
  /**
   * Stack name patterns, as the part after `stack/` in a stack ARN (`acme-dev/*` is the stack acme-dev,
   * `acme-dev-*` every stack whose name starts with acme-dev-, nested stacks included).
   */
  readonly stackNames: readonly string[];
  /** Bucket name patterns of the buckets the stacks create (CloudFormation derives them from the stack name). */
  readonly bucketNames: readonly string[];
  /**
   * Region of the stacks, `"*"` for any (TaskCat tests in the regions its config lists).
   *
   * @default - the region of the scope's stack
   */
  readonly stackRegion?: string;
}

/** S3 bucket-level actions CloudFormation calls to create, configure, tag and delete a bucket. */
const BUCKET_ACTIONS = [
  "s3:CreateBucket",
  "s3:DeleteBucket",
  "s3:ListBucket",
  "s3:GetBucketLocation",
  "s3:GetBucketPolicy",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:GetBucketTagging",
  "s3:PutBucketTagging",
  "s3:GetBucketVersioning",
  "s3:PutBucketVersioning",
  "s3:GetEncryptionConfiguration",
  "s3:PutEncryptionConfiguration",
  "s3:GetBucketPublicAccessBlock",
  "s3:PutBucketPublicAccessBlock",
  "s3:GetBucketOwnershipControls",
  "s3:PutBucketOwnershipControls",
  "s3:GetLifecycleConfiguration",
  "s3:PutLifecycleConfiguration",
  "s3:GetBucketLogging",
  "s3:PutBucketLogging",
  "s3:GetBucketCORS",
  "s3:PutBucketCORS",
];

/** CloudFormation actions on the stacks themselves (the change-set actions run under the pipeline's action role). */
const STACK_ACTIONS = [
  "cloudformation:CreateStack",
  "cloudformation:UpdateStack",
  "cloudformation:DeleteStack",
  "cloudformation:DescribeStacks",
  "cloudformation:DescribeStackEvents",
  "cloudformation:DescribeStackResource",
  "cloudformation:DescribeStackResources",
  "cloudformation:ListStackResources",
  "cloudformation:GetTemplate",
  "cloudformation:TagResource",
  "cloudformation:UntagResource",
];

/** CloudFront actions for a distribution with an origin access control (distribution ids are random: no name scoping). */
const CLOUDFRONT_ACTIONS = [
  "cloudfront:CreateDistribution",
  "cloudfront:UpdateDistribution",
  "cloudfront:DeleteDistribution",
  "cloudfront:GetDistribution",
  "cloudfront:GetDistributionConfig",
  "cloudfront:TagResource",
  "cloudfront:UntagResource",
  "cloudfront:ListTagsForResource",
  "cloudfront:CreateOriginAccessControl",
  "cloudfront:UpdateOriginAccessControl",
  "cloudfront:DeleteOriginAccessControl",
  "cloudfront:GetOriginAccessControl",
  "cloudfront:GetOriginAccessControlConfig",
];

/**
 * The statements a principal needs to create, update and delete the demo website stacks (a nested stack with an
 * S3 bucket, its policy and a CloudFront distribution with an origin access control), scoped to the given
 * stack and bucket name patterns. CloudFront resources cannot be scoped by name: they are scoped to the account.
 *
 * @example
 * for (const statement of demoStackStatements(this, { stackNames: ["acme-dev/*", "acme-dev-*"], bucketNames: ["acme-dev-*"] })) {
 *   role.addToPolicy(statement);
 * }
 */
export function demoStackStatements(scope: IConstruct, names: DemoStackPolicyScope): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  return [
    new iam.PolicyStatement({
      sid: "DemoStacks",
      actions: STACK_ACTIONS,
      resources: names.stackNames.map((resourceName) =>
        stack.formatArn({
          service: "cloudformation",
          ...(names.stackRegion === undefined ? {} : { region: names.stackRegion }),
          resource: "stack",
          resourceName,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      ),
    }),
    new iam.PolicyStatement({
      sid: "DemoBuckets",
      actions: BUCKET_ACTIONS,
      resources: names.bucketNames.map((bucketName) => `arn:${stack.partition}:s3:::${bucketName}`),
    }),
    new iam.PolicyStatement({
      sid: "DemoDistributions",
      actions: CLOUDFRONT_ACTIONS,
      resources: [
        stack.formatArn({
          service: "cloudfront",
          region: "",
          resource: "distribution",
          resourceName: "*",
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
        stack.formatArn({
          service: "cloudfront",
          region: "",
          resource: "origin-access-control",
          resourceName: "*",
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      ],
    }),
  ];
}
