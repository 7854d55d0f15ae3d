/**
 * The one file a platform engineer edits. `cdk synth`, `cdk deploy` and `pnpm tributary` all read it.
 * Every option is shown; the commented-out values are the defaults. See README.md for the reference table.
 */
import { defineConfig } from "./src/config";

export default defineConfig({
  // Prefixes every name Tributary creates (pipelines `acme-dev`, stacks, buckets, topics).
  // Lower-case letters and digits, starting with a letter, at most 24 characters (no dashes: no prefix may extend another).
  project: "acme",

  // The CodeCommit repository the pipelines read. `app.repository` below says whether the app creates it.
  repository: "infra-deployment",

  // The git-flow branch model (what `git flow init` asks for).
  branches: {
    main: "main",
    develop: "develop",
    // prefixes: { feature: "feature/", bugfix: "bugfix/", release: "release/", hotfix: "hotfix/", support: "support/" },
  },

  // One pipeline per environment, in this order. Giving `environments` replaces the defaults entirely.
  // branch: the long-lived branch the environment pipeline runs by itself; null = template-only (only clones run it).
  // account/region: where the environment's stacks are deployed (default: the CI/CD stack's account and region).
  environments: {
    // testRegions: where TaskCat tests (the regions of ci/<env>/.taskcat.yml); the Test project may use no other.
    dev: { branch: "develop", testRegions: ["us-east-1"] },
    qa: { branch: null, testRegions: ["us-east-1"] },
    prod: { branch: "main", requiresApproval: true, testRegions: ["us-east-1"] },
    // prod: { branch: "main", requiresApproval: true, account: "123456789012", region: "eu-west-1" },
  },

  // Which branch kinds get a clone of which environment's pipeline.
  // ephemeral: true  → the clone deploys its own stack, torn down when the branch is deleted;
  // ephemeral: false → the clone deploys the environment's shared stack. `null` removes a default route.
  routes: {
    branches: {
      feature: { environment: "dev", ephemeral: true },
      bugfix: { environment: "dev", ephemeral: true },
      release: { environment: "qa", ephemeral: false },
      hotfix: { environment: "qa", ephemeral: false },
      // support: { environment: "qa", ephemeral: false }, // support branches get nothing by default
    },
    // Pull requests get an ephemeral clone of the environment their destination branch routes to.
    pullRequests: {
      enabled: true,
      // environmentByDestination: { main: "qa" }, // test PRs into main with the qa pipeline
    },
  },

  // Who gets pipeline failures, successes and approval requests (each address confirms an SNS subscription).
  notificationEmails: [],
  // notificationEmails: ["platform-team@example.com"],

  // How often the cloner reconciles clones with live branches and open PRs (EventBridge schedule expression).
  reconcileSchedule: "rate(6 hours)",

  // How changes are gated. pullRequestRule: the CI/CD stack applies the approval rule template that lets a pull
  // request into main or develop merge only once the cloner approved it (its pipeline succeeded). Set it to false
  // when the deployer may not manage approval rule templates; `pnpm tributary approval-rule` prints the commands.
  // approvals: { pullRequestRule: true },

  // How long the run history keeps a run (days, from its start): DORA's dashboard reads a year.
  // runHistory: { ttlDays: 400 },

  // What only the CDK app decides (core never sees this section).
  app: {
    // account: "123456789012", // where the repository and CI/CD stacks go; default: env-agnostic
    // region: "eu-west-1",
    repository: {
      create: true, // false: import the existing repository named above instead of creating it
      retainOnDelete: true, // false: `cdk destroy` deletes the repository and its history
      // description: "GitFlow source of the Tributary project acme",
    },
    buckets: {
      retainOnDelete: true, // false: `cdk destroy` empties and deletes the artifacts, staging, reports and log buckets
    },
    notifications: {
      topicPerEnvironment: false, // true: failures/deployments/approvals topics per environment instead of shared
    },
  },
});
