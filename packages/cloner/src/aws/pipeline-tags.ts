/** Reading a pipeline's tags, which is how the cloner knows what it owns. */
import { GetPipelineCommand, ListTagsForResourceCommand } from "@aws-sdk/client-codepipeline";
import { hasAllTags, MANAGED_TAGS, type Route } from "@tributary/core";
import { errorText, isAwsError } from "./aws-error";
import { type AwsTarget, pipelineArn } from "./aws-target";
import type { ClonerClients } from "./clients";
import { countMetric, type Telemetry } from "./telemetry";

/**
 * What reading a pipeline's tags needs: CodePipeline and, when known, the account (the cloner's context, or the
 * notifier's input); with telemetry, a denied read is logged (once per pipeline) and counted.
 */
export interface TagReader extends Partial<Telemetry> {
  readonly target: AwsTarget | undefined;
  readonly clients: Pick<ClonerClients, "codePipeline">;
}

/**
 * What one ListTagsForResource found: the pipeline's tags, no pipeline, or an AccessDenied answer. The roles may read
 * the tags of every pipeline under the project's prefix (PipelineCloner, PipelineNotifier), so a denial means a grant
 * is missing (or a pipeline of another project whose name extends the prefix).
 *
 * @example
 * const read: TagRead = await readPipelineTags(context, "acme-dev-feature-login");
 * if (read.state === "found" && read.tags["tributary:managed"] === "true") { ... }
 */
export type TagRead =
  | { readonly state: "found"; readonly tags: Record<string, string> }
  | { readonly state: "absent" }
  | { readonly state: "denied"; readonly reason: string };

/** Pipelines whose denied tag read this Lambda instance has logged (each once; the metric counts every one). */
const deniedLogged = new Set<string>();

/** Logs a denied tag read once per pipeline and counts it every time (`TagReadsDenied`). */
function reportDenied(reader: Partial<Telemetry>, resourceArn: string, error: unknown): string {
  const reason = errorText(error);
  if (reader.metrics) countMetric(reader as Telemetry, "tagReadsDenied");
  if (reader.logger && !deniedLogged.has(resourceArn)) {
    deniedLogged.add(resourceArn);
    reader.logger.warn("Pipeline tags not readable: AccessDenied", {
      resourceArn,
      reason,
      fix: "Grant codepipeline:ListTagsForResource on the project's pipelines (the PipelineCloner and PipelineNotifier constructs do); until then the pipeline is treated as not Tributary's.",
    });
  }
  return reason;
}

/**
 * One ListTagsForResource of `resourceArn`: its tags, `absent`, or `denied` (logged once per pipeline and counted
 * when the reader has telemetry).
 *
 * @example
 * await readTagsOfArn(context, pipelineArn(target, "acme-dev-pr-42")); // { state: "found", tags: { ... } }
 */
export async function readTagsOfArn(
  reader: Omit<TagReader, "target">,
  resourceArn: string,
): Promise<TagRead> {
  try {
    const { tags } = await reader.clients.codePipeline.send(new ListTagsForResourceCommand({ resourceArn }));
    return { state: "found", tags: tagRecord(tags) };
  } catch (error) {
    if (isAwsError(error, "ResourceNotFoundException", "PipelineNotFoundException"))
      return { state: "absent" };
    if (isAwsError(error, "AccessDeniedException", "AccessDenied"))
      return { state: "denied", reason: reportDenied(reader, resourceArn, error) };
    throw error;
  }
}

/**
 * The tags of a pipeline by name (`readTagsOfArn`): one call when the target account is known (the usual case: it
 * comes from the function ARN), two otherwise (GetPipeline gives the ARN).
 *
 * @example
 * const read = await readPipelineTags(context, "acme-dev-feature-login"); // { state: "absent" }
 */
export async function readPipelineTags(reader: TagReader, pipelineName: string): Promise<TagRead> {
  let resourceArn: string | undefined;
  try {
    resourceArn = await pipelineResourceArn(reader, pipelineName);
  } catch (error) {
    if (isAwsError(error, "AccessDeniedException", "AccessDenied"))
      return { state: "denied", reason: reportDenied(reader, pipelineName, error) };
    throw error;
  }
  if (resourceArn === undefined) return { state: "absent" };
  return readTagsOfArn(reader, resourceArn);
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
 * The tags of the pipeline `resourceArn`, `undefined` when it does not exist, or `{}` when IAM denies the read (no
 * tags of ours, so nothing acts on it; the denial is logged once per pipeline and counted, `readTagsOfArn`).
 *
 * @example
 * const tags = await tagsOfPipelineArn({ clients, logger, metrics }, pipelineArn(target, "acme-dev-pr-42"));
 */
export async function tagsOfPipelineArn(
  reader: Omit<TagReader, "target">,
  resourceArn: string,
): Promise<Record<string, string> | undefined> {
  return tagsOf(await readTagsOfArn(reader, resourceArn));
}

/**
 * The tags of a pipeline, `undefined` when it does not exist, or `{}` when IAM denies the read (`readPipelineTags`).
 *
 * @example
 * const tags = await pipelineTags(context, "acme-dev-feature-login");
 * if (tags?.["tributary:managed"] === "true") { ... }
 */
export async function pipelineTags(
  context: TagReader,
  pipelineName: string,
): Promise<Record<string, string> | undefined> {
  return tagsOf(await readPipelineTags(context, pipelineName));
}

function tagsOf(read: TagRead): Record<string, string> | undefined {
  return read.state === "found" ? read.tags : read.state === "absent" ? undefined : {};
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
