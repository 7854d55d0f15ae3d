/** IAM statements that let a principal run the demo stacks: CloudFormation stacks and S3 buckets under name prefixes, CloudFront by owner tag. */

import { DISTRIBUTION_OWNER_TAG } from "@tributary/core";
import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { IConstruct } from "constructs";
import type { StackPolicyScope } from "../environment-pipeline/project-needs.js";

/**
 * Where the demo statements apply: `ProjectNeeds`' {@link StackPolicyScope}.
 *
 * @example
 * const names: DemoStackPolicyScope = {
 *   stackNames: ["acme-dev/*", "acme-dev-*"], bucketNames: ["acme-dev-*"], distributionOwners: ["acme-dev", "acme-dev-*"],
 * };
 * for (const statement of demoStackStatements(this, names)) deploymentRole.addToPolicy(statement);
 */
export type DemoStackPolicyScope = StackPolicyScope;

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

/** CloudFront actions on an existing distribution; the distribution resource type takes `aws:ResourceTag`. */
const DISTRIBUTION_ACTIONS = [
  "cloudfront:UpdateDistribution",
  "cloudfront:DeleteDistribution",
  "cloudfront:GetDistribution",
  "cloudfront:GetDistributionConfig",
  "cloudfront:UntagResource",
  "cloudfront:ListTagsForResource",
];

/**
 * CloudFront actions on origin access controls. The Service Authorization Reference gives the origin-access-control
 * resource type no condition keys and CreateOriginAccessControl no resource type: they cannot be scoped by tag or
 * name, only to this account's origin access controls (and, for a principal running its own code, to CloudFormation).
 */
const ORIGIN_ACCESS_CONTROL_ACTIONS = [
  "cloudfront:UpdateOriginAccessControl",
  "cloudfront:DeleteOriginAccessControl",
  "cloudfront:GetOriginAccessControl",
  "cloudfront:GetOriginAccessControlConfig",
];

/**
 * The statements a principal needs to create, update and delete the demo website stacks (a nested stack with an
 * S3 bucket, its policy and a CloudFront distribution with an origin access control), scoped to the given
 * stack and bucket name patterns and regions. Distributions are scoped by core's `DISTRIBUTION_OWNER_TAG`: created
 * only with the tag (`aws:RequestTag`), changed and deleted only with it (`aws:ResourceTag`). Origin access controls
 * support neither tags nor names in IAM, so they stay scoped to the account.
 *
 * @example
 * for (const statement of demoStackStatements(this, {
 *   stackNames: ["acme-dev/*", "acme-dev-*"], bucketNames: ["acme-dev-*"], distributionOwners: ["acme-dev", "acme-dev-*"],
 * })) {
 *   role.addToPolicy(statement);
 * }
 */
export function demoStackStatements(scope: IConstruct, names: DemoStackPolicyScope): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const regions = names.stackRegions ?? [undefined];
  const viaCloudFormation = names.viaCloudFormationOnly
    ? { "ForAnyValue:StringEquals": { "aws:CalledVia": ["cloudformation.amazonaws.com"] } }
    : {};
  // S3 ARNs name no region: the request's region is the bucket's.
  const inRegions =
    names.stackRegions === undefined
      ? {}
      : { StringEquals: { "aws:RequestedRegion": [...names.stackRegions] } };
  const owners = [...names.distributionOwners];
  const cloudfront = (resource: string, resourceName: string) =>
    stack.formatArn({
      service: "cloudfront",
      region: "",
      resource,
      resourceName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  return [
    new iam.PolicyStatement({
      sid: "DemoStacks",
      actions: STACK_ACTIONS,
      resources: regions.flatMap((region) =>
        names.stackNames.map((resourceName) =>
          stack.formatArn({
            service: "cloudformation",
            ...(region === undefined ? {} : { region }),
            resource: "stack",
            resourceName,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ),
      ),
    }),
    new iam.PolicyStatement({
      sid: "DemoBuckets",
      actions: BUCKET_ACTIONS,
      resources: names.bucketNames.map((bucketName) => `arn:${stack.partition}:s3:::${bucketName}`),
      conditions: inRegions,
    }),
    new iam.PolicyStatement({
      sid: "CreateOwnedDistributions",
      // CreateDistribution takes no resource (Service Authorization Reference): "*" with the request's owner tag.
      actions: ["cloudfront:CreateDistribution"],
      resources: ["*"],
      conditions: {
        StringLike: { [`aws:RequestTag/${DISTRIBUTION_OWNER_TAG}`]: owners },
        ...viaCloudFormation,
      },
    }),
    new iam.PolicyStatement({
      sid: "TagOwnedDistributions",
      // CreateDistributionWithTags is also authorized as TagResource on the new distribution, which has no tags yet.
      actions: ["cloudfront:TagResource"],
      resources: [cloudfront("distribution", "*")],
      conditions: {
        StringLike: { [`aws:RequestTag/${DISTRIBUTION_OWNER_TAG}`]: owners },
        StringLikeIfExists: { [`aws:ResourceTag/${DISTRIBUTION_OWNER_TAG}`]: owners },
        ...viaCloudFormation,
      },
    }),
    new iam.PolicyStatement({
      sid: "ChangeOwnedDistributions",
      actions: DISTRIBUTION_ACTIONS,
      resources: [cloudfront("distribution", "*")],
      conditions: {
        StringLike: { [`aws:ResourceTag/${DISTRIBUTION_OWNER_TAG}`]: owners },
        ...viaCloudFormation,
      },
    }),
    new iam.PolicyStatement({
      sid: "CreateOriginAccessControls",
      actions: ["cloudfront:CreateOriginAccessControl"],
      resources: ["*"],
      conditions: viaCloudFormation,
    }),
    new iam.PolicyStatement({
      sid: "OriginAccessControls",
      actions: ORIGIN_ACCESS_CONTROL_ACTIONS,
      resources: [cloudfront("origin-access-control", "*")],
      conditions: viaCloudFormation,
    }),
  ];
}
