/** fast-check arbitraries shared by the property tests: configs, branch names (git-flow and hostile), pull requests. */

import fc from "fast-check";
import { defineConfig } from "../config/define-config.js";
import type { TributaryConfig } from "../shared/types.js";

/** The default config every table-driven test uses. */
export const config: TributaryConfig = defineConfig({ project: "acme", repository: "infra-deployment" });

/** A config whose prefix names are as long as validation allows, so every name is at its tightest. */
export const longConfig: TributaryConfig = defineConfig({
  project: "abcdefghijklmnopqrstuvwx", // 24 characters
  repository: "infra-deployment",
  environments: {
    develop12345: { branch: "develop" },
    staging12345: {},
    production12: { branch: "main", requiresApproval: true },
  },
  routes: {
    branches: {
      feature: { environment: "develop12345", ephemeral: true },
      bugfix: { environment: "develop12345", ephemeral: true },
      release: { environment: "staging12345", ephemeral: false },
      hotfix: { environment: "staging12345", ephemeral: true },
      support: { environment: "production12", ephemeral: false },
    },
  },
});

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Any string: ASCII, full Unicode, grapheme clusters (emoji, combining marks), lone surrogates; sometimes long. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme-ascii", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "grapheme-composite", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({
    unit: fc.oneof(fc.constantFrom("a", "-", ".", "/", "_", "@", "A"), loneSurrogate),
    maxLength: 20,
  }),
  fc.string({ unit: "grapheme-ascii", minLength: 90, maxLength: 400 }),
  fc.string({ unit: fc.constantFrom("a", "b", "-", "."), minLength: 1, maxLength: 12 }),
);

/** Branch names the way people write them, plus hostile ones, with and without `refs/heads/`. */
export const branchName: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("", "feature/", "bugfix/", "release/", "hotfix/", "support/", "refs/tags/", "other/"),
    fc.oneof(
      anyText,
      fc.constantFrom(
        "login",
        "1.2.0",
        "JIRA-123_login",
        "team/sub/topic",
        "a--b",
        "-x-",
        "x",
        "main",
        "develop",
      ),
    ),
    fc.boolean(),
  )
  .map(([prefix, rest, full]) => `${full ? "refs/heads/" : ""}${prefix}${rest}`);

/** Pull-request ids: CodeCommit's numbers, and some long ones. */
export const pullRequestId: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 100_000 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 120n }).map(String),
);

/** Destination branches that route (and some that do not). */
export const destinationBranch: fc.Arbitrary<string> = fc.constantFrom(
  "develop",
  "main",
  "refs/heads/develop",
  "release/1.2.0",
  "feature/x",
  "support/1.x",
  "random",
);

/** A config that changes routes: support to prod (shared, with approval), hotfix ephemeral on prod, PRs into main tested on qa. */
export const customConfig: TributaryConfig = defineConfig({
  project: "shop",
  repository: "infra-deployment",
  routes: {
    branches: {
      support: { environment: "prod", ephemeral: false },
      hotfix: { environment: "prod", ephemeral: true },
      bugfix: null,
    },
    pullRequests: { environmentByDestination: { main: "qa", other: "dev" } },
  },
});
