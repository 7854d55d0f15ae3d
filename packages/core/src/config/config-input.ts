/** The configuration as the user writes it (every field optional but `project` and the repository); `defineConfig` reads it. */

import type { RunHistoryInput } from "../runs/run-history-config.js";
import type { BranchKind, BranchRouteConfig, PrefixedBranchKind } from "../shared/types.js";

/**
 * Where the code lives, as the user writes it: a CodeCommit repository, or a GitHub repository (read by the pipelines
 * through a CodeConnections connection, its events sent by a webhook).
 *
 * @example
 * const source: SourceInput = { provider: "github", owner: "acme", repository: "infra" };
 */
export type SourceInput =
  | { provider: "codecommit"; repository: string }
  | {
      provider: "github";
      /** The user or organization in github.com/<owner>/<name>. */
      owner: string;
      /** The repository's name, without the owner. */
      repository: string;
      /**
       * An existing CodeConnections connection to GitHub (`arn:aws:codeconnections:…` or
       * `arn:aws:codestar-connections:…`).
       * @default - the stack creates one, which a person completes once in the console
       */
      connectionArn?: string;
      /**
       * Forks whose pull requests get a pipeline (`owner/name` each): their code then runs with the project's roles.
       * @default - none: a fork's pull request gets one comment saying why it has no pipeline and how to run it
       */
      forkPullRequests?: { allow?: string[] };
    };

/**
 * One environment as the user writes it; every field optional.
 *
 * @example
 * const prod: EnvironmentInput = { branch: "main", requiresApproval: true, account: "123456789012", region: "eu-west-1" };
 */
export interface EnvironmentInput {
  /** Long-lived branch the environment pipeline runs (the main or develop branch), or `null` (template-only). @default null */
  branch?: string | null;
  /** Manual approval before executing the change set. @default false */
  requiresApproval?: boolean;
  /** Target account (12 digits). @default - the CI/CD stack's account */
  account?: string;
  /** Target region (`eu-west-1`). @default - the CI/CD stack's region */
  region?: string;
  /**
   * Regions TaskCat tests this environment's templates in (the `project.regions` of `ci/<env>/.taskcat.yml`); the
   * Test project may create TaskCat's stacks and buckets only there.
   * @default - the environment's region
   */
  testRegions?: string[];
}

/**
 * The configuration as the user writes it; `defineConfig` turns it into a `TributaryConfig`.
 *
 * @example
 * const input: TributaryConfigInput = { project: "acme", repository: "infra-deployment", branches: { main: "master" } };
 * const github: TributaryConfigInput = { project: "acme", source: { provider: "github", owner: "acme", repository: "infra" } };
 */
export interface TributaryConfigInput {
  /** Lower-case letters and digits, starting with a letter, 1 to 24 characters; no dashes, so `<project>-` starts no other project's names. */
  project: string;
  /** The CodeCommit repository name; give either this or `source`. */
  repository?: string;
  /** @default - `{ provider: "codecommit", repository }` */
  source?: SourceInput;
  branches?: {
    /** @default "main" */
    main?: string;
    /** @default "develop" */
    develop?: string;
    /** @default { feature: "feature/", bugfix: "bugfix/", release: "release/", hotfix: "hotfix/", support: "support/" } */
    prefixes?: Partial<Record<PrefixedBranchKind, string>>;
  };
  /** @default { dev: { branch: develop }, qa: { branch: null }, prod: { branch: main, requiresApproval: true } } */
  environments?: Record<string, EnvironmentInput>;
  routes?: {
    /** Merged over the defaults per kind; `null` removes a default route. */
    branches?: Partial<Record<PrefixedBranchKind, BranchRouteConfig | null>>;
    pullRequests?: {
      enabled?: boolean;
      environmentByDestination?: Partial<Record<BranchKind, string>>;
      /** Days without a run before a pull request's stack is torn down (its clone stays). @default - never */
      idleDays?: number;
    };
  };
  /** @default [] */
  notificationEmails?: string[];
  /** @default "rate(6 hours)" */
  reconcileSchedule?: string;
  /**
   * How many pipelines the account's region may hold when the cloner cannot read CodePipeline's quota "Total
   * pipelines" (Service Quotas `L-78D200AD`, 1,000 by default) at a reconcile; when it can, the quota applies
   * instead. Set it to the raised quota when AWS raised yours. Every pipeline of the region counts.
   *
   * @default 1000
   */
  maxPipelines?: number;
  /**
   * Pipelines kept free below `maxPipelines` (for environment pipelines, other projects, redeploys): a clone that
   * would leave fewer free is refused and notified instead of created.
   *
   * @default 10
   */
  pipelineHeadroom?: number;
  /** How pull requests and approvals gate changes. */
  approvals?: ApprovalsInput;
  /** The run history (`runs/run-history-config.ts`). @default { ttlDays: 400 } */
  runHistory?: RunHistoryInput;
}

/**
 * How pull requests and approvals gate changes, as the user writes it.
 *
 * @example
 * const approvals: ApprovalsInput = { pullRequestRule: false }; // the deployer may not manage approval rule templates
 */
export interface ApprovalsInput {
  /**
   * Whether the CI/CD stack creates the approval rule template that lets a pull request into the main or develop
   * branch merge only with the cloner's approval (given when the PR's pipeline run succeeds), and associates it
   * with the repository. Turn it off when the deployer may not manage approval rule templates (an imported
   * repository); `pnpm tributary approval-rule` prints the commands that apply it by hand.
   *
   * @default true
   */
  pullRequestRule?: boolean;
  /**
   * Skip an environment's manual approval when the Preview step found no changes (`PREVIEW_STATUS` is
   * `no-changes`): a CodePipeline V2 entry condition on the Approval stage.
   *
   * @default false
   */
  skipWhenNoChanges?: boolean;
}
