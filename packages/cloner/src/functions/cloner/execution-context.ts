/** What every action needs while one event is handled: config, clients, where it runs, telemetry, per-event caches. */

import type { OpenPullRequest, Route, TributaryConfig } from "@tributary/core";
import type { AwsTarget } from "../../aws/aws-target";
import type { ClonerClients } from "../../aws/clients";
import type { Telemetry } from "../../aws/telemetry";
import type { PullRequestProvider } from "../../providers/pull-request-provider";
import type { TargetListings } from "./target-listings";
import type { TemplateDeclaration } from "./template-declaration";

/**
 * Where refusals go: the topic they are published to (`REFUSAL_TOPIC_VARIABLE`, set by the PipelineCloner
 * construct), and the resource whose `REFUSAL_STATE_TAG` remembers the last reconcile summary (the cloner function,
 * from the invocation's ARN).
 *
 * @example
 * const refusals: RefusalSettings = {
 *   topicArn: "arn:aws:sns:eu-west-1:123456789012:failures",
 *   stateResourceArn: "arn:aws:lambda:eu-west-1:123456789012:function:acme-cloner",
 * };
 */
export interface RefusalSettings {
  readonly topicArn?: string | undefined;
  readonly stateResourceArn?: string | undefined;
}

/**
 * What a reconcile lists of the repository: its branches and its open pull requests, by id (CodeCommit's
 * ListPullRequests) or with their branches when the listing gives them (GitHub's).
 *
 * @example
 * const listing: RepositoryListing = { branches: ["develop", "main"], openPullRequestIds: ["7"] };
 */
export interface RepositoryListing {
  readonly branches: readonly string[];
  readonly openPullRequestIds: readonly string[];
  readonly openPullRequests?: readonly OpenPullRequest[];
}

/**
 * How a reconcile lists the repository (`codeCommitListing` by default; GitHub's `gitHubSourceListing`).
 *
 * @example
 * const listing: SourceListing = async (context) => ({ branches: await listBranches(context), openPullRequestIds: [] });
 */
export type SourceListing = (context: ExecutionContext) => Promise<RepositoryListing>;

/**
 * The state one event's actions share.
 *
 * @example
 * const context = newExecutionContext({ config, clients, telemetry, eventId: "e-1", target });
 * await createClone(context, route);
 */
export interface ExecutionContext extends Telemetry {
  readonly config: TributaryConfig;
  readonly clients: ClonerClients;
  /** The EventBridge event id; idempotency tokens derive from it. */
  readonly eventId: string;
  /** Partition, region and account of the pipelines; `undefined` when the function ARN could not be read. */
  readonly target: AwsTarget | undefined;
  /** Where refusal notifications go. */
  readonly refusals: RefusalSettings;
  /**
   * During a reconcile, the clones CodePipeline itself refused (LimitExceededException) are collected here for the
   * one summary instead of one message each; `undefined` for branch and pull-request events, which notify at once.
   */
  readonly refusedDuringRun: Route[] | undefined;
  /** Template declarations fetched during this event (a reconcile clones each template once). */
  readonly templates: Map<string, Promise<TemplateDeclaration>>;
  /**
   * The git provider's pull-request calls (comments, approvals).
   *
   * @default - CodeCommit, on `config.repository` (`codeCommitPullRequests`)
   */
  readonly pullRequests?: PullRequestProvider | undefined;
  /**
   * How a reconcile lists the repository.
   *
   * @default - CodeCommit's ListBranches and ListPullRequests on `config.repository` (`codeCommitListing`)
   */
  readonly sourceListing?: SourceListing | undefined;
  /**
   * Where a reconcile reads the remote targets' stack listings (`TRIBUTARY_TARGET_LISTINGS`).
   *
   * @default - no remote target: only the CI/CD account's stacks are swept
   */
  readonly targetListings?: TargetListings | undefined;
}

/**
 * Builds a context with empty caches (one per event).
 *
 * @example
 * const context = newExecutionContext({ config, clients, telemetry: { logger, metrics }, eventId: event.id, target });
 */
export function newExecutionContext(
  fields: Omit<ExecutionContext, "templates" | "logger" | "metrics" | "refusals" | "refusedDuringRun"> & {
    readonly telemetry: Telemetry;
    readonly refusals?: RefusalSettings;
    /** `true` for a reconcile: refusals are collected for its summary. */
    readonly reconcile?: boolean;
  },
): ExecutionContext {
  const { telemetry, refusals, reconcile, ...rest } = fields;
  return {
    ...rest,
    logger: telemetry.logger,
    metrics: telemetry.metrics,
    refusals: refusals ?? {},
    refusedDuringRun: reconcile ? [] : undefined,
    templates: new Map(),
  };
}
