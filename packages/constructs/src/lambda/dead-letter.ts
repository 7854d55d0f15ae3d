/** The dead-letter queue and its alarm that every Tributary Lambda (cloner, notifier) keeps for failed events. */
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/**
 * An SQS queue `DeadLetterQueue` in `scope`: SQS-managed encryption, SSL only, messages kept 14 days.
 *
 * @example
 * const queue = deadLetterQueue(this); // this/DeadLetterQueue
 */
export function deadLetterQueue(scope: Construct): sqs.Queue {
  return new sqs.Queue(scope, "DeadLetterQueue", {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}

/**
 * An alarm `DeadLetterAlarm` in `scope` raised as soon as `queue` holds a message (maximum over 5 minutes ≥ 1),
 * notifying `topic` when one is given.
 *
 * @example
 * const alarm = deadLetterAlarm(this, queue, "Tributary cloner of acme: an event waits in the dead-letter queue", failures);
 */
export function deadLetterAlarm(
  scope: Construct,
  queue: sqs.IQueue,
  description: string,
  topic?: sns.ITopic,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, "DeadLetterAlarm", {
    alarmDescription: description,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (topic) alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
  return alarm;
}
