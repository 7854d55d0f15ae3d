/** The notifier's GitHub wiring: GitHub's comments and gate when the credentials secret is set; else none. */
import { GITHUB_ENVIRONMENT, loadClonerEnvironment } from "@tributary/core";
import { createSecretsManagerClient } from "../../aws/clients";
import type { InvocationTime } from "../../aws/invocation-time";
import { gitHubFromEnvironment } from "../../providers/github/github-from-environment";
import type { NotifierDependencies } from "./create-notifier";

/**
 * With `TRIBUTARY_GITHUB_CREDENTIALS_SECRET` set (a GitHub source), the notifier writes the living comment and marks
 * the merge gate at a run's start on GitHub: it then reads the project's config (`TRIBUTARY_CONFIG`, as the cloner
 * does) for the repository and the project. Without it, nothing: the notifier comments on CodeCommit and needs no
 * configuration. A config whose source is not GitHub fails the init with a message naming both variables.
 *
 * @example
 * createNotifier({ clients, logger, metrics, ...notifierGitHubWiring(process.env, time) });
 */
export function notifierGitHubWiring(
  env: Readonly<Record<string, string | undefined>>,
  time: InvocationTime,
): Pick<NotifierDependencies, "pullRequests"> {
  if (!env[GITHUB_ENVIRONMENT.credentialsSecret]) return {};
  const config = loadClonerEnvironment(env);
  if (config.source.provider !== "github") {
    throw new Error(
      `${GITHUB_ENVIRONMENT.credentialsSecret} is set but TRIBUTARY_CONFIG's source is ${config.source.provider}. Fix: set the credentials secret only for a GitHub source.`,
    );
  }
  const github = gitHubFromEnvironment(
    env,
    { source: config.source, project: config.project },
    createSecretsManagerClient(env),
    time,
  );
  return { pullRequests: github.pullRequests };
}
