import { CodeBuildClient, StartBuildCommand } from "@aws-sdk/client-codebuild";
import {
  CodePipelineClient,
  DeletePipelineCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-codepipeline";
import {
  listTargetStacksAction,
  MANAGED_TAGS,
  type Route,
  removalActions,
  resolveBranch,
  targetListingToken,
  teardownToken,
} from "@tributary/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { UNIT_CONFIG, unitContext } from "../../../test/__fixtures__/execution-context";
import { tagList } from "../../aws/pipeline-tags";
import { executeSequence, executeWithin } from "./executor";

const codePipeline = mockClient(CodePipelineClient);
const codeBuild = mockClient(CodeBuildClient);
const route = resolveBranch(UNIT_CONFIG, "feature/login") as Route;

beforeEach(() => {
  codePipeline.reset();
  codeBuild.reset();
  codePipeline.on(DeletePipelineCommand).resolves({});
  codeBuild.on(StartBuildCommand).callsFake((input) => ({ build: { id: `b-${input.idempotencyToken}` } }));
});

const tokens = () =>
  codeBuild.commandCalls(StartBuildCommand).map((call) => call.args[0].input.idempotencyToken);

describe("a delete and its teardown: the teardown is of the incarnation deleted", () => {
  it("given a clone with an incarnation, when its delete runs, then its teardown's token is the incarnation's, not the event's", async () => {
    codePipeline
      .on(ListTagsForResourceCommand)
      .resolves({ tags: tagList({ ...route.tags, [MANAGED_TAGS.incarnation]: "incarnation-1" }) });

    const outcomes = await executeSequence(unitContext().context, removalActions(UNIT_CONFIG, route, "e-1"));

    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(["deleted", "teardown-started"]);
    expect(tokens()).toEqual([teardownToken("incarnation-1", route.stackName)]);
  });

  it("given the same delete delivered again after the clone was created again, when it deletes that new incarnation, then a second teardown starts (not the first build again)", async () => {
    codePipeline
      .on(ListTagsForResourceCommand)
      .resolvesOnce({ tags: tagList({ ...route.tags, [MANAGED_TAGS.incarnation]: "incarnation-1" }) })
      .resolves({ tags: tagList({ ...route.tags, [MANAGED_TAGS.incarnation]: "incarnation-2" }) });
    const plan = removalActions(UNIT_CONFIG, route, "e-1");

    await executeSequence(unitContext().context, plan);
    await executeSequence(unitContext().context, plan);

    expect(tokens()).toEqual([
      teardownToken("incarnation-1", route.stackName),
      teardownToken("incarnation-2", route.stackName),
    ]);
  });

  it("given a clone made before clones carried an incarnation, when deleted, then its teardown keeps the event's token", async () => {
    codePipeline.on(ListTagsForResourceCommand).resolves({ tags: tagList(route.tags) });

    await executeSequence(unitContext().context, removalActions(UNIT_CONFIG, route, "e-1"));

    expect(tokens()).toEqual([teardownToken("e-1", route.stackName)]);
  });

  it("given the clone gone already (a duplicate delivery), when the delete runs, then no second teardown starts", async () => {
    codePipeline
      .on(ListTagsForResourceCommand)
      .rejects(new ResourceNotFoundException({ message: "gone", $metadata: {} }));

    const outcomes = await executeSequence(unitContext().context, removalActions(UNIT_CONFIG, route, "e-1"));

    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(["absent", "absent"]);
    expect(tokens()).toEqual([]);
  });
});

describe("executeWithin: a reconcile that runs short of time", () => {
  it("given time that runs short after the first group, when executed, then the groups not started are deferred and counted", async () => {
    codePipeline
      .on(ListTagsForResourceCommand)
      .rejects(new ResourceNotFoundException({ message: "gone", $metadata: {} }));
    const actions = ["feature/a", "feature/b", "feature/c"].flatMap((branch) =>
      removalActions(UNIT_CONFIG, resolveBranch(UNIT_CONFIG, branch) as Route, "e-1"),
    );
    let started = 0;

    const { outcomes, deferred } = await executeWithin(unitContext().context, actions, () => started++ >= 1);

    expect(deferred).toBe(2);
    expect(outcomes.filter((outcome) => outcome.outcome === "deferred")).toHaveLength(4);
  });

  it("given a scheduled round whose plan starts with the listing build, when time runs short after the first group, then the listing build is started and the teardowns wait for the continuation", async () => {
    codePipeline
      .on(ListTagsForResourceCommand)
      .rejects(new ResourceNotFoundException({ message: "gone", $metadata: {} }));
    const actions = [
      listTargetStacksAction("e-1", [{ account: "333333333333", region: "eu-central-1" }]),
      ...removalActions(UNIT_CONFIG, route, "e-1"),
    ];
    let started = 0;

    const { outcomes } = await executeWithin(unitContext().context, actions, () => started++ >= 1);

    expect(outcomes.map((outcome) => `${outcome.action} ${outcome.outcome}`)).toEqual([
      "listTargetStacks started",
      "deleteClone deferred",
      "teardownStack deferred",
    ]);
    expect(
      codeBuild.commandCalls(StartBuildCommand).map((call) => call.args[0].input.idempotencyToken),
    ).toEqual([targetListingToken("e-1")]);
  });
});
