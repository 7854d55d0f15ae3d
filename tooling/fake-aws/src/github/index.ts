/** The GitHub double: a REST server validated against GitHub's description, its state, and signed deliveries. */

export { FakeGitHubRepository } from "./fake-github-repository";
export {
  FAKE_GITHUB_TOKEN,
  type FakeGitHub,
  type FakeGitHubOptions,
  type GitHubDoubleError,
  type GitHubRequestRecord,
  startFakeGitHub,
} from "./fake-github-server";
export { type FakeGitHubApp, type Permissions, REQUIRED_PERMISSIONS } from "./github-auth";
export { GitHubRateLimit } from "./github-rate-limit";
export { COMMENT_BODY_MAX, STATUS_DESCRIPTION_MAX } from "./github-routes";
export { GitHubDescription } from "./openapi-description";
export type { StoredPullRequest } from "./stored-records";
export { type DeliveryOptions, signedDelivery, type WebhookDelivery } from "./webhook-deliveries";
export { exampleEvents, type GitHubEvent, NULL_SHA, type PullRequestAction } from "./webhook-events";
