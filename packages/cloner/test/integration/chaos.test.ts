/**
 * The chaos run (`chaos.ts`) in `pnpm test`: a few seeded histories, each small; `pnpm bench` runs many more. A
 * failure names the seeds: `CHAOS_SEEDS=<seed>,… pnpm exec vitest run test/integration/chaos.test.ts` replays them.
 */
import { describe, expect, it } from "vitest";
import { converged, runChaos, TEST_PROFILE } from "./chaos";

const SEEDS = process.env.CHAOS_SEEDS
  ? process.env.CHAOS_SEEDS.split(",").map(Number)
  : Array.from({ length: 6 }, (_, index) => 1000 + index);

describe("chaos: random histories, faulty delivery, scheduled reconciles", () => {
  it(`given ${SEEDS.length} seeded histories with drops, duplicates, late and concurrent deliveries, retries and a redrive, when reconciled twice and pushed once more, then nothing is orphaned, nothing foreign started and every live clone has its stack`, async () => {
    const results = await runChaos(SEEDS, TEST_PROFILE, 3);

    const failures = results.filter((result) => !converged(result));
    expect(
      failures,
      `seeds ${failures.map((failure) => failure.seed).join(",")}: replay with CHAOS_SEEDS=<seeds>`,
    ).toEqual([]);
  }, 120_000);
});
