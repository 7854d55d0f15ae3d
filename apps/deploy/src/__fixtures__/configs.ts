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
 * Three accounts, two regions: the CI/CD account 111111111111 in eu-west-1 holds the pipelines; dev and qa deploy in
 * 222222222222 (eu-west-1), prod in 333333333333 (eu-central-1). Built by multi-account.test.ts and linted by
 * cfn-lint.test.ts; the README's multi-account tables are generated from it.
 */
export const THREE_ACCOUNT_CONFIG: DeployConfigInput = {
  project: "acme",
  repository: "infra-deployment",
  environments: {
    dev: { branch: "develop", account: "222222222222" },
    qa: { branch: null, account: "222222222222" },
    prod: { branch: "main", requiresApproval: true, account: "333333333333", region: "eu-central-1" },
  },
  app: { account: "111111111111", region: "eu-west-1" },
};
