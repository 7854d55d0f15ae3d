import { describe, expect, it } from "vitest";
import { EventError } from "../shared/errors.js";
import { parseEvent } from "./parse-event.js";
import { MAX_RECONCILE_ROUNDS, nextContinuation, RECONCILE_CONTINUATION } from "./reconcile-continuation.js";

const continuation = (detail: unknown) => ({
  version: "0",
  id: "c-2",
  "detail-type": RECONCILE_CONTINUATION.detailType,
  source: RECONCILE_CONTINUATION.source,
  account: "123456789012",
  time: "2026-11-27T12:04:30Z",
  region: "eu-west-1",
  resources: [],
  detail,
});

describe("reconcile continuation", () => {
  it("given a continuation event, when parsed, then it is a reconcile of that round of the chain", () => {
    expect(parseEvent(continuation({ round: 2, origin: "s-1" }))).toEqual({
      type: "reconcile",
      id: "c-2",
      time: "2026-11-27T12:04:30Z",
      continuation: { round: 2, origin: "s-1" },
    });
  });

  it.each([
    ["a round of 1", { round: 1, origin: "s-1" }, "detail.round"],
    ["a round beyond the bound", { round: MAX_RECONCILE_ROUNDS + 1, origin: "s-1" }, "detail.round"],
    ["no origin", { round: 2 }, "detail.origin"],
    ["no detail", undefined, "detail"],
  ])("given %s, when parsed, then an EventError names the field", (_case, detail, path) => {
    expect(() => parseEvent(continuation(detail))).toThrow(EventError);
    try {
      parseEvent(continuation(detail));
    } catch (error) {
      expect((error as EventError).path).toBe(path);
    }
  });

  it("given another event of the cloner's source, when parsed, then it is ignored", () => {
    expect(parseEvent({ ...continuation({}), "detail-type": "Something Else" }).type).toBe("ignored");
  });

  it("given a scheduled reconcile and its continuations, when each asks for the next, then rounds count up from 2 with the first event as origin, and stop at the bound", () => {
    const first = nextContinuation({ type: "reconcile", id: "s-1", time: "t" });
    expect(first).toEqual({ round: 2, origin: "s-1" });
    expect(
      nextContinuation({
        type: "reconcile",
        id: "c-2",
        time: "t",
        continuation: { round: 2, origin: "s-1" },
      }),
    ).toEqual({
      round: 3,
      origin: "s-1",
    });
    expect(
      nextContinuation({
        type: "reconcile",
        id: "c-x",
        time: "t",
        continuation: { round: MAX_RECONCILE_ROUNDS, origin: "s-1" },
      }),
    ).toBeUndefined();
  });
});
