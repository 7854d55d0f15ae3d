import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeAws, startFakeAws } from "./fake-aws-server";
import { ASYNC_PAYLOAD_MAX } from "./fake-lambda";

let aws: FakeAws;
let lambda: LambdaClient;
const received: unknown[] = [];

beforeAll(async () => {
  aws = await startFakeAws();
  aws.lambda.register("acme-cloner", async (event) => {
    received.push(event);
  });
  lambda = new LambdaClient({
    region: "eu-west-1",
    endpoint: aws.url,
    credentials: { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  await aws.close();
});

const invoke = (
  FunctionName: string,
  payload: unknown,
  InvocationType: "Event" | "RequestResponse" = "Event",
) =>
  lambda.send(
    new InvokeCommand({ FunctionName, InvocationType, Payload: Buffer.from(JSON.stringify(payload)) }),
  );

describe("the fake Lambda's asynchronous Invoke (botocore's lambda 2015-03-31 model)", () => {
  it("given an Event invocation, then it answers 202 and the function receives the event", async () => {
    const { StatusCode } = await invoke("arn:aws:lambda:eu-west-1:123456789012:function:acme-cloner", {
      id: "e-1",
    });
    await aws.lambda.settled();
    expect(StatusCode).toBe(202);
    expect(received).toContainEqual({ id: "e-1" });
    expect(aws.calls.at(-1)).toMatchObject({ service: "lambda", operation: "Invoke", status: 202 });
  });

  it("given a function that does not exist, then ResourceNotFoundException", async () => {
    await expect(invoke("acme-other", {})).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("given a payload over the asynchronous 1 MB, then RequestTooLargeException", async () => {
    await expect(invoke("acme-cloner", "x".repeat(ASYNC_PAYLOAD_MAX))).rejects.toMatchObject({
      name: "RequestTooLargeException",
    });
  });

  it("given a synchronous invocation, then the fake refuses it (it runs no function synchronously)", async () => {
    await expect(invoke("acme-cloner", {}, "RequestResponse")).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    });
  });
});
