import {
  CodePipelineClient,
  CodePipelineServiceException,
  CreatePipelineCommand,
  GetPipelineCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  StartPipelineExecutionCommand,
} from "@aws-sdk/client-codepipeline";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { clientRequestToken, MANAGED_TAGS, type Route, resolveBranch } from "@tributary/core";
import { environmentPipeline } from "@tributary/fake-aws";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { PIPELINE_ARN_PREFIX, UNIT_CONFIG, unitContext } from "../../../test/__fixtures__/execution-context";
import { type RecordedMetrics, recordMetrics } from "../../../test/__fixtures__/recorded-metrics";
import { classifyFailure } from "../../aws/classify-failure";
import { tagList } from "../../aws/pipeline-tags";
import { RefusalError } from "./refusal-error";
import { StartDeniedError, startExecution } from "./start-execution";

const codePipeline = mockClient(CodePipelineClient);
const sns = mockClient(SNSClient);
const route = resolveBranch(UNIT_CONFIG, "feature/login") as Route;
const action = {
  type: "startExecution",
  route,
  commitId: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
  clientRequestToken: clientRequestToken("e-1", route.pipelineName),
} as const;
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:acme-failures";
/** IAM's answer (CodePipeline's model names no AccessDeniedException: the SDK raises it by its shape name). */
const accessDenied = (message: string) =>
  new CodePipelineServiceException({
    name: "AccessDeniedException",
    $fault: "client",
    $metadata: {},
    message,
  });
const denied = () =>
  accessDenied(
    `User: arn:aws:sts::123456789012:assumed-role/cloner/x is not authorized to perform: codepipeline:StartPipelineExecution on resource: ${PIPELINE_ARN_PREFIX}${route.pipelineName}`,
  );
let recorded: RecordedMetrics;

beforeEach(() => {
  codePipeline.reset();
  sns.reset();
  vi.restoreAllMocks();
  recorded = recordMetrics();
  codePipeline.on(GetPipelineCommand).resolves({ pipeline: environmentPipeline("dev") });
  codePipeline.on(CreatePipelineCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
});

const operations = () => codePipeline.calls().map((call) => call.args[0].constructor.name);

describe("startExecution: one call on the normal path, one more read only when IAM says no", () => {
  it("given the branch's clone, when a push starts it, then one StartPipelineExecution and nothing else", async () => {
    codePipeline.on(StartPipelineExecutionCommand).resolves({ pipelineExecutionId: "x" });

    expect(await startExecution(unitContext().context, action)).toBe("started");
    expect(operations()).toEqual(["StartPipelineExecutionCommand"]);
  });

  it("given no pipeline of that name (IAM denies the start: no tags to match), when pushed, then the tag read says not found and the clone is created", async () => {
    codePipeline.on(StartPipelineExecutionCommand).rejects(denied());
    codePipeline
      .on(ListTagsForResourceCommand)
      .rejects(new ResourceNotFoundException({ message: "gone", $metadata: {} }));

    expect(await startExecution(unitContext().context, action)).toBe("created");
    expect(operations()).toEqual([
      "StartPipelineExecutionCommand",
      "ListTagsForResourceCommand",
      "GetPipelineCommand",
      "CreatePipelineCommand",
    ]);
  });

  it.each([
    ["tagged with the project only (made by hand)", { [MANAGED_TAGS.project]: "acme" }],
    ["untagged", {}],
    ["another branch's clone", { ...route.tags, [MANAGED_TAGS.branch]: "feature/other" }],
  ])(
    "given a pipeline of that name %s, when pushed, then it is refused permanently with a notice and never started",
    async (_case, tags) => {
      codePipeline.on(StartPipelineExecutionCommand).rejects(denied());
      codePipeline.on(ListTagsForResourceCommand).resolves({ tags: tagList(tags) });
      const { context } = unitContext({ refusals: { topicArn: TOPIC } });

      const error = await startExecution(context, action).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(RefusalError);
      expect(classifyFailure(error)).toEqual({ kind: "permanent", reason: "foreign-pipeline" });
      expect(operations()).toEqual(["StartPipelineExecutionCommand", "ListTagsForResourceCommand"]);
      expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toMatchObject({
        TopicArn: TOPIC,
        Subject: `Tributary: pipeline ${route.pipelineName} is not Tributary's; feature/login has no clone`,
      });
    },
  );

  it("given the branch's own clone, when its start is denied, then a missing grant is reported, permanent, naming the grant", async () => {
    codePipeline.on(StartPipelineExecutionCommand).rejects(denied());
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: tagList(route.tags) });

    const error = await startExecution(unitContext().context, action).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StartDeniedError);
    expect(String(error)).toContain("grant the cloner's role codepipeline:StartPipelineExecution");
    expect(classifyFailure(error)).toEqual({ kind: "permanent", reason: "start-denied" });
  });

  it("given the tag read denied too, when pushed, then a missing grant is reported, logged once and counted", async () => {
    codePipeline.on(StartPipelineExecutionCommand).rejects(denied());
    codePipeline.on(ListTagsForResourceCommand).rejects(accessDenied("no"));
    const { context, logged, metrics } = unitContext();

    await expect(startExecution(context, action)).rejects.toBeInstanceOf(StartDeniedError);
    await expect(startExecution(context, action)).rejects.toBeInstanceOf(StartDeniedError);
    metrics.publishStoredMetrics();

    expect(logged.filter((line) => line.message === "Pipeline tags not readable: AccessDenied")).toHaveLength(
      1,
    );
    expect(recorded.total("TagReadsDenied")).toBe(2);
  });
});
