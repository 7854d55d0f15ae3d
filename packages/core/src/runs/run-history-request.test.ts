import { describe, expect, it } from "vitest";
import { EventError } from "../shared/errors.js";
import { runEvent } from "./__fixtures__/runs.js";
import { isRunHistoryRequest, parseRunHistoryRequest } from "./run-history-request.js";

const closed = {
  kind: "sourceClosed",
  eventId: "ev-2",
  time: "2026-11-28T09:00:00Z",
  project: "acme",
  branch: "refs/heads/feature/login",
};

describe("parseRunHistoryRequest", () => {
  it("given the run-event rule's input, when parsed, then it is the typed request with the time normalized", () => {
    expect(parseRunHistoryRequest({ ...runEvent(), time: "2026-11-27T15:09:00Z" })).toEqual(runEvent());
  });

  it.each([
    ["a number", 2, 2],
    ["its text", "3", 3],
    ["its text with a decimal zero", "2.0", 2],
    ["nothing", undefined, 1],
    ["an empty string (a missing path)", "", 1],
  ])(
    "Compliance: given the attempt as %s, when parsed, then the attempt is %s",
    (_what, attempt, expected) => {
      expect(parseRunHistoryRequest({ ...runEvent(), attempt })).toMatchObject({ attempt: expected });
    },
  );

  it("given a branch deletion with a full reference, when parsed, then the branch is the short name", () => {
    expect(parseRunHistoryRequest(closed)).toEqual({
      kind: "sourceClosed",
      eventId: "ev-2",
      time: "2026-11-28T09:00:00.000Z",
      project: "acme",
      branch: "feature/login",
    });
  });

  it("given a closed pull request, when parsed, then it names the pull request", () => {
    const { branch: _branch, ...rest } = closed;
    expect(parseRunHistoryRequest({ ...rest, pullRequestId: "42" })).toMatchObject({ pullRequestId: "42" });
  });

  it.each([
    ["a notification's kind", "kind", { ...runEvent(), kind: "failure" }],
    ["an unknown state", "state", { ...runEvent(), state: "DONE" }],
    ["a missing pipeline", "pipeline", { ...runEvent(), pipeline: "" }],
    ["a time that is not one", "time", { ...runEvent(), time: "yesterday" }],
    ["a negative attempt", "attempt", { ...runEvent(), attempt: -1 }],
    ["a bucket name with capitals", "reportsBucket", { ...runEvent(), reportsBucket: "Acme" }],
    ["a hotfix prefix that is not text", "hotfixPrefix", { ...runEvent(), hotfixPrefix: 7 }],
    ["both a branch and a pull request", "pullRequestId", { ...closed, pullRequestId: "42" }],
    ["neither a branch nor a pull request", "branch", { ...closed, branch: undefined }],
    [
      "a pull request id that is not digits",
      "pullRequestId",
      { ...closed, branch: undefined, pullRequestId: "x" },
    ],
    ["nothing at all", "kind", null],
  ])("Noncompliance: given %s, when parsed, then an EventError names %s", (_what, path, raw) => {
    let caught: unknown;
    try {
      parseRunHistoryRequest(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventError);
    expect((caught as EventError).path).toBe(path);
  });

  it.each([
    [{ kind: "runEvent" }, true],
    [{ kind: "sourceClosed" }, true],
    [{ kind: "pullRequestRun" }, false],
    ["runEvent", false],
    [null, false],
  ])("given %j, when asked whether it is a run-history request, then the answer is %s", (raw, expected) => {
    expect(isRunHistoryRequest(raw)).toBe(expected);
  });
});
