import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventError } from "../shared/errors.js";
import branchCreated from "./__fixtures__/branch-created.json" with { type: "json" };
import branchCreatedFullRef from "./__fixtures__/branch-created-full-ref.json" with { type: "json" };
import branchDeleted from "./__fixtures__/branch-deleted.json" with { type: "json" };
import branchDeletedFullRef from "./__fixtures__/branch-deleted-full-ref.json" with { type: "json" };
import branchMergedIntoDevelop from "./__fixtures__/branch-merged-into-develop.json" with { type: "json" };
import branchUpdated from "./__fixtures__/branch-updated.json" with { type: "json" };
import branchUpdatedFullRef from "./__fixtures__/branch-updated-full-ref.json" with { type: "json" };
import pullRequestClosed from "./__fixtures__/pull-request-closed.json" with { type: "json" };
import pullRequestCreated from "./__fixtures__/pull-request-created.json" with { type: "json" };
import pullRequestMerged from "./__fixtures__/pull-request-merged.json" with { type: "json" };
import pullRequestReopened from "./__fixtures__/pull-request-reopened.json" with { type: "json" };
import pullRequestSourceUpdated from "./__fixtures__/pull-request-source-updated.json" with { type: "json" };
import scheduledEvent from "./__fixtures__/scheduled-event.json" with { type: "json" };
import tagCreated from "./__fixtures__/tag-created.json" with { type: "json" };
import { parseEvent } from "./parse-event.js";

type Raw = Record<string, unknown> & { detail: Record<string, unknown> };
const clone = (event: object): Raw => structuredClone(event) as Raw;
const repo = { repository: "infra-deployment" };

function eventError(raw: unknown): EventError {
  try {
    parseEvent(raw);
  } catch (error) {
    if (error instanceof EventError) return error;
    throw error;
  }
  throw new Error("parseEvent accepted the event");
}

const PR = {
  repository: "infra-deployment",
  pullRequestId: "42",
  sourceBranch: "feature/login",
  destinationBranch: "develop",
  sourceCommit: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
  destinationCommit: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c",
  title: "Add login page",
};

describe("parseEvent", () => {
  describe("Compliance: realistic EventBridge events (src/__fixtures__)", () => {
    it.each<[string, object, Record<string, unknown>]>([
      [
        "branch created",
        branchCreated,
        {
          type: "branchCreated",
          branch: "feature/login",
          commitId: "6e8b2f0a9c4d1e7f3a5b8c0d2e4f6a8b0c1d3e5f",
          repository: "infra-deployment",
        },
      ],
      [
        "branch created (refs/heads form)",
        branchCreatedFullRef,
        { type: "branchCreated", branch: "release/1.2.0" },
      ],
      [
        "branch updated",
        branchUpdated,
        {
          type: "branchUpdated",
          branch: "feature/login",
          commitId: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        },
      ],
      [
        "branch updated (refs/heads form)",
        branchUpdatedFullRef,
        { type: "branchUpdated", branch: "release/1.2.0" },
      ],
      ["merge into develop", branchMergedIntoDevelop, { type: "branchUpdated", branch: "develop" }],
      [
        "branch deleted",
        branchDeleted,
        {
          type: "branchDeleted",
          branch: "feature/login",
          commitId: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        },
      ],
      [
        "branch deleted (refs/heads form)",
        branchDeletedFullRef,
        { type: "branchDeleted", branch: "release/1.2.0" },
      ],
      ["tag created", tagCreated, { type: "ignored", reason: 'tag "v1.2.0" is not a branch' }],
      ["PR created", pullRequestCreated, { type: "pullRequestOpened", ...PR, merged: false }],
      [
        "PR source updated",
        pullRequestSourceUpdated,
        { type: "pullRequestSourceUpdated", ...PR, sourceCommit: "e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2" },
      ],
      ["PR closed", pullRequestClosed, { type: "pullRequestClosed", ...PR, merged: false }],
      ["PR reopened", pullRequestReopened, { type: "pullRequestOpened", ...PR }],
      ["PR merged", pullRequestMerged, { type: "pullRequestClosed", ...PR, merged: true }],
      [
        "scheduled event",
        scheduledEvent,
        { type: "reconcile", id: "b7c8d9e0-f1a2-4b3c-8d4e-6f7a8b9c0d1e", time: "2026-11-27T12:00:00Z" },
      ],
    ])("given the %s fixture, then it parses to the typed event", (_name, raw, expected) => {
      const event = parseEvent(raw, repo);
      expect(event).toMatchObject(expected);
      expect(event.id).toBe((raw as Raw).id);
      expect(event.time).toBe((raw as Raw).time);
      expect(Object.isFrozen(event)).toBe(true);
    });
  });

  describe("ignored events, with the reason", () => {
    const variants: [string, unknown, string][] = [
      [
        "another repository (branch)",
        { ...clone(branchCreated), detail: { ...clone(branchCreated).detail, repositoryName: "other" } },
        'event is for repository "other", not the configured repository "infra-deployment"',
      ],
      [
        "another repository (PR)",
        {
          ...clone(pullRequestCreated),
          detail: { ...clone(pullRequestCreated).detail, repositoryNames: ["other"] },
        },
        'event is for repository "other", not the configured repository "infra-deployment"',
      ],
      [
        "a branch event with a tag ref",
        {
          ...clone(branchCreated),
          detail: { ...clone(branchCreated).detail, referenceName: "refs/tags/v1" },
        },
        'reference "refs/tags/v1" is not a branch',
      ],
      [
        "an unhandled repository event",
        {
          ...clone(branchCreated),
          detail: { ...clone(branchCreated).detail, event: "unreferencedMergeCommitCreated" },
        },
        'CodeCommit "unreferencedMergeCommitCreated" events are not handled',
      ],
      [
        "an unhandled PR event",
        {
          ...clone(pullRequestCreated),
          detail: { ...clone(pullRequestCreated).detail, event: "pullRequestApprovalStateChanged" },
        },
        'CodeCommit "pullRequestApprovalStateChanged" events are not handled',
      ],
      [
        "a comment event",
        { ...clone(pullRequestCreated), "detail-type": "CodeCommit Comment on Pull Request" },
        'CodeCommit "CodeCommit Comment on Pull Request" events are not handled',
      ],
      [
        "a merge status update that did not merge",
        { ...clone(pullRequestMerged), detail: { ...clone(pullRequestMerged).detail, isMerged: "False" } },
        "pull request 42 merge status changed, not merged",
      ],
      [
        "a source update on a closed PR",
        {
          ...clone(pullRequestSourceUpdated),
          detail: { ...clone(pullRequestSourceUpdated).detail, pullRequestStatus: "Closed" },
        },
        "pull request 42 is closed",
      ],
      [
        "another AWS source",
        { ...clone(scheduledEvent), source: "aws.s3", "detail-type": "Object Created" },
        "events from aws.s3 are not handled",
      ],
      [
        "another aws.events detail type",
        { ...clone(scheduledEvent), "detail-type": "AWS API Call via CloudTrail" },
        'aws.events "AWS API Call via CloudTrail" is not handled',
      ],
    ];
    it.each(variants)("given %s, then ignored", (_name, raw, reason) => {
      expect(parseEvent(raw, repo)).toMatchObject({ type: "ignored", reason });
    });

    it("given an event of another repository and no config, then it is parsed (the planner decides)", () => {
      const raw = {
        ...clone(branchCreated),
        detail: { ...clone(branchCreated).detail, repositoryName: "other" },
      };
      expect(parseEvent(raw)).toMatchObject({ type: "branchCreated", repository: "other" });
    });

    it("given a PR listing several repositories, then the configured one is the event's repository", () => {
      const raw = clone(pullRequestCreated);
      raw.detail.repositoryNames = ["shared-lib", "infra-deployment"];
      expect(parseEvent(raw, repo)).toMatchObject({
        type: "pullRequestOpened",
        repository: "infra-deployment",
      });
      expect(parseEvent(raw)).toMatchObject({ type: "pullRequestOpened", repository: "shared-lib" });
    });

    it("given a PR without isMerged and title, then merged is false and the title empty", () => {
      const raw = clone(pullRequestCreated);
      delete raw.detail.isMerged;
      delete raw.detail.title;
      expect(parseEvent(raw)).toMatchObject({ type: "pullRequestOpened", merged: false, title: "" });
    });

    it("given PR references without refs/heads/, then they are taken as branch names", () => {
      const raw = clone(pullRequestCreated);
      raw.detail.sourceReference = "feature/login";
      raw.detail.destinationReference = "develop";
      expect(parseEvent(raw)).toMatchObject({ sourceBranch: "feature/login", destinationBranch: "develop" });
    });

    it("given commit ids of a SHA-256 repository (64 hexadecimal digits), then they are accepted", () => {
      const sha256 = "6e8b2f0a9c4d1e7f3a5b8c0d2e4f6a8b0c1d3e5f6e8b2f0a9c4d1e7f3a5b8c0d";
      const branch = clone(branchUpdated);
      branch.detail.commitId = sha256;
      const pullRequest = clone(pullRequestCreated);
      pullRequest.detail.sourceCommit = sha256;
      pullRequest.detail.destinationCommit = sha256;

      expect(parseEvent(branch)).toMatchObject({ type: "branchUpdated", commitId: sha256 });
      expect(parseEvent(pullRequest)).toMatchObject({ sourceCommit: sha256, destinationCommit: sha256 });
    });
  });

  describe("Noncompliance: malformed events throw EventError with the path", () => {
    const without = (event: object, key: string): Raw => {
      const raw = clone(event);
      delete raw.detail[key];
      return raw;
    };
    const withDetail = (event: object, key: string, value: unknown): Raw => {
      const raw = clone(event);
      raw.detail[key] = value;
      return raw;
    };
    it.each<[string, unknown, string]>([
      ["undefined", undefined, ""],
      ["a string", "event", ""],
      ["an array", [], ""],
      ["no id", { ...clone(branchCreated), id: undefined }, "id"],
      ["an empty id", { ...clone(branchCreated), id: "" }, "id"],
      ["a numeric time", { ...clone(branchCreated), time: 1 }, "time"],
      ["no source", { ...clone(branchCreated), source: undefined }, "source"],
      ["no detail-type", { ...clone(branchCreated), "detail-type": null }, "detail-type"],
      ["no detail", { ...clone(branchCreated), detail: undefined }, "detail"],
      ["a detail array", { ...clone(branchCreated), detail: [] }, "detail"],
      ["no detail.event", without(branchCreated, "event"), "detail.event"],
      ["no repositoryName", without(branchCreated, "repositoryName"), "detail.repositoryName"],
      ["no referenceType", without(branchCreated, "referenceType"), "detail.referenceType"],
      ["no referenceName", without(branchCreated, "referenceName"), "detail.referenceName"],
      [
        "a bare refs/heads/ reference",
        withDetail(branchCreated, "referenceName", "refs/heads/"),
        "detail.referenceName",
      ],
      ["a created branch without commitId", without(branchCreated, "commitId"), "detail.commitId"],
      ["an updated branch without commitId", without(branchUpdated, "commitId"), "detail.commitId"],
      ["a deleted branch without oldCommitId", without(branchDeleted, "oldCommitId"), "detail.oldCommitId"],
      ["no repositoryNames", without(pullRequestCreated, "repositoryNames"), "detail.repositoryNames"],
      [
        "empty repositoryNames",
        withDetail(pullRequestCreated, "repositoryNames", []),
        "detail.repositoryNames",
      ],
      [
        "repositoryNames with a number",
        withDetail(pullRequestCreated, "repositoryNames", [1]),
        "detail.repositoryNames",
      ],
      ["no pullRequestId", without(pullRequestCreated, "pullRequestId"), "detail.pullRequestId"],
      [
        "a bad status",
        withDetail(pullRequestCreated, "pullRequestStatus", "Merged"),
        "detail.pullRequestStatus",
      ],
      ["a boolean isMerged", withDetail(pullRequestCreated, "isMerged", true), "detail.isMerged"],
      ["no sourceReference", without(pullRequestCreated, "sourceReference"), "detail.sourceReference"],
      [
        "a tag destination",
        withDetail(pullRequestCreated, "destinationReference", "refs/tags/v1"),
        "detail.destinationReference",
      ],
      ["no sourceCommit", without(pullRequestCreated, "sourceCommit"), "detail.sourceCommit"],
      ["no destinationCommit", without(pullRequestCreated, "destinationCommit"), "detail.destinationCommit"],
      ["a numeric title", withDetail(pullRequestCreated, "title", 7), "detail.title"],
      ["a commitId that is no git object id", withDetail(branchUpdated, "commitId", "zz"), "detail.commitId"],
      ["an abbreviated commitId", withDetail(branchCreated, "commitId", "a1b2c3d"), "detail.commitId"],
      [
        "an oldCommitId in upper case",
        withDetail(branchDeleted, "oldCommitId", "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678"),
        "detail.oldCommitId",
      ],
      [
        "a sourceCommit that is a branch",
        withDetail(pullRequestCreated, "sourceCommit", "main"),
        "detail.sourceCommit",
      ],
      [
        "a destinationCommit of 41 digits",
        withDetail(pullRequestCreated, "destinationCommit", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c0"),
        "detail.destinationCommit",
      ],
    ])("given %s, then EventError at %j with a fix", (_name, raw, path) => {
      const error = eventError(raw);
      expect(error.path).toBe(path);
      expect(error.reason.length).toBeGreaterThan(5);
      expect(error.message).toContain(error.reason);
      expect(error.message).toContain(`. Fix: ${error.fix}`);
      expect(error.fix.length).toBeGreaterThan(10);
    });

    it("given a branch event with several bad fields, then one EventError reports every problem, each with a fix", () => {
      const raw = clone(branchCreated);
      raw.id = "";
      delete raw.detail.repositoryName;
      raw.detail.referenceName = 7;
      delete raw.detail.commitId;

      const error = eventError(raw);

      expect(error.problems.map((problem) => problem.path)).toEqual([
        "id",
        "detail.repositoryName",
        "detail.referenceName",
        "detail.commitId",
      ]);
      expect(error.path).toBe("id");
      expect(error.message.split("\n")).toEqual([
        "Malformed event, 4 problems:",
        expect.stringMatching(/^ {2}id is empty\. Fix: Give the event's id/),
        expect.stringMatching(/^ {2}detail\.repositoryName is missing\. Fix: /),
        expect.stringMatching(
          /^ {2}detail\.referenceName is 7 \(a number\), not a string\. Fix: Give the branch/,
        ),
        expect.stringMatching(/^ {2}detail\.commitId is missing\. Fix: Give the commit/),
      ]);
      for (const problem of error.problems) expect(problem.fix).toContain("tributary plan --example");
    });

    it("given a branch event without its referenceName, then the message names the field and says it is missing", () => {
      const error = eventError(without(branchCreated, "referenceName"));

      expect(error.message).toMatch(
        /^Malformed event: detail\.referenceName is missing\. Fix: Give the branch, as /,
      );
    });

    it("given a commitId of zz, then the message shows the value and what a commit id is", () => {
      const error = eventError(withDetail(branchUpdated, "commitId", "zz"));

      expect(error.message).toMatch(
        /^Malformed event: detail\.commitId is "zz", not a git commit id \(40 lower-case hexadecimal digits, or 64 in a SHA-256 repository\)\. Fix: Give the commit the branch now points to/,
      );
    });

    it("given a wrong-shape event, then each problem says what was found instead of what", () => {
      const raw = clone(pullRequestCreated);
      raw.detail.pullRequestStatus = "Merged";
      raw.detail.repositoryNames = "infra-deployment";
      raw.detail.title = { text: "x" };

      expect(eventError(raw).problems.map((problem) => `${problem.path} ${problem.reason}`)).toEqual([
        'detail.repositoryNames is "infra-deployment", not a non-empty array of repository names',
        'detail.pullRequestStatus is "Merged", not one of Open, Closed',
        'detail.title is {"text":"x"} (an object), not a string',
      ]);
    });

    it("given a whole event that is not an object, then the message calls it the event", () => {
      expect(eventError("event").message).toMatch(
        /^Malformed event: the event is "event", not an object\. Fix: /,
      );
    });

    it("given a pull request event with several bad fields, then every problem is reported", () => {
      const raw = clone(pullRequestCreated);
      raw.detail.pullRequestStatus = "Merged";
      raw.detail.destinationReference = "refs/tags/v1";
      raw.detail.title = 3;

      expect(eventError(raw).problems.map((problem) => problem.path)).toEqual([
        "detail.pullRequestStatus",
        "detail.destinationReference",
        "detail.title",
      ]);
    });

    it("given an object whose getter throws, then EventError at the root", () => {
      const raw = {
        ...clone(branchCreated),
        get detail(): never {
          throw new TypeError("boom");
        },
      };
      expect(eventError(raw).path).toBe("");
    });
  });

  it("given anything at all, then parseEvent returns an event or throws EventError, never another error", () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true }),
        (raw) => {
          try {
            parseEvent(raw);
          } catch (error) {
            expect(error).toBeInstanceOf(EventError);
          }
        },
      ),
    );
  });

  it("given fixtures with fields replaced by random values, then only EventError is ever thrown", () => {
    const fixtures = [
      branchCreated,
      branchUpdated,
      branchDeleted,
      tagCreated,
      pullRequestCreated,
      pullRequestMerged,
      pullRequestSourceUpdated,
      scheduledEvent,
    ];
    const keys = [
      "id",
      "time",
      "source",
      "detail-type",
      "detail",
      "event",
      "referenceType",
      "referenceName",
      "repositoryName",
      "commitId",
      "oldCommitId",
      "repositoryNames",
      "pullRequestId",
      "pullRequestStatus",
      "isMerged",
      "sourceReference",
      "destinationReference",
      "sourceCommit",
      "destinationCommit",
      "title",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.constantFrom(...keys),
        fc.anything(),
        fc.boolean(),
        (fixture, key, value, inDetail) => {
          const raw = clone(fixture);
          if (inDetail) raw.detail[key] = value;
          else raw[key] = value;
          try {
            const event = parseEvent(raw, repo);
            expect(typeof event.type).toBe("string");
          } catch (error) {
            expect(error).toBeInstanceOf(EventError);
          }
        },
      ),
    );
  });
});
