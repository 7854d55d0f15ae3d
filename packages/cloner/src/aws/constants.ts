/** Names and numbers the cloner is built from: service and metric names, retry and concurrency limits. */
import { CLONES_REFUSED_METRIC } from "@tributary/core";

/**
 * Powertools service name of the Lambda (logs and metrics).
 *
 * @example
 * new Logger({ serviceName: SERVICE_NAME }); // "tributary-cloner"
 */
export const SERVICE_NAME = "tributary-cloner";

/**
 * Powertools service name of the notifier Lambda (logs and metrics).
 *
 * @example
 * new Logger({ serviceName: NOTIFIER_SERVICE_NAME }); // "tributary-notifier"
 */
export const NOTIFIER_SERVICE_NAME = "tributary-notifier";

/**
 * Powertools service name of the GitHub webhook Lambda (logs and metrics).
 *
 * @example
 * new Logger({ serviceName: WEBHOOK_SERVICE_NAME }); // "tributary-github-webhook"
 */
export const WEBHOOK_SERVICE_NAME = "tributary-github-webhook";

/**
 * CloudWatch namespace of the EMF metrics.
 *
 * @example
 * new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }); // namespace "Tributary"
 */
export const METRICS_NAMESPACE = "Tributary";

/**
 * Attempts per AWS call, first one included, with the SDK's adaptive retry (backoff plus client-side rate limiting).
 * What still fails after them is rethrown, so Lambda retries the event and the dead-letter queue keeps it.
 *
 * @example
 * clientOptions({}).maxAttempts; // MAX_ATTEMPTS, 5 (undefined when AWS_MAX_ATTEMPTS is set)
 */
export const MAX_ATTEMPTS = 5;

/**
 * The SDK's retry mode: backoff plus a client-side token bucket that slows down after throttling.
 *
 * @example
 * clientOptions({}).retryMode; // RETRY_MODE, "adaptive" (undefined when AWS_RETRY_MODE is set)
 */
export const RETRY_MODE = "adaptive";

/**
 * Milliseconds an AWS call may take before it fails with a (retryable) `TimeoutError`.
 *
 * @example
 * clientOptions({}).requestHandler.requestTimeout; // REQUEST_TIMEOUT_MS, 10000
 */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Milliseconds to open a connection.
 *
 * @example
 * clientOptions({}).requestHandler.connectionTimeout; // CONNECTION_TIMEOUT_MS, 3000
 */
export const CONNECTION_TIMEOUT_MS = 3_000;

/**
 * Calls in flight at once when the cloner lists state or executes many actions (reconcile).
 *
 * @example
 * await mapConcurrent(names, CONCURRENCY, (name) => pipelineTags(context, name)); // at most 8 calls in flight
 */
export const CONCURRENCY = 8;

/**
 * Calls of one API in flight at once, per client (`boundConcurrency`), for the APIs a reconcile calls in bulk. Writes
 * get less than reads: after a template change a reconcile sends one UpdatePipeline and one TagResource per clone, and
 * CodePipeline throttles writes first. Every other API gets `DEFAULT_API_CONCURRENCY`.
 *
 * @example
 * API_CONCURRENCY.UpdatePipeline; // 2
 */
export const API_CONCURRENCY: Readonly<Record<string, number>> = Object.freeze({
  CreatePipeline: 2,
  UpdatePipeline: 2,
  DeletePipeline: 2,
  TagResource: 2,
  ListTagsForResource: 4,
  GetPullRequest: 4,
  StartBuild: 2,
});

/**
 * Calls in flight at once for an API that `API_CONCURRENCY` does not name.
 *
 * @example
 * DEFAULT_API_CONCURRENCY; // 4
 */
export const DEFAULT_API_CONCURRENCY = 4;

/**
 * The source action every environment pipeline declares (PIPELINE-CONTRACT.md); executions name it.
 *
 * @example
 * SOURCE_ACTION_NAME; // "Source"
 * new StartPipelineExecutionCommand({
 *   name: route.pipelineName,
 *   sourceRevisions: [{ actionName: SOURCE_ACTION_NAME, revisionType: "COMMIT_ID", revisionValue: commitId }],
 * });
 */
export const SOURCE_ACTION_NAME = "Source";

/**
 * The EMF metrics the cloner and the notifier emit, all counts.
 *
 * @example
 * metrics.addMetric(METRIC_NAMES.pipelinesCreated, MetricUnit.Count, 1);
 */
export const METRIC_NAMES = {
  pipelinesCreated: "PipelinesCreated",
  pipelinesUpdated: "PipelinesUpdated",
  pipelinesDeleted: "PipelinesDeleted",
  executionsStarted: "ExecutionsStarted",
  stacksTornDown: "StacksTornDown",
  eventsIgnored: "EventsIgnored",
  /**
   * Clones not created because the region's pipelines reached `maxPipelines` (or the quota) minus the headroom:
   * 1 per refused branch event; a reconcile publishes how many it refused, 0 included, so the alarm on it clears.
   */
  clonesRefused: CLONES_REFUSED_METRIC,
  /** The notifier published a notification (enriched or not). */
  notificationsPublished: "NotificationsPublished",
  /** The notifier read the execution's branch and commit for a notification. */
  notificationsEnriched: "NotificationsEnriched",
  /** A pull request's living comment was posted (its first version, or after its own was deleted). */
  commentsPosted: "CommentsPosted",
  /** A pull request's living comment was updated in place by a newer run. */
  commentsUpdated: "CommentsUpdated",
  /** The cloner approved a pull request's revision (its run succeeded). */
  approvals: "Approvals",
  /** The cloner revoked its approval of a revision (a new push, or a red run). */
  approvalsRevoked: "ApprovalsRevoked",
  /** The webhook function handed a GitHub delivery on to the cloner. */
  deliveriesForwarded: "DeliveriesForwarded",
  /** The webhook function answered a valid delivery that asks for nothing (a ping, a tag, an unhandled event). */
  deliveriesIgnored: "DeliveriesIgnored",
  /** The webhook function refused a delivery (no or a wrong signature, too large, malformed, another repository's). */
  deliveriesRefused: "DeliveriesRefused",
  /**
   * A pipeline's tags could not be read for want of `codepipeline:ListTagsForResource` (AccessDenied): a missing grant,
   * counted each time and logged once per pipeline per Lambda instance.
   */
  tagReadsDenied: "TagReadsDenied",
  /** The cloner recorded a clone's run start (`tributary:last-run`, the idle clock). */
  runsRecorded: "RunsRecorded",
  /** Idle notices sent, a day before an idle clone's stack is torn down. */
  idleNotices: "IdleNotices",
  /** A reconcile stopped before its time ran out and asked for the rest in a continuation. */
  reconcilesContinued: "ReconcilesContinued",
  /**
   * A remote target's stack listing could not be read (a permanent S3 failure) or used (stale, foreign, malformed):
   * that target's stacks were not swept. Logged with the fix.
   */
  targetListingsUnusable: "TargetListingsUnusable",
  failures: "Failures",
} as const;

/**
 * Dimension of the `Failures` metric.
 *
 * @example
 * single.addDimension(FAILURE_DIMENSION, "foreign-pipeline"); // dimension "reason"
 */
export const FAILURE_DIMENSION = "reason";

/**
 * How much of an invocation a reconcile keeps in reserve: it starts no new group of actions once less than
 * `fraction` of the time it had at the start is left (and never less than `minimumMs`, unless that is more than half
 * the invocation), waits for the groups in flight, and asks for the rest in a continuation. A group is a few calls, each at most `REQUEST_TIMEOUT_MS` per
 * attempt, so a fifth of the PipelineCloner's 5-minute timeout (60 s) is room for the slowest group to finish.
 *
 * @example
 * CONTINUATION_RESERVE.fraction; // 0.2
 */
export const CONTINUATION_RESERVE = { fraction: 0.2, minimumMs: 15_000 } as const;
