/** Git object ids (commit ids): 40 hexadecimal digits, or 64 in a SHA-256 repository. */

// git's hash.h: "The length in bytes and in hex digits of an object name (SHA-1 value)": GIT_SHA1_HEXSZ = 2 * 20;
// "(SHA-256 value)": GIT_SHA256_HEXSZ = 2 * 32. Git writes them in lower case (hex.c's digits "0123456789abcdef"), as
// CodeCommit's events and APIs do.
const GIT_OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * What a git object id looks like, for messages: `40 lower-case hexadecimal digits, or 64 in a SHA-256 repository`.
 *
 * @example
 * `Give the commit id: ${GIT_OBJECT_ID_FORM}`;
 */
export const GIT_OBJECT_ID_FORM = "40 lower-case hexadecimal digits, or 64 in a SHA-256 repository";

/**
 * Whether `value` is a full git object id as git writes it: 40 lower-case hexadecimal digits (SHA-1), or 64 in a
 * repository that uses SHA-256 (git's `hash.h`: `GIT_SHA1_HEXSZ`, `GIT_SHA256_HEXSZ`). Abbreviated ids are not.
 *
 * @example
 * isGitObjectId("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"); // true
 * isGitObjectId("zz");                                       // false
 */
export function isGitObjectId(value: string): boolean {
  return GIT_OBJECT_ID.test(value);
}
