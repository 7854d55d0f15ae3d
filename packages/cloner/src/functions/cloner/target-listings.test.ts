import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  CodeBuildClient,
  CodeBuildServiceException,
  ResourceNotFoundException,
  StartBuildCommand,
} from "@aws-sdk/client-codebuild";
import { CodeCommitClient, ListBranchesCommand, ListPullRequestsCommand } from "@aws-sdk/client-codecommit";
import { CodePipelineClient, ListPipelinesCommand } from "@aws-sdk/client-codepipeline";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { GetServiceQuotaCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import {
  defineConfig,
  MANAGED_TAGS,
  RECONCILE_CONTINUATION,
  TARGET_LISTING_VERSION,
  TARGET_LISTINGS_VARIABLE,
  type TargetStackListing,
  targetListingKey,
  targetListingToken,
  teardownProjectName,
} from "@tributary/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { testClients } from "../../../test/__fixtures__/cloner-clients";
import { scheduledEvent } from "../../../test/__fixtures__/events";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";
import { type RecordedMetrics, recordMetrics } from "../../../test/__fixtures__/recorded-metrics";
import { METRICS_NAMESPACE, SERVICE_NAME } from "../../aws/constants";
import { createHandler } from "./create-handler";
import { targetListingsFromEnvironment } from "./target-listings";

const PROD = { account: "333333333333", region: "eu-central-1" };
const BUCKET = "acme-tributary-cicd-artifacts-1a2b";
const KEY = targetListingKey(PROD.account, PROD.region);
// prod deploys in another account; the reconcile schedule is the default rate(6 hours): a listing may be a day old.
const config = defineConfig({
  project: "acme",
  repository: "infra",
  environments: {
    dev: { branch: "develop" },
    qa: {},
    prod: { branch: "main", requiresApproval: true, ...PROD },
  },
  routes: { branches: { hotfix: { environment: "prod", ephemeral: true, idleDays: 7 } } },
});

const codePipeline = mockClient(CodePipelineClient);
const codeCommit = mockClient(CodeCommitClient);
const codeBuild = mockClient(CodeBuildClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const serviceQuotas = mockClient(ServiceQuotasClient);
const s3 = mockClient(S3Client);

let metrics: RecordedMetrics;
let logger: Logger;

function handler() {
  return createHandler({
    config,
    clients: testClients(),
    logger,
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    targetListings: {
      source: { bucket: BUCKET, targets: [PROD] },
      s3: new S3Client({ region: "eu-west-1" }),
    },
  });
}

const orphan = {
  name: "acme-prod-hotfix-gone",
  tags: {
    [MANAGED_TAGS.ephemeral]: "true",
    [MANAGED_TAGS.project]: "acme",
    [MANAGED_TAGS.stack]: "acme-prod-hotfix-gone",
    [MANAGED_TAGS.branch]: "hotfix/gone",
  },
};
const listing = (fields: Partial<TargetStackListing> = {}): TargetStackListing => ({
  version: TARGET_LISTING_VERSION,
  ...PROD,
  listedAt: "2026-11-27T06:05:00Z",
  stacks: [orphan],
  ...fields,
});

/** GetObject answers `text` as the object's body (the SDK's body mixin gives `transformToString`). */
function listingObjectIs(text: string): void {
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: KEY }).resolves({
    Body: { transformToString: async () => text } as never,
  });
}

/**
 * An S3 error answer as the SDK throws it (S3 API reference, "Error responses"): an S3ServiceException named after its
 * `<Code>`, with the HTTP status, `$fault` "server" for 5xx (smithy-client's decorateServiceException).
 */
function s3ErrorAnswer(code: string, status: number, message: string): S3ServiceException {
  return new S3ServiceException({
    name: code,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
    message,
  });
}

/** The StartBuild requests, each as its environment overrides by name, with its token. */
function builds() {
  return codeBuild.commandCalls(StartBuildCommand).map((call) => {
    const { environmentVariablesOverride, idempotencyToken, projectName } = call.args[0].input;
    return {
      projectName,
      idempotencyToken,
      variables: Object.fromEntries((environmentVariablesOverride ?? []).map((v) => [v.name, v.value])),
    };
  });
}
const teardownsOf = () =>
  builds()
    .filter((build) => build.variables.STACK_NAME !== undefined)
    .map((build) => build.variables.STACK_NAME);
const listingBuilds = () => builds().filter((build) => build.variables.TEARDOWN_MODE === "list-targets");

beforeEach(() => {
  for (const client of [codePipeline, codeCommit, codeBuild, tagging, serviceQuotas, s3]) client.reset();
  vi.restoreAllMocks();
  metrics = recordMetrics();
  logger = new Logger({ serviceName: SERVICE_NAME, logLevel: "SILENT" });
  serviceQuotas.on(GetServiceQuotaCommand).resolves({ Quota: { QuotaCode: "L-78D200AD", Value: 1000.0 } });
  codeCommit.on(ListBranchesCommand).resolves({ branches: ["develop", "main"] });
  codeCommit.on(ListPullRequestsCommand).resolves({ pullRequestIds: [] });
  codePipeline
    .on(ListPipelinesCommand)
    .resolves({ pipelines: [{ name: "acme-dev" }, { name: "acme-qa" }, { name: "acme-prod" }] });
  tagging.on(GetResourcesCommand).resolves({ PaginationToken: "", ResourceTagMappingList: [] });
  codeBuild.on(StartBuildCommand).resolves({ build: { id: "acme-stack-teardown:1" } });
});

describe("a scheduled reconcile with a remote target", () => {
  it("given a fresh listing with a stack no live clone deploys, when reconciling, then it reads the listing's key and tears that stack down", async () => {
    listingObjectIs(JSON.stringify(listing()));

    await handler()(scheduledEvent(), lambdaContext());

    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: KEY },
    ]);
    expect(teardownsOf()).toEqual(["acme-prod-hotfix-gone"]);
  });

  it("given no listing yet (NoSuchKey), when reconciling, then it logs so, sweeps nothing there and goes on", async () => {
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: "The specified key does not exist.", $metadata: { httpStatusCode: 404 } }),
    );
    const info = vi.spyOn(logger, "info");

    const result = await handler()(scheduledEvent(), lambdaContext());

    expect(teardownsOf()).toEqual([]);
    expect(info.mock.calls.map(([message]) => message)).toContain(
      "No listing yet of a target's stacks; none of them is swept this round",
    );
    expect(metrics.names).not.toContain("TargetListingsUnusable");
    expect(result.outcomes.map((outcome) => outcome.action)).toEqual(["listTargetStacks"]);
  });

  it.each<[string, string, string]>([
    [
      "a stale listing (two days old)",
      JSON.stringify(listing({ listedAt: "2026-11-25T12:00:00Z" })),
      "more than the 24 hours a listing may be old",
    ],
    [
      "a foreign listing (another account's)",
      JSON.stringify(listing({ account: "444444444444" })),
      'lists "444444444444"/"eu-central-1", not 333333333333/eu-central-1',
    ],
    ["a malformed listing", "{not json", "is not JSON"],
    ["a listing of another version", JSON.stringify({ ...listing(), version: 2 }), "has version 2, not 1"],
  ])(
    "given %s, when reconciling, then it warns with the problem and the fix, counts TargetListingsUnusable and sweeps nothing there",
    async (_case, text, problem) => {
      listingObjectIs(text);
      const warn = vi.spyOn(logger, "warn");

      await handler()(scheduledEvent(), lambdaContext());

      expect(teardownsOf()).toEqual([]);
      expect(metrics.names).toContain("TargetListingsUnusable");
      const [message, fields] = warn.mock.calls.find(([text]) => String(text).includes("listing")) ?? [];
      expect(message).toBe("A target's stack listing cannot be used; none of its stacks is swept");
      expect(fields).toMatchObject({
        bucket: BUCKET,
        key: KEY,
        fix: expect.stringContaining("list-targets"),
      });
      expect(String((fields as { problem?: string }).problem)).toContain(problem);
    },
  );

  it("given the listing cannot be read (403 AccessDenied, also S3's answer for a missing key to a reader that may not list the bucket), when reconciling, then it warns with the grant to check, counts it and goes on", async () => {
    s3.on(GetObjectCommand).rejects(s3ErrorAnswer("AccessDenied", 403, "Access Denied"));
    const warn = vi.spyOn(logger, "warn");

    const result = await handler()(scheduledEvent(), lambdaContext());

    expect(metrics.names).toContain("TargetListingsUnusable");
    expect(warn.mock.calls.map(([message]) => message)).toContain(
      "A target's stack listing cannot be read; none of its stacks is swept",
    );
    expect(result.outcomes.map((outcome) => outcome.outcome)).toEqual(["started"]);
  });

  it("given a transient S3 failure (503 SlowDown after the SDK's retries), when reconciling, then the invocation fails (Lambda retries the scheduled event) and does nothing", async () => {
    s3.on(GetObjectCommand).rejects(s3ErrorAnswer("SlowDown", 503, "Please reduce your request rate."));

    await expect(handler()(scheduledEvent(), lambdaContext())).rejects.toThrow(
      "Please reduce your request rate.",
    );

    expect(builds()).toEqual([]);
  });

  it("given a scheduled event delivered twice, when reconciling each, then both start the listing build with the same token (CodeBuild starts one)", async () => {
    listingObjectIs(JSON.stringify(listing({ stacks: [] })));
    const event = scheduledEvent();

    await handler()(event, lambdaContext());
    await handler()(event, lambdaContext());

    expect(listingBuilds()).toEqual([
      {
        projectName: teardownProjectName(config),
        idempotencyToken: targetListingToken(event.id),
        variables: { TEARDOWN_MODE: "list-targets" },
      },
      {
        projectName: teardownProjectName(config),
        idempotencyToken: targetListingToken(event.id),
        variables: { TEARDOWN_MODE: "list-targets" },
      },
    ]);
  });

  it("given a continuation of a scheduled reconcile, when reconciling, then it reads the listing and sweeps, but starts no listing build", async () => {
    listingObjectIs(JSON.stringify(listing()));
    const continuation = {
      ...scheduledEvent("c-2"),
      source: RECONCILE_CONTINUATION.source,
      "detail-type": RECONCILE_CONTINUATION.detailType,
      detail: { round: 2, origin: "e-1" },
    };

    await handler()(continuation, lambdaContext());

    expect(listingBuilds()).toEqual([]);
    expect(teardownsOf()).toEqual(["acme-prod-hotfix-gone"]);
  });

  it("given no teardown project (ResourceNotFoundException), when the listing build is started, then it warns with the fix and the reconcile goes on", async () => {
    listingObjectIs(JSON.stringify(listing({ stacks: [] })));
    codeBuild
      .on(StartBuildCommand)
      .rejects(new ResourceNotFoundException({ message: "Project cannot be found", $metadata: {} }));
    const warn = vi.spyOn(logger, "warn");

    const result = await handler()(scheduledEvent(), lambdaContext());

    expect(result.outcomes).toEqual([
      { action: "listTargetStacks", subject: "target stack listing", outcome: "absent" },
    ]);
    expect(
      warn.mock.calls.find(([message]) => String(message).includes("teardown project"))?.[1],
    ).toMatchObject({ fix: expect.stringContaining("Deploy the CI/CD stack") });
  });

  it("given a throttled StartBuild of the listing (transient), when reconciling, then it is rethrown like any action's transient failure (Lambda retries the event; the token keeps it one build)", async () => {
    listingObjectIs(JSON.stringify(listing({ stacks: [] })));
    codeBuild.on(StartBuildCommand).rejects(
      new CodeBuildServiceException({
        name: "ThrottlingException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
        message: "Rate exceeded",
      }),
    );

    await expect(handler()(scheduledEvent(), lambdaContext())).rejects.toThrow("Rate exceeded");

    expect(listingBuilds()).toHaveLength(1);
  });
});

describe("targetListingsFromEnvironment", () => {
  it("given no variable (every environment where the CI/CD stack is), then there is nothing to read", () => {
    expect(targetListingsFromEnvironment({})).toBeUndefined();
  });

  it("given the variable, then it names the bucket and the targets", () => {
    const value = JSON.stringify({ bucket: BUCKET, targets: [PROD] });
    expect(targetListingsFromEnvironment({ [TARGET_LISTINGS_VARIABLE]: value })?.source).toEqual({
      bucket: BUCKET,
      targets: [PROD],
    });
  });

  it("given a bad value, then it throws the RangeError naming the value and the fix (the init fails)", () => {
    expect(() => targetListingsFromEnvironment({ [TARGET_LISTINGS_VARIABLE]: '{"bucket":1}' })).toThrow(
      /TRIBUTARY_TARGET_LISTINGS is "\{\\"bucket\\":1\}".*Fix: deploy the cloner with the PipelineCloner construct/,
    );
  });
});
