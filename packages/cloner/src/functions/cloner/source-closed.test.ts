/**
 * A GitHub branch deleted or pull request closed: after removing the clone, the cloner tells the run history through
 * the default bus (core's SOURCE_CLOSED_EVENT), as CodeCommit's own events do for a CodeCommit source.
 */

import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CodeBuildClient, StartBuildCommand } from "@aws-sdk/client-codebuild";
import {
  CodePipelineClient,
  DeletePipelineCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-codepipeline";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  defineConfig,
  expectedCloneTags,
  forwardedGitHubEvent,
  parseGitHubDelivery,
  parseSourceClosedDetail,
  SOURCE_CLOSED_EVENT,
} from "@tributary/core";
import type { GitHubEvent } from "@tributary/fake-aws";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { testClients } from "../../../test/__fixtures__/cloner-clients";
import { useGitHub } from "../../../test/__fixtures__/github";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";
import { METRICS_NAMESPACE, SERVICE_NAME } from "../../aws/constants";
import { tagList } from "../../aws/pipeline-tags";
import { gitHubPullRequests } from "../../providers/github/github-pull-requests";
import { createHandler } from "./create-handler";

const config = defineConfig({
  project: "acme",
  source: { provider: "github", owner: "acme", repository: "infra" },
});
const session = useGitHub();
const codePipeline = mockClient(CodePipelineClient);
const codeBuild = mockClient(CodeBuildClient);
const eventBridge = mockClient(EventBridgeClient);

beforeEach(() => {
  for (const mock of [codePipeline, codeBuild, eventBridge]) mock.reset();
  // The clone exists and is this project's (ListTagsForResource), so it is deleted and its stack torn down.
  codePipeline.on(ListTagsForResourceCommand).resolves({ tags: tagList(expectedCloneTags(config)) });
  codePipeline.on(DeletePipelineCommand).resolves({});
  codeBuild.on(StartBuildCommand).resolves({ build: { id: "teardown:1" } });
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "ev-closed" }] });
});

let deliveries = 0;
/** The cloner's input for one event GitHub sent: the delivery parsed and handed on as the webhook function does. */
function handedOn(event: GitHubEvent | undefined) {
  if (event === undefined) throw new Error("GitHub sent no event");
  deliveries += 1;
  const delivery = parseGitHubDelivery(config, {
    name: event.name,
    deliveryId: `d-closed-${deliveries}`,
    receivedAt: "2026-01-06T09:00:00.000Z",
    payload: JSON.parse(JSON.stringify(event.payload)),
  });
  if (delivery.outcome !== "accepted") throw new Error(`not accepted: ${JSON.stringify(delivery)}`);
  return JSON.parse(JSON.stringify(forwardedGitHubEvent(delivery.event)));
}

function handler() {
  return createHandler({
    config,
    clients: testClients(),
    logger: new Logger({ logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    pullRequests: gitHubPullRequests(session.api, { owner: "acme", repository: "infra", project: "acme" }),
  });
}

/** The one entry PutEvents got, with its detail read by core. */
function putEntry() {
  const calls = eventBridge.commandCalls(PutEventsCommand);
  expect(calls).toHaveLength(1);
  const entries = calls[0]?.args[0].input.Entries ?? [];
  expect(entries).toHaveLength(1);
  const [entry] = entries;
  return {
    source: entry?.Source,
    detailType: entry?.DetailType,
    bus: entry?.EventBusName,
    detail: parseSourceClosedDetail(JSON.parse(entry?.Detail ?? "null")),
  };
}

describe("the cloner, when GitHub says a source closed", () => {
  it("given a feature branch deleted, when handled, then the clone goes, its stack's teardown starts, and one Source Closed event names the branch", async () => {
    const repository = session.github.repository("acme/infra");
    repository.pushBranch("feature/login");

    const result = await handler()(
      handedOn(repository.deleteBranch("feature/login").find((event) => event.name === "push")),
      lambdaContext(),
    );

    expect(result.outcomes.map((outcome) => [outcome.action, outcome.outcome])).toEqual([
      ["deleteClone", "deleted"],
      ["teardownStack", "teardown-started"],
      ["announceSourceClosed", "announced"],
    ]);
    expect(putEntry()).toEqual({
      source: SOURCE_CLOSED_EVENT.source,
      detailType: SOURCE_CLOSED_EVENT.detailType,
      bus: undefined,
      detail: { project: "acme", branch: "feature/login" },
    });
  });

  it("given a pull request merged, when handled, then one Source Closed event names the pull request", async () => {
    const repository = session.github.repository("acme/infra");
    repository.pushBranch("feature/merged");
    const { pullRequest } = repository.openPullRequest({ head: "feature/merged", base: "develop" });
    const closed = repository
      .mergePullRequest(pullRequest.number)
      .find((event) => event.name === "pull_request");

    const result = await handler()(handedOn(closed), lambdaContext());

    expect(result.outcomes.at(-1)).toEqual({
      action: "announceSourceClosed",
      subject: `pull request ${pullRequest.number}`,
      outcome: "announced",
    });
    expect(putEntry().detail).toEqual({ project: "acme", pullRequestId: String(pullRequest.number) });
  });

  it("given the clone's delete failing for good (a foreign pipeline), when handled, then nothing is announced (the removal comes first)", async () => {
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: [] });
    const repository = session.github.repository("acme/infra");
    repository.pushBranch("feature/foreign");

    const result = await handler()(
      handedOn(repository.deleteBranch("feature/foreign").find((event) => event.name === "push")),
      lambdaContext(),
    );

    expect(result.outcomes.map((outcome) => [outcome.action, outcome.outcome])).toEqual([
      ["deleteClone", "failed"],
      ["teardownStack", "skipped"],
      ["announceSourceClosed", "skipped"],
    ]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
