import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CodeBuildClient, StartBuildCommand } from "@aws-sdk/client-codebuild";
import {
  CodeCommitClient,
  GetPullRequestCommand,
  ListBranchesCommand,
  ListPullRequestsCommand,
} from "@aws-sdk/client-codecommit";
import {
  CodePipelineClient,
  CodePipelineServiceException,
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineCommand,
  InvalidStructureException,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  PipelineNameInUseException,
  PipelineNotFoundException,
  StartPipelineExecutionCommand,
  TagResourceCommand,
  UpdatePipelineCommand,
  ValidationException,
} from "@aws-sdk/client-codepipeline";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import {
  AccessDeniedException,
  GetServiceQuotaCommand,
  NoSuchResourceException,
  ServiceQuotasClient,
  TooManyRequestsException,
} from "@aws-sdk/client-service-quotas";
import { SNSClient } from "@aws-sdk/client-sns";
import {
  ConfigError,
  defineConfig,
  MANAGED_TAGS,
  RECONCILE_CONTINUATION,
  type TributaryConfig,
  templateVersion,
} from "@tributary/core";
import { environmentPipeline } from "@tributary/fake-aws";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { testClients } from "../../../test/__fixtures__/cloner-clients";
import { branchEvent, commit, pullRequestEvent, scheduledEvent } from "../../../test/__fixtures__/events";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";
import { type RecordedMetrics, recordMetrics } from "../../../test/__fixtures__/recorded-metrics";
import { METRICS_NAMESPACE, SERVICE_NAME } from "../../aws/constants";
import { createHandler } from "./create-handler";

const config = defineConfig({ project: "acme", repository: "infra" });
const codePipeline = mockClient(CodePipelineClient);
const codeCommit = mockClient(CodeCommitClient);
const codeBuild = mockClient(CodeBuildClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const sns = mockClient(SNSClient);
const serviceQuotas = mockClient(ServiceQuotasClient);
const ARN_PREFIX = "arn:aws:codepipeline:eu-west-1:123456789012:";

const templates = {
  "acme-dev": environmentPipeline("dev"),
  "acme-qa": environmentPipeline("qa"),
  "acme-prod": environmentPipeline("prod"),
};

function managedTags(branch: string, extra: Record<string, string> = {}) {
  return [
    { key: MANAGED_TAGS.managed, value: "true" },
    { key: MANAGED_TAGS.project, value: "acme" },
    { key: MANAGED_TAGS.branch, value: branch },
    ...Object.entries(extra).map(([key, value]) => ({ key, value })),
  ];
}

function serviceError(name: string, status: number) {
  return new CodePipelineServiceException({
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

let metrics: RecordedMetrics;
let logger: Logger;

function handler(withConfig: TributaryConfig = config) {
  return createHandler({
    config: withConfig,
    clients: testClients(),
    logger,
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
  });
}

const awsCalls = () =>
  [codePipeline, codeCommit, codeBuild, tagging, serviceQuotas, sns].reduce(
    (sum, client) => sum + client.calls().length,
    0,
  );

/** What GetResources lists: the project's pipelines with their tags (one page). */
function taggedAre(pipelines: Record<string, ReadonlyArray<{ key: string; value: string }>>): void {
  tagging.on(GetResourcesCommand).resolves({
    PaginationToken: "",
    ResourceTagMappingList: Object.entries(pipelines).map(([name, tags]) => ({
      ResourceARN: `${ARN_PREFIX}${name}`,
      Tags: tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
    })),
  });
}

beforeEach(() => {
  codePipeline.reset();
  codeCommit.reset();
  codeBuild.reset();
  tagging.reset();
  sns.reset();
  serviceQuotas.reset();
  // The account's pipeline quota, as Service Quotas answers it (the default 1,000, a double).
  serviceQuotas.on(GetServiceQuotaCommand).resolves({ Quota: { QuotaCode: "L-78D200AD", Value: 1000.0 } });
  taggedAre({});
  vi.restoreAllMocks();
  metrics = recordMetrics();
  logger = new Logger({ serviceName: SERVICE_NAME, logLevel: "SILENT" });
  codePipeline.on(GetPipelineCommand).callsFake((input: { name: string }) => {
    const pipeline = templates[input.name as keyof typeof templates];
    if (!pipeline) throw new PipelineNotFoundException({ message: input.name, $metadata: {} });
    return { pipeline, metadata: { pipelineArn: `${ARN_PREFIX}${input.name}` } };
  });
  codePipeline
    .on(CreatePipelineCommand)
    .callsFake((input) => ({ pipeline: input.pipeline, tags: input.tags }));
  codeBuild.on(StartBuildCommand).resolves({ build: { id: "acme-stack-teardown:1" } });
});

describe("branch created", () => {
  it("given a new feature branch, when the event arrives, then its clone is created with managed tags and no extra start", async () => {
    const result = await handler()(
      branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") }),
      lambdaContext(),
    );

    const [create] = codePipeline.commandCalls(CreatePipelineCommand);
    const pipeline = create?.args[0].input.pipeline;
    expect(pipeline?.name).toBe("acme-dev-feature-login");
    expect(pipeline?.stages?.[0]?.actions?.[0]?.configuration?.BranchName).toBe("feature/login");
    expect(pipeline?.stages?.flatMap((stage) => stage.actions?.map((action) => action.name))).not.toContain(
      "Approve",
    );
    expect(create?.args[0].input.tags).toEqual(
      expect.arrayContaining([
        { key: MANAGED_TAGS.managed, value: "true" },
        { key: MANAGED_TAGS.template, value: "acme-dev" },
        { key: MANAGED_TAGS.branch, value: "feature/login" },
        { key: MANAGED_TAGS.ephemeral, value: "true" },
        // the template's version, from the GetPipeline the clone was made from (no extra call)
        { key: MANAGED_TAGS.templateVersion, value: templateVersion(templates["acme-dev"]) },
      ]),
    );
    expect(codePipeline.commandCalls(StartPipelineExecutionCommand)).toHaveLength(0);
    expect(awsCalls()).toBe(2);
    expect(result.outcomes).toEqual([
      { action: "createClone", subject: "acme-dev-feature-login", outcome: "created" },
    ]);
    expect(metrics.names).toEqual(["PipelinesCreated"]);
  });

  it("given a release branch, when created, then its clone copies qa and deploys the shared qa stack", async () => {
    await handler()(
      branchEvent("referenceCreated", "infra", "release/1.2.0", { commitId: commit("r1") }),
      lambdaContext(),
    );

    const pipeline = codePipeline.commandCalls(CreatePipelineCommand)[0]?.args[0].input.pipeline;
    expect(codePipeline.commandCalls(GetPipelineCommand)[0]?.args[0].input.name).toBe("acme-qa");
    expect(pipeline?.variables).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "StackName", defaultValue: "acme-qa" })]),
    );
  });

  it("given the clone already exists with the same managed tags, when the event is redelivered, then it succeeds without change", async () => {
    codePipeline
      .on(CreatePipelineCommand)
      .rejects(new PipelineNameInUseException({ message: "in use", $metadata: {} }));
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: managedTags("feature/login") });

    const result = await handler()(
      branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") }),
      lambdaContext(),
    );

    expect(result.outcomes[0]?.outcome).toBe("exists");
    expect(codePipeline.commandCalls(ListTagsForResourceCommand)[0]?.args[0].input.resourceArn).toBe(
      `${ARN_PREFIX}acme-dev-feature-login`,
    );
    expect(metrics.names).toEqual([]);
  });

  it("given a foreign pipeline holds the name, when the branch is created, then it is refused, left untouched and counted", async () => {
    codePipeline
      .on(CreatePipelineCommand)
      .rejects(new PipelineNameInUseException({ message: "in use", $metadata: {} }));
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: [{ key: "owner", value: "someone" }] });

    const result = await handler()(
      branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") }),
      lambdaContext(),
    );

    expect(result.outcomes).toEqual([
      expect.objectContaining({ outcome: "failed", reason: "foreign-pipeline" }),
    ]);
    expect(codePipeline.commandCalls(DeletePipelineCommand)).toHaveLength(0);
    expect(metrics.failureReasons).toEqual(["foreign-pipeline"]);
    expect(metrics.names).toEqual(["Failures"]);
  });

  it("given a managed clone of another branch holds the name, when created, then it is refused as foreign", async () => {
    codePipeline
      .on(CreatePipelineCommand)
      .rejects(new PipelineNameInUseException({ message: "in use", $metadata: {} }));
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: managedTags("feature/LOGIN") });

    const result = await handler()(
      branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") }),
      lambdaContext(),
    );

    expect(result.outcomes[0]).toEqual(
      expect.objectContaining({ outcome: "failed", reason: "foreign-pipeline" }),
    );
  });

  it("given develop is created, when the event arrives, then no AWS call is made and one line says why", async () => {
    const info = vi.spyOn(logger, "info");
    const result = await handler()(
      branchEvent("referenceCreated", "infra", "develop", { commitId: commit("d1") }),
      lambdaContext(),
    );

    expect(awsCalls()).toBe(0);
    expect(result.outcomes).toEqual([expect.objectContaining({ action: "ignore", outcome: "ignored" })]);
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]?.[1]).toEqual(
      expect.objectContaining({ reason: expect.stringMatching(/own pipeline/) }),
    );
    expect(metrics.names).toEqual(["EventsIgnored"]);
  });
});

describe("branch updated", () => {
  it("given a push to a feature branch, when the event arrives, then its clone starts at that commit with one call", async () => {
    codePipeline.on(StartPipelineExecutionCommand).resolves({ pipelineExecutionId: "e-1" });

    const result = await handler()(
      branchEvent("referenceUpdated", "infra", "feature/login", {
        commitId: commit("f2"),
        oldCommitId: commit("f1"),
      }),
      lambdaContext(),
    );

    const input = codePipeline.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input;
    expect(input).toEqual({
      name: "acme-dev-feature-login",
      clientRequestToken: expect.stringMatching(/^tributary-[a-z0-9]{10}$/),
      sourceRevisions: [{ actionName: "Source", revisionType: "COMMIT_ID", revisionValue: commit("f2") }],
    });
    expect(awsCalls()).toBe(1);
    expect(result.outcomes[0]?.outcome).toBe("started");
    expect(metrics.names).toEqual(["ExecutionsStarted"]);
  });

  it("given the clone is missing, when a push arrives, then the clone is created instead", async () => {
    codePipeline
      .on(StartPipelineExecutionCommand)
      .rejects(new PipelineNotFoundException({ message: "missing", $metadata: {} }));

    const result = await handler()(
      branchEvent("referenceUpdated", "infra", "feature/login", {
        commitId: commit("f2"),
        oldCommitId: commit("f1"),
      }),
      lambdaContext(),
    );

    expect(codePipeline.commandCalls(CreatePipelineCommand)).toHaveLength(1);
    expect(result.outcomes[0]?.outcome).toBe("created");
  });

  it("given a push to main, when the event arrives, then it is left to the prod pipeline", async () => {
    const result = await handler()(
      branchEvent("referenceUpdated", "infra", "main", { commitId: commit("m2"), oldCommitId: commit("m1") }),
      lambdaContext(),
    );

    expect(awsCalls()).toBe(0);
    expect(result.outcomes[0]?.outcome).toBe("ignored");
  });
});

describe("branch deleted", () => {
  it("given a feature branch is deleted, when the event arrives, then its clone is deleted after a tag check and its stack torn down", async () => {
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: managedTags("feature/login") });

    const result = await handler()(
      branchEvent("referenceDeleted", "infra", "feature/login", { oldCommitId: commit("f2") }),
      lambdaContext(),
    );

    expect(codePipeline.commandCalls(DeletePipelineCommand)[0]?.args[0].input).toEqual({
      name: "acme-dev-feature-login",
    });
    expect(codeBuild.commandCalls(StartBuildCommand)[0]?.args[0].input).toEqual({
      projectName: "acme-stack-teardown",
      environmentVariablesOverride: [
        { name: "STACK_NAME", value: "acme-dev-feature-login", type: "PLAINTEXT" },
        { name: "TEARDOWN_REASON", value: "removed", type: "PLAINTEXT" },
        { name: "PIPELINE_NAME", value: "acme-dev-feature-login", type: "PLAINTEXT" },
      ],
      idempotencyToken: expect.stringMatching(/^tributary-/),
    });
    expect(result.outcomes.map((outcome) => outcome.outcome)).toEqual(["deleted", "teardown-started"]);
    expect(metrics.names).toEqual(["PipelinesDeleted", "StacksTornDown"]);
  });

  it("given a release branch is deleted, when the event arrives, then its clone is deleted and the shared stack kept", async () => {
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: managedTags("release/1.2.0") });

    await handler()(
      branchEvent("referenceDeleted", "infra", "release/1.2.0", { oldCommitId: commit("r2") }),
      lambdaContext(),
    );

    expect(codePipeline.commandCalls(DeletePipelineCommand)).toHaveLength(1);
    expect(codeBuild.commandCalls(StartBuildCommand)).toHaveLength(0);
  });

  it("given the clone is already gone, when the delete is redelivered, then it succeeds and starts no second teardown (the delivery that deleted the clone started it; the sweep repairs a stack a failed attempt left)", async () => {
    codePipeline.on(ListTagsForResourceCommand).rejects(serviceError("ResourceNotFoundException", 400));

    const result = await handler()(
      branchEvent("referenceDeleted", "infra", "feature/login", { oldCommitId: commit("f2") }),
      lambdaContext(),
    );

    expect(codePipeline.commandCalls(DeletePipelineCommand)).toHaveLength(0);
    expect(result.outcomes.map((outcome) => outcome.outcome)).toEqual(["absent", "absent"]);
    expect(codeBuild.commandCalls(StartBuildCommand)).toHaveLength(0);
  });

  it("given DeletePipeline finds nothing, when the clone vanished after the tag check, then it succeeds", async () => {
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: managedTags("feature/login") });
    codePipeline
      .on(DeletePipelineCommand)
      .rejects(new PipelineNotFoundException({ message: "gone", $metadata: {} }));

    const result = await handler()(
      branchEvent("referenceDeleted", "infra", "feature/login", { oldCommitId: commit("f2") }),
      lambdaContext(),
    );

    expect(result.outcomes[0]?.outcome).toBe("absent");
  });

  it("given the pipeline lacks the managed tags, when the branch is deleted, then nothing is deleted or torn down", async () => {
    codePipeline
      .on(ListTagsForResourceCommand)
      .resolves({ tags: [{ key: MANAGED_TAGS.project, value: "acme" }] });

    const result = await handler()(
      branchEvent("referenceDeleted", "infra", "feature/login", { oldCommitId: commit("f2") }),
      lambdaContext(),
    );

    expect(codePipeline.commandCalls(DeletePipelineCommand)).toHaveLength(0);
    expect(codeBuild.commandCalls(StartBuildCommand)).toHaveLength(0);
    expect(result.outcomes.map((outcome) => outcome.outcome)).toEqual(["failed", "skipped"]);
    expect(metrics.failureReasons).toEqual(["foreign-pipeline"]);
  });
});

describe("pull requests", () => {
  const pr = {
    repository: "infra",
    pullRequestId: "42",
    sourceBranch: "feature/login",
    destinationBranch: "develop",
    sourceCommit: commit("f2"),
    destinationCommit: commit("d1"),
  };

  it("given a PR is created, when the event arrives, then its clone is created on the source branch and the cloner writes no comment (the notifier does)", async () => {
    const result = await handler()(pullRequestEvent("pullRequestCreated", pr), lambdaContext());

    const pipeline = codePipeline.commandCalls(CreatePipelineCommand)[0]?.args[0].input.pipeline;
    expect(pipeline?.name).toBe("acme-dev-pr-42");
    expect(pipeline?.stages?.[0]?.actions?.[0]?.configuration?.BranchName).toBe("feature/login");
    expect(codeCommit.calls()).toHaveLength(0);
    expect(result.outcomes.map((outcome) => outcome.outcome)).toEqual(["created"]);
  });

  it("given a PR is reopened, when the event arrives, then its clone is created again and no comment is touched", async () => {
    await handler()(pullRequestEvent("pullRequestStatusChanged", pr, { status: "Open" }), lambdaContext());

    expect(codePipeline.commandCalls(CreatePipelineCommand)).toHaveLength(1);
    expect(codeCommit.calls()).toHaveLength(0);
  });

  it("given the PR's source branch is updated, when the event arrives, then its clone starts at the new commit", async () => {
    codePipeline.on(StartPipelineExecutionCommand).resolves({ pipelineExecutionId: "e-2" });

    await handler()(
      pullRequestEvent("pullRequestSourceBranchUpdated", { ...pr, sourceCommit: commit("f3") }),
      lambdaContext(),
    );

    expect(codePipeline.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input).toEqual(
      expect.objectContaining({
        name: "acme-dev-pr-42",
        sourceRevisions: [{ actionName: "Source", revisionType: "COMMIT_ID", revisionValue: commit("f3") }],
      }),
    );
  });

  it.each([
    ["closed", pullRequestEvent("pullRequestStatusChanged", pr, { status: "Closed" })],
    ["merged", pullRequestEvent("pullRequestMergeStatusUpdated", pr, { status: "Closed", merged: true })],
  ])(
    "given a PR is %s, when the event arrives, then its clone is deleted and its stack torn down",
    async (_state, event) => {
      codePipeline
        .on(ListTagsForResourceCommand)
        .resolves({ tags: managedTags("feature/login", { [MANAGED_TAGS.pullRequest]: "42" }) });

      const result = await handler()(event, lambdaContext());

      expect(codePipeline.commandCalls(DeletePipelineCommand)[0]?.args[0].input.name).toBe("acme-dev-pr-42");
      expect(
        codeBuild.commandCalls(StartBuildCommand)[0]?.args[0].input.environmentVariablesOverride?.[0]?.value,
      ).toBe("acme-dev-pr-42");
      expect(result.outcomes.map((outcome) => outcome.outcome)).toEqual(["deleted", "teardown-started"]);
    },
  );

  it("given a PR into an unmapped branch, when it is created, then nothing is called and the reason is logged", async () => {
    const result = await handler()(
      pullRequestEvent("pullRequestCreated", { ...pr, destinationBranch: "experiments/x" }),
      lambdaContext(),
    );

    expect(awsCalls()).toBe(0);
    expect(result.outcomes[0]?.outcome).toBe("ignored");
  });
});

describe("a reconcile longer than its invocation", () => {
  const eventBridge = mockClient(EventBridgeClient);
  beforeEach(() => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "c-2" }] });
    codeCommit.on(ListBranchesCommand).resolves({ branches: ["develop", "main", "feature/a", "feature/b"] });
    codeCommit.on(ListPullRequestsCommand).resolves({ pullRequestIds: [] });
    codePipeline.on(ListPipelinesCommand).resolves({ pipelines: [{ name: "acme-dev" }] });
  });

  /** A Lambda context whose clock has `first` ms left when asked first, then `then` ms. */
  function clock(first: number, then: number) {
    let asked = 0;
    return { ...lambdaContext(), getRemainingTimeInMillis: () => (asked++ === 0 ? first : then) };
  }

  it("given less than a fifth of its time left once planned, when reconciling, then it runs one group (every round makes progress), defers the rest and puts one continuation of round 2", async () => {
    const event = scheduledEvent();

    const result = await handler()(event, clock(300_000, 30_000));

    expect(codePipeline.commandCalls(CreatePipelineCommand)).toHaveLength(1);
    expect(result.outcomes.map((outcome) => outcome.outcome)).toEqual(["created", "deferred"]);
    const entry = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({
      Source: RECONCILE_CONTINUATION.source,
      DetailType: RECONCILE_CONTINUATION.detailType,
    });
    expect(JSON.parse(entry?.Detail ?? "{}")).toEqual({ round: 2, origin: event.id });
    expect(metrics.names).toContain("ReconcilesContinued");
  });

  it("given its time, when reconciling, then it finishes and puts no continuation", async () => {
    await handler()(scheduledEvent(), clock(300_000, 299_000));

    expect(codePipeline.commandCalls(CreatePipelineCommand)).toHaveLength(2);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});

describe("scheduled reconcile", () => {
  it("given branches, open PRs and managed pipelines over several pages, when reconciling, then missing clones are created and stale ones deleted", async () => {
    codeCommit
      .on(ListBranchesCommand, { nextToken: undefined })
      .resolves({ branches: ["develop", "main", "feature/new"], nextToken: "p2" })
      .on(ListBranchesCommand, { nextToken: "p2" })
      .resolves({ branches: ["feature/kept", "wip/ignored"] });
    codeCommit
      .on(ListPullRequestsCommand, { nextToken: undefined })
      .resolves({ pullRequestIds: ["7"], nextToken: "q2" })
      .on(ListPullRequestsCommand, { nextToken: "q2" })
      .resolves({ pullRequestIds: ["8"] });
    codeCommit.on(GetPullRequestCommand, { pullRequestId: "7" }).resolves({
      pullRequest: {
        pullRequestId: "7",
        pullRequestStatus: "OPEN",
        pullRequestTargets: [
          {
            repositoryName: "infra",
            sourceReference: "refs/heads/feature/kept",
            destinationReference: "refs/heads/develop",
          },
        ],
      },
    });
    codeCommit
      .on(GetPullRequestCommand, { pullRequestId: "8" })
      .resolves({ pullRequest: { pullRequestId: "8", pullRequestStatus: "CLOSED" } });
    codePipeline
      .on(ListPipelinesCommand, { nextToken: undefined })
      .resolves({
        pipelines: [{ name: "acme-dev" }, { name: "acme-dev-feature-kept" }, { name: "other-team-x" }],
        nextToken: "r2",
      })
      .on(ListPipelinesCommand, { nextToken: "r2" })
      .resolves({ pipelines: [{ name: "acme-dev-feature-gone" }, { name: "acme-handmade" }] });
    const kept = managedTags("feature/kept", {
      [MANAGED_TAGS.ephemeral]: "true",
      [MANAGED_TAGS.stack]: "acme-dev-feature-kept",
      [MANAGED_TAGS.templateVersion]: templateVersion(templates["acme-dev"]),
    });
    const gone = managedTags("feature/gone", {
      [MANAGED_TAGS.ephemeral]: "true",
      [MANAGED_TAGS.stack]: "acme-dev-feature-gone",
    });
    taggedAre({ "acme-dev-feature-kept": kept, "acme-dev-feature-gone": gone });
    codePipeline
      .on(ListTagsForResourceCommand, { resourceArn: `${ARN_PREFIX}acme-dev-feature-kept` })
      .resolves({ tags: kept });
    codePipeline
      .on(ListTagsForResourceCommand, { resourceArn: `${ARN_PREFIX}acme-dev-feature-gone` })
      .resolves({ tags: gone });
    codePipeline
      .on(ListTagsForResourceCommand, { resourceArn: `${ARN_PREFIX}acme-handmade` })
      .resolves({ tags: [] });

    const result = await handler()(scheduledEvent(), lambdaContext());

    expect(
      codePipeline
        .commandCalls(CreatePipelineCommand)
        .map((call) => call.args[0].input.pipeline?.name)
        .sort(),
    ).toEqual(["acme-dev-feature-new", "acme-dev-pr-7"]);
    expect(codePipeline.commandCalls(DeletePipelineCommand).map((call) => call.args[0].input.name)).toEqual([
      "acme-dev-feature-gone",
    ]);
    expect(
      codeBuild.commandCalls(StartBuildCommand)[0]?.args[0].input.environmentVariablesOverride?.[0]?.value,
    ).toBe("acme-dev-feature-gone");
    expect(codePipeline.commandCalls(GetPipelineCommand)).toHaveLength(1);
    expect(
      codePipeline
        .commandCalls(ListTagsForResourceCommand)
        .map((call) => call.args[0].input.resourceArn)
        .sort(),
    ).toEqual([
      // The plan took every tag from GetResources; only deleteClone reads them again, strongly consistent, first.
      `${ARN_PREFIX}acme-dev-feature-gone`,
    ]);
    expect(tagging.commandCalls(GetResourcesCommand)[0]?.args[0].input).toMatchObject({
      TagFilters: [{ Key: MANAGED_TAGS.project, Values: ["acme"] }],
      ResourceTypeFilters: ["codepipeline:pipeline", "cloudformation:stack"],
      ResourcesPerPage: 100,
    });
    expect(codePipeline.commandCalls(UpdatePipelineCommand)).toHaveLength(0);
    expect(result.outcomes).toHaveLength(4);
  });

  it("given a listed pipeline the tagging API does not list with the project tag (another project's), when reconciling, then it is left alone", async () => {
    codeCommit.on(ListBranchesCommand).resolves({ branches: ["develop", "main"] });
    codeCommit.on(ListPullRequestsCommand).resolves({ pullRequestIds: [] });
    codePipeline
      .on(ListPipelinesCommand)
      .resolves({ pipelines: [{ name: "acme-dev" }, { name: "acme-ops-pipeline" }] });
    codePipeline
      .on(ListTagsForResourceCommand, { resourceArn: `${ARN_PREFIX}acme-ops-pipeline` })
      .rejects(serviceError("AccessDeniedException", 400));

    const result = await handler()(scheduledEvent(), lambdaContext());

    expect(codePipeline.commandCalls(DeletePipelineCommand)).toHaveLength(0);
    expect(codePipeline.commandCalls(UpdatePipelineCommand)).toHaveLength(0);
    expect(metrics.failureReasons).toEqual([]);
    expect(result.outcomes).toEqual([]);
  });

  it("given a clone name taken by a pipeline whose tags IAM will not show (another project's), when creating, then it is refused as foreign", async () => {
    codePipeline.on(CreatePipelineCommand).rejects(serviceError("PipelineNameInUseException", 400));
    codePipeline.on(ListTagsForResourceCommand).rejects(serviceError("AccessDeniedException", 400));

    await handler()(
      branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") }),
      lambdaContext(),
    );

    expect(metrics.failureReasons).toEqual(["foreign-pipeline"]);
    expect(codePipeline.commandCalls(DeletePipelineCommand)).toHaveLength(0);
  });

  it("given listing is throttled beyond the SDK's retries, when reconciling, then the failure is rethrown", async () => {
    codeCommit.on(ListBranchesCommand).rejects(serviceError("ThrottlingException", 400));
    codeCommit.on(ListPullRequestsCommand).resolves({ pullRequestIds: [] });
    codePipeline.on(ListPipelinesCommand).resolves({ pipelines: [] });

    await expect(handler()(scheduledEvent(), lambdaContext())).rejects.toThrow("ThrottlingException");
    expect(metrics.failureReasons).toEqual(["throttling"]);
  });

  it("given one create is throttled and another refused, when reconciling, then every action is tried and the throttling rethrown", async () => {
    codeCommit.on(ListBranchesCommand).resolves({ branches: ["feature/a", "feature/b", "feature/c"] });
    codeCommit.on(ListPullRequestsCommand).resolves({ pullRequestIds: [] });
    codePipeline.on(ListPipelinesCommand).resolves({ pipelines: [] });
    codePipeline.on(CreatePipelineCommand).callsFake(async (input) => {
      if (input.pipeline?.name === "acme-dev-feature-a") throw serviceError("ThrottlingException", 400);
      if (input.pipeline?.name === "acme-dev-feature-b") throw serviceError("ValidationException", 400);
      return { pipeline: input.pipeline };
    });

    await expect(handler()(scheduledEvent(), lambdaContext())).rejects.toThrow("ThrottlingException");
    expect(codePipeline.commandCalls(CreatePipelineCommand)).toHaveLength(3);
    expect(metrics.failureReasons.sort()).toEqual(["throttling", "validation"]);
    expect(metrics.names).toContain("PipelinesCreated");
  });
});

describe("scheduled reconcile: the pipeline limit", () => {
  /** maxPipelines 6 with 1 kept free; the region holds the 3 environment pipelines; 4 branches want clones. */
  const small = defineConfig({ project: "acme", repository: "infra", maxPipelines: 6, pipelineHeadroom: 1 });
  const created = () =>
    codePipeline
      .commandCalls(CreatePipelineCommand)
      .map((call) => call.args[0].input.pipeline?.name)
      .sort();

  beforeEach(() => {
    codeCommit
      .on(ListBranchesCommand)
      .resolves({ branches: ["develop", "main", "feature/a", "feature/b", "release/1.0", "hotfix/2"] });
    codeCommit.on(ListPullRequestsCommand).resolves({ pullRequestIds: [] });
    codePipeline
      .on(ListPipelinesCommand)
      .resolves({ pipelines: [{ name: "acme-dev" }, { name: "acme-qa" }, { name: "acme-prod" }] });
  });

  it("given Service Quotas answers a quota above maxPipelines, when reconciling, then the quota is the limit and every clone fits", async () => {
    serviceQuotas.on(GetServiceQuotaCommand).resolves({ Quota: { QuotaCode: "L-78D200AD", Value: 8 } });

    const result = await handler(small)(scheduledEvent(), lambdaContext());

    expect(created()).toEqual([
      "acme-dev-feature-a",
      "acme-dev-feature-b",
      "acme-qa-hotfix-2",
      "acme-qa-release-1.0",
    ]);
    expect(result.outcomes.filter((outcome) => outcome.outcome === "refused")).toEqual([]);
    expect(serviceQuotas.commandCalls(GetServiceQuotaCommand).map((call) => call.args[0].input)).toEqual([
      { ServiceCode: "codepipeline", QuotaCode: "L-78D200AD" },
    ]);
  });

  it("given Service Quotas answers a quota below maxPipelines, when reconciling, then the quota is kept to", async () => {
    serviceQuotas.on(GetServiceQuotaCommand).resolves({ Quota: { QuotaCode: "L-78D200AD", Value: 5 } });

    await handler(small)(scheduledEvent(), lambdaContext());

    expect(created()).toEqual(["acme-qa-hotfix-2"]);
  });

  it.each<[string, Error | { Quota: { Value?: number } }]>([
    [
      "NoSuchResourceException",
      new NoSuchResourceException({
        message: "This service is not available in the current Region.",
        $metadata: {},
      }),
    ],
    ["AccessDeniedException", new AccessDeniedException({ message: "not authorized", $metadata: {} })],
    [
      "throttling beyond the SDK's retries",
      new TooManyRequestsException({ message: "Rate exceeded", $metadata: {} }),
    ],
    ["an answer without a value", { Quota: {} }],
  ])(
    "given %s, when reconciling, then maxPipelines is the limit, the reason is logged once and the reconcile goes on",
    async (_name, answer) => {
      if (answer instanceof Error) serviceQuotas.on(GetServiceQuotaCommand).rejects(answer);
      else serviceQuotas.on(GetServiceQuotaCommand).resolves(answer);
      const warn = vi.spyOn(logger, "warn");

      const result = await handler(small)(scheduledEvent(), lambdaContext());

      // 6 - 1 - 3 = 2 places: the release and the hotfix; the features are refused.
      expect(created()).toEqual(["acme-qa-hotfix-2", "acme-qa-release-1.0"]);
      expect(
        result.outcomes.filter((outcome) => outcome.outcome === "refused").map((o) => o.subject),
      ).toEqual(["acme-dev-feature-a", "acme-dev-feature-b"]);
      const quotaWarnings = warn.mock.calls.filter(([message]) =>
        String(message).startsWith("Pipeline quota"),
      );
      expect(quotaWarnings).toHaveLength(1);
      expect(JSON.stringify(quotaWarnings[0])).toContain(answer instanceof Error ? answer.name : "no value");
      expect(metrics.failureReasons).toEqual([]);
    },
  );

  it("given a branch event, when it is handled, then Service Quotas is not called", async () => {
    await handler(small)(
      branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") }),
      lambdaContext(),
    );

    expect(serviceQuotas.calls()).toHaveLength(0);
  });
});

describe("scheduled reconcile: clones follow their template", () => {
  const version = (name: keyof typeof templates) => templateVersion(templates[name]);
  const clones = {
    "acme-dev-feature-a": managedTags("feature/a", { [MANAGED_TAGS.templateVersion]: "0ld0ld0ld0" }),
    "acme-dev-feature-b": managedTags("feature/b", { [MANAGED_TAGS.templateVersion]: version("acme-dev") }),
    "acme-qa-release-1.0": managedTags("release/1.0"),
    "acme-prod-pr-5": managedTags("feature/a", {
      [MANAGED_TAGS.pullRequest]: "5",
      [MANAGED_TAGS.templateVersion]: "0ld0ld0ld0",
    }),
  };

  beforeEach(() => {
    codeCommit
      .on(ListBranchesCommand)
      .resolves({ branches: ["develop", "main", "feature/a", "feature/b", "release/1.0"] });
    codeCommit.on(ListPullRequestsCommand).resolves({ pullRequestIds: ["5"] });
    codeCommit.on(GetPullRequestCommand).resolves({
      pullRequest: {
        pullRequestId: "5",
        pullRequestStatus: "OPEN",
        pullRequestTargets: [
          { repositoryName: "infra", sourceReference: "feature/a", destinationReference: "main" },
        ],
      },
    });
    codePipeline.on(ListPipelinesCommand).resolves({
      pipelines: ["acme-dev", "acme-qa", "acme-prod", ...Object.keys(clones)].map((name) => ({ name })),
    });
    taggedAre(clones);
    for (const [name, tags] of Object.entries(clones)) {
      codePipeline.on(ListTagsForResourceCommand, { resourceArn: `${ARN_PREFIX}${name}` }).resolves({ tags });
    }
    codePipeline.on(UpdatePipelineCommand).callsFake((input) => ({ pipeline: input.pipeline }));
    codePipeline.on(TagResourceCommand).resolves({});
  });

  it("given clones behind, at and without their template's version, when reconciling, then each template is read once and only the clones behind are updated and tagged", async () => {
    const result = await handler()(scheduledEvent(), lambdaContext());

    expect(
      codePipeline
        .commandCalls(GetPipelineCommand)
        .map((call) => call.args[0].input.name)
        .sort(),
    ).toEqual(["acme-dev", "acme-prod", "acme-qa"]);
    // One strongly consistent read before each update; the plan itself read no tags one by one.
    expect(codePipeline.commandCalls(ListTagsForResourceCommand)).toHaveLength(3);
    expect(
      codePipeline
        .commandCalls(UpdatePipelineCommand)
        .map((call) => call.args[0].input.pipeline?.name)
        .sort(),
    ).toEqual(["acme-dev-feature-a", "acme-prod-pr-5", "acme-qa-release-1.0"]);
    const tagged = Object.fromEntries(
      codePipeline
        .commandCalls(TagResourceCommand)
        .map((call) => [
          call.args[0].input.resourceArn,
          Object.fromEntries((call.args[0].input.tags ?? []).map((tag) => [tag.key, tag.value])),
        ]),
    );
    expect(tagged).toEqual({
      [`${ARN_PREFIX}acme-dev-feature-a`]: {
        [MANAGED_TAGS.managed]: "true",
        [MANAGED_TAGS.project]: "acme",
        [MANAGED_TAGS.templateVersion]: version("acme-dev"),
      },
      [`${ARN_PREFIX}acme-prod-pr-5`]: {
        [MANAGED_TAGS.managed]: "true",
        [MANAGED_TAGS.project]: "acme",
        [MANAGED_TAGS.templateVersion]: version("acme-prod"),
      },
      [`${ARN_PREFIX}acme-qa-release-1.0`]: {
        [MANAGED_TAGS.managed]: "true",
        [MANAGED_TAGS.project]: "acme",
        [MANAGED_TAGS.templateVersion]: version("acme-qa"),
      },
    });
    const prodClone = codePipeline
      .commandCalls(UpdatePipelineCommand)
      .find((call) => call.args[0].input.pipeline?.name === "acme-prod-pr-5")?.args[0].input.pipeline;
    expect(JSON.stringify(prodClone)).not.toContain('"Approval"');
    expect(prodClone?.stages?.[0]?.actions?.[0]?.configuration?.BranchName).toBe("feature/a");
    expect(result.outcomes.map((outcome) => `${outcome.subject}:${outcome.outcome}`).sort()).toEqual([
      "acme-dev-feature-a:updated",
      "acme-prod-pr-5:updated",
      "acme-qa-release-1.0:updated",
    ]);
    // ClonesRefused is published by every reconcile, 0 here, so that its alarm clears.
    expect(metrics.names).toEqual([
      "PipelinesUpdated",
      "PipelinesUpdated",
      "PipelinesUpdated",
      "ClonesRefused",
    ]);
    expect(codePipeline.commandCalls(CreatePipelineCommand)).toHaveLength(0);
  });

  it("given every clone at its template's version, when reconciling, then nothing changes and the calls are the listings, the PR without a clone naming its branches, and one GetPipeline per template", async () => {
    const current: Record<string, Array<{ key: string; value: string }>> = {};
    for (const [name, tags] of Object.entries(clones)) {
      const template = name.startsWith("acme-dev-")
        ? "acme-dev"
        : name.startsWith("acme-qa-")
          ? "acme-qa"
          : "acme-prod";
      current[name] = [
        ...tags.filter((tag) => tag.key !== MANAGED_TAGS.templateVersion),
        { key: MANAGED_TAGS.templateVersion, value: version(template) },
      ];
    }
    taggedAre(current);

    const result = await handler()(scheduledEvent(), lambdaContext());

    expect(result.outcomes).toEqual([]);
    // ListBranches, ListPullRequests, ListPipelines, GetResources, GetServiceQuota, GetPullRequest (its clone's
    // tags name no environment), 3 GetPipeline; no ListTagsForResource.
    expect(awsCalls()).toBe(9);
    expect(codePipeline.commandCalls(ListTagsForResourceCommand)).toHaveLength(0);
  });

  it("given a template that is not deployed, when reconciling, then its clones are left alone, the others updated and the failure counted", async () => {
    codePipeline
      .on(GetPipelineCommand, { name: "acme-qa" })
      .rejects(new PipelineNotFoundException({ message: "acme-qa", $metadata: {} }));

    const result = await handler()(scheduledEvent(), lambdaContext());

    expect(
      codePipeline
        .commandCalls(UpdatePipelineCommand)
        .map((call) => call.args[0].input.pipeline?.name)
        .sort(),
    ).toEqual(["acme-dev-feature-a", "acme-prod-pr-5"]);
    expect(result.outcomes).toHaveLength(2);
    expect(metrics.failureReasons).toEqual(["not-found"]);
  });

  it("given a template read is throttled beyond retries, when reconciling, then the scheduled event is rethrown and nothing is changed", async () => {
    codePipeline
      .on(GetPipelineCommand, { name: "acme-prod" })
      .rejects(serviceError("ThrottlingException", 400));

    await expect(handler()(scheduledEvent(), lambdaContext())).rejects.toThrow("ThrottlingException");
    expect(codePipeline.commandCalls(UpdatePipelineCommand)).toHaveLength(0);
    expect(metrics.failureReasons).toEqual(["throttling"]);
  });

  it("given another branch's clone at a clone's name, when reconciling, then its update is refused and the others go on", async () => {
    codePipeline
      .on(ListTagsForResourceCommand, { resourceArn: `${ARN_PREFIX}acme-dev-feature-a` })
      .resolves({ tags: managedTags("feature/other") });

    const result = await handler()(scheduledEvent(), lambdaContext());

    expect(result.outcomes.find((outcome) => outcome.subject === "acme-dev-feature-a")).toMatchObject({
      outcome: "failed",
      reason: "foreign-pipeline",
    });
    expect(codePipeline.commandCalls(UpdatePipelineCommand)).toHaveLength(2);
  });
});

describe("failure classes", () => {
  const push = () =>
    branchEvent("referenceUpdated", "infra", "feature/login", {
      commitId: commit("f2"),
      oldCommitId: commit("f1"),
    });

  it.each([
    ["ThrottlingException after the SDK's retries", serviceError("ThrottlingException", 400), "throttling"],
    ["a 500 from the service", serviceError("InternalFailure", 500), "server-error"],
    ["an SDK timeout", Object.assign(new Error("socket timed out"), { name: "TimeoutError" }), "timeout"],
    ["a network failure", Object.assign(new Error("reset"), { code: "ECONNRESET" }), "network"],
  ])(
    "given %s, when a push is handled, then the error is rethrown so Lambda retries",
    async (_case, error, reason) => {
      codePipeline.on(StartPipelineExecutionCommand).rejects(error);

      await expect(handler()(push(), lambdaContext())).rejects.toBe(error);
      expect(metrics.failureReasons).toEqual([reason]);
    },
  );

  it.each([
    ["a ValidationException", new ValidationException({ message: "bad", $metadata: {} }), "validation"],
    [
      "an InvalidStructureException",
      new InvalidStructureException({ message: "bad", $metadata: {} }),
      "invalid-structure",
    ],
    ["an AccessDeniedException", serviceError("AccessDeniedException", 400), "access-denied"],
  ])(
    "given %s on create, when a branch is created, then it is logged, counted and dropped",
    async (_case, error, reason) => {
      codePipeline.on(CreatePipelineCommand).rejects(error);
      const logged = vi.spyOn(logger, "error");

      const result = await handler()(
        branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") }),
        lambdaContext(),
      );

      expect(result.outcomes[0]).toEqual(expect.objectContaining({ outcome: "failed", reason }));
      expect(metrics.failureReasons).toEqual([reason]);
      expect(logged).toHaveBeenCalledWith(
        "Permanent failure; dropping",
        expect.objectContaining({ reason, action: "createClone" }),
      );
    },
  );

  it.each([
    ["not an object", "hello"],
    [
      "a CodeCommit event without detail",
      { id: "x", source: "aws.codecommit", "detail-type": "CodeCommit Repository State Change", time: "t" },
    ],
    [
      "a branch event with a numeric branch",
      {
        ...branchEvent("referenceCreated", "infra", "x", { commitId: commit("x") }),
        detail: {
          event: "referenceCreated",
          referenceType: "branch",
          referenceName: 3,
          repositoryName: "infra",
          commitId: commit("x"),
        },
      },
    ],
  ])(
    "given a malformed event (%s), when it arrives, then no AWS call is made and it is dropped with a bad-event failure",
    async (_case, event) => {
      const result = await handler()(event, lambdaContext());

      expect(awsCalls()).toBe(0);
      expect(result.eventType).toBe("malformed");
      expect(metrics.failureReasons).toEqual(["bad-event"]);
    },
  );

  it("given an event of another repository, when it arrives, then it is ignored without any call", async () => {
    const result = await handler()(
      branchEvent("referenceCreated", "other", "feature/login", { commitId: commit("f1") }),
      lambdaContext(),
    );

    expect(awsCalls()).toBe(0);
    expect(result.outcomes[0]?.outcome).toBe("ignored");
  });

  it("given a Lambda context without a function ARN, when a branch is deleted, then the pipeline ARN comes from GetPipeline", async () => {
    codePipeline
      .on(GetPipelineCommand, { name: "acme-dev-feature-login" })
      .resolves({ metadata: { pipelineArn: `${ARN_PREFIX}acme-dev-feature-login` } });
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: managedTags("feature/login") });

    const result = await handler()(
      branchEvent("referenceDeleted", "infra", "feature/login", { oldCommitId: commit("f2") }),
      { ...lambdaContext(), invokedFunctionArn: "not-an-arn" },
    );

    expect(result.outcomes[0]?.outcome).toBe("deleted");
    expect(codePipeline.commandCalls(ListTagsForResourceCommand)[0]?.args[0].input.resourceArn).toBe(
      `${ARN_PREFIX}acme-dev-feature-login`,
    );
  });
});

describe("edge cases", () => {
  it("given the template pipeline returns no declaration, when a branch is created, then it is refused as an invalid template", async () => {
    codePipeline.on(GetPipelineCommand).resolves({});

    const result = await handler()(
      branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") }),
      lambdaContext(),
    );

    expect(result.outcomes[0]).toEqual(
      expect.objectContaining({ outcome: "failed", reason: "invalid-template" }),
    );
    expect(codePipeline.commandCalls(CreatePipelineCommand)).toHaveLength(0);
  });

  it("given the name is taken but the pipeline vanishes before its tags are read, when created, then creation is tried once more", async () => {
    codePipeline
      .on(CreatePipelineCommand)
      .rejectsOnce(new PipelineNameInUseException({ message: "in use", $metadata: {} }))
      .resolves({});
    codePipeline.on(ListTagsForResourceCommand).rejects(serviceError("ResourceNotFoundException", 400));

    const result = await handler()(
      branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") }),
      lambdaContext(),
    );

    expect(result.outcomes[0]?.outcome).toBe("created");
    expect(codePipeline.commandCalls(CreatePipelineCommand)).toHaveLength(2);
  });

  it("given DeletePipeline is throttled beyond retries, when a branch is deleted, then the failure is rethrown and no teardown starts", async () => {
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: managedTags("feature/login") });
    codePipeline.on(DeletePipelineCommand).rejects(serviceError("ThrottlingException", 400));

    await expect(
      handler()(
        branchEvent("referenceDeleted", "infra", "feature/login", { oldCommitId: commit("f2") }),
        lambdaContext(),
      ),
    ).rejects.toThrow("ThrottlingException");
    expect(codeBuild.commandCalls(StartBuildCommand)).toHaveLength(0);
  });

  it("given the teardown project is missing, when a branch is deleted, then the clone is deleted and the event rethrown for the DLQ", async () => {
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: managedTags("feature/login") });
    codeBuild.on(StartBuildCommand).rejects(serviceError("ResourceNotFoundException", 400));

    await expect(
      handler()(
        branchEvent("referenceDeleted", "infra", "feature/login", { oldCommitId: commit("f2") }),
        lambdaContext(),
      ),
    ).rejects.toThrow(/acme-stack-teardown.*redrive/);
    expect(codePipeline.commandCalls(DeletePipelineCommand)).toHaveLength(1);
    expect(metrics.failureReasons).toEqual(["teardown-project-missing"]);
  });

  it("given a PR that disappears between listing and reading, when reconciling, then it is left out", async () => {
    codeCommit.on(ListBranchesCommand).resolves({ branches: ["develop"] });
    codeCommit.on(ListPullRequestsCommand).resolves({ pullRequestIds: ["9"] });
    codeCommit.on(GetPullRequestCommand).rejects(serviceError("PullRequestDoesNotExistException", 400));
    codePipeline.on(ListPipelinesCommand).resolves({ pipelines: [] });

    const result = await handler()(scheduledEvent(), lambdaContext());

    expect(result.outcomes).toEqual([]);
    expect(codePipeline.commandCalls(CreatePipelineCommand)).toHaveLength(0);
  });

  it("given a config that fails while planning, when an event arrives, then the ConfigError is a permanent failure", async () => {
    const broken = Object.create(config, {
      routes: {
        get: () => {
          throw new ConfigError("routes", undefined, "cannot be read", "redeploy with a valid config");
        },
      },
    });
    const planFails = createHandler({
      config: broken,
      clients: testClients(),
      logger,
      metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    });

    const result = await planFails(
      branchEvent("referenceCreated", "infra", "feature/login", { commitId: commit("f1") }),
      lambdaContext(),
    );

    expect(result.outcomes).toEqual([expect.objectContaining({ outcome: "failed", reason: "bad-config" })]);
    expect(awsCalls()).toBe(0);
  });
});
