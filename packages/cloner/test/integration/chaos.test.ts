/**
 * The chaos run (`chaos.ts`) in `pnpm test`: a few seeded histories, each small; `pnpm bench` runs many more. A
 * failure names the seeds: `CHAOS_SEEDS=<seed>,… pnpm exec vitest run test/integration/chaos.test.ts` replays them.
 */
import { type MotoServer, startMotoServer } from "@tributary/fake-aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChaosFindings, converged, runChaos, TEST_PROFILE } from "./chaos";

const SEEDS = process.env.CHAOS_SEEDS
  ? process.env.CHAOS_SEEDS.split(",").map(Number)
  : Array.from({ length: 6 }, (_, index) => 1000 + index);

/** Every history converged; a failure names its seeds for a replay. */
function expectConverged(results: readonly ChaosFindings[]): void {
  const failures = results.filter((result) => !converged(result));
  expect(
    failures,
    `seeds ${failures.map((failure) => failure.seed).join(",")}: replay with CHAOS_SEEDS=<seeds>`,
  ).toEqual([]);
}

describe("chaos: random histories, faulty delivery, scheduled reconciles", () => {
  it(`given ${SEEDS.length} seeded histories with drops, duplicates, late and concurrent deliveries, retries and a redrive, when reconciled twice and pushed once more, then nothing is orphaned, nothing foreign started and every live clone has its stack`, async () => {
    const results = await runChaos(SEEDS, TEST_PROFILE, 3);

    expectConverged(results);
  }, 120_000);
});

describe("chaos with dev in another account: its stacks swept from the target's listing", () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
  });
  afterAll(async () => {
    await moto.close();
  });

  it(`given ${SEEDS.length} seeded histories whose dev stacks live in a target account the cloner cannot list, when reconciled twice (the first starts the listing build, the second reads its listing) and pushed once more, then no remote stack is orphaned either`, async () => {
    const results = await runChaos(SEEDS, TEST_PROFILE, 3, { moto });

    expectConverged(results);
  }, 120_000);
});
