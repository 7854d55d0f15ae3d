/** Reading a pipeline's tags, which is how the cloner knows what it owns. */
import { GetPipelineCommand, ListTagsForResourceCommand } from "@aws-sdk/client-codepipeline";
import { pipelineArn } from "./aws-target";
import { tagRecord } from "./clone-declaration";
import { type ExecutionContext, isAwsError } from "./execution-context";

/**
 * The tags of a pipeline, or `undefined` when it does not exist. Costs one call when the target account is known
 * (the usual case: it comes from the function ARN), two otherwise (GetPipeline gives the ARN).
 *
 * @example
 * const tags = await pipelineTags(context, "acme-dev-feature-login");
 * if (tags?.["tributary:managed"] === "true") { ... }
 */
export async function pipelineTags(
  context: ExecutionContext,
  pipelineName: string,
): Promise<Record<string, string> | undefined> {
  const { codePipeline } = context.clients;
  try {
    let resourceArn: string | undefined;
    if (context.target) {
      resourceArn = pipelineArn(context.target, pipelineName);
    } else {
      const { metadata } = await codePipeline.send(new GetPipelineCommand({ name: pipelineName }));
      resourceArn = metadata?.pipelineArn;
    }
    if (resourceArn === undefined) return undefined;
    const { tags } = await codePipeline.send(new ListTagsForResourceCommand({ resourceArn }));
    return tagRecord(tags);
  } catch (error) {
    if (isAwsError(error, "ResourceNotFoundException", "PipelineNotFoundException")) return undefined;
    throw error;
  }
}

/**
 * Whether `tags` include every entry of `expected`.
 *
 * @example
 * hasTags({ a: "1", b: "2" }, { a: "1" }); // true
 */
export function hasTags(
  tags: Readonly<Record<string, string>>,
  expected: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(expected).every(([key, value]) => tags[key] === value);
}
