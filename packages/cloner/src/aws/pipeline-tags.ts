/** Reading a pipeline's tags, which is how the cloner knows what it owns. */
import { GetPipelineCommand, ListTagsForResourceCommand } from "@aws-sdk/client-codepipeline";
import { hasAllTags, MANAGED_TAGS, type Route } from "@tributary/core";
import { isAwsError } from "./aws-error";
import { type AwsTarget, pipelineArn } from "./aws-target";
import type { ClonerClients } from "./clients";

/** What reading a pipeline's tags needs: CodePipeline and, when known, the account (the cloner's context, or the notifier's input). */
export interface TagReader {
  readonly target: AwsTarget | undefined;
  readonly clients: Pick<ClonerClients, "codePipeline">;
}

/**
 * The ARN of a pipeline: from the target account when it is known (no call), else from GetPipeline's metadata
 * (`undefined` when the pipeline does not exist).
 *
 * @example
 * await pipelineResourceArn(context, "acme-dev-feature-login"); // "arn:aws:codepipeline:eu-west-1:123456789012:acme-dev-feature-login"
 */
export async function pipelineResourceArn(
  context: TagReader,
  pipelineName: string,
): Promise<string | undefined> {
  if (context.target) return pipelineArn(context.target, pipelineName);
  try {
    const { metadata } = await context.clients.codePipeline.send(
      new GetPipelineCommand({ name: pipelineName }),
    );
    return metadata?.pipelineArn;
  } catch (error) {
    if (isAwsError(error, "PipelineNotFoundException")) return undefined;
    throw error;
  }
}

/**
 * The tags of the pipeline `resourceArn`, `undefined` when it does not exist, or `{}` when IAM hides them (another
 * project's pipeline: the roles may read only pipelines tagged with their own project). One `ListTagsForResource`.
 *
 * @example
 * const tags = await tagsOfPipelineArn(clients, pipelineArn(target, "acme-dev-pr-42"));
 */
export async function tagsOfPipelineArn(
  clients: Pick<ClonerClients, "codePipeline">,
  resourceArn: string,
): Promise<Record<string, string> | undefined> {
  try {
    const { tags } = await clients.codePipeline.send(new ListTagsForResourceCommand({ resourceArn }));
    return tagRecord(tags);
  } catch (error) {
    if (isAwsError(error, "ResourceNotFoundException", "PipelineNotFoundException")) return undefined;
    // IAM lets the roles read only pipelines tagged with their project, so a pipeline they may not read exists and
    // is another project's (one whose name extends this prefix): no tags of ours, so nothing acts on it.
    if (isAwsError(error, "AccessDeniedException", "AccessDenied")) return {};
    throw error;
  }
}

/**
 * The tags of a pipeline, `undefined` when it does not exist, or `{}` when IAM hides them (`tagsOfPipelineArn`).
 * Costs one call when the target account is known (the usual case: it comes from the function ARN), two otherwise
 * (GetPipeline gives the ARN).
 *
 * @example
 * const tags = await pipelineTags(context, "acme-dev-feature-login");
 * if (tags?.["tributary:managed"] === "true") { ... }
 */
export async function pipelineTags(
  context: TagReader,
  pipelineName: string,
): Promise<Record<string, string> | undefined> {
  let resourceArn: string | undefined;
  try {
    resourceArn = await pipelineResourceArn(context, pipelineName);
  } catch (error) {
    if (isAwsError(error, "AccessDeniedException", "AccessDenied")) return {};
    throw error;
  }
  if (resourceArn === undefined) return undefined;
  return tagsOfPipelineArn(context.clients, resourceArn);
}

/**
 * Whether `tags` include every entry of `expected` (core's ownership rule, `hasAllTags`).
 *
 * @example
 * hasTags({ a: "1", b: "2" }, { a: "1" }); // true
 */
export function hasTags(
  tags: Readonly<Record<string, string>>,
  expected: Readonly<Record<string, string>>,
): boolean {
  return hasAllTags(tags, expected);
}

/** The tags that say an existing pipeline is a route's clone: managed, same project, same branch and PR. */
const IDENTITY_TAGS = [
  MANAGED_TAGS.managed,
  MANAGED_TAGS.project,
  MANAGED_TAGS.branch,
  MANAGED_TAGS.pullRequest,
] as const;

/**
 * The identity tags (managed, project, branch, pull request) on which `tags` differ from the route's clone; empty
 * when the pipeline is that clone.
 *
 * @example
 * identityMismatches({ "tributary:managed": "true" }, route); // ["tributary:project", "tributary:branch"]
 */
export function identityMismatches(tags: Readonly<Record<string, string>>, route: Route): string[] {
  return IDENTITY_TAGS.filter((key) => tags[key] !== route.tags[key]);
}

/**
 * Tags in the list form CodePipeline takes, sorted by key.
 *
 * @example
 * tagList({ "tributary:managed": "true" }); // [{ key: "tributary:managed", value: "true" }]
 */
export function tagList(tags: Readonly<Record<string, string>>): Array<{ key: string; value: string }> {
  return Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value }));
}

/**
 * The tag list CodePipeline returns, as a record.
 *
 * @example
 * tagRecord([{ key: "tributary:managed", value: "true" }]); // { "tributary:managed": "true" }
 */
export function tagRecord(
  tags: ReadonlyArray<{ key?: string | undefined; value?: string | undefined }> | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.key !== undefined) record[tag.key] = tag.value ?? "";
  return record;
}
