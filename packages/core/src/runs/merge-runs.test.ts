import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { greenActions, run, runEvent } from "./__fixtures__/runs.js";
import { type LiveRow, liveVersion, mergeLiveRows, mergeRunRecords, runVersion } from "./merge-runs.js";
import { RUN_STATES, type RunRecord, type RunState } from "./run-record.js";

/** The states of one execution the notifier may record: any state, any attempt, at any second of a run. */
const states = fc.array(
  fc.record({
    state: fc.constantFrom<RunState>(...RUN_STATES),
    attempt: fc.integer({ min: 1, max: 3 }),
    second: fc.integer({ min: 0, max: 600 }),
  }),
  { minLength: 1, maxLength: 8 },
);

function recordOf(event: { state: RunState; attempt: number; second: number }): RunRecord {
  return run({
    request: runEvent({
      state: event.state,
      attempt: event.attempt,
      time: new Date(Date.parse("2026-11-27T15:00:00.000Z") + event.second * 1000).toISOString(),
    }),
  });
}

/** What DynamoDB does with a conditional put (`attribute_not_exists(pk) OR version < :version`). */
function conditionalPut(stored: RunRecord | undefined, incoming: RunRecord): RunRecord {
  return stored === undefined || runVersion(stored) < runVersion(incoming) ? incoming : stored;
}

describe("the merge rule of runs", () => {
  it("given any record, when merged with itself (a redelivered event), then it is unchanged", () => {
    fc.assert(
      fc.property(states, (events) => {
        for (const record of events.map(recordOf)) expect(mergeRunRecords(record, record)).toBe(record);
      }),
    );
  });

  it("given any two records, when merged in either order, then the result is the same", () => {
    fc.assert(
      fc.property(states, states, (left, right) => {
        const [a, b] = [recordOf(left[0] as never), recordOf(right[0] as never)];
        expect(mergeRunRecords(a, b)).toEqual(mergeRunRecords(b, a));
      }),
    );
  });

  it("given any three records, when merged in either grouping, then the result is the same", () => {
    fc.assert(
      fc.property(states, (events) => {
        fc.pre(events.length >= 3);
        const [a, b, c] = events.map(recordOf) as [RunRecord, RunRecord, RunRecord];
        expect(mergeRunRecords(mergeRunRecords(a, b), c)).toEqual(mergeRunRecords(a, mergeRunRecords(b, c)));
      }),
    );
  });

  it("given any events delivered in any order, any of them twice, when put conditionally, then the table ends with the same item", () => {
    fc.assert(
      fc.property(
        states.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
            fc.subarray(events),
          ),
        ),
        ([events, shuffled, redelivered]) => {
          const inOrder = events.map(recordOf).reduce<RunRecord | undefined>(conditionalPut, undefined);
          const outOfOrder = [...shuffled, ...redelivered]
            .map(recordOf)
            .reduce<RunRecord | undefined>(conditionalPut, undefined);
          expect(outOfOrder).toEqual(inOrder);
        },
      ),
    );
  });

  it("given a final state and a STARTED of the same second, when merged, then the final state wins", () => {
    const started = recordOf({ state: "STARTED", attempt: 1, second: 5 });
    const failed = recordOf({ state: "FAILED", attempt: 1, second: 5 });
    expect(mergeRunRecords(failed, started)).toBe(failed);
  });

  it("given a failed attempt and its retry's STARTED event, when merged, then the retry (a later attempt) wins", () => {
    const failed = recordOf({ state: "FAILED", attempt: 1, second: 500 });
    const retried = recordOf({ state: "RESUMED", attempt: 2, second: 10 });
    expect(mergeRunRecords(failed, retried)).toBe(retried);
  });

  it("given two records that differ only in content, when versioned, then their versions differ", () => {
    const a = run();
    const b = run({ actions: greenActions().slice(0, 3) });
    expect(runVersion(a)).not.toBe(runVersion(b));
    expect(runVersion(a).slice(0, 31)).toBe(runVersion(b).slice(0, 31));
  });
});

describe("the merge rule of live rows", () => {
  const at = (minute: number) =>
    new Date(Date.parse("2026-11-27T15:00:00.000Z") + minute * 60_000).toISOString();
  const runAt = (minute: number, executionId: string, state: RunState = "SUCCEEDED"): LiveRow => ({
    sourceKey: "branch#feature/login",
    run: run({
      request: runEvent({ executionId, state, time: at(minute + 9) }),
      startedAt: at(minute),
    }),
  });

  it("given an older run's final event after a newer run started, when merged, then the row keeps the newer run", () => {
    const newer = runAt(30, "bbbbbbbb-0000-4000-8000-000000000000", "STARTED");
    const older = runAt(0, "aaaaaaaa-0000-4000-8000-000000000000", "FAILED");
    expect(mergeLiveRows(newer, older)).toBe(newer);
    expect(mergeLiveRows(older, newer)).toBe(newer);
  });

  it("given a closed branch and a late event of a run that started before, when merged, then the row stays closed", () => {
    const closed: LiveRow = { sourceKey: "branch#feature/login", closedAt: at(20) };
    expect(mergeLiveRows(closed, runAt(0, "aaaaaaaa-0000-4000-8000-000000000000"))).toBe(closed);
  });

  it("given a closed branch pushed again, when its new run is merged, then the row is live again", () => {
    const closed: LiveRow = { sourceKey: "branch#feature/login", closedAt: at(20) };
    const reborn = runAt(25, "cccccccc-0000-4000-8000-000000000000");
    expect(mergeLiveRows(closed, reborn)).toBe(reborn);
  });

  it("given any rows of one source in any order, when put conditionally, then the same row remains", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ minute: fc.integer({ min: 0, max: 60 }), id: fc.constantFrom("a", "b", "c") }),
            fc.record({ closedMinute: fc.integer({ min: 0, max: 60 }) }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        fc.infiniteStream(fc.nat()),
        (entries, seeds) => {
          const rows: LiveRow[] = entries.map((entry) =>
            "closedMinute" in entry
              ? { sourceKey: "branch#feature/login", closedAt: at(entry.closedMinute) }
              : runAt(entry.minute, `${entry.id.repeat(8)}-0000-4000-8000-000000000000`),
          );
          const put = (stored: LiveRow | undefined, incoming: LiveRow) =>
            stored === undefined || liveVersion(stored) < liveVersion(incoming) ? incoming : stored;
          const order = rows
            .map((row, index) => ({ row, key: seeds.next().value + index }))
            .sort((a, b) => a.key - b.key)
            .map((entry) => entry.row);
          expect(order.reduce<LiveRow | undefined>(put, undefined)).toEqual(
            rows.reduce<LiveRow | undefined>(put, undefined),
          );
        },
      ),
    );
  });
});
