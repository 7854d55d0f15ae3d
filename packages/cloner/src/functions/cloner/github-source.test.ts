import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CodeBuildClient, StartBuildCommand } from "@aws-sdk/client-codebuild";
import {
  CodePipelineClient,
  DeletePipelineCommand,
  ListTagsForResourceCommand,
  StartPipelineExecutionCommand,
} from "@aws-sdk/client-codepipeline";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
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
import { beforeEach, describe, expect, it, vi } from "vitest";
import { testClients } from "../../../test/__fixtures__/cloner-clients";
import { useGitHub } from "../../../test/__fixtures__/github";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";
import { type RecordedMetrics, recordMetrics } from "../../../test/__fixtures__/recorded-metrics";
import { classifyFailure } from "../../aws/classify-failure";
import { METRICS_NAMESPACE, SERVICE_NAME } from "../../aws/constants";
import { InvocationTime } from "../../aws/invocation-time";
import { tagList } from "../../aws/pipeline-tags";
import { gitHubPullRequests } from "../../providers/github/github-pull-requests";
import { createHandler } from "./create-handler";
import { newExecutionContext } from "./execution-context";
import { gitHubSourceListing, ReconcileDeferredError, s3ListingStore } from "./github-source-listing";

const config = defineConfig({
  project: "acme",
  source: { provider: "github", owner: "acme", repository: "infra" },
});
const session = useGitHub();
const codePipeline = mockClient(CodePipelineClient);
const s3 = mockClient(S3Client);
const codeBuild = mockClient(CodeBuildClient);
const eventBridge = mockClient(EventBridgeClient);
const logger = new Logger({ logLevel: "SILENT" });
let metrics: RecordedMetrics;

beforeEach(() => {
  codePipeline.reset();
  s3.reset();
  vi.restoreAllMocks();
  metrics = recordMetrics();
});

let deliveries = 0;
/** The cloner's input for one event GitHub sent: the delivery parsed and handed on as the webhook function does. */
function handedOn(event: GitHubEvent | undefined) {
  if (event === undefined) throw new Error("GitHub sent no event");
  deliveries += 1;
  const delivery = parseGitHubDelivery(config, {
    name: event.name,
    deliveryId: `d-${deliveries}`,
    receivedAt: "2026-01-05T09:00:00.000Z",
    payload: JSON.parse(JSON.stringify(event.payload)),
  });
  if (delivery.outcome !== "accepted") throw new Error(`not accepted: ${JSON.stringify(delivery)}`);
  return JSON.parse(JSON.stringify(forwardedGitHubEvent(delivery.event)));
}

function handler() {
  return createHandler({
    config,
    clients: testClients(),
    logger,
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    pullRequests: gitHubPullRequests(session.api, { owner: "acme", repository: "infra", project: "acme" }),
  });
}

describe("the cloner with a GitHub source", () => {
  it("given a fork's pull request opened and reopened, then one notice is posted, saying why and how to run it", async () => {
    const repository = session.github.repository("acme/infra");
    const { pullRequest, events } = repository.openPullRequest({
      head: "main",
      base: "develop",
      fork: "mallory/infra",
    });
    const [closed] = repository.closePullRequest(pullRequest.number);
    const [reopened] = repository.reopenPullRequest(pullRequest.number);

    const first = await handler()(handedOn(events[0] as GitHubEvent), lambdaContext());
    const again = await handler()(handedOn(reopened as GitHubEvent), lambdaContext());
    await handler()(handedOn(closed as GitHubEvent), lambdaContext());

    expect(first.outcomes).toEqual([
      { action: "commentOnPullRequest", subject: `pull request ${pullRequest.number}`, outcome: "commented" },
    ]);
    expect(again.outcomes[0]).toMatchObject({ outcome: "ignored", reason: "notice exists" });
    const notices = repository.comments.filter((comment) => comment.issueNumber === pullRequest.number);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain("never runs with this project's deploy roles");
    expect(codePipeline.calls()).toHaveLength(0);
    expect(metrics.names).toContain("CommentsPosted");
    expect(session.github.errors).toEqual([]);
  });

  it("given a push to a pull request, then its clone starts at the head and the head's gate turns pending at once", async () => {
    codePipeline
      .on(StartPipelineExecutionCommand)
      .resolves({ pipelineExecutionId: "00000001-0000-4000-8000-000000000000" });
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: [] });
    const repository = session.github.repository("acme/infra");
    repository.pushBranch("feature/gate");
    const { pullRequest } = repository.openPullRequest({ head: "feature/gate", base: "develop" });
    const synchronize = repository.pushBranch("feature/gate").find((event) => event.name === "pull_request");

    const result = await handler()(handedOn(synchronize as GitHubEvent), lambdaContext());

    expect(result.outcomes.map((outcome) => [outcome.action, outcome.outcome])).toEqual([
      ["startExecution", "started"],
      ["revokeApproval", "revoked"],
    ]);
    expect(codePipeline.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input).toMatchObject({
      name: `acme-dev-pr-${pullRequest.number}`,
      sourceRevisions: [
        { actionName: "Source", revisionType: "COMMIT_ID", revisionValue: pullRequest.head.sha },
      ],
    });
    const gate = repository.statuses.filter((status) => status.sha === pullRequest.head.sha);
    expect(gate.map((status) => [status.context, status.state])).toEqual([["tributary/acme", "pending"]]);
  });
});

describe("the reconcile's GitHub listing", () => {
  const target = { owner: "acme", repository: "infra" };
  const context = () =>
    newExecutionContext({
      config,
      clients: testClients(),
      telemetry: { logger, metrics: new Metrics() },
      eventId: "ev",
      target: undefined,
    });
  const running = () => {
    const time = new InvocationTime();
    time.begin({ getRemainingTimeInMillis: () => 900_000 });
    return time;
  };

  it("given no kept pages, then it lists in full and saves the pages; a second instance reads them and lists in 304s", async () => {
    s3.on(GetObjectCommand).rejectsOnce(
      new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} }),
    );
    s3.on(PutObjectCommand).resolves({});
    const store = s3ListingStore(
      new S3Client({ region: "eu-west-1" }),
      "acme-artifacts",
      "tributary/github-listings/acme.json",
    );

    const first = await gitHubSourceListing(session.api, target, store, running())(context());
    const saved = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(saved).toMatchObject({ Bucket: "acme-artifacts", Key: "tributary/github-listings/acme.json" });
    expect(first.openPullRequests).toBeDefined();

    s3.on(GetObjectCommand).resolves({
      Body: { transformToString: async () => String(saved?.Body) } as never,
    });
    session.github.requests.length = 0;
    const second = await gitHubSourceListing(session.api, target, store, running())(context());
    expect(second.branches).toEqual(first.branches);
    expect(session.github.countRequests()).toBe(0);
    expect(session.github.countNotModified()).toBeGreaterThan(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it("given kept pages that cannot be read, then it lists in full and goes on", async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
    s3.on(PutObjectCommand).resolves({});
    const store = s3ListingStore(new S3Client({ region: "eu-west-1" }), "b", "k");
    const listing = await gitHubSourceListing(session.api, target, store, running())(context());
    expect(listing.branches.length).toBeGreaterThan(0);
  });

  it("given GitHub's rate limit with no time left to wait, then the reconcile is deferred, a permanent failure (no retry loop)", async () => {
    session.github.rateLimit.exhaust();
    const time = new InvocationTime();
    time.begin({ getRemainingTimeInMillis: () => 10_000 });
    const error = await gitHubSourceListing(
      session.api,
      target,
      undefined,
      time,
    )(context()).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ReconcileDeferredError);
    expect(classifyFailure(error)).toEqual({ kind: "permanent", reason: "github-rate-limited" });
  });
});

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
  // The clone exists and is this project's (ListTagsForResource), so it is deleted and its stack torn down; then the
  // run history is told through the default bus (core's SOURCE_CLOSED_EVENT), as CodeCommit's own events do.
  beforeEach(() => {
    codeBuild.reset();
    eventBridge.reset();
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: tagList(expectedCloneTags(config)) });
    codePipeline.on(DeletePipelineCommand).resolves({});
    codeBuild.on(StartBuildCommand).resolves({ build: { id: "teardown:1" } });
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "ev-closed" }] });
  });

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
