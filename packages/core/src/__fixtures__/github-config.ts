/** The GitHub project of the tests: acme/infra, whose fork acme-labs/infra may run pull requests. */

import { defineConfig } from "../config/define-config.js";

/** The fork the config allows. */
export const ALLOWED_FORK = "acme-labs/infra";

/** A GitHub source (`acme/infra`) with one allowed fork, every other setting the default. */
export const gitHubConfig = defineConfig({
  project: "acme",
  source: {
    provider: "github",
    owner: "acme",
    repository: "infra",
    forkPullRequests: { allow: [ALLOWED_FORK] },
  },
});
