import { afterEach, describe, expect, it } from "vitest";
import { scheduledEvent } from "../__fixtures__/events";
import { accountState, referenceState, storyEvents } from "./story-replay";
import { startWorld, type World } from "./world";

let world: World | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

// About 25 s: every throttled call waits for the SDK's backoff (random up to 1 s, doubling), as it would against AWS.
describe("throttling on a third of the calls", () => {
  // The whole story under throttling runs with the SDK's standard retry: adaptive retry's client-side rate limiter
  // would (rightly, against AWS) slow the run to about one call every two seconds, too slow for a unit of CI.
  it("given a third of all calls throttled, when the story is replayed and reconciled, then nothing is lost and the account is right", async () => {
    const reference = await referenceState();
    world = await startWorld({ throttleFraction: 1 / 3, seed: 7, clonerEnv: { AWS_RETRY_MODE: "standard" } });

    for (const event of storyEvents(world)) await world.cloner.deliver(event);
    await world.cloner.deliver(scheduledEvent());

    const throttled = world.aws.calls.filter((call) => call.errorType === "ThrottlingException").length;
    expect(throttled).toBeGreaterThan(world.aws.calls.length / 5);
    expect(world.cloner.deadLetters).toEqual([]);
    expect(accountState(world)).toEqual(reference.state);
    expect(world.actualClones()).toEqual(world.expectedClones());
  });
});
