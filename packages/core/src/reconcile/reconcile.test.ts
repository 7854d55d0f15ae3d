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
import { anyText, config, customConfig, longConfig } from "../__fixtures__/arbitraries.js";
import { resolveBranch } from "../branches/resolve-branch.js";
import type { Route } from "../branches/route.js";
import { defineConfig } from "../config/define-config.js";
import { pullRequestEvent, type RawEvent, referenceEvent, scheduled } from "../events/__fixtures__/events.js";
import { parseEvent } from "../events/parse-event.js";
import { planEvent, teardownAction, teardownToken } from "../events/plan-event.js";
import { branchHash } from "../names/names.js";
import { resolvePullRequest } from "../pull-requests/resolve-pull-request.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import type { TributaryConfig } from "../shared/types.js";
import type { ManagedPipeline, OpenPullRequest, ReconcileInput } from "./reconcile.js";
import { isManagedClone, planReconcileReads, reconcile } from "./reconcile.js";
import type { ListedStack } from "./stack-sweep.js";
import { listTargetStacksAction, TARGET_LISTING_VERSION, type TargetStackListing } from "./target-stacks.js";

const managed = (name: string, extra: Record<string, string> = {}): ManagedPipeline => ({
  name,
  tags: { [MANAGED_TAGS.managed]: "true", [MANAGED_TAGS.project]: "acme", ...extra },
});

describe("reconcile", () => {
  it("given live branches without clones, then it creates exactly the routed clones, sorted by name", () => {
    const actions = reconcile(config, {
      eventId: "ev-reconcile",
      branches: [
        "main",
        "develop",
        "feature/b",
        "refs/heads/feature/a",
        "release/1.2.0",
        "support/1.x",
        "wip",
      ],
      openPullRequests: [{ id: "3", sourceBranch: "feature/a", destinationBranch: "develop" }],
      managedPipelines: [],
    });
    expect(
      actions.map((action) => (action.type === "createClone" ? action.route.pipelineName : action.type)),
    ).toEqual(["acme-dev-feature-a", "acme-dev-feature-b", "acme-dev-pr-3", "acme-qa-release-1.2.0"]);
  });

  it("given clones whose branch or PR is gone, then it deletes them and tears down only ephemeral stacks", () => {
    const actions = reconcile(config, {
      eventId: "ev-reconcile",
      branches: ["develop", "main"],
      openPullRequests: [],
      managedPipelines: [
        managed("acme-qa-release-1.0.0", {
          [MANAGED_TAGS.ephemeral]: "false",
          [MANAGED_TAGS.stack]: "acme-qa",
        }),
        managed("acme-dev-feature-old", {
          [MANAGED_TAGS.ephemeral]: "true",
          [MANAGED_TAGS.stack]: "acme-dev-feature-old",
        }),
        managed("acme-dev-pr-9", { [MANAGED_TAGS.ephemeral]: "true" }),
      ],
    });
    expect(actions).toEqual([
      {
        type: "deleteClone",
        pipelineName: "acme-dev-feature-old",
        expectedTags: { "tributary:managed": "true", "tributary:project": "acme" },
      },
      {
        type: "teardownStack",
        stackName: "acme-dev-feature-old",
        pipelineName: "acme-dev-feature-old",
        idempotencyToken: teardownToken("ev-reconcile", "acme-dev-feature-old"),
        reason: "removed",
      },
      {
        type: "deleteClone",
        pipelineName: "acme-dev-pr-9",
        expectedTags: { "tributary:managed": "true", "tributary:project": "acme" },
      },
      {
        type: "deleteClone",
        pipelineName: "acme-qa-release-1.0.0",
        expectedTags: { "tributary:managed": "true", "tributary:project": "acme" },
      },
    ]);
  });

  describe("Noncompliance: what reconcile never touches", () => {
    it.each<[string, ManagedPipeline]>([
      [
        "an environment pipeline (no managed tag)",
        { name: "acme-dev", tags: { [MANAGED_TAGS.project]: "acme", [MANAGED_TAGS.environment]: "dev" } },
      ],
      ["an environment pipeline even if tagged managed", managed("acme-prod")],
      [
        "a pipeline of another project",
        {
          name: "other-dev-feature-x",
          tags: { [MANAGED_TAGS.managed]: "true", [MANAGED_TAGS.project]: "other" },
        },
      ],
      [
        "a pipeline with managed=false",
        {
          name: "acme-dev-feature-x",
          tags: { [MANAGED_TAGS.managed]: "false", [MANAGED_TAGS.project]: "acme" },
        },
      ],
      ["a pipeline without tags", { name: "acme-dev-feature-x", tags: {} }],
      [
        "a pipeline with only the managed tag",
        { name: "acme-dev-feature-x", tags: { [MANAGED_TAGS.managed]: "true" } },
      ],
    ])("given %s, then no action", (_name, pipeline) => {
      expect(isManagedClone(config, pipeline)).toBe(false);
      expect(
        reconcile(config, {
          eventId: "ev-reconcile",
          branches: [],
          openPullRequests: [],
          managedPipelines: [pipeline],
        }),
      ).toEqual([]);
    });

    it("given a clone tagged ephemeral whose stack tag is a shared stack, then the clone goes but the stack stays", () => {
      const actions = reconcile(config, {
        eventId: "ev-reconcile",
        branches: [],
        openPullRequests: [],
        managedPipelines: [
          managed("acme-dev-feature-x", {
            [MANAGED_TAGS.ephemeral]: "true",
            [MANAGED_TAGS.stack]: "acme-prod",
          }),
        ],
      });
      expect(actions.map((action) => action.type)).toEqual(["deleteClone"]);
    });
  });

  it("given any listing, even environment pipelines tagged as managed, then no delete names an environment pipeline or stack", () => {
    const environmentNames = config.environments.map((env) => env.pipelineName);
    const tags = fc.dictionary(
      fc.constantFrom(...Object.values(MANAGED_TAGS)),
      fc.constantFrom("true", "false", "acme", "other", "acme-dev", "acme-prod", "acme-dev-feature-x"),
    );
    const pipeline = fc.record({
      name: fc.oneof(fc.constantFrom(...environmentNames, "acme-dev-feature-x", "acme-dev-pr-1"), anyText),
      tags,
    });
    fc.assert(
      fc.property(
        fc.array(pipeline, { maxLength: 12 }),
        fc.array(anyText, { maxLength: 5 }),
        (managedPipelines, branches) => {
          for (const action of reconcile(config, {
            eventId: "ev-reconcile",
            branches,
            openPullRequests: [],
            managedPipelines,
          })) {
            if (action.type === "deleteClone") expect(environmentNames).not.toContain(action.pipelineName);
            if (action.type === "teardownStack") expect(environmentNames).not.toContain(action.stackName);
          }
        },
      ),
    );
  });

  it("given duplicates in the listings, then each action appears once", () => {
    const actions = reconcile(config, {
      eventId: "ev-reconcile",
      branches: ["feature/a", "refs/heads/feature/a", "feature/a"],
      openPullRequests: [
        { id: "1", sourceBranch: "feature/a", destinationBranch: "develop" },
        { id: "1", sourceBranch: "feature/a", destinationBranch: "develop" },
      ],
      managedPipelines: [managed("acme-dev-feature-gone"), managed("acme-dev-feature-gone")],
    });
    expect(actions.map((action) => action.type)).toEqual(["createClone", "createClone", "deleteClone"]);
  });

  it("given an account that matches, then nothing to do", () => {
    const route = resolveBranch(config, "feature/a");
    expect(
      reconcile(config, {
        eventId: "ev-reconcile",
        branches: ["feature/a"],
        openPullRequests: [],
        managedPipelines: [{ name: "acme-dev-feature-a", tags: route?.tags ?? {} }],
      }),
    ).toEqual([]);
  });

  describe("template drift", () => {
    const login = resolveBranch(config, "feature/login");
    const release = resolveBranch(config, "release/1.2.0");
    const clone = (name: string, tags: Readonly<Record<string, string>> | undefined, version?: string) => ({
      name,
      tags: { ...tags, ...(version === undefined ? {} : { [MANAGED_TAGS.templateVersion]: version }) },
    });
    const versions = { "acme-dev": "devnew0000", "acme-qa": "qanew00000", "acme-prod": "prodnew000" };

    it.each<[string, string | undefined]>([
      ["an older version tag", "devold0000"],
      ["no version tag (cloned before versions existed)", undefined],
      ["an empty version tag", ""],
    ])(
      "Compliance: given a live branch's clone with %s, then updateClone carries the route and the template's version",
      (_name, version) => {
        const actions = reconcile(config, {
          eventId: "ev-reconcile",
          branches: ["feature/login"],
          openPullRequests: [],
          managedPipelines: [clone("acme-dev-feature-login", login?.tags, version)],
          templateVersions: versions,
        });
        expect(actions).toEqual([{ type: "updateClone", route: login, templateVersion: "devnew0000" }]);
        expect(Object.isFrozen(actions[0])).toBe(true);
      },
    );

    it.each<[string, ManagedPipeline, Readonly<Record<string, string>> | undefined]>([
      [
        "a clone already at its template's version",
        clone("acme-dev-feature-login", login?.tags, "devnew0000"),
        versions,
      ],
      ["no templateVersions at all", clone("acme-dev-feature-login", login?.tags, "devold0000"), undefined],
      [
        "templateVersions without the clone's template",
        clone("acme-dev-feature-login", login?.tags, "devold0000"),
        { "acme-qa": "qanew00000" },
      ],
      [
        "a pipeline of another project at the clone's name",
        clone("acme-dev-feature-login", { ...login?.tags, [MANAGED_TAGS.project]: "other" }, "devold0000"),
        versions,
      ],
      [
        "a pipeline with managed=false at the clone's name",
        clone("acme-dev-feature-login", { ...login?.tags, [MANAGED_TAGS.managed]: "false" }, "devold0000"),
        versions,
      ],
      [
        "a pipeline without tags at the clone's name (not read)",
        { name: "acme-dev-feature-login", tags: {} },
        versions,
      ],
      [
        "an environment pipeline tagged as a managed clone",
        clone("acme-dev", { [MANAGED_TAGS.managed]: "true", [MANAGED_TAGS.project]: "acme" }, "devold0000"),
        versions,
      ],
      [
        "a version keyed by an inherited property name",
        clone("acme-dev-feature-login", login?.tags, "devold0000"),
        Object.create({ "acme-dev": "devnew0000" }) as Record<string, string>,
      ],
    ])("Noncompliance: given %s, then no updateClone", (_name, pipeline, templateVersions) => {
      const actions = reconcile(config, {
        eventId: "ev-reconcile",
        branches: ["develop", "main", "feature/login"],
        openPullRequests: [],
        managedPipelines: [pipeline],
        ...(templateVersions === undefined ? {} : { templateVersions }),
      });
      expect(actions.filter((action) => action.type === "updateClone")).toEqual([]);
    });

    it("given creates, drifted clones of two templates and stale clones, then creates come first, then updates, then deletes, each sorted by name", () => {
      const actions = reconcile(config, {
        eventId: "ev-reconcile",
        branches: ["feature/new", "feature/login", "release/1.2.0", "feature/b"],
        openPullRequests: [{ id: "4", sourceBranch: "feature/b", destinationBranch: "develop" }],
        managedPipelines: [
          clone("acme-qa-release-1.2.0", release?.tags, "qaold00000"),
          managed("acme-dev-feature-gone"),
          clone(
            "acme-dev-pr-4",
            resolvePullRequest(config, { id: "4", sourceBranch: "feature/b", destinationBranch: "develop" })
              ?.tags,
            "devold0000",
          ),
          clone("acme-dev-feature-login", login?.tags, "devold0000"),
          clone("acme-dev-feature-b", resolveBranch(config, "feature/b")?.tags, "devnew0000"),
        ],
        templateVersions: versions,
      });
      expect(
        actions.map((action) =>
          action.type === "createClone"
            ? `create ${action.route.pipelineName}`
            : action.type === "updateClone"
              ? `update ${action.route.pipelineName} to ${action.templateVersion}`
              : action.type,
        ),
      ).toEqual([
        "create acme-dev-feature-new",
        "update acme-dev-feature-login to devnew0000",
        "update acme-dev-pr-4 to devnew0000",
        "update acme-qa-release-1.2.0 to qanew00000",
        "deleteClone",
      ]);
    });

    it("given a drifted clone listed twice, then it is updated once", () => {
      const pipeline = clone("acme-dev-feature-login", login?.tags, "devold0000");
      const actions = reconcile(config, {
        eventId: "ev-reconcile",
        branches: ["feature/login"],
        openPullRequests: [],
        managedPipelines: [pipeline, pipeline],
        templateVersions: versions,
      });
      expect(actions.map((action) => action.type)).toEqual(["updateClone"]);
    });

    it("given a stale clone whose version differs, then it is deleted, not updated", () => {
      const actions = reconcile(config, {
        eventId: "ev-reconcile",
        branches: [],
        openPullRequests: [],
        managedPipelines: [clone("acme-dev-feature-login", login?.tags, "devold0000")],
        templateVersions: versions,
      });
      expect(actions.map((action) => action.type)).toEqual(["deleteClone", "teardownStack"]);
    });
  });

  describe("migration from names that dropped Latin letters with diacritics", () => {
    // The names the previous scheme gave (it dropped Ü and ï): the tags of those clones are the same in both schemes.
    const previous = (
      name: string,
      route: ReturnType<typeof resolveBranch>,
      stack?: string,
    ): ManagedPipeline => ({
      name,
      tags: { ...route?.tags, ...(stack === undefined ? {} : { [MANAGED_TAGS.stack]: stack }) },
    });
    const feature = resolveBranch(config, "feature/Ünï-日本");
    const release = resolveBranch(config, "release/Ünï");
    const pullRequest = resolvePullRequest(config, {
      id: "7",
      sourceBranch: "feature/Ünï-日本",
      destinationBranch: "develop",
    });

    it("given clones named by the previous scheme, then reconcile creates the new names, deletes the old clones and tears down the old own stack", () => {
      const oldFeature = "acme-dev-feature-n--0dll28jopy";
      const oldRelease = `acme-qa-release-n--${branchHash("release/Ünï")}`;

      const actions = reconcile(config, {
        eventId: "ev-reconcile",
        branches: ["main", "develop", "feature/Ünï-日本", "release/Ünï"],
        openPullRequests: [{ id: "7", sourceBranch: "feature/Ünï-日本", destinationBranch: "develop" }],
        managedPipelines: [
          previous(oldFeature, feature, oldFeature),
          previous(oldRelease, release),
          previous("acme-dev-pr-7", pullRequest),
        ],
      });

      expect(feature?.pipelineName).toBe("acme-dev-feature-uni--0dll28jopy");
      expect(
        actions.map((action) =>
          action.type === "createClone"
            ? [action.type, action.route.pipelineName]
            : action.type === "teardownStack"
              ? [action.type, action.stackName]
              : [action.type, "pipelineName" in action ? action.pipelineName : ""],
        ),
      ).toEqual([
        ["createClone", "acme-dev-feature-uni--0dll28jopy"],
        ["createClone", `acme-qa-release-uni--${branchHash("release/Ünï")}`],
        ["deleteClone", oldFeature],
        ["teardownStack", oldFeature],
        ["deleteClone", oldRelease],
      ]);
    });

    it("given a pull request's clone made by the previous scheme, then its name and branch tag still match: it is known without GetPullRequest", () => {
      const reads = planReconcileReads(config, {
        branches: ["develop", "feature/Ünï-日本"],
        openPullRequestIds: ["7"],
        pipelineNames: ["acme-dev-pr-7"],
        pipelineTags: { "acme-dev-pr-7": { ...pullRequest?.tags } },
      });

      expect(reads.knownPullRequests.map((known) => known.sourceBranch)).toEqual(["feature/Ünï-日本"]);
      expect(reads.pullRequestsToRead).toEqual([]);
    });
  });

  it("given a result, then it is frozen", () => {
    expect(
      Object.isFrozen(
        reconcile(config, {
          eventId: "ev-reconcile",
          branches: ["feature/a"],
          openPullRequests: [],
          managedPipelines: [],
        }),
      ),
    ).toBe(true);
  });
});

/** What happens in the repository: the truth reconcile is given at the end. */
type Operation =
  | { readonly op: "create" | "push" | "delete"; readonly branch: string }
  | {
      readonly op: "open" | "update" | "close" | "merge" | "reopen";
      readonly id: number;
      readonly destination: string;
    };

const operation = (branches: fc.Arbitrary<string>): fc.Arbitrary<Operation> =>
  fc.oneof(
    fc.record({
      op: fc.constantFrom("create", "push", "delete") as fc.Arbitrary<"create" | "push" | "delete">,
      branch: branches,
    }),
    fc.record({
      op: fc.constantFrom("open", "update", "close", "merge", "reopen") as fc.Arbitrary<
        "open" | "update" | "close" | "merge" | "reopen"
      >,
      id: fc.nat(6),
      destination: fc.constantFrom("develop", "main", "release/1.0", "support/1.x", "feature/a"),
    }),
  );

const branchPool = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "feature/a",
      "feature/b",
      "bugfix/c",
      "release/1.0",
      "hotfix/1.0.1",
      "support/1.x",
      "develop",
      "main",
      "wip",
      "release",
      "feature/JIRA-1_x",
    ),
  },
  { weight: 1, arbitrary: anyText.map((text) => `feature/${text}`) },
  { weight: 1, arbitrary: anyText.filter((text) => text.length > 0) },
);

interface Repository {
  branches: Set<string>;
  pullRequests: Map<string, { sourceBranch: string; destinationBranch: string; open: boolean }>;
}

/** Runs the operations against the repository and returns the events CodeCommit would emit, in order. */
function simulate(operations: readonly Operation[]): { repository: Repository; events: RawEvent[] } {
  const repository: Repository = { branches: new Set(["main", "develop"]), pullRequests: new Map() };
  const events: RawEvent[] = [];
  let n = 1;
  for (const step of operations) {
    if ("branch" in step) {
      const exists = repository.branches.has(step.branch);
      if (step.op === "create" && !exists) {
        repository.branches.add(step.branch);
        events.push(referenceEvent("referenceCreated", step.branch, n++, { fullRef: n % 2 === 0 }));
      } else if (step.op === "push" && exists) {
        events.push(referenceEvent("referenceUpdated", step.branch, n++));
      } else if (step.op === "delete" && exists) {
        repository.branches.delete(step.branch);
        events.push(referenceEvent("referenceDeleted", step.branch, n++));
      }
      continue;
    }
    const id = String(step.id);
    const existing = repository.pullRequests.get(id);
    const pr = {
      id,
      sourceBranch: `feature/pr${id}`,
      destinationBranch: existing?.destinationBranch ?? step.destination,
    };
    if (step.op === "open" && existing === undefined) {
      repository.pullRequests.set(id, { ...pr, open: true });
      events.push(pullRequestEvent("pullRequestCreated", pr, n++, { status: "Open", merged: false }));
    } else if (step.op === "update" && existing?.open) {
      events.push(
        pullRequestEvent("pullRequestSourceBranchUpdated", pr, n++, { status: "Open", merged: false }),
      );
    } else if (step.op === "close" && existing?.open) {
      existing.open = false;
      events.push(pullRequestEvent("pullRequestStatusChanged", pr, n++, { status: "Closed", merged: false }));
    } else if (step.op === "merge" && existing?.open) {
      existing.open = false;
      events.push(pullRequestEvent("pullRequestStatusChanged", pr, n++, { status: "Closed", merged: true }));
      events.push(
        pullRequestEvent("pullRequestMergeStatusUpdated", pr, n++, { status: "Closed", merged: true }),
      );
    } else if (step.op === "reopen" && existing !== undefined && !existing.open) {
      existing.open = true;
      events.push(pullRequestEvent("pullRequestStatusChanged", pr, n++, { status: "Open", merged: false }));
    }
  }
  events.push(scheduled(n));
  return { repository, events };
}

function reconcileActions(configuration: TributaryConfig, repository: Repository, start: AccountState) {
  const openPullRequests: OpenPullRequest[] = [...repository.pullRequests.entries()]
    .filter(([, pr]) => pr.open)
    .map(([id, pr]) => ({ id, sourceBranch: pr.sourceBranch, destinationBranch: pr.destinationBranch }));
  const actions = reconcile(configuration, {
    eventId: "ev-reconcile",
    branches: [...repository.branches],
    openPullRequests,
    managedPipelines: listPipelines(start),
    templateVersions: start.templates,
  });
  const environmentNames = new Set(configuration.environments.map((env) => env.pipelineName));
  for (const action of actions) {
    if (action.type === "deleteClone") expect(environmentNames.has(action.pipelineName)).toBe(false);
    if (action.type === "updateClone") expect(environmentNames.has(action.route.pipelineName)).toBe(false);
  }
  return actions;
}

function converge(configuration: TributaryConfig, repository: Repository, start: AccountState): AccountState {
  return apply(start, reconcileActions(configuration, repository, start));
}

function expectedClones(configuration: TributaryConfig, repository: Repository): Map<string, string> {
  const expected = new Map<string, string>();
  for (const branch of repository.branches) {
    const route = resolveBranch(configuration, branch);
    if (route?.clone) {
      expect(expected.has(route.pipelineName)).toBe(false);
      expected.set(route.pipelineName, route.stackName);
    }
  }
  for (const [id, pr] of repository.pullRequests) {
    if (!pr.open) continue;
    const route = resolvePullRequest(configuration, { id, ...pr });
    if (route !== null) {
      expect(expected.has(route.pipelineName)).toBe(false);
      expected.set(route.pipelineName, route.stackName);
    }
  }
  return expected;
}

describe("convergence", () => {
  for (const [label, configuration] of [
    ["default config", config],
    ["longest names config", longConfig],
    ["custom routes config", customConfig],
  ] as const) {
    it(`given any events delivered with drops, duplicates and reordering while templates change (${label}), then reconcile converges to one clone per routed live branch and open PR, each at its template's version`, () => {
      const templateNames = configuration.environments.map((env) => env.pipelineName);
      fc.assert(
        fc.property(
          fc.array(operation(branchPool), { maxLength: 30 }),
          fc.array(fc.nat(), { maxLength: 60 }),
          fc.boolean(),
          fc.array(
            fc.record({
              at: fc.nat(70),
              template: fc.constantFrom(...templateNames),
              version: fc.constantFrom("v0", "v1", "v2"),
            }),
            { maxLength: 6 },
          ),
          (operations, deliveries, inOrderFirst, templateChanges) => {
            const { repository, events } = simulate(operations);
            // deliveries pick events by index (drops, duplicates, reordering); optionally after an in-order pass
            const delivered = [
              ...(inOrderFirst ? events : []),
              ...deliveries.map((index) => events[index % events.length] as RawEvent),
            ];
            let account = initialAccount(configuration);
            for (const [index, raw] of delivered.entries()) {
              // The CDK app deploys new environment pipeline declarations at any time between events.
              for (const change of templateChanges.filter((candidate) => candidate.at === index))
                account = changeTemplate(account, change.template, change.version);
              const planned = planEvent(configuration, parseEvent(raw, configuration));
              for (const action of planned.actions) {
                if (action.type === "deleteClone") {
                  expect(configuration.environments.map((env) => env.pipelineName)).not.toContain(
                    action.pipelineName,
                  );
                }
              }
              account = apply(account, planned.actions);
            }
            const actions = reconcileActions(configuration, repository, account);
            account = apply(account, actions);
            // idempotent: running the same reconcile plan again (a retried scheduled event) changes nothing
            expect(apply(account, actions)).toEqual(account);

            const expected = expectedClones(configuration, repository);
            const clones = listPipelines(account).filter((pipeline) =>
              isManagedClone(configuration, pipeline),
            );
            expect(clones.map((pipeline) => pipeline.name).sort()).toEqual([...expected.keys()].sort());
            for (const env of configuration.environments)
              expect(account.pipelines[env.pipelineName]).toBeDefined();
            const liveStacks = new Set(expected.values());
            for (const [stack, ephemeral] of Object.entries(account.stacks)) {
              if (ephemeral) expect(liveStacks.has(stack)).toBe(true);
            }
            for (const clone of clones) {
              const template = clone.tags[MANAGED_TAGS.template] ?? "";
              expect(clone.tags[MANAGED_TAGS.templateVersion]).toBe(account.templates[template]);
            }
            // a converged account is a fixpoint, and a second reconcile has nothing to do
            expect(converge(configuration, repository, account)).toEqual(account);
            expect(reconcileActions(configuration, repository, account)).toEqual([]);
          },
        ),
        { numRuns: 250 },
      );
    });
  }
});

describe("planReconcileReads", () => {
  const clone = (branch: string, extra: Record<string, string> = {}): ManagedPipeline => {
    const route = resolveBranch(config, branch);
    if (route === null) throw new Error(branch);
    return { name: route.pipelineName, tags: { ...route.tags, ...extra } };
  };
  const prClone = (pullRequest: OpenPullRequest): ManagedPipeline => {
    const route = resolvePullRequest(config, pullRequest);
    if (route === null) throw new Error(pullRequest.id);
    return { name: route.pipelineName, tags: route.tags };
  };
  const listing = (pipelines: ManagedPipeline[], extra: { branches?: string[]; ids?: string[] } = {}) => ({
    branches: extra.branches ?? ["main", "develop", "feature/login", "release/1.0.0"],
    openPullRequestIds: extra.ids ?? [],
    pipelineNames: ["acme-dev", "acme-qa", "acme-prod", "other-pipeline", ...pipelines.map((p) => p.name)],
    pipelineTags: Object.fromEntries(pipelines.map((p) => [p.name, p.tags])),
  });

  it("given a pull request whose clone names a live source branch, then it is known without GetPullRequest", () => {
    const pullRequest = { id: "7", sourceBranch: "feature/login", destinationBranch: "develop" };
    const reads = planReconcileReads(config, listing([prClone(pullRequest)], { ids: ["7", "8"] }));
    expect(reads.knownPullRequests).toEqual([pullRequest]);
    expect(reads.pullRequestsToRead).toEqual(["8"]);
  });

  it.each([
    ["its source branch is gone", { branches: ["main", "develop"] }],
    ["its clone is missing", { pipelines: [] as ManagedPipeline[] }],
  ])("given an open pull request where %s, then it is read with GetPullRequest", (_name, change) => {
    const pullRequest = { id: "7", sourceBranch: "feature/login", destinationBranch: "main" };
    const pipelines = "pipelines" in change ? change.pipelines : [prClone(pullRequest)];
    const reads = planReconcileReads(config, listing(pipelines, { ...change, ids: ["7"] }));
    expect(reads.pullRequestsToRead).toEqual(["7"]);
    expect(reads.knownPullRequests).toEqual([]);
  });

  it("given a pull request to read whose clone exists under its name, then that clone's template is read too", () => {
    const untagged = {
      name: "acme-prod-pr-5",
      tags: { "tributary:managed": "true", "tributary:project": "acme" },
    };
    const reads = planReconcileReads(config, listing([untagged], { ids: ["5"] }));
    expect(reads.pullRequestsToRead).toEqual(["5"]);
    expect(reads.templatesToRead).toEqual(["acme-prod"]);
  });

  it("given clones of dev only, then only the dev template is read; environment and foreign pipelines are left out", () => {
    const reads = planReconcileReads(config, listing([clone("feature/login")]));
    expect(reads.templatesToRead).toEqual(["acme-dev"]);
    expect(reads.managedPipelines.map((pipeline) => pipeline.name)).toEqual(["acme-dev-feature-login"]);
  });

  it("given a listed pipeline that the tagging API does not know yet, then it has no tags and nothing acts on it", () => {
    const listed = { ...listing([]), pipelineNames: ["acme-dev-feature-gone", "acme-dev-feature-new"] };
    const reads = planReconcileReads(config, { ...listed, branches: ["main", "develop"] });
    const actions = reconcile(config, {
      eventId: "ev",
      branches: ["main", "develop"],
      openPullRequests: [],
      managedPipelines: reads.managedPipelines,
    });
    expect(actions).toEqual([]);
  });

  it("given tagged pipelines that ListPipelines no longer lists, then they are left out (deleted already)", () => {
    const gone = clone("feature/login");
    const reads = planReconcileReads(config, { ...listing([]), pipelineTags: { [gone.name]: gone.tags } });
    expect(reads.managedPipelines).toEqual([]);
  });

  it("given any account, then the two phases plan what one reconcile on every PR's details plans", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom("feature/a", "feature/b", "bugfix/c", "release/1.0", "hotfix/2"), {
          maxLength: 5,
        }),
        fc.uniqueArray(
          fc.record({
            id: fc.constantFrom("1", "2", "3", "4"),
            sourceBranch: fc.constantFrom("feature/a", "feature/b", "bugfix/c"),
            destinationBranch: fc.constantFrom("develop", "main", "release/1.0"),
          }),
          { selector: (pr) => pr.id, maxLength: 4 },
        ),
        fc.uniqueArray(fc.constantFrom("feature/a", "feature/b", "release/1.0", "feature/old"), {
          maxLength: 4,
        }),
        fc.uniqueArray(fc.constantFrom("1", "2", "3", "4"), { maxLength: 4 }),
        (live, pullRequests, clonedBranches, clonedPullRequests) => {
          const branches = ["main", "develop", ...live];
          const open = pullRequests.filter((pr) => branches.includes(pr.sourceBranch) || pr.id === "4");
          const pipelines = [
            ...clonedBranches.map((branch) => clone(branch)),
            ...open
              .filter((pr) => clonedPullRequests.includes(pr.id))
              .flatMap((pr) => {
                const route = resolvePullRequest(config, pr);
                return route ? [{ name: route.pipelineName, tags: route.tags }] : [];
              }),
          ];
          const reads = planReconcileReads(
            config,
            listing(pipelines, { branches, ids: open.map((pr) => pr.id) }),
          );
          const fetched = open.filter((pr) => reads.pullRequestsToRead.includes(pr.id));
          const twoPhase = reconcile(config, {
            eventId: "ev",
            branches,
            openPullRequests: [...reads.knownPullRequests, ...fetched],
            managedPipelines: reads.managedPipelines,
          });
          const direct = reconcile(config, {
            eventId: "ev",
            branches,
            openPullRequests: open,
            managedPipelines: reads.managedPipelines,
          });
          const summary = (actions: typeof direct) =>
            actions.map((action) =>
              action.type === "createClone" || action.type === "updateClone"
                ? [action.type, action.route.pipelineName, action.route.variables, action.route.tags]
                : action,
            );
          expect(summary(twoPhase)).toEqual(summary(direct));
          expect(reads.pullRequestsToRead.length + reads.knownPullRequests.length).toBe(open.length);
        },
      ),
    );
  });
});

describe("the stacks of remote targets", () => {
  const DEV = { account: "333333333333", region: "eu-central-1" };
  const remote = defineConfig({
    project: "acme",
    repository: "infra",
    environments: {
      dev: { branch: "develop", ...DEV },
      qa: {},
      prod: { branch: "main", requiresApproval: true },
    },
    routes: { branches: { feature: { environment: "dev", ephemeral: true, idleDays: 7 } } },
  });
  const feature = (branch: string): Route => resolveBranch(remote, branch) as Route;
  const stackOf = (name: string): ListedStack => ({
    name,
    tags: {
      [MANAGED_TAGS.ephemeral]: "true",
      [MANAGED_TAGS.project]: "acme",
      [MANAGED_TAGS.stack]: name,
    },
  });
  const listing = (...stacks: ListedStack[]): TargetStackListing => ({
    version: TARGET_LISTING_VERSION,
    ...DEV,
    listedAt: "2026-12-07T22:00:00Z",
    stacks,
  });
  const plan = (input: Partial<ReconcileInput>) =>
    reconcile(remote, {
      eventId: "ev-1",
      branches: ["main", "develop"],
      openPullRequests: [],
      managedPipelines: [],
      listedTargets: [DEV],
      ...input,
    });

  it("given remote targets, when the scheduled round plans, then it starts the listing build first, with the event's token", () => {
    expect(plan({ branches: ["main", "develop", "feature/a"] })[0]).toEqual(
      listTargetStacksAction("ev-1", [DEV]),
    );
  });

  it.each<[string, Partial<ReconcileInput>]>([
    ["a continuation (round 2)", { round: 2 }],
    ["no remote target", { listedTargets: [] }],
    ["no targets named", { listedTargets: undefined }],
  ])("given %s, when it plans, then no listing build is started", (_case, input) => {
    expect(plan(input).filter((action) => action.type === "listTargetStacks")).toEqual([]);
  });

  it("given a listed remote stack no live clone deploys, then it is torn down as an orphan", () => {
    const gone = stackOf("acme-dev-feature-gone");
    const actions = plan({
      targetListings: [listing({ ...gone, tags: { ...gone.tags, [MANAGED_TAGS.branch]: "feature/gone" } })],
    });
    expect(actions.slice(1)).toEqual([
      teardownAction("ev-1", "acme-dev-feature-gone", "acme-dev-feature-gone", "orphan"),
    ]);
  });

  it("given a listed remote stack a live clone deploys, then nothing is planned for it", () => {
    const route = feature("feature/a");
    const actions = plan({
      branches: ["main", "develop", "feature/a"],
      managedPipelines: [{ name: route.pipelineName, tags: route.tags }],
      targetListings: [listing(stackOf(route.stackName))],
      now: "2026-12-07T23:00:00Z",
    });
    expect(actions.map((action) => action.type)).toEqual(["listTargetStacks"]);
  });

  it("given a listed remote stack whose live clone is idle past its notice, then it is torn down as idle", () => {
    const route = feature("feature/a");
    const actions = plan({
      branches: ["main", "develop", "feature/a"],
      managedPipelines: [
        {
          name: route.pipelineName,
          tags: {
            ...route.tags,
            [MANAGED_TAGS.lastRun]: "2026-11-20T10:00:00Z",
            [MANAGED_TAGS.idleNotice]: "2026-11-27T10:00:00Z",
          },
        },
      ],
      targetListings: [listing(stackOf(route.stackName))],
      now: "2026-12-07T23:00:00Z",
    });
    expect(actions.slice(1)).toEqual([
      teardownAction("ev-1", route.stackName, route.pipelineName, "idle", "2026-11-20T10:00:00Z"),
    ]);
  });

  it("given any remote clones removed while listings lag one round behind, when reconciles run with the listing each wrote, then no live clone's stack is ever torn down and every remote orphan is gone after two rounds", () => {
    const pool = ["feature/a", "feature/b", "feature/c", "feature/d"];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...pool)),
        fc.uniqueArray(fc.constantFrom(...pool)),
        fc.boolean(),
        (before, after, listedAfterTeardowns) => {
          // The account model holds the remote stacks too (its teardown deletes wherever the stack is); what the
          // cloner sees of them is the listing the previous round's build wrote.
          let state = initialAccount(remote);
          state = apply(
            state,
            before.map((branch) => ({ type: "createClone" as const, route: feature(branch) })),
          );
          const isRemote = (name: string) => name.startsWith("acme-dev-");
          const list = (of: AccountState) =>
            listing(...listStacks(of, remote).filter((stack) => isRemote(stack.name)));
          let written: TargetStackListing | undefined = list(state);
          const live = new Set(after.map((branch) => feature(branch).stackName));
          for (const round of [1, 2]) {
            const actions = reconcile(remote, {
              eventId: `ev-${round}`,
              branches: ["main", "develop", ...after],
              openPullRequests: [],
              managedPipelines: listPipelines(state),
              stacks: listStacks(state, remote).filter((stack) => !isRemote(stack.name)),
              targetListings: written === undefined ? [] : [written],
              listedTargets: [DEV],
            });
            for (const action of actions) {
              if (action.type === "teardownStack") expect(live.has(action.stackName)).toBe(false);
            }
            const snapshot = list(state);
            state = apply(state, actions);
            written = listedAfterTeardowns ? list(state) : snapshot;
          }
          const ephemeral = Object.entries(state.stacks).filter(([, isEphemeral]) => isEphemeral);
          expect(ephemeral.map(([name]) => name).sort()).toEqual([...live].sort());
        },
      ),
      { numRuns: 200 },
    );
  });
});
