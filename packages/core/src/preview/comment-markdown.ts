/** The Markdown pieces of a pull-request comment, within its git provider's comment size limit. */

import { describeValue } from "../shared/errors.js";
import type { SourceConfig } from "../shared/types.js";

/**
 * The most a CodeCommit comment may hold. `PostCommentForPullRequest` and `UpdateComment` reject a longer `content`
 * with `CommentContentSizeLimitExceededException`: "The comment is too large. Comments are limited to 10,240
 * characters." (CodeCommit API reference; botocore's codecommit 2015-04-13 model). `formatPreviewComment` keeps the
 * comment's UTF-8 byte length within it, which bounds it in characters, UTF-16 code units and bytes alike.
 *
 * @example
 * new TextEncoder().encode(formatPreviewComment(summary, { commitId })).length <= CODECOMMIT_COMMENT_LIMIT; // true
 */
export const CODECOMMIT_COMMENT_LIMIT = 10_240;

/**
 * The most a GitHub issue or pull-request comment may hold: a longer body is refused 422 "Body is too long (maximum
 * is 65536 characters)" (observed answers cited in the GitHub double's FACTS.md; no schema of GitHub's OpenAPI
 * description states it). Whether GitHub counts characters or bytes is not documented; the formatters count UTF-8
 * bytes, which is never less than either.
 *
 * @example
 * commentSize(formatPreviewComment(summary, { commitId, limit: COMMENT_LIMITS.github })) <= GITHUB_COMMENT_LIMIT; // true
 */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * A comment size limit and the host whose limit it is (the comment names it when it leaves changes out).
 *
 * @example
 * const limit: CommentLimit = { size: 65_536, host: "GitHub" };
 */
export interface CommentLimit {
  /** The most UTF-8 bytes a comment may hold. */
  readonly size: number;
  /** Who imposes it, as the comment says it: "CodeCommit comments hold 10,240 characters". */
  readonly host: string;
}

/**
 * The comment limit of each git provider.
 *
 * @example
 * COMMENT_LIMITS.codecommit; // { size: 10240, host: "CodeCommit" }
 */
export const COMMENT_LIMITS = Object.freeze({
  codecommit: Object.freeze({ size: CODECOMMIT_COMMENT_LIMIT, host: "CodeCommit" }),
  github: Object.freeze({ size: GITHUB_COMMENT_LIMIT, host: "GitHub" }),
} satisfies Record<SourceConfig["provider"], CommentLimit>);

/**
 * The comment limit of a config's git provider: what the formatters are given for its pull requests.
 *
 * @example
 * commentLimit(config.source); // COMMENT_LIMITS.github for a GitHub source
 */
export function commentLimit(source: Pick<SourceConfig, "provider">): CommentLimit {
  return COMMENT_LIMITS[source.provider];
}

/** Characters kept of a CloudFormation reason. */
export const REASON_LENGTH = 500;

/** Characters kept of any name or identifier. */
const NAME_LENGTH = 256;

const encoder = new TextEncoder();

/** "10,240", without `toLocaleString` (whose output depends on the runtime's ICU data). */
export function limitText(limit: CommentLimit): string {
  return String(limit.size).replace(/\B(?=(\d{3})+$)/g, ",");
}

/**
 * The size CodeCommit's limit is checked against here: UTF-8 bytes (at least the character count).
 *
 * @example
 * commentSize("é"); // 2
 */
export function commentSize(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Replaces control characters (line breaks included) with spaces and cuts to `max` code points. Takes any value, so
 * that a summary read back from JSON with a number where a name was cannot crash the comment.
 */
function clip(value: unknown, max: number): string {
  const raw = typeof value === "string" ? value : describeValue(value);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced.
  const points = [...raw.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")];
  return points.length > max ? `${points.slice(0, max - 1).join("")}…` : points.join("");
}

/** Text that Markdown shows as is. */
export function text(value: unknown, max: number = NAME_LENGTH): string {
  return clip(value, max).replace(/[\\`*_[\]<>#|~!]/g, (character) => `\\${character}`);
}

/** An inline code span (a backtick inside becomes `'`). */
export function code(value: unknown, max: number = NAME_LENGTH): string {
  return `\`${clip(value, max).replace(/`/g, "'")}\``;
}

/** A Markdown link whose URL cannot end the link early (parentheses, angle brackets and spaces escaped). */
export function link(label: string, url: string): string {
  return `[${label}](${url.replace(/[()<>\s]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)})`;
}

/** `1 change`, `2 changes`. */
export function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Cuts a comment that is too long even without any resource line (very many failed stacks) at the limit. */
export function hardCut(comment: string, previewUrl: string | undefined, limit: CommentLimit): string {
  const suffix = `\n\n… cut at ${limit.host}'s comment limit.${previewUrl ? ` Full preview: ${link("JSON", previewUrl)}` : ""}\n`;
  const budget = limit.size - commentSize(suffix);
  let kept = "";
  let size = 0;
  for (const point of comment) {
    const next = commentSize(point);
    if (size + next > budget) break;
    kept += point;
    size += next;
  }
  return kept + suffix;
}
