/** The Lambda handler's logic, given its dependencies: parse (core), plan (core), execute; with logs and metrics. */

import {
  nextContinuation,
  parseEvent,
  planEvent,
  RECONCILE_CONTINUATION,
  type ReconcileEvent,
  type TributaryConfig,
  type TributaryEvent,
} from "@tributary/core";
import type { Context } from "aws-lambda";
import { targetFromFunctionArn } from "../../aws/aws-target";
import { reportFailure } from "../../aws/classify-failure";
import type { ClonerClients } from "../../aws/clients";
import { CONTINUATION_RESERVE } from "../../aws/constants";
import { putEvent } from "../../aws/put-event";
import { countMetric, type Telemetry, withTelemetry } from "../../aws/telemetry";
import type { PullRequestProvider } from "../../providers/pull-request-provider";
import { type ExecutionContext, newExecutionContext, type SourceListing } from "./execution-context";
import { type ActionOutcome, executeSequence, executeWithin } from "./executor";
import { planReconcile, type ReconcilePlan } from "./list-state";
import { reportRefusals, unqualifiedFunctionArn } from "./refusals";
import type { TargetListings } from "./target-listings";

/**
 * What the handler needs; `handler.ts` creates them once per Lambda instance, tests inject them.
 *
 * @example
 * const dependencies: HandlerDependencies = { config, clients: createClients(), logger, metrics };
 */
export interface HandlerDependencies extends Telemetry {
  readonly config: TributaryConfig;
  readonly clients: ClonerClients;
  /**
   * The topic refused clones are published to (the failures topic).
   *
   * @default - no topic: refusals are only logged and counted
   */
  readonly refusalTopicArn?: string | undefined;
  /**
   * The git provider's pull-request calls.
   *
   * @default - CodeCommit on `config.repository` (`codeCommitPullRequests`)
   */
  readonly pullRequests?: PullRequestProvider | undefined;
  /**
   * How a reconcile lists the repository.
   *
   * @default - CodeCommit's ListBranches and ListPullRequests (`codeCommitListing`)
   */
  readonly sourceListing?: SourceListing | undefined;
  /**
   * Where a reconcile reads the remote targets' stack listings (`targetListingsFromEnvironment`).
   *
   * @default - no remote target
   */
  readonly targetListings?: TargetListings | undefined;
}

/**
 * What one invocation did (returned for tests and logs; EventBridge ignores it).
 *
 * @example
 * const result: HandlerResult = await handler(branchCreatedEvent, context);
 * // { eventId, eventType: "branchCreated",
 * //   outcomes: [{ action: "createClone", subject: "acme-dev-feature-login", outcome: "created" }] }
 */
export interface HandlerResult {
  /** The event id, or `undefined` when the event could not be parsed. */
  readonly eventId: string | undefined;
  /** The parsed event type, or `malformed`. */
  readonly eventType: TributaryEvent["type"] | "malformed";
  readonly outcomes: readonly ActionOutcome[];
}

/**
 * The Lambda handler's signature.
 *
 * @example
 * const handler: ClonerHandler = createHandler({ config, clients: createClients(), logger, metrics });
 */
export type ClonerHandler = (event: unknown, context: Context) => Promise<HandlerResult>;

function eventKeys(event: TributaryEvent): Record<string, string> {
  switch (event.type) {
    case "branchCreated":
    case "branchUpdated":
    case "branchDeleted":
      return { eventId: event.id, eventType: event.type, branch: event.branch, commitId: event.commitId };
    case "pullRequestOpened":
    case "pullRequestSourceUpdated":
    case "pullRequestClosed":
      return {
        eventId: event.id,
        eventType: event.type,
        pullRequestId: event.pullRequestId,
        branch: event.sourceBranch,
        destinationBranch: event.destinationBranch,
      };
    case "pipelineRunStarted":
      return {
        eventId: event.id,
        eventType: event.type,
        pipelineName: event.pipelineName,
        pipelineExecutionId: event.executionId,
      };
    case "reconcile":
      return event.continuation
        ? {
            eventId: event.id,
            eventType: event.type,
            round: String(event.continuation.round),
            origin: event.continuation.origin,
          }
        : { eventId: event.id, eventType: event.type };
    case "pipelineRunFinished":
      return {
        eventId: event.id,
        eventType: event.type,
        pipelineName: event.pipelineName,
        pipelineExecutionId: event.executionId,
        state: event.state,
      };
    default:
      return { eventId: event.id, eventType: event.type };
  }
}

/**
 * A clock for one reconcile invocation: `true` once less than the reserve (`CONTINUATION_RESERVE`: a fifth of the time
 * the invocation started with, at least `minimumMs` but never more than half of it) is left. Never true for the
 * round's first group, so every round makes progress; never true outside Lambda (no clock).
 */
function timeIsShortFor(lambdaContext: Context): () => boolean {
  if (typeof lambdaContext.getRemainingTimeInMillis !== "function") return () => false;
  const initial = lambdaContext.getRemainingTimeInMillis();
  const reserve = Math.max(
    CONTINUATION_RESERVE.fraction * initial,
    Math.min(CONTINUATION_RESERVE.minimumMs, initial / 2),
  );
  let asked = 0;
  return () => asked++ > 0 && lambdaContext.getRemainingTimeInMillis() < reserve;
}

/**
 * Asks for the rest of a reconcile: one event on the default bus (`RECONCILE_CONTINUATION`), which the cloner's rule
 * brings back with the schedule's retries and dead-letter queue. A failed put is thrown (transient), so Lambda retries
 * the round, which plans what is still missing.
 */
async function continueReconcile(
  context: ExecutionContext,
  event: ReconcileEvent,
  deferred: number,
): Promise<void> {
  const next = nextContinuation(event);
  if (next === undefined) {
    context.logger.warn("Reconcile stopped: the chain reached its last round", {
      action: "reconcile",
      deferred,
      fix: "The next scheduled reconcile goes on where this one stopped; give the cloner a longer timeout or fewer clones per reconcile if it keeps happening.",
    });
    return;
  }
  const continuationId = await putEvent(context.clients, RECONCILE_CONTINUATION, next);
  countMetric(context, "reconcilesContinued");
  context.logger.info("Reconcile continues in a new round", {
    action: "reconcile",
    deferred,
    round: next.round,
    continuationId,
  });
}

function rawEventId(raw: unknown): string | undefined {
  const id = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).id : undefined;
  return typeof id === "string" ? id : undefined;
}

/**
 * Builds the handler. Per invocation: `parseEvent` (a malformed event is a permanent failure: logged, counted,
 * dropped); then for a scheduled event `planReconcile` (lists state, core's `reconcile`), else `planEvent`; then execute.
 * Powertools' middleware (`withTelemetry`) adds the Lambda context to the logs and flushes the metrics at the end of
 * every invocation, failed ones included.
 *
 * @example
 * const handler = createHandler({ config, clients: createClients(), logger, metrics });
 * await handler(eventBridgeEvent, context);
 */
export function createHandler(dependencies: HandlerDependencies): ClonerHandler {
  const { config, clients, logger, metrics, refusalTopicArn, pullRequests, sourceListing, targetListings } =
    dependencies;
  return withTelemetry({ logger, metrics }, async (raw, lambdaContext): Promise<HandlerResult> => {
    let event: TributaryEvent;
    try {
      event = parseEvent(raw, config);
    } catch (error) {
      const eventId = rawEventId(raw);
      const { reason } = reportFailure({ logger, metrics }, error, { eventId, action: "parse" });
      return {
        eventId,
        eventType: "malformed",
        outcomes: [{ action: "ignore", subject: "event", outcome: "failed", reason }],
      };
    }
    logger.appendKeys(eventKeys(event));
    const context = newExecutionContext({
      config,
      clients,
      telemetry: { logger, metrics },
      eventId: event.id,
      target: targetFromFunctionArn(lambdaContext.invokedFunctionArn),
      refusals: {
        topicArn: refusalTopicArn,
        stateResourceArn: unqualifiedFunctionArn(lambdaContext.invokedFunctionArn),
      },
      reconcile: event.type === "reconcile",
      pullRequests,
      sourceListing,
      targetListings,
    });
    if (event.type === "reconcile") {
      let plan: ReconcilePlan;
      const timeIsShort = timeIsShortFor(lambdaContext);
      try {
        plan = await planReconcile(context, event);
        const { actions, refused, limit, ...counts } = plan;
        logger.info("Reconciling", {
          ...counts,
          limit: limit.value,
          limitSource: limit.source,
          actions: actions.length,
          refused: refused.length,
        });
      } catch (error) {
        const { reason } = reportFailure(context, error, { action: "reconcile" });
        return {
          eventId: event.id,
          eventType: event.type,
          outcomes: [{ action: "ignore", subject: "reconcile", outcome: "failed", reason }],
        };
      }
      const { outcomes, deferred } = await executeWithin(context, plan.actions, timeIsShort);
      if (deferred > 0) await continueReconcile(context, event, deferred);
      try {
        await reportRefusals(context, plan.refused, plan.pipelines, plan.limit);
      } catch (error) {
        reportFailure(context, error, { action: "reportRefusals" });
      }
      return {
        eventId: event.id,
        eventType: event.type,
        outcomes: [
          ...outcomes,
          ...plan.refused.map((route) => ({
            action: "createClone" as const,
            subject: route.pipelineName,
            outcome: "refused" as const,
          })),
        ],
      };
    }
    let actions: ReturnType<typeof planEvent>["actions"];
    try {
      actions = planEvent(config, event).actions;
    } catch (error) {
      const { reason } = reportFailure(context, error, { action: "plan" });
      return {
        eventId: event.id,
        eventType: event.type,
        outcomes: [{ action: "ignore", subject: "plan", outcome: "failed", reason }],
      };
    }
    return { eventId: event.id, eventType: event.type, outcomes: await executeSequence(context, actions) };
  });
}
