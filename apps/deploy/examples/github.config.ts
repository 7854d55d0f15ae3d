/**
 * A GitHub source: the config of the README's GitHub walkthrough (`pnpm tributary … --config
 * apps/deploy/examples/github.config.ts`). Without `connectionArn` the CI/CD stack creates the CodeConnections
 * connection; give an existing one's ARN to reuse it.
 */
import { defineConfig } from "../src/config";

export default defineConfig({
  project: "acme",
  source: {
    provider: "github",
    owner: "acme",
    repository: "infra",
    // connectionArn: "arn:aws:codeconnections:eu-west-1:123456789012:connection/…",
    // forkPullRequests: { allow: ["acme-labs/infra"] },
  },
  notificationEmails: ["ops@example.com"],
  app: { region: "eu-west-1" },
});
