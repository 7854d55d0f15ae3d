import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CodeCommitClient } from "@aws-sdk/client-codecommit";
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  PipelineExecutionNotFoundException,
} from "@aws-sdk/client-codepipeline";
import { GetObjectCommand, NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import { NotFoundException, PublishCommand, SNSClient, ThrottledException } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";
import { type RecordedMetrics, recordMetrics } from "../../../test/__fixtures__/recorded-metrics";
import { METRICS_NAMESPACE, NOTIFIER_SERVICE_NAME } from "../../aws/constants";
import { createNotifier } from "./create-notifier";

const codePipeline = mockClient(CodePipelineClient);
const sns = mockClient(SNSClient);
// The approval's preview read is one S3 GetObject (read-preview.ts, tested against moto on its own and in the
// notifier's integration test); here its answer is set, to test what the notifier does with it.
const s3 = mockClient(S3Client);
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:Tributary-FailuresTopic-ABC";
const COMMIT = "4c8f2e1d9b7a6c5e3f2a1b0c9d8e7f6a5b4c3d2e";

/** What a failure rule's input transformer sends. */
function failureInput(overrides: Record<string, unknown> = {}) {
  return {
    kind: "failure",
    pipeline: "acme-dev-feature-login",
    executionId: "0a1b2c3d-0000-4000-8000-000000000000",
    environment: "dev",
    state: "FAILED",
    time: "2026-11-27T15:00:00Z",
    region: "eu-west-1",
    account: "123456789012",
    topicArn: TOPIC,
    ...overrides,
  };
}

const EXECUTION = {
  pipelineExecution: {
    pipelineName: "acme-dev-feature-login",
    pipelineExecutionId: "0a1b2c3d-0000-4000-8000-000000000000",
    status: "Failed" as const,
    artifactRevisions: [
      {
        name: "SourceOutput",
        revisionId: COMMIT,
        revisionSummary: "Fix the login form\n\nDetails",
        revisionUrl: "https://example.com/commit",
      },
    ],
    variables: [
      { name: "Environment", resolvedValue: "dev" },
      { name: "StackName", resolvedValue: "acme-dev-feature-login" },
      { name: "Branch", resolvedValue: "feature/login" },
      { name: "Ephemeral", resolvedValue: "true" },
      { name: "PipelineName", resolvedValue: "acme-dev-feature-login" },
    ],
  },
};

let metrics: RecordedMetrics;
let logger: Logger;

function notifier() {
  return createNotifier({
    clients: {
      codePipeline: new CodePipelineClient({ region: "eu-west-1" }),
      sns: new SNSClient({ region: "eu-west-1" }),
      codeCommit: new CodeCommitClient({ region: "eu-west-1" }),
      s3: new S3Client({ region: "eu-west-1" }),
    },
    logger,
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: NOTIFIER_SERVICE_NAME }),
  });
}

/** The one message published. */
function published(): { TopicArn?: string; Subject?: string; Message?: string } {
  const calls = sns.commandCalls(PublishCommand);
  expect(calls).toHaveLength(1);
  return calls[0]?.args[0].input ?? {};
}

beforeEach(() => {
  codePipeline.reset();
  sns.reset();
  s3.reset();
  vi.restoreAllMocks();
  metrics = recordMetrics();
  logger = new Logger({ serviceName: NOTIFIER_SERVICE_NAME, logLevel: "SILENT" });
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
});

describe("createNotifier", () => {
  it("given a failure whose execution can be read, when notified, then one message with branch and commit goes to the topic", async () => {
    codePipeline.on(GetPipelineExecutionCommand).resolves(EXECUTION);

    const result = await notifier()(failureInput(), lambdaContext());

    expect(result).toEqual({
      outcome: "published",
      enriched: true,
      messageId: "m-1",
      subject: "Tributary: acme-dev-feature-login FAILED (dev, feature/login, 4c8f2e1)",
    });
    expect(codePipeline.commandCalls(GetPipelineExecutionCommand).map((call) => call.args[0].input)).toEqual([
      { pipelineName: "acme-dev-feature-login", pipelineExecutionId: "0a1b2c3d-0000-4000-8000-000000000000" },
    ]);
    const { TopicArn, Subject, Message } = published();
    expect(TopicArn).toBe(TOPIC);
    expect(Subject).toBe(result.outcome === "published" ? result.subject : "");
    expect(Message).toContain("Branch:      feature/login");
    expect(Message).toContain("Commit:      4c8f2e1 Fix the login form");
    expect(Message).toContain("Commit link: https://example.com/commit");
    expect(metrics.names).toEqual(["NotificationsEnriched", "NotificationsPublished"]);
  });

  it.each([
    [
      "the execution is not found",
      new PipelineExecutionNotFoundException({ message: "no", $metadata: {} }),
      "not-found",
    ],
    [
      "access is denied",
      Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }),
      "access-denied",
    ],
    [
      "throttling outlasts the SDK's retries",
      Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }),
      "throttling",
    ],
  ])(
    "given %s, when notified, then the message goes out without branch and commit and a warning says why",
    async (_case, error, reason) => {
      codePipeline.on(GetPipelineExecutionCommand).rejects(error);
      const warn = vi.spyOn(logger, "warn");

      const result = await notifier()(failureInput(), lambdaContext());

      expect(result).toMatchObject({ outcome: "published", enriched: false });
      expect(published().Message).toContain("Branch:      unknown (the execution could not be read");
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/Could not read the execution/),
        expect.objectContaining({ reason }),
      );
      expect(metrics.names).toEqual(["NotificationsPublished"]);
    },
  );

  it.each([
    ["not an object", "hello", "the event"],
    ["an unknown kind", failureInput({ kind: "party" }), "kind"],
    ["no topic", failureInput({ topicArn: undefined }), "topicArn"],
    ["no execution id", failureInput({ executionId: 7 }), "executionId"],
  ])(
    "given input that is %s, when notified, then it is logged with the field, counted and dropped without any AWS call",
    async (_case, input, field) => {
      const error = vi.spyOn(logger, "error");

      const result = await notifier()(input, lambdaContext());

      expect(result).toEqual({ outcome: "dropped", reason: "bad-event" });
      expect(codePipeline.calls()).toHaveLength(0);
      expect(sns.calls()).toHaveLength(0);
      expect(metrics.failureReasons).toEqual(["bad-event"]);
      const logged = error.mock.calls[0]?.[1] as { error: Error };
      expect(logged.error.name).toBe("EventError");
      expect(logged.error.message).toContain(`Malformed event: ${field} `);
    },
  );

  it.each([
    ["throttled", new ThrottledException({ message: "slow down", $metadata: {} }), "throttling"],
    [
      "a missing topic",
      new NotFoundException({ message: "Topic does not exist", $metadata: {} }),
      "not-found",
    ],
  ])(
    "given Publish fails (%s), when notified, then the error is counted and rethrown for Lambda's retry",
    async (_case, error, reason) => {
      codePipeline.on(GetPipelineExecutionCommand).resolves(EXECUTION);
      sns.on(PublishCommand).rejects(error);

      await expect(notifier()(failureInput(), lambdaContext())).rejects.toBe(error);
      expect(metrics.failureReasons).toEqual([reason]);
      // In the order written: the Failures data point at once (a single metric), the rest when the invocation ends.
      expect(metrics.names).toEqual(["Failures", "NotificationsEnriched"]);
    },
  );

  it("given a pending approval, when notified, then the message links to the pipeline to approve", async () => {
    codePipeline.on(GetPipelineExecutionCommand).resolves(EXECUTION);

    await notifier()(
      failureInput({ kind: "approval", state: "STARTED", stage: "Approve", action: "Approve" }),
      lambdaContext(),
    );

    expect(published().Message).toMatch(
      /Approve or reject: https:\/\/eu-west-1\.console\.aws\.amazon\.com\/codesuite\/codepipeline\/pipelines\/acme-dev-feature-login\/view/,
    );
  });

  it("given a pending approval whose preview.json is missing, when notified, then the approval still goes out, saying the preview could not be read, with its link", async () => {
    codePipeline.on(GetPipelineExecutionCommand).resolves(EXECUTION);
    // S3's answer for a key that does not exist (GetObject: NoSuchKey, HTTP 404; botocore's s3 model).
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} }),
    );

    const result = await notifier()(
      failureInput({
        kind: "approval",
        state: "STARTED",
        stage: "Approval",
        action: "Approve",
        reportsBucket: "acme-reports",
      }),
      lambdaContext(),
    );

    expect(result).toMatchObject({ outcome: "published" });
    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toEqual([
      {
        Bucket: "acme-reports",
        Key: "reports/acme-dev-feature-login/0a1b2c3d-0000-4000-8000-000000000000/preview.json",
      },
    ]);
    expect(published().Message).toContain(
      "Change-set preview: could not be read (Error: the run wrote no reports/acme-dev-feature-login/0a1b2c3d-0000-4000-8000-000000000000/preview.json); open it: https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/acme-dev-feature-login/0a1b2c3d-0000-4000-8000-000000000000/preview.json",
    );
  });

  it("given a failure, when notified, then no preview is read", async () => {
    codePipeline.on(GetPipelineExecutionCommand).resolves(EXECUTION);

    await notifier()(failureInput({ reportsBucket: "acme-reports" }), lambdaContext());

    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(published().Message).not.toContain("Change-set preview");
  });

  it("given metrics were added, when the invocation ends, then one EMF document carries them with the service dimension", async () => {
    codePipeline.on(GetPipelineExecutionCommand).resolves(EXECUTION);

    await notifier()(failureInput(), lambdaContext());

    expect(metrics.documents).toHaveLength(1);
    const [document] = metrics.documents;
    expect(document?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [["service"]],
      Metrics: [
        { Name: "NotificationsEnriched", Unit: "Count" },
        { Name: "NotificationsPublished", Unit: "Count" },
      ],
    });
    expect(document).toMatchObject({ service: NOTIFIER_SERVICE_NAME, NotificationsPublished: 1 });
  });
});
