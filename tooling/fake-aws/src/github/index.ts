/** The GitHub double: a REST server validated against GitHub's description, its state, and signed deliveries. */

export {
  DEVELOPER,
  FakeClock,
  FakeGitHubRepository,
  hookFields,
  type StoredHook,
  type StoredIssueComment,
  type StoredPullRequest,
  type StoredStatus,
} from "./fake-github-repository";
export {
  FAKE_GITHUB_TOKEN,
  type FakeGitHub,
  type FakeGitHubOptions,
  type GitHubDoubleError,
  type GitHubRequestRecord,
  startFakeGitHub,
} from "./fake-github-server";
export {
  type Caller,
  type FakeGitHubApp,
  GitHubAuth,
  type Permissions,
  REQUIRED_PERMISSIONS,
} from "./github-auth";
export {
  GITHUB_DOCS,
  GitHubError,
  notFound,
  type ValidationErrorEntry,
  validationFailed,
} from "./github-error";
export { type Page, PER_PAGE_DEFAULT, PER_PAGE_MAX, paginate } from "./github-pagination";
export { GitHubRateLimit, RATE_LIMIT_DOCS, type SecondaryLimit } from "./github-rate-limit";
export { COMMENT_BODY_MAX, STATUS_DESCRIPTION_MAX, STATUSES_PER_CONTEXT_MAX } from "./github-routes";
export { GitHubDescription, type Operation } from "./openapi-description";
export { type DeliveryOptions, signedDelivery, type WebhookDelivery } from "./webhook-deliveries";
export {
  exampleEvents,
  type GitHubEvent,
  NULL_SHA,
  type PullRequestAction,
  WebhookEvents,
} from "./webhook-events";
