/**
 * With a GitHub source, a deleted branch's or closed pull request's live row leaves the overview: the cloner puts core's
 * Source Closed event, the notifier's rule for a GitHub source turns it into a `sourceClosed` request (its
 * transformer is proven in constructs' record-runs.test.ts), and the bundled notifier closes the row in moto's
 * DynamoDB. The row comes from a run recorded the usual way (the in-process notifier of the run-history world).
 */
import {
  RUN_HISTORY_VARIABLES,
  SOURCE_CLOSED_KIND,
  type SourceClosedDetail,
  sourceClosedDetail,
} from "@tributary/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotifierResult } from "../../src/functions/notifier/create-notifier";
import { readLiveRuns } from "../../src/run-history/read-runs";
import { lambdaContext } from "../__fixtures__/lambda-context";
import {
  createPipeline,
  itemAt,
  type RunHistoryWorld,
  runActions,
  runEventInput,
  secondsAfter,
  startRunHistoryWorld,
  TABLE,
  worldNotifier,
} from "../__fixtures__/run-history";
import { type ClonerProcess, NOTIFIER_BUNDLE, startCloner } from "./cloner-process";

let world: RunHistoryWorld;
let notifier: ClonerProcess<NotifierResult>;

beforeAll(async () => {
  world = await startRunHistoryWorld();
  notifier = await startCloner<NotifierResult>({
    endpoint: world.moto.url,
    env: {
      POWERTOOLS_SERVICE_NAME: "tributary-notifier",
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      [RUN_HISTORY_VARIABLES.table]: TABLE,
      [RUN_HISTORY_VARIABLES.ttlDays]: "400",
    },
    bundle: NOTIFIER_BUNDLE,
  });
});

afterAll(async () => {
  await notifier?.close();
  await world?.close();
});

/** Records a finished run of `pipeline` for `branch`, so that its source has a live row in the overview. */
async function recordedRun(pipeline: string, branch: string): Promise<void> {
  const executionId = createPipeline(world, "dev", pipeline, branch, true);
  world.aws.codePipeline.finishExecution(executionId, "Succeeded", runActions());
  const result = await worldNotifier(world)(
    runEventInput(pipeline, executionId, "dev", "SUCCEEDED", secondsAfter(world, executionId, 60)),
    lambdaContext(),
  );
  expect(result).toMatchObject({ outcome: "recorded", live: "written" });
}

/** The notifier's input for the cloner's event of `detail`, as the GitHub source's rule transforms it. */
function ruleInput(detail: SourceClosedDetail, eventId: string) {
  return {
    kind: SOURCE_CLOSED_KIND,
    eventId,
    time: new Date(Date.now() + 60_000).toISOString(),
    project: detail.project,
    ...("branch" in detail ? { branch: detail.branch } : { pullRequestId: detail.pullRequestId }),
  };
}

async function liveSources(): Promise<string[]> {
  const { runs } = await readLiveRuns(world.store, {});
  return runs.map((run) => run.pipeline);
}

describe("the bundled notifier, given the cloner's Source Closed event of a GitHub source", () => {
  it("given a deleted feature branch with a run in the overview, when its event arrives, then its live row is closed and the overview no longer shows it", async () => {
    await recordedRun("acme-dev-feature-login", "feature/login");
    expect(await liveSources()).toContain("acme-dev-feature-login");

    const delivered = await notifier.deliver(
      ruleInput(sourceClosedDetail("acme", { branch: "feature/login" }), "ev-b"),
    );

    expect(delivered).toMatchObject({
      ok: true,
      result: { outcome: "closed", sourceKey: "branch#feature/login", live: "written" },
    });
    expect((await itemAt(world, "LIVE", "branch#feature/login"))?.closedAt).toBeDefined();
    expect(await liveSources()).not.toContain("acme-dev-feature-login");
  });

  it("given a closed pull request with a run in the overview, when its event arrives twice (a redelivery), then its row is closed once", async () => {
    await recordedRun("acme-dev-pr-7", "feature/seven");
    const input = ruleInput(sourceClosedDetail("acme", { pullRequestId: "7" }), "ev-pr");

    const first = await notifier.deliver(input);
    const again = await notifier.deliver(input);

    expect(first).toMatchObject({
      ok: true,
      result: { outcome: "closed", sourceKey: "pr#7", live: "written" },
    });
    expect(again).toMatchObject({
      ok: true,
      result: { outcome: "closed", sourceKey: "pr#7", live: "unchanged" },
    });
    expect(await liveSources()).not.toContain("acme-dev-pr-7");
  });
});
