import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  TagResourcesCommand,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import {
  defineConfig,
  type PipelineLimit,
  REFUSAL_STATE_TAG,
  type Route,
  refusalState,
  resolveBranch,
} from "@tributary/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { testClients } from "../../../test/__fixtures__/cloner-clients";
import { type RecordedMetrics, recordMetrics } from "../../../test/__fixtures__/recorded-metrics";
import { newExecutionContext } from "./execution-context";
import { refuseClone, reportRefusals, unqualifiedFunctionArn } from "./refusals";

const config = defineConfig({ project: "acme", repository: "infra", maxPipelines: 100 });
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const sns = mockClient(SNSClient);
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:acme-failures";
const FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:acme-cloner";
/** The limit a reconcile read: a quota of 120 from Service Quotas (maxPipelines is 100). */
const LIMIT: PipelineLimit = { value: 120, source: "service-quotas" };
let metrics: RecordedMetrics;

const route = (branch: string): Route => {
  const found = resolveBranch(config, branch);
  if (!found) throw new Error(branch);
  return found;
};

function context(options: { reconcile?: boolean; topic?: boolean } = {}) {
  return newExecutionContext({
    config,
    clients: testClients(),
    telemetry: {
      logger: new Logger({ logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "Tributary", serviceName: "tributary-cloner" }),
    },
    eventId: "ev-1",
    target: undefined,
    refusals: { topicArn: options.topic === false ? undefined : TOPIC, stateResourceArn: FUNCTION },
    reconcile: options.reconcile ?? false,
  });
}

/** What GetResources says the function's state tag is. */
function lastSummary(state: string | undefined): void {
  tagging.on(GetResourcesCommand).resolves({
    ResourceTagMappingList: [
      { ResourceARN: FUNCTION, Tags: state === undefined ? [] : [{ Key: REFUSAL_STATE_TAG, Value: state }] },
    ],
  });
}

beforeEach(() => {
  tagging.reset();
  sns.reset();
  vi.restoreAllMocks();
  metrics = recordMetrics();
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  tagging.on(TagResourcesCommand).resolves({ FailedResourcesMap: {} });
});

describe("reportRefusals (table)", () => {
  it.each<[string, string | undefined, string[], "unchanged" | "published", number]>([
    ["nothing refused, nothing reported before", undefined, [], "unchanged", 0],
    ["a first refusal", undefined, ["feature/a"], "published", 1],
    ["the same set as the last summary", refusalState(["acme-dev-feature-a"]), ["feature/a"], "unchanged", 0],
    ["a grown set", refusalState(["acme-dev-feature-a"]), ["feature/a", "feature/b"], "published", 1],
    ["every clone fitting again", refusalState(["acme-dev-feature-a"]), [], "published", 1],
  ])("given %s, when a reconcile reports, then %s", async (_name, previous, branches, outcome, publishes) => {
    lastSummary(previous);
    const run = context({ reconcile: true });

    expect(await reportRefusals(run, branches.map(route), 95, LIMIT)).toBe(outcome);
    run.metrics.publishStoredMetrics();

    expect(sns.commandCalls(PublishCommand)).toHaveLength(publishes);
    expect(tagging.commandCalls(TagResourcesCommand)).toHaveLength(publishes);
    if (publishes > 0) {
      expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toMatch(
        /\(limit of 120 pipelines, Service Quotas L-78D200AD\)$/,
      );
      expect(tagging.commandCalls(TagResourcesCommand)[0]?.args[0].input).toEqual({
        ResourceARNList: [FUNCTION],
        Tags: { [REFUSAL_STATE_TAG]: refusalState(branches.map((branch) => route(branch).pipelineName)) },
      });
    }
    expect(metrics.total("ClonesRefused")).toBe(branches.length);
    expect(metrics.names).toContain("ClonesRefused");
  });

  it("given no topic configured, when a reconcile refuses clones, then it only counts them, with no call", async () => {
    const run = context({ reconcile: true, topic: false });

    expect(await reportRefusals(run, [route("feature/a")], 99, LIMIT)).toBe("not-configured");
    run.metrics.publishStoredMetrics();

    expect(sns.calls()).toHaveLength(0);
    expect(tagging.calls()).toHaveLength(0);
    expect(metrics.total("ClonesRefused")).toBe(1);
  });
});

describe("refuseClone", () => {
  it("given a branch event, when CodePipeline refuses the clone, then one message names the branch and CodePipeline's quota", async () => {
    const run = context();

    expect(await refuseClone(run, route("feature/login"), "limit exceeded")).toBe("refused");
    run.metrics.publishStoredMetrics();

    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe(TOPIC);
    expect(input?.Subject).toBe(
      "Tributary: no pipeline for feature/login (CodePipeline quota L-78D200AD reached)",
    );
    expect(input?.Message).toContain("acme-dev-feature-login");
    expect(metrics.total("ClonesRefused")).toBe(1);
  });

  it("given a reconcile, when CodePipeline refuses a clone, then it is kept for the one summary, not published alone", async () => {
    const run = context({ reconcile: true });

    await refuseClone(run, route("feature/login"), "limit exceeded");

    expect(sns.calls()).toHaveLength(0);
    expect(run.refusedDuringRun?.map((refused) => refused.pipelineName)).toEqual(["acme-dev-feature-login"]);
  });
});

describe("unqualifiedFunctionArn (table)", () => {
  it.each([
    [FUNCTION, FUNCTION],
    [`${FUNCTION}:live`, FUNCTION],
    [`${FUNCTION}:7`, FUNCTION],
  ])("given %s, then %s", (arn, expected) => {
    expect(unqualifiedFunctionArn(arn)).toBe(expected);
  });
});
