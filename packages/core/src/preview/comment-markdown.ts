/** The Markdown pieces of a pull-request comment, within CodeCommit's comment size limit. */

import { describeValue } from "../shared/errors.js";

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

/** Characters kept of a CloudFormation reason. */
export const REASON_LENGTH = 500;

/** Characters kept of any name or identifier. */
const NAME_LENGTH = 256;

const encoder = new TextEncoder();

/** "10,240", without `toLocaleString` (whose output depends on the runtime's ICU data). */
export const LIMIT_TEXT = String(CODECOMMIT_COMMENT_LIMIT).replace(/\B(?=(\d{3})+$)/g, ",");

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
export function hardCut(comment: string, previewUrl: string | undefined): string {
  const suffix = `\n\n… cut at CodeCommit's comment limit.${previewUrl ? ` Full preview: ${link("JSON", previewUrl)}` : ""}\n`;
  const budget = CODECOMMIT_COMMENT_LIMIT - commentSize(suffix);
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
