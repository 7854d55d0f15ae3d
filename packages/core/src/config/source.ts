/** `repository` and `source` of a config: where the code lives (CodeCommit or GitHub), each field checked. */

import { parseConnectionArn } from "../names/connection-arn.js";
import { isGitHubOwner, isGitHubRepositoryName, parseGitHubFullName } from "../names/github-names.js";
import { ConfigError } from "../shared/errors.js";
import type { GitHubSourceConfig, SourceConfig } from "../shared/types.js";
import { checkKeys, join, readObject } from "./config-fields.js";

const CODECOMMIT_NAME = /^[\w.-]{1,100}$/;

const CONNECTION_FIX =
  'Give the ARN of the connection as the console or `aws codeconnections list-connections` shows it, e.g. "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789" (a "codestar-connections" ARN works too), or leave it out and the stack creates one.';

function codeCommitName(value: unknown, path: string): string {
  if (typeof value !== "string" || !CODECOMMIT_NAME.test(value) || value.endsWith(".git")) {
    throw new ConfigError(
      path,
      value,
      "is not a CodeCommit repository name",
      'Use 1 to 100 letters, digits, ".", "_" or "-", not ending in ".git", e.g. "infra-deployment".',
    );
  }
  return value;
}

function forkAllowList(value: unknown, path: string): readonly string[] {
  if (value === undefined) return Object.freeze([]);
  const object = readObject(value, path, 'fork pull requests, e.g. { allow: ["acme-labs/infra"] }');
  checkKeys(object, path, ["allow"]);
  const allow = object.allow;
  const listPath = join(path, "allow");
  const fix =
    'List the forks whose pull requests may run with the project\'s roles as "owner/name", e.g. ["acme-labs/infra"]; leave it empty to run no fork.';
  if (allow === undefined) return Object.freeze([]);
  if (!Array.isArray(allow)) throw new ConfigError(listPath, allow, "is not a list", fix);
  const seen = new Set<string>();
  return Object.freeze(
    allow.map((entry: unknown, index: number) => {
      const at = `${listPath}.${index}`;
      if (typeof entry !== "string" || parseGitHubFullName(entry) === undefined) {
        throw new ConfigError(at, entry, "is not a GitHub repository (owner/name)", fix);
      }
      if (seen.has(entry.toLowerCase())) throw new ConfigError(at, entry, "is listed twice", fix);
      seen.add(entry.toLowerCase());
      return entry;
    }),
  );
}

function gitHubSource(object: Record<string, unknown>, path: string): GitHubSourceConfig {
  checkKeys(object, path, ["provider", "owner", "repository", "connectionArn", "forkPullRequests"]);
  const { owner, repository, connectionArn } = object;
  if (typeof owner !== "string" || !isGitHubOwner(owner)) {
    throw new ConfigError(
      join(path, "owner"),
      owner,
      "is not a GitHub user or organization",
      'Give the owner as in the repository\'s URL github.com/<owner>/<name>: 1 to 39 letters, digits or "-", starting with a letter or digit, e.g. "acme".',
    );
  }
  if (typeof repository !== "string" || !isGitHubRepositoryName(repository)) {
    throw new ConfigError(
      join(path, "repository"),
      repository,
      "is not a GitHub repository name",
      'Give the name as in the repository\'s URL github.com/<owner>/<name>, without the owner: at most 100 letters, digits, ".", "-" or "_", e.g. "infra".',
    );
  }
  if (
    connectionArn !== undefined &&
    (typeof connectionArn !== "string" || !parseConnectionArn(connectionArn))
  ) {
    throw new ConfigError(
      join(path, "connectionArn"),
      connectionArn,
      "is not a connection ARN",
      CONNECTION_FIX,
    );
  }
  const fullName = `${owner}/${repository}`;
  const allow = forkAllowList(object.forkPullRequests, join(path, "forkPullRequests"));
  const own = allow.findIndex((entry) => entry.toLowerCase() === fullName.toLowerCase());
  if (own >= 0) {
    throw new ConfigError(
      `${path}.forkPullRequests.allow.${own}`,
      allow[own],
      "is the repository itself, not a fork",
      "Remove it: pull requests from the repository's own branches always run.",
    );
  }
  return {
    provider: "github",
    owner,
    repository,
    fullName,
    connectionArn: connectionArn as string | undefined,
    forkPullRequests: { allow },
  };
}

/**
 * The config's `source`, from either `repository` alone (a CodeCommit repository, as every config before `source`
 * had) or `source` (`{ provider: "codecommit", repository }` or `{ provider: "github", owner, repository,
 * connectionArn?, forkPullRequests? }`), never both. Returns the source and the repository events must come from
 * (the CodeCommit name, or GitHub's `owner/name`). Throws `ConfigError` naming the field, the value and the fix.
 *
 * @example
 * validateSource({ repository: "infra-deployment" });
 * // { repository: "infra-deployment", source: { provider: "codecommit", repository: "infra-deployment" } }
 * validateSource({ source: { provider: "github", owner: "acme", repository: "infra" } }).repository; // "acme/infra"
 */
export function validateSource(root: Record<string, unknown>): {
  readonly repository: string;
  readonly source: SourceConfig;
} {
  if (root.source === undefined) {
    const repository = codeCommitName(root.repository, "repository");
    return { repository, source: { provider: "codecommit", repository } };
  }
  if (root.repository !== undefined) {
    throw new ConfigError(
      "repository",
      root.repository,
      "is given besides source",
      "Give the repository once: remove the top-level repository and keep source.repository.",
    );
  }
  const object = readObject(
    root.source,
    "source",
    'the source, e.g. { provider: "github", owner, repository }',
  );
  const provider = object.provider;
  if (provider === "codecommit") {
    checkKeys(object, "source", ["provider", "repository"]);
    const repository = codeCommitName(object.repository, "source.repository");
    return { repository, source: { provider, repository } };
  }
  if (provider === "github") {
    const source = gitHubSource(object, "source");
    return { repository: source.fullName, source };
  }
  throw new ConfigError(
    "source.provider",
    provider,
    "is not a source provider",
    'Use "codecommit" (with repository) or "github" (with owner and repository).',
  );
}
