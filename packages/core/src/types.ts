/**
 * The plain-data types that flow through Tributary: config, routes, events and actions.
 * Every value here can be logged, compared and serialised; none holds an AWS SDK type.
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
 * What `classifyBranch` says of one branch.
 *
 * @example
 * classifyBranch("refs/heads/feature/JIRA-1_login", config)
 * // { kind: "feature", name: "feature/JIRA-1_login", suffix: "JIRA-1_login" }
 */
export interface BranchClassification {
  /** The git-flow kind of the branch. */
  readonly kind: BranchKind;
  /** The short branch name, without `refs/heads/`. */
  readonly name: string;
  /** What follows the kind's prefix (`1.2.0` for `release/1.2.0`); the whole name for main, develop and other. */
  readonly suffix: string;
}

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
}

/**
 * The complete, validated, frozen configuration that `defineConfig` returns.
 *
 * @example
 * const config: TributaryConfig = defineConfig({ project: "acme", repository: "infra-deployment" });
 */
export interface TributaryConfig {
  /** Project name: lower-case letters, digits and single dashes, starting with a letter, at most 24 characters. Prefixes every name Tributary creates. */
  readonly project: string;
  /** The CodeCommit repository name. */
  readonly repository: string;
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
 * What a route deploys from: a branch, or a pull request.
 *
 * @example
 * resolveBranch(config, "feature/x")?.source; // { type: "branch", branch: "feature/x", kind: "feature" }
 */
export type RouteSource =
  | { readonly type: "branch"; readonly branch: string; readonly kind: BranchKind }
  | {
      readonly type: "pullRequest";
      readonly pullRequestId: string;
      readonly sourceBranch: string;
      readonly destinationBranch: string;
    };

/**
 * Where one branch or pull request goes: which pipeline runs it and which stack it deploys.
 *
 * @example
 * resolveBranch(config, "release/1.2.0")
 * // { environment: "qa", templatePipeline: "acme-qa", pipelineName: "acme-qa-release-1.2.0",
 * //   clone: true, ephemeral: false, stackName: "acme-qa", branch: "release/1.2.0", ... }
 */
export interface Route {
  readonly source: RouteSource;
  /** The environment whose pipeline is used. */
  readonly environment: string;
  /** The environment pipeline that is copied (or run itself, when `clone` is false). */
  readonly templatePipeline: string;
  /** The pipeline that runs this branch or PR. Equals `templatePipeline` for the long-lived branches. */
  readonly pipelineName: string;
  /** Whether `pipelineName` is a clone that the cloner creates and deletes. */
  readonly clone: boolean;
  /** Whether the stack belongs to this branch or PR alone (and is torn down with it). */
  readonly ephemeral: boolean;
  /** The CloudFormation stack the pipeline deploys. */
  readonly stackName: string;
  /** Whether the pipeline keeps the environment's manual approval (never for ephemeral clones). */
  readonly requiresApproval: boolean;
  /** The branch the pipeline's source action reads (the source branch, for a PR). */
  readonly branch: string;
  /** Values of the pipeline-level variables (keys from `PIPELINE_VARIABLES`). */
  readonly variables: Readonly<Record<string, string>>;
  /** Tags that mark a clone as Tributary's (keys from `MANAGED_TAGS`); empty for environment pipelines. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Fields every parsed event carries. */
interface EventBase {
  /** EventBridge event id (used for logs and as the idempotency token of executions). */
  readonly id: string;
  /** Event time, ISO 8601, as EventBridge gave it. */
  readonly time: string;
}

/**
 * A parsed CodeCommit branch event.
 *
 * @example
 * // { type: "branchUpdated", id: "5a4b…", time: "2026-11-27T10:42:07Z", repository: "infra-deployment",
 * //   branch: "feature/login", commitId: "a1b2…" }
 */
export interface BranchEvent extends EventBase {
  readonly type: "branchCreated" | "branchUpdated" | "branchDeleted";
  readonly repository: string;
  /** Short branch name (no `refs/heads/`). */
  readonly branch: string;
  /** The branch's new head (`commitId`); for a deletion, the last head (`oldCommitId`). */
  readonly commitId: string;
}

/**
 * A parsed CodeCommit pull-request event.
 *
 * @example
 * // { type: "pullRequestOpened", pullRequestId: "42", sourceBranch: "feature/login", destinationBranch: "develop",
 * //   sourceCommit: "a1b2…", destinationCommit: "0f1e…", title: "Add login page", merged: false, ... }
 */
export interface PullRequestEvent extends EventBase {
  /** opened: created or reopened; sourceUpdated: new commits on the source branch; closed: closed or merged. */
  readonly type: "pullRequestOpened" | "pullRequestSourceUpdated" | "pullRequestClosed";
  readonly repository: string;
  readonly pullRequestId: string;
  readonly sourceBranch: string;
  readonly destinationBranch: string;
  /** The source branch's head commit. */
  readonly sourceCommit: string;
  /** The destination branch's head commit (CodeCommit needs it to comment on the PR). */
  readonly destinationCommit: string;
  readonly title: string;
  readonly merged: boolean;
  /** The pull request's revision (`detail.revisionId`), when the event carries it; approvals are per revision. */
  readonly revisionId?: string;
}

/**
 * A scheduled reconciliation request (EventBridge `Scheduled Event`).
 *
 * @example
 * // { type: "reconcile", id: "b7c8…", time: "2026-11-27T12:00:00Z" }
 */
export interface ReconcileEvent extends EventBase {
  readonly type: "reconcile";
}

/**
 * An event that is valid but asks for nothing (a tag, another repository, an unhandled event kind).
 *
 * @example
 * // { type: "ignored", id: "b1c2…", time: "…", reason: 'tag "v1.2.0" is not a branch' }
 */
export interface IgnoredEvent extends EventBase {
  readonly type: "ignored";
  readonly reason: string;
}

/**
 * What `parseEvent` returns.
 *
 * @example
 * const event: TributaryEvent = parseEvent(raw, config);
 * if (event.type === "branchDeleted") console.log(event.branch);
 */
export type TributaryEvent =
  | BranchEvent
  | PullRequestEvent
  | ReconcileEvent
  | IgnoredEvent
  | PipelineRunEvent;

/**
 * A CodePipeline execution of some pipeline that reached a final state (EventBridge "CodePipeline Pipeline Execution
 * State Change"). Whether the pipeline is one of this project's pull-request clones is `planEvent`'s decision.
 *
 * @example
 * // { type: "pipelineRunFinished", id: "01234567-…", time: "2026-11-27T15:04:00Z", pipelineName: "acme-dev-pr-42",
 * //   executionId: "0a1b2c3d-0000-4000-8000-000000000000", state: "SUCCEEDED", pipelineVersion: 3 }
 */
export interface PipelineRunEvent extends EventBase {
  readonly type: "pipelineRunFinished";
  readonly pipelineName: string;
  /** `detail.execution-id` (the `pipelineExecutionId` of the CodePipeline API). */
  readonly executionId: string;
  readonly state: FinalRunState;
  /** `detail.version`: the pipeline structure's version the run used, when the event gives it. */
  readonly pipelineVersion?: number;
}

/**
 * The execution states after which a run changes no more (EventBridge's upper-case spelling).
 *
 * @example
 * const state: FinalRunState = "SUCCEEDED";
 */
export type FinalRunState = "SUCCEEDED" | "FAILED" | "STOPPED" | "SUPERSEDED";

/**
 * A pipeline with its tags, as the cloner lists it for `reconcile`.
 *
 * @example
 * const pipeline: ManagedPipeline = { name: "acme-dev-feature-login", tags: { "tributary:managed": "true", "tributary:project": "acme" } };
 */
export interface ManagedPipeline {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * An open pull request, as the cloner lists it (branches as `x` or `refs/heads/x`).
 *
 * @example
 * const pr: OpenPullRequest = { id: "42", sourceBranch: "feature/login", destinationBranch: "develop" };
 */
export interface OpenPullRequest {
  readonly id: string;
  readonly sourceBranch: string;
  readonly destinationBranch: string;
}

/**
 * One thing the cloner must do. Plans are lists of actions; executing an action twice has the effect of
 * executing it once.
 *
 * @example
 * for (const action of planEvent(config, event).actions) {
 *   if (action.type === "createClone") console.log("create", action.route.pipelineName);
 * }
 */
export type Action =
  /** Create the clone unless it exists (creating a pipeline starts its first run). */
  | { readonly type: "createClone"; readonly route: Route }
  /**
   * Start `route.pipelineName` at `commitId`; if the pipeline does not exist, create it instead
   * (creation starts a run at the branch head). `clientRequestToken` makes a retried start a no-op (and a start that created the pipeline counts as
   * the execution for that token).
   */
  | {
      readonly type: "startExecution";
      readonly route: Route;
      readonly commitId: string;
      readonly clientRequestToken: string;
    }
  /**
   * Copy the template's current declaration onto the existing clone (UpdatePipeline, keeping the clone's name,
   * branch and variables, and removing approvals as `createClone` does), then tag it with the version applied.
   * Only for a managed clone of this project; a clone that is gone is success. `templateVersion` is the version
   * `reconcile` saw (`templateVersion(declaration)` of `route.templatePipeline`).
   */
  | { readonly type: "updateClone"; readonly route: Route; readonly templateVersion: string }
  /** Delete the clone if it exists and carries `expectedTags`; never an environment pipeline. */
  | {
      readonly type: "deleteClone";
      readonly pipelineName: string;
      readonly expectedTags: Readonly<Record<string, string>>;
    }
  /**
   * Empty and delete the ephemeral stack (only when the stack carries the ephemeral tag). `idempotencyToken`
   * (`teardownToken`) makes a redelivered event start no second teardown build.
   */
  | {
      readonly type: "teardownStack";
      readonly stackName: string;
      readonly pipelineName: string;
      readonly idempotencyToken: string;
    }
  /**
   * Report a finished run of a pull request's clone to the pull request's merge gate: approve or revoke the pull
   * request's current revision (`decideApproval`). Only when the pipeline carries `expectedTags` (this project's
   * managed clone of that pull request). The living comment is the notifier's (`PullRequestRunRequest`).
   */
  | {
      readonly type: "reportPipelineRun";
      readonly pullRequestId: string;
      readonly pipelineName: string;
      readonly executionId: string;
      readonly state: FinalRunState;
      /** The event's time: orders the run when CodePipeline gives no action a start time. */
      readonly finishedAt: string;
      readonly expectedTags: Readonly<Record<string, string>>;
    }
  /**
   * Revoke the cloner's approval of the pull request's current revision (a new revision was pushed: its run has not
   * passed yet). `revisionId` when the event carries it; else the cloner reads it with GetPullRequest.
   */
  | {
      readonly type: "revokeApproval";
      readonly pullRequestId: string;
      readonly revisionId?: string;
      readonly reason: string;
    }
  /** Do nothing, for a reason worth one log line. */
  | { readonly type: "ignore"; readonly reason: string };

/**
 * The actions for one event, in the order they must run.
 *
 * @example
 * const plan: Plan = planEvent(config, parseEvent(raw, config));
 */
export interface Plan {
  readonly event: TributaryEvent;
  readonly actions: readonly Action[];
}
