/** GitHub's shapes of an owner (user or organization) and a repository name, as a Tributary config checks them. */

/**
 * An owner: 1 to 39 characters, an ASCII letter or digit first, then letters, digits, `-` and `_`. GitHub's sign-up
 * form asks for "alphanumeric characters or single hyphens" that neither begin nor end with a hyphen, at most 39
 * (as recorded by shinnn/github-username-regex from the "Join GitHub" page); older accounts may still have a
 * trailing or doubled hyphen, and Enterprise Managed Users end in `_<shortcode>`, so only the first character and
 * the alphabet are enforced: a real owner is never refused.
 */
const OWNER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/;

/**
 * A repository name: "The repository name must not exceed 100 characters, and can only contain ASCII letters,
 * digits, and the characters `.`, `-`, and `_`" (GitHub Docs, "Creating a new repository"). `.` and `..` name no
 * repository (they are the directory and its parent in every clone URL).
 */
const REPOSITORY_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Whether `value` can be a GitHub owner (user or organization login).
 *
 * @example
 * isGitHubOwner("acme-corp"); // true
 * isGitHubOwner("-acme");     // false
 */
export function isGitHubOwner(value: string): boolean {
  return OWNER_PATTERN.test(value);
}

/**
 * Whether `value` can be a GitHub repository name.
 *
 * @example
 * isGitHubRepositoryName("infra.deployment"); // true
 * isGitHubRepositoryName("infra deployment"); // false
 */
export function isGitHubRepositoryName(value: string): boolean {
  return REPOSITORY_PATTERN.test(value) && value !== "." && value !== "..";
}

/**
 * A repository's full name (`owner/name`) split in two, or `undefined` when it is not one.
 *
 * @example
 * parseGitHubFullName("acme/infra"); // { owner: "acme", repository: "infra" }
 * parseGitHubFullName("acme");       // undefined
 */
export function parseGitHubFullName(
  value: string,
): { readonly owner: string; readonly repository: string } | undefined {
  const parts = value.split("/");
  const [owner, repository] = parts;
  if (parts.length !== 2 || owner === undefined || repository === undefined) return undefined;
  if (!isGitHubOwner(owner) || !isGitHubRepositoryName(repository)) return undefined;
  return { owner, repository };
}

/**
 * Whether two full names are the same repository: GitHub compares owners and names without regard to case
 * (`github.com/Acme/Infra` is `acme/infra`).
 *
 * @example
 * sameGitHubRepository("Acme/Infra", "acme/infra"); // true
 */
export function sameGitHubRepository(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
