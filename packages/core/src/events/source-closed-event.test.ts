import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventError } from "../shared/errors.js";
import { parseSourceClosedDetail, SOURCE_CLOSED_EVENT, sourceClosedDetail } from "./source-closed-event.js";

describe("sourceClosedDetail", () => {
  it.each([
    [{ branch: "feature/login" }, { project: "acme", branch: "feature/login" }],
    [{ branch: "refs/heads/feature/login" }, { project: "acme", branch: "feature/login" }],
    [{ pullRequestId: "42" }, { project: "acme", pullRequestId: "42" }],
  ])("given %j, when built, then the detail is %j", (closed, detail) => {
    expect(sourceClosedDetail("acme", closed)).toEqual(detail);
  });

  it("given the event's source, then it is the cloner's own (its PutEvents condition), never an aws. source", () => {
    expect(SOURCE_CLOSED_EVENT).toEqual({
      source: "tributary.cloner",
      detailType: "Tributary Source Closed",
    });
  });
});

describe("parseSourceClosedDetail", () => {
  it.each([
    [{ project: "acme", branch: "feature/x" }],
    [{ project: "acme", pullRequestId: "7" }],
    [{ project: "shop2", branch: "bugfix/ünï" }],
  ])("Compliance: given %j, then it reads back unchanged", (detail) => {
    expect(parseSourceClosedDetail(detail)).toEqual(detail);
  });

  it.each([
    ["not an object", "feature/x", "detail"],
    ["an array", [], "detail"],
    ["no project", { branch: "feature/x" }, "detail.project"],
    ["a project with a dash", { project: "acme-dev", branch: "feature/x" }, "detail.project"],
    ["neither branch nor pull request", { project: "acme" }, "detail.branch"],
    ["both", { project: "acme", branch: "feature/x", pullRequestId: "7" }, "detail.pullRequestId"],
    ["an empty branch", { project: "acme", branch: "" }, "detail.branch"],
    ["only refs/heads/", { project: "acme", branch: "refs/heads/" }, "detail.branch"],
    ["a numeric branch", { project: "acme", branch: 7 }, "detail.branch"],
    ["a pull request number as a number", { project: "acme", pullRequestId: 7 }, "detail.pullRequestId"],
    ["a pull request id with letters", { project: "acme", pullRequestId: "7a" }, "detail.pullRequestId"],
  ])(
    "Noncompliance: given %s, then an EventError names the field (%j, %s) and the fix",
    (_name, detail, path) => {
      let error: unknown;
      try {
        parseSourceClosedDetail(detail);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(EventError);
      expect((error as EventError).path).toBe(path);
      expect((error as EventError).message).toContain("sourceClosedDetail builds");
    },
  );

  it("given any JSON value, when parsed, then it is a detail or an EventError, never another error", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseSourceClosedDetail(value);
        } catch (error) {
          expect(error).toBeInstanceOf(EventError);
        }
      }),
    );
  });
});
