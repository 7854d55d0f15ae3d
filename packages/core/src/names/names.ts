/** The naming scheme (a public contract): pipeline, stack and tag names that are valid, readable and injective. */

import { LIMITS } from "../shared/constants.js";
import type { PrefixedBranchKind, TributaryConfig } from "../shared/types.js";
import { stableHash } from "./stable-hash.js";
import { spellInAscii } from "./transliterate.js";

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
 * The ASCII characters a tag value may keep: letters, digits, space and `_.:/=+-@`. `tagValue` keeps more: every
 * character of `isTagValueCharacter`.
 *
 * @example
 * encodeNamePart("feature/Login", TAG_ALPHABET, 256); // "feature/Login"
 */
export const TAG_ALPHABET = `${LOWER}${LOWER.toUpperCase()}${DIGITS} _.:/=+-@`;

/**
 * The characters of an AWS tag value: Unicode letters, numbers and separators and `_.:/=+-@`. It is the pattern
 * `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$` of the `Tag` value of the CloudFormation and CodePipeline APIs. None of them
 * needs escaping in JSON (no `"` nor `\`), which is why the `Branch` pipeline variable uses the same form.
 *
 * @example
 * isTagValueCharacter("日"); // true
 * isTagValueCharacter("#");  // false
 */
export function isTagValueCharacter(char: string): boolean {
  return TAG_VALUE_CHARACTER.test(char);
}

const TAG_VALUE_CHARACTER = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]$/u;

/**
 * The characters a name part may keep: a string of them (`PIPELINE_ALPHABET`), or a test of one character (one
 * code point, such as `isTagValueCharacter`).
 *
 * @example
 * const alphabets: NameAlphabet[] = [STACK_ALPHABET, isTagValueCharacter];
 */
export type NameAlphabet = string | ((char: string) => boolean);

function keeps(alphabet: NameAlphabet, char: string): boolean {
  return typeof alphabet === "string" ? alphabet.includes(char) : alphabet(char);
}

/** Length of the hashed suffix `--` + 10 hash characters. */
const HASH_SUFFIX_LENGTH = 12;

/** Whether `value` passes through `encodeNamePart` unchanged. */
function isLossless(value: string, alphabet: NameAlphabet, maxLength: number): boolean {
  if (value.length === 0 || value.length > maxLength) return false;
  if (value.includes("--") || value.startsWith("-") || value.endsWith("-")) return false;
  for (const char of value) {
    if (!keeps(alphabet, char)) return false;
  }
  return true;
}

const NON_ASCII = /[\u0080-\u{10FFFF}]/u;

/**
 * `value` with every non-ASCII character that `alphabet` does not keep spelled in ASCII (`spellInAscii`: `Ü` → `U`,
 * `ß` → `ss`, a combining mark → nothing), so a slug keeps the readable words of Latin-script branch names.
 */
function spelledFor(value: string, alphabet: string): string {
  let spelled = "";
  for (const char of value) {
    spelled += char < "\u0080" || alphabet.includes(char) ? char : spellInAscii(char);
  }
  return spelled;
}

/**
 * Encodes one variable part of a name. Lossless when `value` is non-empty, uses only `alphabet`, has no
 * `--`, no leading or trailing `-` and fits `maxLength`: then it is returned unchanged. Otherwise
 * `${slug}--${stableHash(hashOf)}` (or `-${hash}` when the slug is empty), where the slug is `value` with, for a
 * string alphabet (ASCII: pipelines and stacks), every other non-ASCII character spelled in ASCII (`spellInAscii`:
 * Latin letters lose their diacritics, `ß` is `ss`), ASCII upper-case letters lower-cased (when the alphabet has no
 * upper case), every run of other characters replaced by one `-`, dashes collapsed and trimmed, cut (never inside a
 * character) so the part fits. A test alphabet (`isTagValueCharacter`) keeps Unicode letters, so it spells nothing. Lossless
 * parts never contain `--` and never start with `-`; hashed parts always do: so two different values never share a
 * part. `hashOf` is what the hash identifies: the whole branch name for a branch's clone (`branchHash`), so that
 * every name and tag of one branch carries the same hash.
 *
 * @example
 * encodeNamePart("login", STACK_ALPHABET, 60);        // "login"
 * encodeNamePart("JIRA-123_login", STACK_ALPHABET, 60); // "jira-123-login--" + stableHash("JIRA-123_login")
 * encodeNamePart("JIRA-1", STACK_ALPHABET, 60, "feature/JIRA-1"); // "jira-1--" + branchHash("feature/JIRA-1")
 * encodeNamePart("Ünï-日本", STACK_ALPHABET, 60);      // "uni--" + stableHash("Ünï-日本")
 */
export function encodeNamePart(
  value: string,
  alphabet: NameAlphabet,
  maxLength: number,
  hashOf: string = value,
): string {
  if (maxLength < HASH_SUFFIX_LENGTH) {
    throw new RangeError(`encodeNamePart needs maxLength >= ${HASH_SUFFIX_LENGTH}, got ${maxLength}`);
  }
  if (isLossless(value, alphabet, maxLength)) return value;
  const hash = stableHash(hashOf);
  const keepCase = keeps(alphabet, "A");
  const room = maxLength - HASH_SUFFIX_LENGTH;
  let slug = "";
  let dash = true; // drop leading dashes
  const spell = typeof alphabet === "string" && NON_ASCII.test(value);
  for (let char of spell ? spelledFor(value, alphabet) : value) {
    if (!keepCase && char >= "A" && char <= "Z") char = char.toLowerCase();
    const next: string = char !== "-" && keeps(alphabet, char) ? char : dash ? "" : "-";
    if (slug.length + next.length > room) break;
    slug += next;
    if (next !== "") dash = next === "-";
  }
  while (slug.endsWith("-")) slug = slug.slice(0, -1);
  return slug.length > 0 ? `${slug}--${hash}` : `-${hash}`;
}

/**
 * The hash that every hashed name and tag of a branch ends with: `stableHash` of the whole short branch name
 * (`feature/Ünïcödé-日本語`, not its suffix), so a branch's pipeline, stack, `Branch` variable and `tributary:branch`
 * tag can be matched by eye.
 *
 * @example
 * branchHash("feature/JIRA-123_login"); // the "--<hash>" of acme-dev-feature-jira-123_login--<hash>
 */
export function branchHash(branch: string): string {
  return stableHash(branch);
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

/**
 * What every clone name of one environment and kind starts with: `${project}-${env}-${kind}-` (`kind` is the git-flow
 * kind, or `pr` for pull requests); the encoded branch suffix or PR id follows.
 *
 * @example
 * cloneNamePrefix(config, "dev", "feature"); // "acme-dev-feature-"
 * cloneNamePrefix(config, "qa", "pr");       // "acme-qa-pr-"
 */
export function cloneNamePrefix(
  config: Pick<TributaryConfig, "project">,
  env: string,
  kind: PrefixedBranchKind | "pr",
): string {
  return `${config.project}-${env}-${kind}-`;
}

function cloneName(
  config: TributaryConfig,
  env: string,
  source: CloneSource,
  alphabet: string,
  max: number,
): string {
  const [kind, value, hashOf] =
    "pullRequestId" in source
      ? (["pr", source.pullRequestId, source.pullRequestId] as const)
      : ([source.kind, source.suffix, `${config.branches.prefixes[source.kind]}${source.suffix}`] as const);
  const prefix = cloneNamePrefix(config, env, kind);
  return prefix + encodeNamePart(value, alphabet, max - prefix.length, hashOf);
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
 * A tag value for any string: unchanged when it fits 256 characters that AWS accepts in a tag value
 * (`isTagValueCharacter`: Unicode letters, numbers and separators, `_.:/=+-@`) and has no `--` nor leading or
 * trailing `-`; else the hashed form of `encodeNamePart`, whose hash is `stableHash(value)` (for a branch, its
 * `branchHash`, as in its clone's names).
 *
 * @example
 * tagValue("feature/login");         // "feature/login"
 * tagValue("feature/Ünïcödé-日本語"); // "feature/Ünïcödé-日本語"
 * tagValue("feature/#42");           // "feature/-42--" + branchHash("feature/#42")
 */
export function tagValue(value: string): string {
  return encodeNamePart(value, isTagValueCharacter, LIMITS.tagValue);
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
