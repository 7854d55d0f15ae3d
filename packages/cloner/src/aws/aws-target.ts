/** Where the cloner runs (partition, region, account), read from the Lambda context, and the pipeline ARNs it implies. */

/**
 * The partition, region and account of the function, which are those of the pipelines it manages.
 *
 * @example
 * const target: AwsTarget = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
 * pipelineArn(target, "acme-dev-feature-login"); // "arn:aws:codepipeline:eu-west-1:123456789012:acme-dev-feature-login"
 */
export interface AwsTarget {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:.+$/;

/**
 * Reads the target from the invoked function's ARN (no AWS call needed).
 * Returns `undefined` when the ARN is not a Lambda function ARN.
 *
 * @example
 * targetFromFunctionArn("arn:aws:lambda:eu-west-1:123456789012:function:acme-cloner");
 * // { partition: "aws", region: "eu-west-1", accountId: "123456789012" }
 */
export function targetFromFunctionArn(functionArn: string): AwsTarget | undefined {
  const match = FUNCTION_ARN.exec(functionArn);
  if (!match) return undefined;
  const [, partition = "aws", region = "", accountId = ""] = match;
  return { partition, region, accountId };
}

/**
 * The ARN of a pipeline in the target account (what `ListTagsForResource` needs).
 *
 * @example
 * pipelineArn({ partition: "aws", region: "eu-west-1", accountId: "123456789012" }, "acme-dev-feature-login");
 * // "arn:aws:codepipeline:eu-west-1:123456789012:acme-dev-feature-login"
 */
export function pipelineArn(target: AwsTarget, pipelineName: string): string {
  return `arn:${target.partition}:codepipeline:${target.region}:${target.accountId}:${pipelineName}`;
}
