import type { DeployConfigInput } from "../config";

/**
 * The app's second shape, built by app.test.ts and linted by cfn-lint.test.ts: an imported repository,
 * buckets deleted with the stack and one set of topics per environment.
 */
export const IMPORTED_REPOSITORY_CONFIG: DeployConfigInput = {
  project: "shop",
  repository: "shop-infra",
  notificationEmails: ["ops@example.com"],
  app: {
    repository: { create: false },
    buckets: { retainOnDelete: false },
    notifications: { topicPerEnvironment: true },
  },
};

/**
 * A GitHub source, built by app.test.ts and linted by cfn-lint.test.ts: the stack creates the CodeConnections
 * connection (no `connectionArn`) and accepts pull requests from one fork.
 */
export const GITHUB_CONFIG: DeployConfigInput = {
  project: "acme",
  source: {
    provider: "github",
    owner: "acme",
    repository: "infra",
    forkPullRequests: { allow: ["acme-labs/infra"] },
  },
  notificationEmails: ["ops@example.com"],
};
