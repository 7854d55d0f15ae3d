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
