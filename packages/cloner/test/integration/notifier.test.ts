import {
  executionConsoleUrl,
  NOTIFICATION_LIMITS,
  type PreviewDocument,
  previewHeadline,
  previewUrl,
  summarizeChangeSets,
} from "@tributary/core";
import { createSnsInbox, type MotoServer, startMotoServer } from "@tributary/fake-aws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NotifierResult } from "../../src/functions/notifier/create-notifier";
import { commit } from "../__fixtures__/events";
import { putPreviews } from "../__fixtures__/reports-bucket";
import { type ClonerProcess, NOTIFIER_BUNDLE, startCloner } from "./cloner-process";
import { startWorld, type World } from "./world";

let world: World | undefined;
let notifier: ClonerProcess<NotifierResult> | undefined;
let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto.close();
});

afterEach(async () => {
  await notifier?.close();
  await world?.close();
  notifier = undefined;
  world = undefined;
});

async function start(options: Parameters<typeof startWorld>[0] = {}) {
  await moto.reset();
  world = await startWorld({ ...options, upstream: moto.url });
  notifier = await startCloner<NotifierResult>({
    endpoint: world.aws.url,
    env: {
      POWERTOOLS_SERVICE_NAME: "tributary-notifier",
      // The SDK's service-specific endpoint (serviceId "SNS"): SNS goes to moto, through the fault proxy.
      AWS_ENDPOINT_URL_SNS: world.aws.proxyUrl ?? "",
      // S3 (the approval's preview.json in the reports bucket) is moto's.
      AWS_ENDPOINT_URL_S3: moto.url,
    },
    bundle: NOTIFIER_BUNDLE,
  });
  const inbox = await createSnsInbox(moto.url, "acme-failures");
  return { world, notifier, inbox, topicArn: inbox.topicArn };
}

/** What the failure rule's input transformer sends for one execution. */
function failure(pipeline: string, executionId: string, topicArn: string) {
  return {
    kind: "failure",
    pipeline,
    executionId,
    environment: "dev",
    state: "FAILED",
    time: "2026-11-27T15:00:00Z",
    region: "eu-west-1",
    account: "123456789012",
    topicArn,
  };
}

function lastRunOf(world: World, pipeline: string): string {
  const run = world.aws.codePipeline.executions
    .filter((candidate) => candidate.pipelineName === pipeline)
    .at(-1);
  if (run === undefined) throw new Error(`no run of ${pipeline}`);
  return run.pipelineExecutionId;
}

describe("the bundled notifier against the fake AWS account and moto", () => {
  it("given a feature clone's run failed, when notified, then SNS gets one message naming the branch, the commit and the link", async () => {
    const { world, notifier, inbox, topicArn } = await start();
    await world.cloner.deliver(world.git.create("feature/login", "login-1"));
    await world.cloner.deliver(world.git.push("feature/login", "login-2"));
    const executionId = lastRunOf(world, "acme-dev-feature-login");

    const invocation = await notifier.deliver(failure("acme-dev-feature-login", executionId, topicArn));

    expect(invocation).toMatchObject({ ok: true, result: { outcome: "published", enriched: true } });
    const messages = await inbox.messages();
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message?.subject).toBe(
      `Tributary: acme-dev-feature-login FAILED (dev, feature/login, ${commit("login-2").slice(0, 7)})`,
    );
    const lines = message?.message.split("\n") ?? [];
    expect(lines).toEqual(
      expect.arrayContaining([
        "Pipeline:    acme-dev-feature-login (branch clone with its own stack acme-dev-feature-login, deleted with the branch or pull request)",
        "Branch:      feature/login",
        `Commit:      ${commit("login-2").slice(0, 7)} Commit ${commit("login-2").slice(0, 7)} on feature/login`,
        `Open the execution: ${executionConsoleUrl("eu-west-1", "acme-dev-feature-login", executionId)}`,
      ]),
    );
    expect(notifier.metric("NotificationsPublished")).toBe(1);
    expect(notifier.metric("NotificationsEnriched")).toBe(1);
    expect(world.aws.calls.filter((call) => call.operation === "GetPipelineExecution")).toHaveLength(1);
  });

  it("given the environment pipeline's run, when notified, then the message says it deploys the shared stack", async () => {
    const { world, notifier, inbox, topicArn } = await start();

    await notifier.deliver(failure("acme-dev", lastRunOf(world, "acme-dev"), topicArn));

    expect((await inbox.messages())[0]?.message).toContain(
      "Pipeline:    acme-dev (environment pipeline of dev, deploying the shared stack acme-dev)",
    );
  });

  it("given an execution the account does not have, when notified, then the message still goes out without branch and commit, and a warning says why", async () => {
    const { notifier, inbox, topicArn } = await start();

    const invocation = await notifier.deliver(
      failure("acme-dev", "0000ffff-0000-4000-8000-000000000000", topicArn),
    );

    expect(invocation).toMatchObject({ ok: true, result: { outcome: "published", enriched: false } });
    expect((await inbox.messages())[0]?.message).toContain(
      "Branch:      unknown (the execution could not be read; the notifier's log says why)",
    );
    expect(notifier.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: "WARN", reason: "not-found", service: "tributary-notifier" }),
      ]),
    );
    expect(notifier.metric("NotificationsEnriched")).toBe(0);
  });

  it("given prod waiting for approval with its preview.json in the reports bucket, when notified, then the message carries the preview's headline, its dangerous changes and its link", async () => {
    const { world, notifier, inbox, topicArn } = await start();
    const executionId = lastRunOf(world, "acme-dev");
    const changeSet = "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/tributary-preview-x/5f6a7b8c";
    // One DescribeChangeSet page in the API's shape, as the Preview step writes it.
    const document: PreviewDocument = [
      {
        stack: "acme-dev",
        environment: "dev",
        changeSetType: "UPDATE",
        pages: [
          {
            ChangeSetId: changeSet,
            ChangeSetName: "tributary-preview-x",
            StackName: "acme-dev",
            Status: "CREATE_COMPLETE",
            ExecutionStatus: "AVAILABLE",
            Changes: [
              {
                Type: "Resource",
                ResourceChange: {
                  Action: "Remove",
                  LogicalResourceId: "WebsiteBucket",
                  PhysicalResourceId: "acme-dev-websitebucket-1abc",
                  ResourceType: "AWS::S3::Bucket",
                  Scope: [],
                  Details: [],
                },
              },
            ],
          },
        ],
      },
    ];
    await putPreviews(moto.url, [{ pipeline: "acme-dev", executionId, body: JSON.stringify(document) }]);

    const invocation = await notifier.deliver({
      ...failure("acme-dev", executionId, topicArn),
      kind: "approval",
      state: "STARTED",
      stage: "Approval",
      action: "Approve",
      reportsBucket: "acme-reports",
    });

    expect(invocation).toMatchObject({ ok: true, result: { outcome: "published" } });
    const message = (await inbox.messages())[0]?.message ?? "";
    expect(message).toContain(`Change-set preview: ${previewHeadline(summarizeChangeSets(document))}`);
    expect(message).toContain("  - acme-dev/WebsiteBucket (AWS::S3::Bucket) removed");
    expect(message).toContain(
      `Full preview: ${previewUrl("acme-reports", "eu-west-1", "acme-dev", executionId)}`,
    );
  });

  it("given a topic that does not exist, when notified, then every attempt fails and the event lands in the dead-letter queue", async () => {
    const { world, notifier } = await start();
    const event = failure(
      "acme-dev",
      lastRunOf(world, "acme-dev"),
      "arn:aws:sns:eu-west-1:123456789012:gone",
    );

    const invocation = await notifier.deliver(event);

    expect(invocation).toMatchObject({ ok: false, error: { name: "NotFoundException" } });
    expect(notifier.deadLetters).toEqual([event]);
    expect(notifier.metric("Failures", "not-found")).toBe(3);
  });

  it("given input without an execution id, when notified, then it is dropped with a clear error and nothing is called", async () => {
    const { world, notifier, topicArn } = await start();
    const before = world.aws.calls.length;

    const invocation = await notifier.deliver({
      ...failure("acme-dev", "x", topicArn),
      executionId: undefined,
    });

    expect(invocation).toMatchObject({ ok: true, result: { outcome: "dropped", reason: "bad-event" } });
    expect(world.aws.calls.length).toBe(before);
    expect(notifier.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: "ERROR",
          error: expect.objectContaining({
            name: "EventError",
            message: expect.stringContaining("executionId"),
          }),
        }),
      ]),
    );
  });

  it("given a third of all calls throttled, when ten failures are notified, then each is published exactly once with a valid subject", async () => {
    const { world, notifier, inbox, topicArn } = await start({ throttleFraction: 1 / 3, seed: 5 });
    const executionId = lastRunOf(world, "acme-dev");

    const invocations = [];
    for (let index = 0; index < 10; index++) {
      invocations.push(await notifier.deliver(failure("acme-dev", executionId, topicArn)));
    }

    expect(invocations.every((invocation) => invocation.ok)).toBe(true);
    expect(world.aws.calls.some((call) => call.errorType === "Throttled")).toBe(true);
    const messages = await inbox.messages();
    expect(messages).toHaveLength(10);
    for (const message of messages)
      expect(message.subject?.length).toBeLessThanOrEqual(NOTIFICATION_LIMITS.subject);
  });
});
