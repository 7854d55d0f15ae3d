import { CodePipelineClient, CreatePipelineCommand } from "@aws-sdk/client-codepipeline";
import { GetServiceQuotaCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { botocoreModel } from "./botocore-model";
import { type FakeAws, startFakeAws } from "./fake-aws-server";
import { environmentPipeline } from "./index";
import { type MotoServer, startMotoServer } from "./moto-server";

const CREDENTIALS = { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" };
const PIPELINES = { ServiceCode: "codepipeline", QuotaCode: "L-78D200AD" };
let aws: FakeAws | undefined;
let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
});
afterAll(async () => {
  await moto.close();
});
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

function client(endpoint: string): ServiceQuotasClient {
  return new ServiceQuotasClient({ endpoint, region: "eu-west-1", credentials: CREDENTIALS, maxAttempts: 1 });
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call succeeded");
}

/** The members of the model's `ServiceQuota` structure (botocore's service-quotas model). */
function serviceQuotaMembers(): string[] {
  const model = botocoreModel("service-quotas", "2019-06-24") as {
    shapes: Record<string, { members?: Record<string, unknown> }>;
  };
  return Object.keys(model.shapes.ServiceQuota?.members ?? {});
}

describe("fake GetServiceQuota", () => {
  it("given a pipeline quota of 1,250, when the SDK reads L-78D200AD, then it answers that value with the quota's ARN and names", async () => {
    aws = await startFakeAws({ pipelineQuota: 1250 });

    const { Quota } = await client(aws.url).send(new GetServiceQuotaCommand(PIPELINES));

    expect(Quota).toEqual({
      ServiceCode: "codepipeline",
      ServiceName: "AWS CodePipeline",
      QuotaArn: "arn:aws:servicequotas:eu-west-1:123456789012:codepipeline/L-78D200AD",
      QuotaCode: "L-78D200AD",
      QuotaName: "Total pipelines",
      Value: 1250,
      Unit: "None",
      Adjustable: true,
      GlobalQuota: false,
    });
    for (const member of Object.keys(Quota ?? {})) expect(serviceQuotaMembers()).toContain(member);
  });

  it("given no quota, when the SDK reads it, then the fake answers NoSuchResourceException as moto_server does", async () => {
    aws = await startFakeAws();

    const fake = await errorOf(client(aws.url).send(new GetServiceQuotaCommand(PIPELINES)));
    const real = await errorOf(client(moto.url).send(new GetServiceQuotaCommand(PIPELINES)));

    expect(real.name).toBe("NoSuchResourceException");
    expect([fake.name, fake.message]).toEqual([real.name, real.message]);
  });

  it("given the quota lowered at run time, then CreatePipeline beyond it fails and GetServiceQuota reports it", async () => {
    aws = await startFakeAws({ pipelineQuota: 10 });
    const codePipeline = new CodePipelineClient({
      endpoint: aws.url,
      region: "eu-west-1",
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    const { version: _version, ...template } = environmentPipeline("dev");
    await codePipeline.send(new CreatePipelineCommand({ pipeline: { ...template, name: "acme-dev-a" } }));

    aws.serviceQuotas.pipelineQuota = 1;

    const refused = await errorOf(
      codePipeline.send(new CreatePipelineCommand({ pipeline: { ...template, name: "acme-dev-b" } })),
    );
    expect(refused.name).toBe("LimitExceededException");
    const { Quota } = await client(aws.url).send(new GetServiceQuotaCommand(PIPELINES));
    expect(Quota?.Value).toBe(1);
  });

  it.each<[string, Record<string, string>, string]>([
    [
      "another quota of CodePipeline",
      { ServiceCode: "codepipeline", QuotaCode: "L-519D5A90" },
      "NoSuchResourceException",
    ],
    [
      "a quota code outside the model's pattern",
      { ServiceCode: "codepipeline", QuotaCode: "L" },
      "ValidationException",
    ],
    [
      "a service code outside the model's pattern",
      { ServiceCode: "-x", QuotaCode: "L-78D200AD" },
      "ValidationException",
    ],
  ])("given %s, when read, then the fake answers %s", async (_name, input, expected) => {
    aws = await startFakeAws({ pipelineQuota: 1000 });

    const error = await errorOf(client(aws.url).send(new GetServiceQuotaCommand(input as typeof PIPELINES)));

    expect(error.name).toBe(expected);
  });

  it("given every call throttled, when read, then the answer is Service Quotas' TooManyRequestsException", async () => {
    aws = await startFakeAws({ pipelineQuota: 1000, throttleFraction: 1 });

    const error = await errorOf(client(aws.url).send(new GetServiceQuotaCommand(PIPELINES)));

    expect(error.name).toBe("TooManyRequestsException");
    expect(aws.calls.map((call) => [call.service, call.operation, call.errorType])).toEqual([
      ["servicequotas", "GetServiceQuota", "TooManyRequestsException"],
    ]);
  });
});
