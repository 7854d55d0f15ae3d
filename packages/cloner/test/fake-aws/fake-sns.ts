/** A stateful in-memory SNS (AWS query protocol): topics and the messages published to them, with SNS's Publish checks. */
import { FakeAwsError } from "./aws-error";

/** One message SNS accepted. */
export interface PublishedMessage {
  readonly topicArn: string;
  readonly subject: string | undefined;
  readonly message: string;
  readonly messageId: string;
}

/** Bytes SNS accepts in one message (256 KiB). */
const MAX_MESSAGE_BYTES = 262_144;

/**
 * The SNS operation the notifier uses (`Publish`), answering with the error codes and HTTP statuses SNS uses:
 * `NotFound` (404), `InvalidParameter` (400).
 *
 * @example
 * const sns = new FakeSns({ region: "eu-west-1", accountId: "123456789012" });
 * const topicArn = sns.createTopic("failures");
 * sns.handle("Publish", { TopicArn: topicArn, Message: "hello" }); // { MessageId: "…" }
 */
export class FakeSns {
  readonly topics = new Set<string>();
  readonly published: PublishedMessage[] = [];
  private readonly options: { readonly region: string; readonly accountId: string };
  private nextMessage = 1;

  constructor(options: { readonly region: string; readonly accountId: string }) {
    this.options = options;
  }

  /** Creates a topic and returns its ARN. */
  createTopic(name: string): string {
    const arn = `arn:aws:sns:${this.options.region}:${this.options.accountId}:${name}`;
    this.topics.add(arn);
    return arn;
  }

  /** Messages published to one topic. */
  messagesTo(topicArn: string): PublishedMessage[] {
    return this.published.filter((message) => message.topicArn === topicArn);
  }

  /** Runs one action with its form parameters; returns the `<Action>Result` members. */
  handle(action: string, params: Readonly<Record<string, string>>): Record<string, string> {
    switch (action) {
      case "Publish":
        return this.publish(params);
      default:
        throw new FakeAwsError("InvalidAction", `The action ${action} is not valid for this endpoint.`);
    }
  }

  private publish(params: Readonly<Record<string, string>>): Record<string, string> {
    const topicArn = params.TopicArn;
    if (topicArn === undefined || topicArn === "") {
      throw new FakeAwsError(
        "InvalidParameter",
        "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter",
      );
    }
    if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(topicArn)) {
      throw new FakeAwsError("InvalidParameter", "Invalid parameter: TopicArn");
    }
    const message = params.Message;
    if (message === undefined || message === "") {
      throw new FakeAwsError("InvalidParameter", "Invalid parameter: Empty message");
    }
    if (Buffer.byteLength(message, "utf8") > MAX_MESSAGE_BYTES) {
      throw new FakeAwsError("InvalidParameter", "Invalid parameter: Message too long");
    }
    const subject = params.Subject;
    if (
      subject !== undefined &&
      (subject.length === 0 || subject.length >= 100 || !/^[\x21-\x7e][\x20-\x7e]*$/.test(subject))
    ) {
      throw new FakeAwsError("InvalidParameter", "Invalid parameter: Subject");
    }
    if (!this.topics.has(topicArn)) throw new FakeAwsError("NotFound", "Topic does not exist", 404);
    const messageId = `${(this.nextMessage++).toString(16).padStart(8, "0")}-1111-4000-8000-000000000000`;
    this.published.push({ topicArn, subject, message, messageId });
    return { MessageId: messageId };
  }
}
