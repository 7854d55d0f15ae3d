/**
 * The plain-data types every domain reads: the validated configuration (`defineConfig` in config/ builds it) and
 * the final states of a pipeline run. Every value here can be logged, compared and serialised; none holds an AWS SDK type.
 */

/**
 * The kinds of git-flow branch, as `git flow init` names them, plus `other` for everything else.
 *
 * @example
 * const kind: BranchKind = classifyBranch("hotfix/1.2.1", config).kind; // "hotfix"
 */
export type BranchKind =
  | "main"
  | "develop"
  | "feature"
  | "bugfix"
  | "release"
  | "hotfix"
  | "support"
  | "other";

/**
 * The branch kinds that carry a prefix (`feature/`, `release/`, …).
 *
 * @example
 * const kind: PrefixedBranchKind = "release"; // config.branches.prefixes[kind] === "release/"
 */
export type PrefixedBranchKind = "feature" | "bugfix" | "release" | "hotfix" | "support";

/**
 * How one prefixed branch kind is routed.
 *
 * @example
 * const route: BranchRouteConfig = { environment: "dev", ephemeral: true }; // feature branches by default
 */
export interface BranchRouteConfig {
  /** The environment whose pipeline the branch's clone copies. */
  readonly environment: string;
  /** `true`: the clone deploys its own stack, torn down with the branch; `false`: it deploys the environment's shared stack. */
  readonly ephemeral: boolean;
  /**
   * Days without a run after which the clone's own stack is torn down (the clone stays; its next run deploys the stack
   * again). Only for ephemeral routes.
   *
   * @default - no idle teardown
   */
  readonly idleDays?: number;
}

/**
 * One deployment environment: its pipeline, its shared stack and its long-lived branch.
 *
 * @example
 * config.environments[2];
 * // { name: "prod", branch: "main", requiresApproval: true, account: undefined, region: undefined,
 * //   pipelineName: "acme-prod", stackName: "acme-prod" }
 */
export interface EnvironmentConfig {
  /** Environment name: lower-case letters and digits, starting with a letter (`dev`, `qa`, `prod`). */
  readonly name: string;
  /**
   * The long-lived branch whose pushes the environment pipeline runs by itself (`develop` for dev,
   * the main branch for prod), or `null` for a template-only environment (qa) that only its clones run.
   */
  readonly branch: string | null;
  /** Whether a manual approval stands before the change set is executed. Clones that are ephemeral never wait. */
  readonly requiresApproval: boolean;
  /** AWS account to deploy the environment's stacks to; `undefined` means the account of the CI/CD stack. */
  readonly account: string | undefined;
  /** AWS region to deploy the environment's stacks to; `undefined` means the region of the CI/CD stack. */
  readonly region: string | undefined;
  /** Regions TaskCat tests the environment in (`ci/<env>/.taskcat.yml`); `undefined` means the environment's region. */
  readonly testRegions?: readonly string[];
  /** The environment pipeline's name (see `environmentPipelineName`). */
  readonly pipelineName: string;
  /** The environment's shared stack (see `environmentStackName`). */
  readonly stackName: string;
}

/**
 * How pull requests are routed.
 *
 * @example
 * config.routes.pullRequests; // { enabled: true, environmentByDestination: {} }
 */
export interface PullRequestRouteConfig {
  /** Whether pull requests get pipelines at all. */
  readonly enabled: boolean;
  /**
   * Overrides of the destination-to-environment rule, keyed by destination branch kind
   * (`main`, `develop`, `release`, …): `{ main: "qa" }` tests PRs into main with the qa pipeline.
   * Kinds not listed use the environment the destination branch itself routes to.
   */
  readonly environmentByDestination: Readonly<Partial<Record<BranchKind, string>>>;
  /**
   * Days without a run after which a pull request's stack is torn down (its clone stays; the next push deploys it again).
   *
   * @default - no idle teardown
   */
  readonly idleDays?: number;
}

/**
 * Where the code lives: a CodeCommit repository, or a GitHub repository read through a CodeConnections connection.
 *
 * @example
 * const source: SourceConfig = { provider: "codecommit", repository: "infra-deployment" };
 * const github: SourceConfig = {
 *   provider: "github", owner: "acme", repository: "infra", fullName: "acme/infra", connectionArn: undefined,
 *   forkPullRequests: { allow: [] },
 * };
 */
export type SourceConfig = CodeCommitSourceConfig | GitHubSourceConfig;

/**
 * A CodeCommit repository.
 *
 * @example
 * const source: CodeCommitSourceConfig = { provider: "codecommit", repository: "infra-deployment" };
 */
export interface CodeCommitSourceConfig {
  readonly provider: "codecommit";
  /** The repository name. */
  readonly repository: string;
}

/**
 * A GitHub repository, read by the pipelines through a CodeConnections connection and by the cloner through the
 * REST API; its events arrive as signed webhook deliveries.
 *
 * @example
 * const source: GitHubSourceConfig = {
 *   provider: "github", owner: "acme", repository: "infra", fullName: "acme/infra",
 *   connectionArn: "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
 *   forkPullRequests: { allow: ["acme-labs/infra"] },
 * };
 */
export interface GitHubSourceConfig {
  readonly provider: "github";
  /** The user or organization that owns the repository. */
  readonly owner: string;
  /** The repository's name (without the owner). */
  readonly repository: string;
  /** `owner/repository`: CodeConnections' `FullRepositoryId`. */
  readonly fullName: string;
  /** An existing connection's ARN (`codeconnections` or `codestar-connections`); `undefined`: the stack creates one. */
  readonly connectionArn: string | undefined;
  /**
   * Pull requests from forks. A fork's code never runs with the project's roles unless its repository (`owner/name`)
   * is listed here; others get one comment saying why and how to run them.
   */
  readonly forkPullRequests: { readonly allow: readonly string[] };
}

/**
 * The complete, validated, frozen configuration that `defineConfig` returns.
 *
 * @example
 * const config: TributaryConfig = defineConfig({ project: "acme", repository: "infra-deployment" });
 */
export interface TributaryConfig {
  /** Project name: lower-case letters and digits, starting with a letter, at most 24 characters, no dashes. Prefixes every name Tributary creates. */
  readonly project: string;
  /**
   * The repository events must come from: the CodeCommit repository's name, or the GitHub repository's `owner/name`
   * (`source.fullName`).
   */
  readonly repository: string;
  /** Where the code lives and how its events arrive. */
  readonly source: SourceConfig;
  readonly branches: {
    readonly main: string;
    readonly develop: string;
    readonly prefixes: Readonly<Record<PrefixedBranchKind, string>>;
  };
  /** Environments in declaration order (dev, qa, prod by default). */
  readonly environments: readonly EnvironmentConfig[];
  readonly routes: {
    /** Which prefixed kinds get a clone, of which environment, shared or ephemeral. Kinds not listed get nothing. */
    readonly branches: Readonly<Partial<Record<PrefixedBranchKind, BranchRouteConfig>>>;
    readonly pullRequests: PullRequestRouteConfig;
  };
  /** Notification e-mail addresses (used by the CDK app, validated here). */
  readonly notificationEmails: readonly string[];
  /** EventBridge schedule expression for reconciliation, `rate(6 hours)` by default. */
  readonly reconcileSchedule: string;
  /** Pipelines the region may hold when the quota cannot be read from Service Quotas, 1,000 by default. */
  readonly maxPipelines: number;
  /** Pipelines kept free below `maxPipelines`; clones that would use them are refused. 10 by default. */
  readonly pipelineHeadroom: number;
  /** How pull requests and approvals gate changes. */
  readonly approvals: {
    /** Whether the CI/CD stack applies the pull-request approval rule template (`pullRequestApprovalRule`). `true` by default. */
    readonly pullRequestRule: boolean;
    /** Whether an Approval stage is skipped when the Preview step found no changes. `false` by default. */
    readonly skipWhenNoChanges: boolean;
  };
  /** The run history: days a run is kept (400 by default). */
  readonly runHistory: { readonly ttlDays: number };
}

/**
 * The execution states after which a run changes no more (EventBridge's upper-case spelling).
 *
 * @example
 * const state: FinalRunState = "SUCCEEDED";
 */
export type FinalRunState = "SUCCEEDED" | "FAILED" | "STOPPED" | "SUPERSEDED";
