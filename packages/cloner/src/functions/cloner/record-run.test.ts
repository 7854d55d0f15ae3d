import {
  CodePipelineClient,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
} from "@aws-sdk/client-codepipeline";
import { expectedCloneTags, MANAGED_TAGS, type Route, resolveBranch } from "@tributary/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { PIPELINE_ARN_PREFIX, UNIT_CONFIG, unitContext } from "../../../test/__fixtures__/execution-context";
import { tagList } from "../../aws/pipeline-tags";
import { recordRun } from "./record-run";

const codePipeline = mockClient(CodePipelineClient);
const route = resolveBranch(UNIT_CONFIG, "feature/login") as Route;
const action = {
  type: "recordRun",
  pipelineName: route.pipelineName,
  startedAt: "2026-11-27T15:00:00Z",
  expectedTags: expectedCloneTags(UNIT_CONFIG),
} as const;

beforeEach(() => {
  codePipeline.reset();
  codePipeline.on(TagResourceCommand).resolves({});
});

describe("recordRun", () => {
  it("given a managed clone, when its run starts, then its last-run tag is the start, with the managed tags IAM requires", async () => {
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: tagList(route.tags) });

    expect(await recordRun(unitContext().context, action)).toBe("recorded");
    expect(codePipeline.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({
      resourceArn: `${PIPELINE_ARN_PREFIX}${route.pipelineName}`,
      tags: tagList({ ...expectedCloneTags(UNIT_CONFIG), [MANAGED_TAGS.lastRun]: "2026-11-27T15:00:00Z" }),
    });
  });

  it("given a later start recorded already (events out of order), when an earlier start arrives, then nothing is written", async () => {
    codePipeline
      .on(ListTagsForResourceCommand)
      .resolves({ tags: tagList({ ...route.tags, [MANAGED_TAGS.lastRun]: "2026-11-27T16:00:00Z" }) });

    expect(await recordRun(unitContext().context, action)).toBe("current");
    expect(codePipeline.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  it.each([
    ["a pipeline Tributary did not create (untagged: IAM would let TagResource claim it)", { tags: [] }],
    ["another project's clone", { tags: tagList({ ...route.tags, [MANAGED_TAGS.project]: "shop" }) }],
  ])("given %s, when its run starts, then it is left untagged", async (_case, answer) => {
    codePipeline.on(ListTagsForResourceCommand).resolves(answer);

    expect(await recordRun(unitContext().context, action)).toBe("ignored");
    expect(codePipeline.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  it("given a clone deleted since its run started, when recorded, then nothing is written", async () => {
    codePipeline
      .on(ListTagsForResourceCommand)
      .rejects(new ResourceNotFoundException({ message: "gone", $metadata: {} }));

    expect(await recordRun(unitContext().context, action)).toBe("ignored");
  });
});
