/** The naming scheme (a public contract): pipeline, stack and tag names that are valid, readable and injective. */

import { LIMITS } from "./constants.js";
import { stableHash } from "./stable-hash.js";
import type { PrefixedBranchKind, TributaryConfig } from "./types.js";

/**
 * What a clone is named after: a prefixed branch (its kind and suffix) or a pull request.
 *
 * @example
 * const sources: CloneSource[] = [{ kind: "release", suffix: "1.2.0" }, { pullRequestId: "42" }];
 */
export type CloneSource =
  | { readonly kind: PrefixedBranchKind; readonly suffix: string }
  | { readonly pullRequestId: string };

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

/**
 * Characters a pipeline name part may keep: `[a-z0-9._@-]`.
 *
 * @example
 * encodeNamePart("1.2.0", PIPELINE_ALPHABET, 60); // "1.2.0"
 */
export const PIPELINE_ALPHABET = `${LOWER}${DIGITS}._@-`;
/**
 * Characters a stack name part may keep: `[a-z0-9-]`.
 *
 * @example
 * encodeNamePart("login", STACK_ALPHABET, 60); // "login"
 */
export const STACK_ALPHABET = `${LOWER}${DIGITS}-`;
/**
 * Characters a tag value may keep: letters, digits, space and `_.:/=+-@`.
 *
 * @example
 * encodeNamePart("feature/Login", TAG_ALPHABET, 256); // "feature/Login"
 */
export const TAG_ALPHABET = `${LOWER}${LOWER.toUpperCase()}${DIGITS} _.:/=+-@`;

/** Length of the hashed suffix `--` + 10 hash characters. */
const HASH_SUFFIX_LENGTH = 12;

/** Whether `value` passes through `encodeNamePart` unchanged. */
function isLossless(value: string, alphabet: string, maxLength: number): boolean {
  if (value.length === 0 || value.length > maxLength) return false;
  if (value.includes("--") || value.startsWith("-") || value.endsWith("-")) return false;
  for (let index = 0; index < value.length; index++) {
    if (!alphabet.includes(value.charAt(index))) return false;
  }
  return true;
}

/**
 * Encodes one variable part of a name. Lossless when `value` is non-empty, uses only `alphabet`, has no
 * `--`, no leading or trailing `-` and fits `maxLength`: then it is returned unchanged. Otherwise
 * `${slug}--${stableHash(value)}` (or `-${hash}` when the slug is empty), where the slug is `value` with
 * ASCII upper-case letters lower-cased (when the alphabet has no upper case), every run of other characters
 * replaced by one `-`, dashes collapsed and trimmed, cut so the part fits. Lossless parts never contain `--`
 * and never start with `-`; hashed parts always do: so two different values never share a part.
 *
 * @example
 * encodeNamePart("login", STACK_ALPHABET, 60);        // "login"
 * encodeNamePart("JIRA-123_login", STACK_ALPHABET, 60); // "jira-123-login--" + stableHash("JIRA-123_login")
 */
export function encodeNamePart(value: string, alphabet: string, maxLength: number): string {
  if (maxLength < HASH_SUFFIX_LENGTH) {
    throw new RangeError(`encodeNamePart needs maxLength >= ${HASH_SUFFIX_LENGTH}, got ${maxLength}`);
  }
  if (isLossless(value, alphabet, maxLength)) return value;
  const hash = stableHash(value);
  const keepCase = alphabet.includes("A");
  const room = maxLength - HASH_SUFFIX_LENGTH;
  let slug = "";
  let dash = true; // drop leading dashes
  for (let index = 0; index < value.length && slug.length < room + 1; index++) {
    let char = value.charAt(index);
    if (!keepCase && char >= "A" && char <= "Z") char = char.toLowerCase();
    if (char !== "-" && alphabet.includes(char)) {
      slug += char;
      dash = false;
    } else if (!dash) {
      slug += "-";
      dash = true;
    }
  }
  slug = slug.slice(0, room);
  while (slug.endsWith("-")) slug = slug.slice(0, -1);
  return slug.length > 0 ? `${slug}--${hash}` : `-${hash}`;
}

/**
 * The environment pipeline's name: `${project}-${env}`.
 *
 * @example
 * environmentPipelineName("acme", "dev"); // "acme-dev"
 */
export function environmentPipelineName(project: string, env: string): string {
  return `${project}-${env}`;
}

/**
 * The environment's shared stack name: `${project}-${env}` (the same string as its pipeline).
 *
 * @example
 * environmentStackName("acme", "prod"); // "acme-prod"
 */
export function environmentStackName(project: string, env: string): string {
  return `${project}-${env}`;
}

function cloneName(
  config: TributaryConfig,
  env: string,
  source: CloneSource,
  alphabet: string,
  max: number,
): string {
  const [kind, value] =
    "pullRequestId" in source
      ? (["pr", source.pullRequestId] as const)
      : ([source.kind, source.suffix] as const);
  const prefix = `${config.project}-${env}-${kind}-`;
  return prefix + encodeNamePart(value, alphabet, max - prefix.length);
}

/**
 * A clone's pipeline name: `${project}-${env}-${kind}-${part}` for a branch, `${project}-${env}-pr-${part}`
 * for a pull request, `part` encoded with `PIPELINE_ALPHABET` to fit 100 characters.
 *
 * @example
 * clonePipelineName(config, "qa", { kind: "release", suffix: "1.2.0" }); // "acme-qa-release-1.2.0"
 * clonePipelineName(config, "dev", { pullRequestId: "42" });             // "acme-dev-pr-42"
 */
export function clonePipelineName(config: TributaryConfig, env: string, source: CloneSource): string {
  return cloneName(config, env, source, PIPELINE_ALPHABET, LIMITS.pipelineName);
}

/**
 * A clone's own stack name (ephemeral routes): like `clonePipelineName`, with `STACK_ALPHABET` and 128 characters.
 *
 * @example
 * cloneStackName(config, "dev", { kind: "feature", suffix: "login" }); // "acme-dev-feature-login"
 * cloneStackName(config, "qa", { kind: "release", suffix: "1.2.0" });  // "acme-qa-release-1-2-0--<hash>"
 */
export function cloneStackName(config: TributaryConfig, env: string, source: CloneSource): string {
  return cloneName(config, env, source, STACK_ALPHABET, LIMITS.stackName);
}

/**
 * A tag value for any string: unchanged when it fits 256 characters of `TAG_ALPHABET` (and has no `--`
 * nor leading or trailing `-`), else the hashed form of `encodeNamePart`.
 *
 * @example
 * tagValue("feature/login");    // "feature/login"
 * tagValue("feature/ログイン");  // "feature/--<hash>"
 */
export function tagValue(value: string): string {
  return encodeNamePart(value, TAG_ALPHABET, LIMITS.tagValue);
}

/**
 * The CodeBuild project that tears down ephemeral stacks: `${project}-stack-teardown`.
 *
 * @example
 * teardownProjectName(config); // "acme-stack-teardown"
 */
export function teardownProjectName(config: Pick<TributaryConfig, "project">): string {
  return `${config.project}-stack-teardown`;
}

/**
 * The prefix of every pipeline Tributary names (IAM resource prefix, EventBridge prefix match): `${project}-`.
 *
 * @example
 * pipelineNamePrefix(config); // "acme-"
 */
export function pipelineNamePrefix(config: Pick<TributaryConfig, "project">): string {
  return `${config.project}-`;
}

/**
 * The CodePipeline console page of a pipeline.
 *
 * @example
 * pipelineConsoleUrl("eu-west-1", "acme-dev");
 * // "https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev/view?region=eu-west-1"
 */
export function pipelineConsoleUrl(region: string, pipelineName: string): string {
  return `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${encodeURIComponent(pipelineName)}/view?region=${region}`;
}

/**
 * The CodePipeline console page of one execution.
 *
 * @example
 * executionConsoleUrl("eu-west-1", "acme-dev", "abc");
 * // "https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev/executions/abc/timeline?region=eu-west-1"
 */
export function executionConsoleUrl(region: string, pipelineName: string, executionId: string): string {
  return `https://${region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${encodeURIComponent(pipelineName)}/executions/${encodeURIComponent(executionId)}/timeline?region=${region}`;
}

/**
 * Where the Test stage uploads an execution's TaskCat report: `reports/<pipeline>/<execution id>` in the reports
 * bucket (the buildspec's `REPORT_PREFIX`; the pipelines' IAM is scoped to it).
 *
 * @example
 * reportPrefix("acme-prod", "abc"); // "reports/acme-prod/abc"
 */
export function reportPrefix(pipelineName: string, executionId: string): string {
  return `reports/${pipelineName}/${executionId}`;
}

/**
 * The S3 console page of an execution's TaskCat report (`index.html` under `reportPrefix`), the link an approver
 * reviews.
 *
 * @example
 * reportConsoleUrl("acme-reports", "eu-west-1", "acme-prod", "abc");
 * // "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/acme-prod/abc/index.html"
 */
export function reportConsoleUrl(
  bucket: string,
  region: string,
  pipelineName: string,
  executionId: string,
): string {
  return `https://s3.console.aws.amazon.com/s3/object/${encodeURIComponent(bucket)}?region=${region}&prefix=${reportPrefix(encodeURIComponent(pipelineName), encodeURIComponent(executionId))}/index.html`;
}
