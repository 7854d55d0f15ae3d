/** The cloner's GitHub wiring: with a GitHub source, its pull-request provider and its reconcile listing; else none. */
import { GITHUB_ENVIRONMENT, gitHubListingCacheKey, type TributaryConfig } from "@tributary/core";
import { createS3Client, createSecretsManagerClient } from "../../aws/clients";
import type { InvocationTime } from "../../aws/invocation-time";
import { gitHubFromEnvironment } from "../../providers/github/github-from-environment";
import type { HandlerDependencies } from "./create-handler";
import { gitHubSourceListing, s3ListingStore } from "./github-source-listing";

/**
 * For a GitHub source, the `pullRequests` (GitHub's provider: the fork notice and the merge gate's commit status) and
 * the `sourceListing` (branches and open pull requests through the API, pages kept in `listingCacheBucket` when it
 * is set) `createHandler` takes; for CodeCommit, nothing (the defaults are CodeCommit's).
 *
 * @example
 * createHandler({ config, clients, logger, metrics, ...clonerGitHubWiring(config, process.env, time) });
 */
export function clonerGitHubWiring(
  config: TributaryConfig,
  env: Readonly<Record<string, string | undefined>>,
  time: InvocationTime,
): Pick<HandlerDependencies, "pullRequests" | "sourceListing"> {
  const { source } = config;
  if (source.provider !== "github") return {};
  const github = gitHubFromEnvironment(
    env,
    { source, project: config.project },
    createSecretsManagerClient(env),
    time,
  );
  const bucket = env[GITHUB_ENVIRONMENT.listingCacheBucket];
  const store = bucket
    ? s3ListingStore(createS3Client(env), bucket, gitHubListingCacheKey(config))
    : undefined;
  return {
    pullRequests: github.pullRequests,
    sourceListing: gitHubSourceListing(github.api, source, store, time),
  };
}
