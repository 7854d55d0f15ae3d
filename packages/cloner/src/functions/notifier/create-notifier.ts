/**
 * The notifier Lambda's logic, given its dependencies: validate the rule's input (core), read the execution's
 * branch and commit and, for approvals, its change-set preview (best effort), format (core), publish to SNS; with
 * logs and metrics.
 */

import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { PublishCommand } from "@aws-sdk/client-sns";
import {
  type ApprovalPreview,
  type ExecutionDetails,
  formatNotification,
  isIdleNoticeRequest,
  isPullRequestRunRequest,
  isRunHistoryRequest,
  type NotificationRequest,
  type PreviewDocument,
  parseNotificationRequest,
  previewKey,
  summarizeChangeSets,
} from "@tributary/core";
import type { Context } from "aws-lambda";
import { errorText } from "../../aws/aws-error";
import { classifyFailure } from "../../aws/classify-failure";
import type { NotifierClients } from "../../aws/clients";
import { METRIC_NAMES } from "../../aws/constants";
import { readExecution } from "../../aws/execution-details";
import { countFailure, type Telemetry, withTelemetry } from "../../aws/telemetry";
import type { PullRequestComments } from "../../providers/pull-request-provider";
import { handleRunHistory, type RunHistoryResult } from "../../run-history/handle-run-history";
import type { RunHistoryStore } from "../../run-history/run-history-store";
import { noteIdleOnPullRequest } from "./idle-notice-comment";
import { handlePullRequestRun, type PullRequestCommentResult } from "./pull-request-comment";
import { readPreview } from "./read-preview";

/**
 * What the notifier needs; `notifier.ts` creates them once per Lambda instance, tests inject them.
 *
 * @example
 * const dependencies: NotifierDependencies = { clients: createNotifierClients(), logger, metrics };
 */
export interface NotifierDependencies extends Telemetry {
  readonly clients: NotifierClients;
  /**
   * The git provider's pull-request calls, for the living comment.
   *
   * @default - CodeCommit on the request's repository (`codeCommitComments`)
   */
  readonly pullRequests?: PullRequestComments | undefined;
  /**
   * The run-history table, which `runEvent` and `sourceClosed` requests write.
   *
   * @default - none: run-history requests are dropped with a warning
   */
  readonly runHistory?: RunHistoryStore | undefined;
}

/**
 * What one invocation did (returned for tests and logs; EventBridge ignores it).
 *
 * @example
 * const result: NotifierResult = await handler(input, context);
 * // { outcome: "published", enriched: true, messageId: "m-1",
 * //   subject: "Tributary: acme-dev-feature-login FAILED (dev, feature/login, 4c8f2e1)" }
 * // or, for input parseNotificationRequest rejects: { outcome: "dropped", reason: "bad-event" }
 */
export type NotifierResult =
  | {
      readonly outcome: "published";
      /** Whether the message names the branch and commit (the execution could be read). */
      readonly enriched: boolean;
      readonly messageId: string | undefined;
      readonly subject: string;
    }
  | { readonly outcome: "dropped"; readonly reason: string }
  | PullRequestCommentResult
  | RunHistoryResult;

/**
 * The notifier Lambda handler's signature.
 *
 * @example
 * const handler: NotifierHandler = createNotifier({ clients: createNotifierClients(), logger, metrics });
 */
export type NotifierHandler = (event: unknown, context: Context) => Promise<NotifierResult>;

/** The execution's details, or `undefined` (with a warning) when they cannot be read: the notification goes out anyway. */
async function enrich(
  dependencies: NotifierDependencies,
  request: NotificationRequest,
): Promise<ExecutionDetails | undefined> {
  const { clients, logger, metrics } = dependencies;
  try {
    const details = await readExecution(clients, request.input.pipeline, request.input.executionId);
    metrics.addMetric(METRIC_NAMES.notificationsEnriched, MetricUnit.Count, 1);
    return details;
  } catch (error) {
    logger.warn("Could not read the execution; publishing without branch and commit", {
      reason: classifyFailure(error).reason,
      error,
    });
    return undefined;
  }
}

/**
 * An approval's change-set preview: the execution's `preview.json` (core's `previewKey`) from the reports bucket,
 * summarized by core, or why it could not be read (missing, denied, not a preview): the approval goes out anyway.
 */
async function readApprovalPreview(
  dependencies: NotifierDependencies,
  request: NotificationRequest,
): Promise<ApprovalPreview | undefined> {
  const { input } = request;
  if (input.kind !== "approval" || input.reportsBucket === undefined) return undefined;
  try {
    const document = await readPreview(
      dependencies.clients.s3,
      input.reportsBucket,
      input.pipeline,
      input.executionId,
    );
    if (document === undefined) {
      throw new Error(`the run wrote no ${previewKey(input.pipeline, input.executionId)}`);
    }
    return { kind: "summary", summary: summarizeChangeSets(document as PreviewDocument) };
  } catch (error) {
    const reason = errorText(error);
    dependencies.logger.warn("Could not read the change-set preview; publishing the approval without it", {
      bucket: input.reportsBucket,
      key: previewKey(input.pipeline, input.executionId),
      reason,
    });
    return { kind: "unavailable", reason };
  }
}

/**
 * Builds the notifier handler. Per invocation: `parseNotificationRequest` (bad input is logged, counted as a
 * `bad-event` failure and dropped: retrying cannot fix it); one `GetPipelineExecution` whose failure (not found,
 * access denied, throttled after the SDK's retries) only costs the branch and commit lines; `formatNotification`;
 * for approvals one `GetObject` of the execution's `preview.json` (its failure only costs the summary: the message
 * says so and keeps the link); `Publish`. A failed `Publish` is counted and rethrown, so Lambda retries and the dead-letter queue keeps the
 * event: a notification is never dropped for lack of detail, only for input that names no topic.
 *
 * @example
 * const handler = createNotifier({ clients: createNotifierClients(), logger, metrics });
 * await handler({ kind: "failure", pipeline: "acme-dev", executionId: "e-1", ..., topicArn }, context);
 */
export function createNotifier(dependencies: NotifierDependencies): NotifierHandler {
  const { clients, logger, metrics } = dependencies;
  return withTelemetry({ logger, metrics }, async (raw): Promise<NotifierResult> => {
    if (isPullRequestRunRequest(raw)) return handlePullRequestRun(dependencies, raw);
    if (isRunHistoryRequest(raw)) return handleRunHistory(dependencies, raw);
    if (isIdleNoticeRequest(raw)) return noteIdleOnPullRequest(dependencies, raw);
    let request: NotificationRequest;
    try {
      request = parseNotificationRequest(raw);
    } catch (error) {
      const { reason } = classifyFailure(error);
      countFailure({ logger, metrics }, reason);
      logger.error("Invalid notification input; dropping", { reason, error, input: raw });
      return { outcome: "dropped", reason };
    }
    const { input, topicArn } = request;
    logger.appendKeys({
      kind: input.kind,
      pipelineName: input.pipeline,
      pipelineExecutionId: input.executionId,
      environment: input.environment,
    });
    const details = await enrich(dependencies, request);
    const preview = await readApprovalPreview(dependencies, request);
    const { subject, message } = formatNotification(input, details, preview);
    try {
      const published = await clients.sns.send(
        new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }),
      );
      metrics.addMetric(METRIC_NAMES.notificationsPublished, MetricUnit.Count, 1);
      logger.info("Published notification", {
        topicArn,
        subject,
        enriched: details !== undefined,
        messageId: published.MessageId,
      });
      return {
        outcome: "published",
        enriched: details !== undefined,
        messageId: published.MessageId,
        subject,
      };
    } catch (error) {
      const { reason } = classifyFailure(error);
      countFailure({ logger, metrics }, reason);
      logger.error("Publish failed; rethrowing for a retry", { topicArn, reason, error });
      throw error;
    }
  });
}
