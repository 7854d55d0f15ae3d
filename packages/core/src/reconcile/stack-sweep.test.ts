import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AccountState,
  apply,
  changeTemplate,
  initialAccount,
  listPipelines,
  listStacks,
} from "../__fixtures__/account-model.js";
import { config } from "../__fixtures__/arbitraries.js";
import { resolveBranch } from "../branches/resolve-branch.js";
import type { Route } from "../branches/route.js";
import { defineConfig } from "../config/define-config.js";
import type { Action } from "../events/plan.js";
import { ownershipRule } from "../ownership/ownership.js";
import { resolvePullRequest } from "../pull-requests/resolve-pull-request.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import { reconcile } from "./reconcile.js";
import { clonePipelineOfStack, type ListedStack, orphanedStacks, sweepStacks } from "./stack-sweep.js";

const route = (branch: string): Route => resolveBranch(config, branch) as Route;
const stack = (name: string, extra: Record<string, string> = {}): ListedStack => ({
  name,
  tags: {
    [MANAGED_TAGS.ephemeral]: "true",
    [MANAGED_TAGS.project]: "acme",
    [MANAGED_TAGS.stack]: name,
    ...extra,
  },
});
const clone = (branch: string, extra: Record<string, string> = {}) => ({
  name: route(branch).pipelineName,
  tags: { ...route(branch).tags, ...extra },
});

describe("orphanedStacks", () => {
  it.each<[string, ListedStack]>([
    ["the stack of a branch whose clone is gone", stack("acme-dev-feature-gone")],
    [
      "a stack without its own stack tag",
      { name: "acme-dev-feature-old", tags: ownershipRule(config).ephemeralStackTags },
    ],
  ])("Compliance: given %s, then it is an orphan", (_case, listed) => {
    expect(orphanedStacks(config, { stacks: [listed], pipelines: [], expected: [] })).toEqual([listed]);
  });

  it.each<[string, ListedStack, ReturnType<typeof clone>[], Route[]]>([
    ["a stack a live clone deploys", stack("acme-dev-feature-a"), [clone("feature/a")], [route("feature/a")]],
    [
      "a stale clone's stack (its delete tears it down)",
      stack("acme-dev-feature-a"),
      [clone("feature/a")],
      [],
    ],
    [
      "the stack of a live branch whose clone is being created again",
      stack("acme-dev-feature-a"),
      [],
      [route("feature/a")],
    ],
    [
      "a nested stack (it carries its root's stack tag)",
      stack("acme-dev-feature-x-Website-1ABC", { [MANAGED_TAGS.stack]: "acme-dev-feature-x" }),
      [],
      [],
    ],
    ["a shared stack", { name: "acme-dev", tags: { [MANAGED_TAGS.project]: "acme" } }, [], []],
    ["a shared stack even tagged ephemeral", stack("acme-dev"), [], []],
    ["the app's own stack even tagged ephemeral", stack("acme-tributary-cicd"), [], []],
    ["another project's stack", stack("acme-dev-feature-x", { [MANAGED_TAGS.project]: "shop" }), [], []],
    [
      "a stack not tagged ephemeral",
      stack("acme-dev-feature-x", { [MANAGED_TAGS.ephemeral]: "false" }),
      [],
      [],
    ],
    [
      "a stack outside the project's prefix",
      stack("shop-dev-feature-x", { [MANAGED_TAGS.project]: "acme" }),
      [],
      [],
    ],
  ])("Noncompliance: given %s, then it is not an orphan", (_case, listed, pipelines, expected) => {
    expect(orphanedStacks(config, { stacks: [listed], pipelines, expected })).toEqual([]);
  });
});

describe("clonePipelineOfStack", () => {
  it.each<[string, ListedStack, string | undefined]>([
    [
      "a feature branch's stack",
      stack("acme-dev-feature-login", { [MANAGED_TAGS.branch]: "feature/login" }),
      "acme-dev-feature-login",
    ],
    ["a pull request's stack", stack("acme-prod-pr-42"), "acme-prod-pr-42"],
    [
      "a stack whose branch tag routes elsewhere",
      stack("acme-dev-feature-x", { [MANAGED_TAGS.branch]: "feature/y" }),
      undefined,
    ],
    ["a stack with no branch tag and no pull-request name", stack("acme-dev-feature-x"), undefined],
  ])("given %s, then %s", (_case, listed, expected) => {
    expect(clonePipelineOfStack(config, listed)).toBe(expected);
  });
});

describe("sweepStacks", () => {
  const idle = defineConfig({
    project: "acme",
    repository: "infra",
    routes: { branches: { feature: { environment: "dev", ephemeral: true, idleDays: 7 } } },
  });
  const featureRoute = resolveBranch(idle, "feature/a") as Route;
  const pipeline = (tags: Record<string, string>) => ({
    name: featureRoute.pipelineName,
    tags: { ...featureRoute.tags, ...tags },
  });
  const sweep = (tags: Record<string, string>, now: string) =>
    sweepStacks(idle, {
      eventId: "ev-1",
      now,
      stacks: [stack(featureRoute.stackName)],
      pipelines: [pipeline(tags)],
      expected: [featureRoute],
    });
  const lastRun = { [MANAGED_TAGS.lastRun]: "2026-11-20T10:00:00Z" };

  it("given a clone idle for six days, when swept, then it is told once and its stack stays", () => {
    expect(sweep(lastRun, "2026-11-26T12:00:00Z")).toEqual([
      expect.objectContaining({
        type: "noticeIdle",
        idleDays: 7,
        clock: expect.objectContaining({ deadline: "2026-11-27T10:00:00Z" }),
      }),
    ]);
    expect(
      sweep({ ...lastRun, [MANAGED_TAGS.idleNotice]: "2026-11-27T10:00:00Z" }, "2026-11-26T18:00:00Z"),
    ).toEqual([]);
  });

  it("given a clone idle past its deadline and told, when swept, then its stack is torn down (reason idle) and the clone stays", () => {
    const actions = sweep(
      { ...lastRun, [MANAGED_TAGS.idleNotice]: "2026-11-27T10:00:00Z" },
      "2026-11-27T12:00:00Z",
    );

    expect(actions).toEqual([
      expect.objectContaining({
        type: "teardownStack",
        stackName: featureRoute.stackName,
        pipelineName: featureRoute.pipelineName,
        reason: "idle",
        idleSince: "2026-11-20T10:00:00Z",
      }),
    ]);
  });

  it("given an idle clone whose stack is not listed (torn down already), when swept, then nothing", () => {
    expect(
      sweepStacks(idle, {
        eventId: "ev-1",
        now: "2026-12-30T00:00:00Z",
        stacks: [],
        pipelines: [pipeline(lastRun)],
        expected: [featureRoute],
      }),
    ).toEqual([]);
  });
});

/** The executor's grouping: a delete and its teardown run together, in order (`executeConcurrently`). */
function groupKey(action: Action): string {
  switch (action.type) {
    case "createClone":
    case "updateClone":
      return action.route.pipelineName;
    case "noticeIdle":
      return action.route.pipelineName;
    case "teardownStack":
      return action.pipelineName || action.stackName;
    case "deleteClone":
      return action.pipelineName;
    default:
      return action.type;
  }
}

/** What an action does, whatever event planned it (tokens differ from one event to the next). */
function effect(action: Action): string {
  switch (action.type) {
    case "createClone":
    case "updateClone":
      return `${action.type} ${action.route.pipelineName}`;
    case "deleteClone":
      return `${action.type} ${action.pipelineName}`;
    case "teardownStack":
      return `${action.type} ${action.stackName}`;
    default:
      return action.type;
  }
}

describe("a reconcile cut short continues where it stopped", () => {
  const branchPool = ["feature/a", "feature/b", "bugfix/c", "release/1.0", "hotfix/d", "wip/e"];
  const plan = (
    state: AccountState,
    branches: readonly string[],
    prs: readonly { id: string; sourceBranch: string; destinationBranch: string }[],
    eventId: string,
  ) =>
    reconcile(config, {
      eventId,
      branches: ["main", "develop", ...branches],
      openPullRequests: prs,
      managedPipelines: listPipelines(state),
      templateVersions: state.templates,
      stacks: listStacks(state, config),
    });

  it("given any account and any whole groups of a reconcile's plan applied before the time ran out, when the next round lists the account again, then it plans exactly the groups not applied: none twice, none skipped", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...branchPool), { maxLength: 6 }),
        fc.uniqueArray(fc.constantFrom(...branchPool), { maxLength: 6 }),
        fc.uniqueArray(fc.constantFrom("1", "2", "3"), { maxLength: 3 }),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        (before, after, pullRequestIds, templateChanged, done) => {
          // An account that reconciled the repository as it was (`before`), then the repository changed (`after`),
          // a pipeline's stack was left behind, and maybe a template changed.
          const prs = pullRequestIds.map((id) => ({
            id,
            sourceBranch: "feature/a",
            destinationBranch: "develop",
          }));
          let state = initialAccount(config);
          state = apply(state, plan(state, before, prs, "ev-0"));
          state = { ...state, stacks: { ...state.stacks, "acme-dev-feature-lost": true } };
          if (templateChanged) state = changeTemplate(state, "acme-dev", "v9");
          const first = plan(state, after, [], "ev-1");
          const groups = [...new Set(first.map(groupKey))];
          const applied = new Set(groups.filter((_, index) => done[index % done.length]));
          const partial = apply(
            state,
            first.filter((action) => applied.has(groupKey(action))),
          );

          const next = plan(partial, after, [], "ev-2");

          const remaining = first
            .filter((action) => !applied.has(groupKey(action)))
            .map(effect)
            .sort();
          expect(next.map(effect).sort()).toEqual(remaining);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("given routes, when the sweep sees a pull request's and a feature's live clones, then it leaves their stacks", () => {
    const pr = resolvePullRequest(config, {
      id: "1",
      sourceBranch: "feature/a",
      destinationBranch: "develop",
    }) as Route;
    let state = initialAccount(config);
    state = apply(state, [
      { type: "createClone", route: pr },
      { type: "createClone", route: route("feature/a") },
    ]);
    expect(
      plan(
        state,
        ["feature/a"],
        [{ id: "1", sourceBranch: "feature/a", destinationBranch: "develop" }],
        "ev",
      ),
    ).toEqual([]);
  });
});
