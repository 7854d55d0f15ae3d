import { CodePipelineClient, TagResourceCommand } from "@aws-sdk/client-codepipeline";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import {
  expectedCloneTags,
  IDLE_NOTICE_EVENT,
  idleClock,
  MANAGED_TAGS,
  type Route,
  resolveBranch,
  resolvePullRequest,
} from "@tributary/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { PIPELINE_ARN_PREFIX, UNIT_CONFIG, unitContext } from "../../../test/__fixtures__/execution-context";
import { tagList } from "../../aws/pipeline-tags";
import { noticeIdle } from "./notice-idle";

const codePipeline = mockClient(CodePipelineClient);
const sns = mockClient(SNSClient);
const eventBridge = mockClient(EventBridgeClient);
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:acme-failures";
const clock = idleClock(7, { [MANAGED_TAGS.lastRun]: "2026-11-20T10:00:00Z" });
if (clock === undefined) throw new Error("no clock");
const feature = resolveBranch(UNIT_CONFIG, "feature/login") as Route;
const pullRequest = resolvePullRequest(UNIT_CONFIG, {
  id: "42",
  sourceBranch: "feature/login",
  destinationBranch: "develop",
}) as Route;

beforeEach(() => {
  codePipeline.reset();
  sns.reset();
  eventBridge.reset();
  codePipeline.on(TagResourceCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "ev" }] });
});

describe("noticeIdle", () => {
  it("given a feature branch's idle clone, when noticed, then SNS gets the notice and the clone remembers the deadline", async () => {
    const { context } = unitContext({ refusals: { topicArn: TOPIC } });

    expect(await noticeIdle(context, { type: "noticeIdle", route: feature, idleDays: 7, clock })).toBe(
      "noticed",
    );
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toMatchObject({
      TopicArn: TOPIC,
      Subject: `Tributary: stack ${feature.stackName} idle, torn down after 2026-11-27T10:00:00Z`,
    });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(codePipeline.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({
      resourceArn: `${PIPELINE_ARN_PREFIX}${feature.pipelineName}`,
      tags: tagList({ ...expectedCloneTags(UNIT_CONFIG), [MANAGED_TAGS.idleNotice]: "2026-11-27T10:00:00Z" }),
    });
  });

  it("given a pull request's idle clone, when noticed, then the notifier is told through the default bus, for the living comment", async () => {
    const { context } = unitContext({ refusals: { topicArn: TOPIC } });

    await noticeIdle(context, { type: "noticeIdle", route: pullRequest, idleDays: 7, clock });

    const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({
      Source: IDLE_NOTICE_EVENT.source,
      DetailType: IDLE_NOTICE_EVENT.detailType,
    });
    expect(JSON.parse(entry?.Detail ?? "{}")).toMatchObject({
      project: "acme",
      repository: "infra",
      pipeline: pullRequest.pipelineName,
      pullRequestId: "42",
      deadline: "2026-11-27T10:00:00Z",
    });
  });

  it("given PutEvents refuses the entry, when noticed, then it fails before remembering the deadline (so the next reconcile sends it again)", async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InternalFailure" }] });

    await expect(
      noticeIdle(unitContext().context, { type: "noticeIdle", route: pullRequest, idleDays: 7, clock }),
    ).rejects.toThrow("PutEvents refused the Tributary Idle Notice event");
    expect(codePipeline.commandCalls(TagResourceCommand)).toHaveLength(0);
  });
});
