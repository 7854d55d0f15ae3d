/**
 * Reads back what SNS (in moto) published to a topic, the way AWS lets you: an SQS queue subscribed to the topic.
 * moto delivers to SQS subscribers during Publish, so the messages are there as soon as Publish answered.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";

/** One message as an SQS subscriber receives it (SNS's JSON envelope, raw message delivery off). */
export interface InboxMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject: string | undefined;
  readonly message: string;
}

/** A topic in moto with a queue subscribed to it. */
export interface SnsInbox {
  readonly topicArn: string;
  /** Every message published to the topic so far, in order of arrival. */
  messages(): Promise<InboxMessage[]>;
}

interface SnsEnvelope {
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Subject?: string;
  readonly Message: string;
}

/**
 * Creates topic `name` in the moto server at `endpoint` and subscribes a new SQS queue to it.
 *
 * @example
 * const inbox = await createSnsInbox(moto.url, "acme-failures");
 * // ... something publishes to inbox.topicArn ...
 * (await inbox.messages()).map((message) => message.subject);
 */
export async function createSnsInbox(
  endpoint: string,
  name: string,
  region = "eu-west-1",
): Promise<SnsInbox> {
  const options = {
    endpoint,
    region,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    maxAttempts: 1,
  };
  const sns = new SNSClient(options);
  const sqs = new SQSClient(options);
  const { TopicArn: topicArn = "" } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl: queueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-inbox` }));
  const { Attributes: attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
  );
  await sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: attributes?.QueueArn ?? "" }),
  );
  const received: InboxMessage[] = [];
  return {
    topicArn,
    async messages() {
      for (;;) {
        const { Messages: batch = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (batch.length === 0) return [...received];
        for (const message of batch) {
          const envelope = JSON.parse(message.Body ?? "{}") as SnsEnvelope;
          received.push({
            messageId: envelope.MessageId,
            topicArn: envelope.TopicArn,
            subject: envelope.Subject,
            message: envelope.Message,
          });
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
        }
      }
    },
  };
}
