import { describe, expect, it } from "vitest";
import { EventError } from "../shared/errors.js";
import { pullRequestCloneTags } from "./pull-request-feedback.js";
import {
  isPullRequestRunRequest,
  parsePullRequestRunRequest,
  pullRequestOfCloneTags,
} from "./pull-request-run-request.js";

const request = {
  kind: "pullRequestRun",
  eventId: "ev-1",
  pipeline: "acme-dev-pr-42",
  executionId: "e-1",
  state: "SUCCEEDED",
  time: "2026-11-27T15:00:00Z",
  region: "eu-west-1",
  account: "123456789012",
  project: "acme",
  repository: "infra",
};

describe("parsePullRequestRunRequest", () => {
  it("given what the rule's input transformer builds, when parsed, then it comes back typed and unchanged", () => {
    expect(parsePullRequestRunRequest({ ...request, reportsBucket: "acme-reports" })).toEqual({
      ...request,
      reportsBucket: "acme-reports",
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no event id", { eventId: undefined }, "eventId"],
    ["a superseded run (the newer run comments)", { state: "SUPERSEDED" }, "state"],
    ["an unknown state", { state: "RUNNING" }, "state"],
    ["no repository", { repository: "" }, "repository"],
    ["a bucket name with capitals", { reportsBucket: "Acme" }, "reportsBucket"],
    ["another kind", { kind: "failure" }, "kind"],
  ])("given %s, when parsed, then an EventError names %s", (_name, overrides, path) => {
    const parse = () => parsePullRequestRunRequest({ ...request, ...overrides });
    expect(parse).toThrow(EventError);
    expect(parse).toThrow(new RegExp(path));
  });

  it.each<[unknown, boolean]>([
    [request, true],
    [{ ...request, kind: "failure" }, false],
    [null, false],
    ["pullRequestRun", false],
  ])("given %j, then isPullRequestRunRequest is %s", (raw, expected) => {
    expect(isPullRequestRunRequest(raw)).toBe(expected);
  });
});

describe("pullRequestOfCloneTags", () => {
  it.each<[string, Record<string, string>, string | undefined]>([
    ["this project's managed clone of PR 42", { ...pullRequestCloneTags({ project: "acme" }, "42") }, "42"],
    ["another project's clone", { ...pullRequestCloneTags({ project: "zeta" }, "42") }, undefined],
    [
      "an unmanaged pipeline with the PR tag",
      { "tributary:project": "acme", "tributary:pull-request": "42" },
      undefined,
    ],
    ["a feature clone", { "tributary:managed": "true", "tributary:project": "acme" }, undefined],
    [
      "a pull-request tag that is no id",
      { ...pullRequestCloneTags({ project: "acme" }, "42"), "tributary:pull-request": "x" },
      undefined,
    ],
  ])("given %s, then the pull request is %s", (_name, tags, expected) => {
    expect(pullRequestOfCloneTags(tags, "acme")).toBe(expected);
  });
});
