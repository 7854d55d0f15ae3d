import { CodePipelineClient, GetPipelineExecutionCommand } from "@aws-sdk/client-codepipeline";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";

const codePipeline = mockClient(CodePipelineClient);
const sns = mockClient(SNSClient);

beforeEach(() => {
  codePipeline.reset();
  sns.reset();
  vi.resetModules();
  vi.stubEnv("AWS_REGION", "eu-west-1");
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("notifier module", () => {
  it("given no configuration at all, when a failure arrives, then the module's handler publishes it with clients from the standard AWS settings", async () => {
    codePipeline.on(GetPipelineExecutionCommand).resolves({ pipelineExecution: { variables: [] } });
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });

    const { handler } = await import("./handler");
    const result = await handler(
      {
        kind: "failure",
        pipeline: "acme-dev",
        executionId: "e-1",
        environment: "dev",
        state: "FAILED",
        time: "2026-11-27T15:00:00Z",
        region: "eu-west-1",
        account: "123456789012",
        topicArn: "arn:aws:sns:eu-west-1:123456789012:failures",
      },
      lambdaContext(),
    );

    expect(result).toMatchObject({ outcome: "published", enriched: true, messageId: "m-1" });
  });
});
