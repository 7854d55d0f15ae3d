import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  CodePipelineClient,
  CodePipelineServiceException,
  GetPipelineCommand,
  ListTagsForResourceCommand,
  PipelineNotFoundException,
  ResourceNotFoundException,
  TagResourceCommand,
  UpdatePipelineCommand,
} from "@aws-sdk/client-codepipeline";
import {
  defineConfig,
  MANAGED_TAGS,
  type Route,
  resolveBranch,
  resolvePullRequest,
  templateVersion,
} from "@tributary/core";
import { environmentPipeline } from "@tributary/fake-aws";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { testClients } from "../../../test/__fixtures__/cloner-clients";
import { type RecordedMetrics, recordMetrics } from "../../../test/__fixtures__/recorded-metrics";
import { tagList } from "../../aws/pipeline-tags";
import { type ExecutionContext, newExecutionContext } from "./execution-context";
import { RefusalError } from "./refusal-error";
import { updateClone } from "./update-clone";

const config = defineConfig({
  project: "acme",
  repository: "infra",
  routes: { pullRequests: { environmentByDestination: { main: "prod" } } },
});
const codePipeline = mockClient(CodePipelineClient);
const ARN_PREFIX = "arn:aws:codepipeline:eu-west-1:123456789012:";

/** The prod template, as the CDK app last deployed it (a new Cleanup variable compared with the clone's). */
const prodTemplate = environmentPipeline("prod");
const prodVersion = templateVersion(prodTemplate);

function routeOf(route: Route | null): Route {
  if (route === null) throw new Error("unrouted");
  return route;
}

const prClone = routeOf(
  resolvePullRequest(config, { id: "42", sourceBranch: "release/1.0", destinationBranch: "main" }),
);
const action = { type: "updateClone", route: prClone, templateVersion: prodVersion } as const;
const cloneTags = { ...prClone.tags, [MANAGED_TAGS.templateVersion]: "0ld0ld0ld0" };

let recorded: RecordedMetrics;
let flushable: Metrics[] = [];

/** The metric names the contexts made so far have written as EMF (flushing them, as `logMetrics` would). */
function emitted(): string[] {
  for (const metrics of flushable) if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  return recorded.names;
}

const TARGET = { partition: "aws", region: "eu-west-1", accountId: "123456789012" } as const;

function context(target: ExecutionContext["target"]): ExecutionContext {
  const telemetry = {
    logger: new Logger({ logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "Test" }),
  };
  flushable.push(telemetry.metrics);
  return newExecutionContext({
    config,
    clients: testClients(),
    telemetry,
    eventId: "e-1",
    target,
  });
}

/** ListTagsForResource answers `tags`, or that the pipeline is gone when `undefined`. */
function tagsAre(tags: Record<string, string> | undefined): void {
  if (tags === undefined)
    codePipeline
      .on(ListTagsForResourceCommand)
      .rejects(new ResourceNotFoundException({ message: "gone", $metadata: {} }));
  else codePipeline.on(ListTagsForResourceCommand).resolves({ tags: tagList(tags) });
}

/** A context whose clone's tags ListTagsForResource answers. */
function listedContext(tags: Record<string, string> | undefined = cloneTags): ExecutionContext {
  tagsAre(tags);
  return context(TARGET);
}

beforeEach(() => {
  codePipeline.reset();
  vi.restoreAllMocks();
  recorded = recordMetrics();
  flushable = [];
  codePipeline.on(GetPipelineCommand, { name: "acme-prod" }).resolves({
    pipeline: prodTemplate,
    metadata: { pipelineArn: `${ARN_PREFIX}acme-prod` },
  });
  codePipeline.on(UpdatePipelineCommand).callsFake((input) => ({ pipeline: input.pipeline }));
  codePipeline.on(TagResourceCommand).resolves({});
});

describe("updateClone", () => {
  it("given a clone whose strongly read tags already carry the template's version (a round planned from a lagging listing), when updated, then nothing is rewritten", async () => {
    const outcome = await updateClone(
      listedContext({ ...cloneTags, [MANAGED_TAGS.templateVersion]: prodVersion }),
      action,
    );

    expect(outcome).toBe("current");
    expect(codePipeline.commandCalls(UpdatePipelineCommand)).toHaveLength(0);
    expect(codePipeline.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  it("given a managed clone whose tags ListTagsForResource confirms, when updated, then the template is copied onto it and the new version tagged, in four calls", async () => {
    const outcome = await updateClone(listedContext(), action);

    expect(outcome).toBe("updated");
    expect(codePipeline.calls().map((call) => call.args[0].constructor.name)).toEqual([
      "ListTagsForResourceCommand",
      "GetPipelineCommand",
      "UpdatePipelineCommand",
      "TagResourceCommand",
    ]);
    const pipeline = codePipeline.commandCalls(UpdatePipelineCommand)[0]?.args[0].input.pipeline;
    expect(pipeline?.name).toBe("acme-prod-pr-42");
    expect(pipeline?.version).toBeUndefined();
    expect(pipeline?.stages?.[0]?.actions?.[0]?.configuration?.BranchName).toBe("release/1.0");
    expect(JSON.stringify(pipeline)).not.toContain('"Approval"');
    expect(Object.fromEntries((pipeline?.variables ?? []).map((v) => [v.name, v.defaultValue]))).toEqual(
      prClone.variables,
    );
    expect(codePipeline.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({
      resourceArn: `${ARN_PREFIX}acme-prod-pr-42`,
      tags: tagList({
        [MANAGED_TAGS.managed]: "true",
        [MANAGED_TAGS.project]: "acme",
        [MANAGED_TAGS.templateVersion]: prodVersion,
      }),
    });
    expect(emitted()).toEqual(["PipelinesUpdated"]);
  });

  it("given a shared clone that keeps its approval, when updated, then the approval stays", async () => {
    const release = routeOf(resolveBranch(config, "release/1.0"));
    codePipeline.on(GetPipelineCommand, { name: "acme-qa" }).resolves({
      pipeline: environmentPipeline("qa", { variant: "approvals" }),
    });
    // A qa environment configured with an approval: its shared clones keep it.
    const route = { ...release, requiresApproval: true };
    tagsAre(route.tags);
    const planned = context(TARGET);

    await updateClone(planned, { type: "updateClone", route, templateVersion: "x" });

    const pipeline = codePipeline.commandCalls(UpdatePipelineCommand)[0]?.args[0].input.pipeline;
    expect(JSON.stringify(pipeline)).toContain('"category":"Approval"');
  });

  it("given a reconcile planned it from the tagging API, when updated, then the tags are read again first (strongly consistent)", async () => {
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: tagList(cloneTags) });

    expect(await updateClone(context(TARGET), action)).toBe("updated");
    expect(codePipeline.commandCalls(ListTagsForResourceCommand)).toHaveLength(1);
  });

  it("given no target account (no function ARN), when updated, then the clone's ARN comes from GetPipeline", async () => {
    codePipeline.on(GetPipelineCommand, { name: "acme-prod-pr-42" }).resolves({
      metadata: { pipelineArn: `${ARN_PREFIX}acme-prod-pr-42` },
    });
    tagsAre(cloneTags);
    const planned = context(undefined);

    expect(await updateClone(planned, action)).toBe("updated");
    expect(codePipeline.commandCalls(TagResourceCommand)[0]?.args[0].input.resourceArn).toBe(
      `${ARN_PREFIX}acme-prod-pr-42`,
    );
  });

  it.each<[string, (planned: ExecutionContext) => void]>([
    ["ListTagsForResource finds none", () => tagsAre(undefined)],
    [
      "UpdatePipeline finds none",
      () => {
        codePipeline
          .on(UpdatePipelineCommand)
          .rejects(new PipelineNotFoundException({ message: "gone", $metadata: {} }));
      },
    ],
    [
      "TagResource finds none",
      () => {
        codePipeline
          .on(TagResourceCommand)
          .rejects(new ResourceNotFoundException({ message: "gone", $metadata: {} }));
      },
    ],
    [
      "GetPipeline for its ARN finds none",
      () => {
        codePipeline
          .on(GetPipelineCommand, { name: "acme-prod-pr-42" })
          .rejects(new PipelineNotFoundException({ message: "gone", $metadata: {} }));
      },
    ],
  ])(
    "given the clone vanished (%s), when updated, then it is success with nothing counted",
    async (label, arrange) => {
      const planned = label.startsWith("GetPipeline") ? context(undefined) : listedContext();
      if (label.startsWith("GetPipeline")) tagsAre(cloneTags);
      arrange(planned);

      expect(await updateClone(planned, action)).toBe("absent");
      expect(emitted()).toEqual([]);
    },
  );

  it.each<[string, Record<string, string>]>([
    ["another branch's clone", { ...cloneTags, [MANAGED_TAGS.branch]: "release/2.0" }],
    ["another pull request's clone", { ...cloneTags, [MANAGED_TAGS.pullRequest]: "43" }],
    ["a pipeline of another project", { ...cloneTags, [MANAGED_TAGS.project]: "other" }],
    ["a pipeline without the managed tag", { [MANAGED_TAGS.project]: "acme" }],
  ])("given %s at the name, when updated, then it is refused before any change", async (_name, tags) => {
    const run = updateClone(listedContext(tags), action);

    await expect(run).rejects.toBeInstanceOf(RefusalError);
    await expect(updateClone(listedContext(tags), action)).rejects.toMatchObject({
      reason: "foreign-pipeline",
      message: expect.stringMatching(/Fix: rename or delete that pipeline by hand/),
    });
    expect(codePipeline.commandCalls(UpdatePipelineCommand)).toHaveLength(0);
    expect(codePipeline.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  it("given UpdatePipeline is throttled beyond retries, when updated, then the error is rethrown and the version is not tagged", async () => {
    codePipeline.on(UpdatePipelineCommand).rejects(
      new CodePipelineServiceException({
        name: "ThrottlingException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
        message: "Rate exceeded",
      }),
    );

    await expect(updateClone(listedContext(), action)).rejects.toThrow("Rate exceeded");
    expect(codePipeline.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  it("given the template changed after planning, when updated, then the version tagged is the one applied", async () => {
    const planned = listedContext();

    await updateClone(planned, { ...action, templateVersion: "planned000" });

    expect(codePipeline.commandCalls(TagResourceCommand)[0]?.args[0].input.tags).toContainEqual({
      key: MANAGED_TAGS.templateVersion,
      value: prodVersion,
    });
  });
});
