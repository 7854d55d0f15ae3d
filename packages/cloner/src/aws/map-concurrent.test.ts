import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapConcurrent } from "./map-concurrent";

describe("mapConcurrent", () => {
  it("given any list and limit, when mapped, then results keep input order and no more than the limit run at once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(5), { maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        async (delays, limit) => {
          let running = 0;
          let peak = 0;
          const results = await mapConcurrent(delays, limit, async (delay, index) => {
            running += 1;
            peak = Math.max(peak, running);
            await new Promise((resolve) => setTimeout(resolve, delay));
            running -= 1;
            return index * 2;
          });
          expect(results).toEqual(delays.map((_, index) => index * 2));
          expect(peak).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("given one failing item, when mapped, then every item is still attempted and that error is thrown", async () => {
    const attempted: number[] = [];
    const failure = new Error("item 1");

    const run = mapConcurrent([0, 1, 2, 3], 2, async (item) => {
      attempted.push(item);
      if (item === 1) throw failure;
      return item;
    });

    await expect(run).rejects.toBe(failure);
    expect(attempted.sort()).toEqual([0, 1, 2, 3]);
  });

  it("given two failing items, when mapped, then an AggregateError carries both", async () => {
    const run = mapConcurrent([1, 2], 2, async (item) => {
      throw new Error(`item ${item}`);
    });

    await expect(run).rejects.toThrow(/2 of 2 calls failed; the first: Error: item 1/);
  });

  it.each([0, -1, 1.5])("given the limit %s, when mapped, then a RangeError names the fix", async (limit) => {
    await expect(mapConcurrent([1], limit, async (item) => item)).rejects.toThrow(/positive integer/);
  });
});
