import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apply, initialAccount } from "../__fixtures__/account-model.js";
import { branchName, config } from "../__fixtures__/arbitraries.js";
import { resolveBranch } from "../branches/resolve-branch.js";
import { stableHash } from "../names/stable-hash.js";
import { commit, eventId, pullRequestEvent, referenceEvent, scheduled } from "./__fixtures__/events.js";
import { parseEvent } from "./parse-event.js";
import type { Action } from "./plan.js";
import {
  clientRequestToken,
  commentToken,
  expectedCloneTags,
  planEvent,
  teardownToken,
} from "./plan-event.js";
import type { TributaryEvent } from "./tributary-event.js";

const plan = (raw: unknown): readonly Action[] => planEvent(config, parseEvent(raw, config)).actions;
const types = (actions: readonly Action[]) => actions.map((action) => action.type);
const pr = { id: "42", sourceBranch: "feature/login", destinationBranch: "develop" };
const open = { status: "Open", merged: false } as const;

describe("idempotency tokens", () => {
  it("given the same event and subject, then the teardown and comment tokens are equal, and differ per subject", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string(), (id, a, b) => {
        expect(teardownToken(id, a)).toBe(teardownToken(id, a));
        expect(commentToken(id, a)).toMatch(/^tributary-[0-9a-z]{10}$/);
        expect(teardownToken(id, a)).toMatch(/^tributary-[0-9a-z]{10}$/);
        if (a !== b) expect(teardownToken(id, a)).not.toBe(teardownToken(id, b));
      }),
    );
  });
});

describe("planEvent", () => {
  describe("branch events (table)", () => {
    it.each<[string, "referenceCreated" | "referenceUpdated" | "referenceDeleted", string, string[]]>([
      ["a new feature branch", "referenceCreated", "feature/login", ["createClone"]],
      ["a new release branch", "referenceCreated", "release/1.2.0", ["createClone"]],
      ["a push to a feature branch", "referenceUpdated", "feature/login", ["startExecution"]],
      ["a push to a hotfix branch", "referenceUpdated", "hotfix/1.2.1", ["startExecution"]],
      [
        "a deleted feature branch (ephemeral)",
        "referenceDeleted",
        "feature/login",
        ["deleteClone", "teardownStack"],
      ],
      ["a deleted release branch (shared stack)", "referenceDeleted", "release/1.2.0", ["deleteClone"]],
      ["a push to develop", "referenceUpdated", "develop", ["ignore"]],
      ["a push to main", "referenceUpdated", "main", ["ignore"]],
      ["develop deleted", "referenceDeleted", "develop", ["ignore"]],
      ["a new support branch", "referenceCreated", "support/1.x", ["ignore"]],
      ["a new bare release branch", "referenceCreated", "release", ["ignore"]],
      ["a new branch named feature/", "referenceCreated", "feature/", ["ignore"]],
    ])("given %s, then %j", (_name, kind, branch, expected) => {
      expect(types(plan(referenceEvent(kind, branch, 1)))).toEqual(expected);
      expect(types(plan(referenceEvent(kind, branch, 1, { fullRef: true })))).toEqual(expected);
    });
  });

  it("given a new feature branch, then createClone carries the full route", () => {
    const [action] = plan(referenceEvent("referenceCreated", "feature/login", 1));
    expect(action).toEqual({ type: "createClone", route: resolveBranch(config, "feature/login") });
  });

  it("given a push, then startExecution carries the commit and a token from the event id and pipeline", () => {
    const raw = referenceEvent("referenceUpdated", "feature/login", 7);
    const [action] = plan(raw);
    expect(action).toEqual({
      type: "startExecution",
      route: resolveBranch(config, "feature/login"),
      commitId: commit(7),
      clientRequestToken: `tributary-${stableHash(`${raw.id}acme-dev-feature-login`)}`,
    });
    expect(clientRequestToken(raw.id as string, "acme-dev-feature-login")).toMatch(/^[a-zA-Z0-9-]{1,128}$/);
  });

  it("given a deleted feature branch, then deleteClone requires the managed tags and the stack is torn down", () => {
    expect(plan(referenceEvent("referenceDeleted", "feature/login", 1))).toEqual([
      {
        type: "deleteClone",
        pipelineName: "acme-dev-feature-login",
        expectedTags: { "tributary:managed": "true", "tributary:project": "acme" },
      },
      {
        type: "teardownStack",
        stackName: "acme-dev-feature-login",
        pipelineName: "acme-dev-feature-login",
        idempotencyToken: teardownToken(eventId(1), "acme-dev-feature-login"),
        reason: "removed",
      },
    ]);
    expect(expectedCloneTags(config)).toEqual({ "tributary:managed": "true", "tributary:project": "acme" });
  });

  it("given develop is pushed, then the ignore reason says it runs its own pipeline", () => {
    expect(plan(referenceEvent("referenceUpdated", "develop", 1))).toEqual([
      {
        type: "ignore",
        reason:
          'develop branch "develop" runs the dev environment pipeline acme-dev itself; it runs its own pipeline',
      },
    ]);
  });

  describe("pull-request events (table)", () => {
    it.each<
      [
        string,
        Parameters<typeof pullRequestEvent>[0],
        { status: "Open" | "Closed"; merged: boolean },
        string[],
      ]
    >([
      ["a created PR", "pullRequestCreated", open, ["createClone"]],
      ["a reopened PR", "pullRequestStatusChanged", open, ["createClone"]],
      [
        "new commits on the source",
        "pullRequestSourceBranchUpdated",
        open,
        ["startExecution", "revokeApproval"],
      ],
      [
        "a closed PR",
        "pullRequestStatusChanged",
        { status: "Closed", merged: false },
        ["deleteClone", "teardownStack"],
      ],
      [
        "a merged PR",
        "pullRequestMergeStatusUpdated",
        { status: "Closed", merged: true },
        ["deleteClone", "teardownStack"],
      ],
    ])("given %s, then %j", (_name, kind, state, expected) => {
      expect(types(plan(pullRequestEvent(kind, pr, 3, state)))).toEqual(expected);
    });
  });

  it("given a PR into a branch that routes nowhere, then ignore with the reason", () => {
    const actions = plan(
      pullRequestEvent("pullRequestCreated", { ...pr, destinationBranch: "support/1.x" }, 3, open),
    );
    expect(actions).toEqual([
      {
        type: "ignore",
        reason: 'pull request 42: destination support branch "support/1.x" deploys to no environment',
      },
    ]);
  });

  it("given a scheduled event, then no action (the executor reconciles)", () => {
    expect(plan(scheduled(1))).toEqual([]);
  });

  it("given a tag, then ignore with the parser's reason", () => {
    const raw = referenceEvent("referenceCreated", "v1", 1);
    raw.detail.referenceType = "tag";
    expect(plan(raw)).toEqual([{ type: "ignore", reason: 'tag "v1" is not a branch' }]);
  });

  it("given an event of another repository parsed without config, then the planner ignores it", () => {
    const event = parseEvent(referenceEvent("referenceCreated", "feature/x", 1, { repository: "other" }));
    expect(planEvent(config, event).actions).toEqual([
      { type: "ignore", reason: 'event is for repository "other", not "infra-deployment"' },
    ]);
  });

  it("given a plan, then it is frozen and carries its event", () => {
    const event: TributaryEvent = parseEvent(referenceEvent("referenceCreated", "feature/x", 1));
    const result = planEvent(config, event);
    expect(result.event).toBe(event);
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.actions)).toBe(true);
    expect(Object.isFrozen(result.actions[0])).toBe(true);
  });
});

const branchKinds = ["referenceCreated", "referenceUpdated", "referenceDeleted"] as const;
const prKinds = [
  "pullRequestCreated",
  "pullRequestSourceBranchUpdated",
  "pullRequestStatusChanged",
  "pullRequestMergeStatusUpdated",
] as const;

/** Any raw event the cloner can receive: branch, PR, scheduled. */
const rawEvent = fc.oneof(
  fc
    .tuple(fc.constantFrom(...branchKinds), branchName, fc.nat(1000), fc.boolean())
    .map(([kind, branch, n, fullRef]) =>
      referenceEvent(kind, branch.replace(/^refs\/heads\//, "") || "x", n, { fullRef }),
    ),
  fc
    .tuple(
      fc.constantFrom(...prKinds),
      fc.nat(50),
      fc.constantFrom("develop", "main", "release/1.0", "support/1.x"),
      fc.nat(1000),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([kind, id, destinationBranch, n, isOpen, merged]) =>
      pullRequestEvent(kind, { id: String(id), sourceBranch: `feature/f${id}`, destinationBranch }, n, {
        status: isOpen ? "Open" : "Closed",
        merged,
      }),
    ),
  fc.nat(1000).map(scheduled),
);

describe("planEvent properties", () => {
  it("given any account state and any event, then applying its plan twice equals applying it once (idempotent)", () => {
    fc.assert(
      fc.property(fc.array(rawEvent, { maxLength: 15 }), rawEvent, (history, raw) => {
        const state = history.reduce((account, event) => apply(account, plan(event)), initialAccount(config));
        const actions = plan(raw);
        const once = apply(state, actions);
        expect(apply(once, actions)).toEqual(once);
        // the same event delivered twice (EventBridge retries keep the id) plans the same actions
        expect(plan(structuredClone(raw))).toEqual(actions);
      }),
      { numRuns: 300 },
    );
  });

  it("given any event, then no deleteClone or teardownStack names an environment pipeline or shared stack", () => {
    const environmentNames = new Set(config.environments.map((env) => env.pipelineName));
    fc.assert(
      fc.property(rawEvent, (raw) => {
        for (const action of plan(raw)) {
          if (action.type === "deleteClone" || action.type === "teardownStack") {
            expect(environmentNames.has(action.pipelineName)).toBe(false);
          }
          if (action.type === "teardownStack") expect(environmentNames.has(action.stackName)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
