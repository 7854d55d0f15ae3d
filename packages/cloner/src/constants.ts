/** Names and numbers the cloner is built from: service and metric names, retry and concurrency limits. */

/** Powertools service name of the Lambda (logs and metrics). */
export const SERVICE_NAME = "tributary-cloner";

/** Powertools service name of the notifier Lambda (logs and metrics). */
export const NOTIFIER_SERVICE_NAME = "tributary-notifier";

/** CloudWatch namespace of the EMF metrics. */
export const METRICS_NAMESPACE = "Tributary";

/**
 * Attempts per AWS call, first one included, with the SDK's adaptive retry (backoff plus client-side rate limiting).
 * What still fails after them is rethrown, so Lambda retries the event and the dead-letter queue keeps it.
 */
export const MAX_ATTEMPTS = 5;

/** The SDK's retry mode: backoff plus a client-side token bucket that slows down after throttling. */
export const RETRY_MODE = "adaptive";

/** Milliseconds an AWS call may take before it fails with a (retryable) `TimeoutError`. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** Milliseconds to open a connection. */
export const CONNECTION_TIMEOUT_MS = 3_000;

/** Calls in flight at once when the cloner lists state or executes many actions (reconcile). */
export const CONCURRENCY = 8;

/** The source action every environment pipeline declares (PIPELINE-CONTRACT.md); executions name it. */
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
  /** The notifier published a notification (enriched or not). */
  notificationsPublished: "NotificationsPublished",
  /** The notifier read the execution's branch and commit for a notification. */
  notificationsEnriched: "NotificationsEnriched",
  failures: "Failures",
} as const;

/** Dimension of the `Failures` metric. */
export const FAILURE_DIMENSION = "reason";
