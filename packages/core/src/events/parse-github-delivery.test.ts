import type { PullRequestEvent as GitHubPullRequestPayload, PushEvent } from "@octokit/webhooks-types";
import { exampleEvents, type FakeGitHub, type GitHubEvent, startFakeGitHub } from "@tributary/fake-aws";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineConfig } from "../config/define-config.js";
import { DELETED_FORK } from "../pull-requests/fork-pull-requests.js";
import { EventError } from "../shared/errors.js";
import { forwardedGitHubEvent } from "./forwarded-github-event.js";
import { parseEvent } from "./parse-event.js";
import { type GitHubDelivery, parseGitHubDelivery } from "./parse-github-delivery.js";
import { planEvent } from "./plan-event.js";

const config = defineConfig({
  project: "acme",
  source: { provider: "github", owner: "acme", repository: "infra" },
});
const RECEIVED = "2026-01-05T09:00:00.000Z";
let deliveries = 0;

/** Given: one delivery of `event` as the endpoint receives it (a fresh GUID each). */
function parse(event: { name: string; payload: unknown }, configuration = config): GitHubDelivery {
  deliveries += 1;
  const deliveryId = `72d3162e-cc78-11e3-81ab-${String(deliveries).padStart(12, "0")}`;
  return parseGitHubDelivery(configuration, {
    name: event.name,
    deliveryId,
    receivedAt: RECEIVED,
    // Object payloads as the endpoint parses them from JSON; anything else exactly as given.
    payload:
      typeof event.payload === "object" && event.payload !== null
        ? JSON.parse(JSON.stringify(event.payload))
        : event.payload,
  });
}

function accepted(event: GitHubEvent) {
  const result = parse(event);
  if (result.outcome !== "accepted") throw new Error(`expected accepted, got ${JSON.stringify(result)}`);
  return result.event;
}

let github: FakeGitHub;
beforeAll(async () => {
  github = await startFakeGitHub({ repositories: { "acme/infra": "main", "mallory/infra": "main" } });
  github.repository("acme/infra").pushBranch("develop");
});
afterAll(async () => {
  await github.close();
});

describe("parseGitHubDelivery: branches arrive as push", () => {
  it("given a new branch, when GitHub sends create and push, then create is ignored and push creates it at its commit", () => {
    const [create, push] = github.repository("acme/infra").pushBranch("feature/login");
    const sha = github.repository("acme/infra").branches.get("feature/login");

    expect(create && parse(create)).toMatchObject({
      outcome: "ignored",
      event: {
        type: "ignored",
        reason: expect.stringContaining("the push event of the same branch carries it"),
      },
    });
    expect(push && accepted(push)).toEqual({
      type: "branchCreated",
      id: expect.stringMatching(/^72d3162e-/),
      time: RECEIVED,
      repository: "acme/infra",
      branch: "feature/login",
      commitId: sha,
    });
  });

  it("given a push to an existing branch, then it is branchUpdated at the new head", () => {
    const repository = github.repository("acme/infra");
    repository.pushBranch("feature/update");
    const [push] = repository.pushBranch("feature/update");
    expect(push && accepted(push)).toMatchObject({
      type: "branchUpdated",
      branch: "feature/update",
      commitId: repository.branches.get("feature/update"),
    });
  });

  it("given a deleted branch, then delete is ignored and push deletes it at its last head", () => {
    const repository = github.repository("acme/infra");
    repository.pushBranch("feature/gone");
    const last = repository.branches.get("feature/gone");
    const [remove, push] = repository.deleteBranch("feature/gone");

    expect(remove && parse(remove).outcome).toBe("ignored");
    expect(push && accepted(push)).toMatchObject({
      type: "branchDeleted",
      branch: "feature/gone",
      commitId: last,
    });
  });

  it("given a branch event, then the plan is the one of the same CodeCommit event", () => {
    const [, push] = github.repository("acme/infra").pushBranch("release/1.2.0");
    const event = push && accepted(push);
    const codeCommit = defineConfig({ project: "acme", repository: "acme-infra" });
    const twin = event && { ...event, repository: codeCommit.repository };

    expect(event && planEvent(config, event).actions).toEqual(twin && planEvent(codeCommit, twin).actions);
    expect(event && planEvent(config, event).actions[0]).toMatchObject({ type: "createClone" });
  });

  it("given GitHub's published push of a tag, then it is ignored as a tag", () => {
    const [tag] = exampleEvents("push", (example) => example.ref.startsWith("refs/tags/"));
    const payload = {
      ...(tag as PushEvent),
      repository: { ...(tag as PushEvent).repository, full_name: "acme/infra" },
    };
    expect(parse({ name: "push", payload })).toMatchObject({
      outcome: "ignored",
      event: { reason: expect.stringMatching(/^tag ".+" is not a branch$/) },
    });
  });

  it("given GitHub's published create of a tag, then it is ignored as a tag", () => {
    const [tag] = exampleEvents("create", (example) => example.ref_type === "tag");
    const payload = { ...tag, repository: { ...tag?.repository, full_name: "acme/infra" } };
    expect(parse({ name: "create", payload })).toMatchObject({
      outcome: "ignored",
      event: { reason: expect.stringMatching(/^tag ".+" is not a branch$/) },
    });
  });
});

describe("parseGitHubDelivery: pull requests", () => {
  it("given an opened pull request, then it is pullRequestOpened with its branches, commits and the head as revision", () => {
    const repository = github.repository("acme/infra");
    repository.pushBranch("feature/pr-open");
    const { pullRequest, events } = repository.openPullRequest({
      head: "feature/pr-open",
      base: "develop",
      title: "Login",
    });
    const [opened] = events;

    expect(opened && accepted(opened)).toEqual({
      type: "pullRequestOpened",
      id: expect.any(String),
      time: RECEIVED,
      repository: "acme/infra",
      pullRequestId: String(pullRequest.number),
      sourceBranch: "feature/pr-open",
      destinationBranch: "develop",
      sourceCommit: pullRequest.head.sha,
      destinationCommit: pullRequest.base.sha,
      title: "Login",
      merged: false,
      revisionId: pullRequest.head.sha,
    });
  });

  it("given a push to a pull request's branch, then synchronize is pullRequestSourceUpdated at the new head", () => {
    const repository = github.repository("acme/infra");
    repository.pushBranch("feature/pr-sync");
    const { pullRequest } = repository.openPullRequest({ head: "feature/pr-sync", base: "develop" });
    const synchronize = repository
      .pushBranch("feature/pr-sync")
      .find((event) => event.name === "pull_request");

    expect(synchronize && accepted(synchronize)).toMatchObject({
      type: "pullRequestSourceUpdated",
      pullRequestId: String(pullRequest.number),
      sourceCommit: pullRequest.head.sha,
      revisionId: pullRequest.head.sha,
    });
  });

  it("given a pull request closed, merged and reopened, then each is closed (merged or not) or opened", () => {
    const repository = github.repository("acme/infra");
    repository.pushBranch("feature/pr-close");
    const { pullRequest } = repository.openPullRequest({ head: "feature/pr-close", base: "develop" });
    const [closed] = repository.closePullRequest(pullRequest.number);
    const [reopened] = repository.reopenPullRequest(pullRequest.number);
    const [merged] = repository.mergePullRequest(pullRequest.number);

    expect(closed && accepted(closed)).toMatchObject({ type: "pullRequestClosed", merged: false });
    expect(reopened && accepted(reopened)).toMatchObject({ type: "pullRequestOpened", merged: false });
    expect(merged && accepted(merged)).toMatchObject({ type: "pullRequestClosed", merged: true });
  });

  it("given a pull request pointed at another base, then it is opened on the new base and names the former one", () => {
    const repository = github.repository("acme/infra");
    repository.pushBranch("feature/pr-base");
    const { pullRequest } = repository.openPullRequest({ head: "feature/pr-base", base: "develop" });
    const [edited] = repository.changeBase(pullRequest.number, "main");
    const event = edited && accepted(edited);

    expect(event).toMatchObject({
      type: "pullRequestOpened",
      destinationBranch: "main",
      previousDestinationBranch: "develop",
    });
    expect(event && planEvent(config, event).actions.map((action) => action.type)).toEqual([
      "deleteClone",
      "teardownStack",
      "createClone",
    ]);
  });

  it("given an edit that keeps the base (a new title), then it is ignored", () => {
    const repository = github.repository("acme/infra");
    repository.pushBranch("feature/pr-title");
    const { events } = repository.openPullRequest({ head: "feature/pr-title", base: "develop" });
    const payload = {
      ...(events[0]?.payload as GitHubPullRequestPayload),
      action: "edited",
      changes: { title: { from: "Old" } },
    };
    expect(parse({ name: "pull_request", payload }).outcome).toBe("ignored");
  });

  it("given a pull request from a fork, then its head repository is named and the plan is the fork notice", () => {
    const repository = github.repository("acme/infra");
    const { events } = repository.openPullRequest({ head: "main", base: "develop", fork: "mallory/infra" });
    const event = events[0] && accepted(events[0]);

    expect(event).toMatchObject({ type: "pullRequestOpened", headRepository: "mallory/infra" });
    const actions = event ? planEvent(config, event).actions : [];
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      type: "commentOnPullRequest",
      marker: expect.stringContaining("tributary-fork-notice"),
    });
  });

  it("given a fork GitHub no longer has (head.repo null), then the head is a deleted fork", () => {
    const repository = github.repository("acme/infra");
    const { events } = repository.openPullRequest({ head: "main", base: "develop", fork: "mallory/infra" });
    const payload = structuredClone(events[0]?.payload) as GitHubPullRequestPayload;
    (payload.pull_request.head as { repo: unknown }).repo = null;
    expect(parse({ name: "pull_request", payload })).toMatchObject({
      event: { headRepository: DELETED_FORK },
    });
  });

  it("given every published pull_request example, then each is accepted, ignored or another repository's, never an error", () => {
    const outcomes = exampleEvents("pull_request").map(
      (payload) => parse({ name: "pull_request", payload }).outcome,
    );
    expect(outcomes.length).toBeGreaterThan(10);
    expect(new Set(outcomes)).toEqual(new Set(["foreign"]));
    const ours = exampleEvents("pull_request").map((payload) => ({
      ...payload,
      repository: { ...payload.repository, full_name: "acme/infra" },
    }));
    const kinds = new Set(ours.map((payload) => parse({ name: "pull_request", payload }).outcome));
    expect(kinds).toEqual(new Set(["accepted", "ignored"]));
  });
});

describe("parseGitHubDelivery: what asks for nothing", () => {
  it("given a ping, then it is ignored", () => {
    const hook = {
      id: 1,
      name: "web",
      active: true,
      events: ["push"],
      config: { contentType: "json", insecureSsl: "0" },
      secret: undefined,
      createdAt: RECEIVED,
    };
    expect(parse(github.repository("acme/infra").ping(hook))).toMatchObject({
      outcome: "ignored",
      event: { reason: expect.stringMatching(/^ping/) },
    });
  });

  it("given an event Tributary does not subscribe to, then it is ignored and says which events it needs", () => {
    expect(parse({ name: "issues", payload: {} })).toMatchObject({
      outcome: "ignored",
      event: { reason: 'GitHub event "issues" is not handled; the webhook needs only push and pull_request' },
    });
  });

  it("given another repository's delivery, then it is foreign and names that repository", () => {
    const [push] = exampleEvents("push", (example) => example.ref.startsWith("refs/heads/"));
    expect(parse({ name: "push", payload: push })).toMatchObject({
      outcome: "foreign",
      repository: push?.repository.full_name,
    });
  });

  it("given the repository in other letters, then it is ours (GitHub ignores case)", () => {
    const [, push] = github.repository("acme/infra").pushBranch("feature/case");
    const pushed = push?.payload as PushEvent;
    const payload = { ...pushed, repository: { ...pushed.repository, full_name: "ACME/Infra" } };
    expect(parse({ name: "push", payload })).toMatchObject({
      outcome: "accepted",
      event: { repository: "acme/infra" },
    });
  });
});

describe("parseGitHubDelivery: malformed payloads", () => {
  it("given a push without its fields, then one EventError names every bad field with its fix", () => {
    let error: unknown;
    try {
      parse({
        name: "push",
        payload: { ref: "refs/heads/x", after: "nope", repository: { full_name: "acme/infra" } },
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(EventError);
    expect((error as EventError).problems.map((problem) => problem.path)).toEqual([
      "payload.created",
      "payload.deleted",
      "payload.before",
      "payload.after",
    ]);
    expect((error as EventError).problems.every((problem) => problem.fix.length > 20)).toBe(true);
  });

  it("given a pull request without head and base, then the EventError names both", () => {
    let error: unknown;
    try {
      parse({
        name: "pull_request",
        payload: {
          action: "opened",
          number: 0,
          pull_request: { title: 1 },
          repository: { full_name: "acme/infra" },
        },
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(EventError);
    expect((error as EventError).problems.map((problem) => problem.path)).toEqual([
      "payload.number",
      "payload.pull_request.head",
      "payload.pull_request.base",
      "payload.pull_request.title",
    ]);
  });

  it.each<[string, unknown]>([
    ["a string", "push"],
    ["null", null],
    ["an array", []],
  ])("given a payload that is %s, then an EventError names the payload", (_name, payload) => {
    expect(() => parse({ name: "push", payload })).toThrow(EventError);
  });

  it("given any payload for any event, then parsing returns or throws EventError, never anything else", () => {
    const event = fc.constantFrom("push", "pull_request", "create", "delete", "ping", "issues");
    const payload = fc.oneof(
      fc.anything(),
      fc.record(
        {
          ref: fc.oneof(
            fc.string(),
            fc.constantFrom("refs/heads/feature/x", "refs/tags/v1", "refs/heads/"),
            fc.anything(),
          ),
          ref_type: fc.oneof(fc.constantFrom("branch", "tag"), fc.anything()),
          action: fc.oneof(
            fc.constantFrom("opened", "synchronize", "closed", "edited", "labeled"),
            fc.anything(),
          ),
          number: fc.oneof(fc.integer(), fc.anything()),
          created: fc.anything(),
          deleted: fc.anything(),
          before: fc.oneof(fc.stringMatching(/^[0-9a-f]{40}$/), fc.anything()),
          after: fc.oneof(fc.stringMatching(/^[0-9a-f]{40}$/), fc.anything()),
          repository: fc.oneof(fc.constant({ full_name: "acme/infra" }), fc.anything()),
          pull_request: fc.anything(),
          changes: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(event, payload, (name, body) => {
        try {
          parse({ name, payload: body });
        } catch (error) {
          expect(error).toBeInstanceOf(EventError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("forwarded deliveries", () => {
  it("given an accepted delivery handed on as JSON, when the cloner parses it, then it is the same event", () => {
    const repository = github.repository("acme/infra");
    repository.pushBranch("feature/forward");
    const { events } = repository.openPullRequest({ head: "main", base: "develop", fork: "mallory/infra" });
    const event = events[0] && accepted(events[0]);
    const [, push] = repository.pushBranch("feature/forwarded");
    const branch = push && accepted(push);

    for (const original of [event, branch]) {
      if (original === undefined) throw new Error("no event");
      const wire = JSON.parse(JSON.stringify(forwardedGitHubEvent(original)));
      expect(parseEvent(wire, config)).toEqual(original);
    }
  });

  it("given a forwarded delivery of another repository, then the cloner ignores it", () => {
    const [, push] = github.repository("acme/infra").pushBranch("feature/elsewhere");
    const event = push && accepted(push);
    const other = defineConfig({
      project: "acme",
      source: { provider: "github", owner: "acme", repository: "other" },
    });
    expect(event && parseEvent(forwardedGitHubEvent(event), other)).toMatchObject({ type: "ignored" });
  });

  it("given a forwarded detail that is not an event, then an EventError names every bad field", () => {
    const raw = {
      id: "d-1",
      time: RECEIVED,
      source: "tributary.github",
      "detail-type": "GitHub Delivery",
      detail: { type: "pullRequestOpened", repository: "acme/infra", merged: "no" },
    };
    try {
      parseEvent(raw, config);
      throw new Error("parsed");
    } catch (error) {
      expect(error).toBeInstanceOf(EventError);
      expect((error as EventError).problems.map((problem) => problem.path)).toEqual([
        "detail.pullRequestId",
        "detail.sourceBranch",
        "detail.destinationBranch",
        "detail.sourceCommit",
        "detail.destinationCommit",
        "detail.title",
        "detail.merged",
      ]);
    }
  });

  it("given any detail, then reading a forwarded delivery returns an event or throws EventError", () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom("GitHub Delivery", "Other"), (detail, detailType) => {
        try {
          parseEvent(
            { id: "d", time: RECEIVED, source: "tributary.github", "detail-type": detailType, detail },
            config,
          );
        } catch (error) {
          expect(error).toBeInstanceOf(EventError);
        }
      }),
    );
  });
});
