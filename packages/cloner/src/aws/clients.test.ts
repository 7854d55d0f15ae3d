import {
  CodePipelineClient,
  CreatePipelineCommand,
  ListPipelinesCommand,
} from "@aws-sdk/client-codepipeline";
import { describe, expect, it, vi } from "vitest";
import { boundConcurrency, clientOptions, createClients, PipelineLimitError } from "./clients";
import { MAX_ATTEMPTS } from "./constants";

describe("clientOptions", () => {
  it("given no retry variables, when the options are built, then retry is adaptive with MAX_ATTEMPTS", () => {
    expect(clientOptions({})).toEqual(
      expect.objectContaining({ retryMode: "adaptive", maxAttempts: MAX_ATTEMPTS }),
    );
  });

  it("given AWS_RETRY_MODE and AWS_MAX_ATTEMPTS, when the options are built, then the SDK is left to read them", () => {
    expect(clientOptions({ AWS_RETRY_MODE: "standard", AWS_MAX_ATTEMPTS: "2" })).toEqual(
      expect.objectContaining({ retryMode: undefined, maxAttempts: undefined }),
    );
  });
});

describe("createClients", () => {
  // That AWS_ENDPOINT_URL is honoured is proven end to end: the integration tests run the bundle against a local server.
  it("given the standard AWS region variable, when the clients are created, then they use it with adaptive retry", async () => {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    try {
      const clients = createClients({});
      expect(await clients.codePipeline.config.region()).toBe("eu-west-1");
      expect(await clients.codeCommit.config.retryStrategy()).toHaveProperty("mode", "adaptive");
      expect(await clients.codeBuild.config.maxAttempts()).toBe(MAX_ATTEMPTS);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("boundConcurrency", () => {
  it("given a bound of 2 for one API, when 10 calls go at once, then at most 2 are in flight and all complete", async () => {
    const client = boundConcurrency(
      new CodePipelineClient({
        region: "eu-west-1",
        credentials: { accessKeyId: "a", secretAccessKey: "s" },
      }),
      { ListPipelines: 2 },
      5,
    );
    let inFlight = 0;
    let most = 0;
    // Innermost step: stands in for the network, and answers without calling it.
    client.middlewareStack.add(
      () => async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return { output: { $metadata: {}, pipelines: [] }, response: {} };
      },
      { step: "finalizeRequest", name: "fakeNetwork" },
    );

    const results = await Promise.all(
      Array.from({ length: 10 }, () => client.send(new ListPipelinesCommand({}))),
    );

    expect(results).toHaveLength(10);
    expect(most).toBe(2);
  });
});

describe("CreatePipeline at the pipeline quota", () => {
  /** A client whose every answer is CodePipeline's LimitExceededException, counting the requests sent. */
  function quotaClient() {
    const client = boundConcurrency(
      new CodePipelineClient({
        region: "eu-west-1",
        credentials: { accessKeyId: "a", secretAccessKey: "s" },
        maxAttempts: 3,
        retryMode: "standard",
      }),
    );
    const sent = { count: 0 };
    client.middlewareStack.add(
      () => async () => {
        sent.count++;
        throw Object.assign(new Error("The number of pipelines ... has exceeded the limit"), {
          name: "LimitExceededException",
          $fault: "client",
          $metadata: { httpStatusCode: 400 },
        });
      },
      { step: "deserialize", name: "fakeQuotaAnswer" },
    );
    return { client, sent };
  }

  it.each([
    [
      "CreatePipeline, refused once and not retried",
      new CreatePipelineCommand({ pipeline: undefined }),
      1,
      true,
    ],
    ["another command, retried as the SDK retries throttling", new ListPipelinesCommand({}), 3, false],
  ])(
    "given %s, then %i requests",
    async (_name, command, requests, limitError) => {
      const { client, sent } = quotaClient();

      const error = await client.send(command as ListPipelinesCommand).catch((caught: unknown) => caught);

      expect(sent.count).toBe(requests);
      expect(error instanceof PipelineLimitError).toBe(limitError);
    },
    20_000,
  );
});
