/** Validates what a notification rule sends the notifier: the input transformer's object plus the topic to publish to. */

import type { NotificationInput, NotificationKind } from "../notifications/format-notification.js";
import { EventError, foundInstead } from "../shared/errors.js";
import { isRecord, optionalString } from "../shared/plain-object.js";

/**
 * A notification to format and the SNS topic it goes to.
 *
 * @example
 * const { input, topicArn }: NotificationRequest = parseNotificationRequest(event);
 */
export interface NotificationRequest {
  readonly input: NotificationInput;
  readonly topicArn: string;
}

/** The kinds a rule may send. */
const KINDS: readonly NotificationKind[] = ["failure", "deployment", "approval"];

/** An SNS topic ARN (standard or FIFO, any partition). */
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const FIX =
  "Send the object PipelineNotifications' input transformer builds: kind, pipeline, executionId, environment, state, time, region, account, topicArn (stage, action, reportsBucket optional)";

function requiredString(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== "string" || value.trim() === "") {
    throw new EventError(field, value, foundInstead(value, "a non-blank string"), FIX);
  }
  return value;
}

function optionalField(record: Record<string, unknown>, field: string): string | undefined {
  return optionalString(
    record[field],
    (value) => {
      throw new EventError(field, value, foundInstead(value, "a string (or absent)"), FIX);
    },
    { nullIsAbsent: true },
  );
}

/**
 * Checks the notifier's event and returns it typed. Throws an `EventError` naming the field, the bad value and
 * what a rule must send instead; never a `TypeError`.
 *
 * @example
 * parseNotificationRequest({
 *   kind: "failure", pipeline: "acme-dev", executionId: "e-1", environment: "dev", state: "FAILED",
 *   time: "2026-11-27T15:00:00Z", region: "eu-west-1", account: "123456789012",
 *   topicArn: "arn:aws:sns:eu-west-1:123456789012:failures",
 * }).input.kind; // "failure"
 */
export function parseNotificationRequest(raw: unknown): NotificationRequest {
  if (!isRecord(raw)) {
    throw new EventError("", raw, foundInstead(raw, "an object"), FIX);
  }
  const record = raw;
  const kind = record.kind;
  if (typeof kind !== "string" || !(KINDS as readonly string[]).includes(kind)) {
    throw new EventError("kind", kind, foundInstead(kind, `one of ${KINDS.join(", ")}`), FIX);
  }
  const topicArn = requiredString(record, "topicArn");
  if (!TOPIC_ARN.test(topicArn)) {
    throw new EventError(
      "topicArn",
      topicArn,
      foundInstead(topicArn, "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)"),
      "Pass the topic's topicArn to the rule's input.",
    );
  }
  const stage = optionalField(record, "stage");
  const action = optionalField(record, "action");
  const reportsBucket = optionalField(record, "reportsBucket");
  if (reportsBucket !== undefined && !BUCKET_NAME.test(reportsBucket)) {
    throw new EventError(
      "reportsBucket",
      reportsBucket,
      foundInstead(reportsBucket, "an S3 bucket name (3 to 63 lower-case letters, digits, dots and dashes)"),
      "Pass the reports bucket's bucketName to the rule's input transformer.",
    );
  }
  const input: NotificationInput = {
    kind: kind as NotificationKind,
    pipeline: requiredString(record, "pipeline"),
    executionId: requiredString(record, "executionId"),
    environment: requiredString(record, "environment"),
    state: requiredString(record, "state"),
    ...(stage === undefined ? {} : { stage }),
    ...(action === undefined ? {} : { action }),
    time: requiredString(record, "time"),
    region: requiredString(record, "region"),
    account: requiredString(record, "account"),
    ...(reportsBucket === undefined ? {} : { reportsBucket }),
  };
  return { input, topicArn };
}
