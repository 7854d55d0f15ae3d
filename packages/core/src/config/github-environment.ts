/**
 * The Lambda environment a GitHub source adds: which secrets the functions read, where the reconcile keeps its
 * listing pages, which function the webhook hands deliveries to. The constructs set these; the Lambdas read them.
 */

import type { TributaryConfig } from "../shared/types.js";

/**
 * The environment variables of the GitHub functions:
 * - `credentialsSecret` (cloner, notifier): the Secrets Manager secret (ARN or name) holding the GitHub App's
 *   `{"appId","installationId","privateKey"}` or a fine-grained `{"token"}`;
 * - `webhookSecret` (webhook function): the secret whose `SecretString` is the webhook's secret, as given to GitHub;
 * - `clonerFunction` (webhook function): the cloner function (ARN or name) the deliveries are handed to;
 * - `listingCacheBucket` (cloner): the bucket the reconcile keeps its listing pages in, at `gitHubListingCacheKey`;
 * - `apiUrl` (all, optional): GitHub's REST API root, `https://api.github.com` by default (GitHub Enterprise, a test
 *   double).
 *
 * @example
 * process.env[GITHUB_ENVIRONMENT.credentialsSecret]; // "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-github-…"
 */
export const GITHUB_ENVIRONMENT = Object.freeze({
  credentialsSecret: "TRIBUTARY_GITHUB_CREDENTIALS_SECRET",
  webhookSecret: "TRIBUTARY_GITHUB_WEBHOOK_SECRET",
  clonerFunction: "TRIBUTARY_CLONER_FUNCTION",
  listingCacheBucket: "TRIBUTARY_GITHUB_LISTING_CACHE_BUCKET",
  apiUrl: "TRIBUTARY_GITHUB_API_URL",
} as const);

/**
 * The object key of a project's GitHub listing pages (branches and open pull requests with their ETags): the one
 * object the cloner reads and writes in `listingCacheBucket` (its IAM resource).
 *
 * @example
 * gitHubListingCacheKey({ project: "acme" }); // "tributary/github-listings/acme.json"
 */
export function gitHubListingCacheKey(config: Pick<TributaryConfig, "project">): string {
  return `tributary/github-listings/${config.project}.json`;
}
