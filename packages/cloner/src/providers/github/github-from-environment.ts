/**
 * A Lambda's GitHub wiring from its environment (core's `GITHUB_ENVIRONMENT`): the API client, authenticated with the
 * credentials secret (read once per cold start, never logged), and the pull-request provider of the configured
 * repository. Nothing is read until the first call, so an invocation that needs no GitHub call makes none.
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GITHUB_ENVIRONMENT, type GitHubSourceConfig } from "@tributary/core";
import type { InvocationTime } from "../../aws/invocation-time";
import { secretOnce } from "../../aws/secrets";
import { GitHubApi } from "./github-api";
import { GitHubTokens, parseGitHubCredentials } from "./github-credentials";
import { gitHubPullRequests } from "./github-pull-requests";

/**
 * The GitHub client and provider of one Lambda instance.
 *
 * @example
 * const github: GitHubWiring = gitHubFromEnvironment(process.env, { source, project: config.project }, secretsManager, time);
 * createHandler({ config, clients, logger, metrics, pullRequests: github.pullRequests });
 */
export interface GitHubWiring {
  readonly api: GitHubApi;
  readonly pullRequests: ReturnType<typeof gitHubPullRequests>;
}

/**
 * Builds the wiring. Throws `Error` naming the variable when the credentials secret is not set (the constructs set it
 * with a GitHub source).
 *
 * @example
 * gitHubFromEnvironment(process.env, { source: config.source, project: "acme" }, createSecretsManagerClient(), time);
 */
export function gitHubFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  target: { readonly source: GitHubSourceConfig; readonly project: string },
  secretsManager: SecretsManagerClient,
  time: InvocationTime,
): GitHubWiring {
  const secretId = env[GITHUB_ENVIRONMENT.credentialsSecret];
  if (!secretId) {
    throw new Error(
      `${GITHUB_ENVIRONMENT.credentialsSecret} is not set. Fix: the constructs set it for a GitHub source; it names the Secrets Manager secret with the GitHub App's or token's credentials.`,
    );
  }
  const secret = secretOnce(secretsManager, secretId);
  let tokens: Promise<GitHubTokens> | undefined;
  const api: GitHubApi = new GitHubApi({
    ...(env[GITHUB_ENVIRONMENT.apiUrl] ? { baseUrl: env[GITHUB_ENVIRONMENT.apiUrl] } : {}),
    token: async () => {
      tokens ??= secret()
        .then((value) => new GitHubTokens(parseGitHubCredentials(value), target.source.repository, () => api))
        .catch((error: unknown) => {
          tokens = undefined;
          throw error;
        });
      return (await tokens).token();
    },
  });
  const pullRequests = gitHubPullRequests(api, {
    owner: target.source.owner,
    repository: target.source.repository,
    project: target.project,
    maxWaitMs: () => time.remainingMs(),
  });
  return { api, pullRequests };
}
