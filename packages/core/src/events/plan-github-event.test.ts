import { describe, expect, it } from "vitest";
import { gitHubConfig } from "../__fixtures__/github-config.js";
import { defineConfig } from "../config/define-config.js";
import { planReconcileReads, reconcile } from "../reconcile/reconcile.js";
import type { Action } from "./plan.js";
import { planEvent } from "./plan-event.js";
import type { BranchEvent, PullRequestEvent } from "./tributary-event.js";

const config = gitHubConfig;
const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
const opened: PullRequestEvent = {
  type: "pullRequestOpened",
  id: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
  time: "2026-01-05T09:00:00.000Z",
  repository: "acme/infra",
  pullRequestId: "7",
  sourceBranch: "feature/login",
  destinationBranch: "develop",
  sourceCommit: SHA,
  destinationCommit: SHA,
  title: "Login",
  merged: false,
  revisionId: SHA,
};
const plan = (event: PullRequestEvent): readonly Action[] => planEvent(config, event).actions;
const types = (actions: readonly Action[]) => actions.map((action) => action.type);

describe("planEvent for GitHub's pull requests", () => {
  it.each<[string, Partial<PullRequestEvent>, string[]]>([
    [
      "a base change within one environment (feature → develop, both dev)",
      { destinationBranch: "develop", previousDestinationBranch: "feature/base" },
      ["createClone"],
    ],
    [
      "a base change to another environment (develop → main)",
      { destinationBranch: "main", previousDestinationBranch: "develop" },
      ["deleteClone", "teardownStack", "createClone"],
    ],
    [
      "a base change to a branch that routes nowhere",
      { destinationBranch: "support/1.x", previousDestinationBranch: "develop" },
      ["deleteClone", "teardownStack", "ignore"],
    ],
    [
      "a base change from a branch that routed nowhere",
      { destinationBranch: "develop", previousDestinationBranch: "support/1.x" },
      ["createClone"],
    ],
    ["an allowed fork opened", { headRepository: "Acme-Labs/Infra" }, ["createClone"]],
    ["a refused fork opened", { headRepository: "mallory/infra" }, ["commentOnPullRequest"]],
    [
      "a refused fork pushed",
      { type: "pullRequestSourceUpdated", headRepository: "mallory/infra" },
      ["ignore"],
    ],
    ["a refused fork closed", { type: "pullRequestClosed", headRepository: "mallory/infra" }, ["ignore"]],
    [
      "an allowed fork closed",
      { type: "pullRequestClosed", headRepository: "acme-labs/infra" },
      ["deleteClone", "teardownStack", "announceSourceClosed"],
    ],
  ])("given %s, then the plan is %j", (_name, change, expected) => {
    expect(types(plan({ ...opened, ...change }))).toEqual(expected);
  });

  it("given a base change to another environment, then the former clone goes and the new one comes", () => {
    const actions = plan({ ...opened, destinationBranch: "main", previousDestinationBranch: "develop" });
    expect(actions[0]).toMatchObject({ type: "deleteClone", pipelineName: "acme-dev-pr-7" });
    expect(actions[2]).toMatchObject({ type: "createClone", route: { pipelineName: "acme-prod-pr-7" } });
  });

  it("given an allowed fork, then its clone reads the fork", () => {
    const [create] = plan({ ...opened, headRepository: "acme-labs/infra" });
    expect(create).toMatchObject({
      type: "createClone",
      route: { source: { sourceRepository: "acme-labs/infra" } },
    });
  });

  it("given a refused fork opened twice (reopened), then both plans carry the same marker, so one notice is posted", () => {
    const first = plan({ ...opened, headRepository: "mallory/infra" })[0];
    const again = plan({ ...opened, id: "another-delivery", headRepository: "mallory/infra" })[0];
    expect(first?.type === "commentOnPullRequest" && again?.type === "commentOnPullRequest").toBe(true);
    if (first?.type === "commentOnPullRequest" && again?.type === "commentOnPullRequest") {
      expect(first.marker).toBe(again.marker);
      expect(first.content).toBe(again.content);
      expect(first.content.startsWith(first.marker)).toBe(true);
      expect(first.reason).toContain("mallory/infra");
    }
  });

  it("given pull requests disabled, then a refused fork gets no notice either", () => {
    const disabled = defineConfig({
      project: "acme",
      source: { provider: "github", owner: "acme", repository: "infra" },
      routes: { pullRequests: { enabled: false } },
    });
    expect(types(planEvent(disabled, { ...opened, headRepository: "mallory/infra" }).actions)).toEqual([
      "ignore",
    ]);
  });
});

describe("reconcile with GitHub's listing", () => {
  const listed = {
    branches: ["main", "develop", "feature/login"],
    openPullRequestIds: [],
    openPullRequests: [
      { id: "7", sourceBranch: "feature/login", destinationBranch: "develop" },
      { id: "8", sourceBranch: "main", destinationBranch: "develop", headRepository: "mallory/infra" },
      { id: "9", sourceBranch: "fix", destinationBranch: "develop", headRepository: "acme-labs/infra" },
    ],
    pipelineNames: ["acme-dev", "acme-qa", "acme-prod"],
    pipelineTags: {},
  };

  it("given the pull requests with their branches, then none is read again", () => {
    const reads = planReconcileReads(config, listed);
    expect(reads.pullRequestsToRead).toEqual([]);
    expect(reads.knownPullRequests.map((pullRequest) => pullRequest.id)).toEqual(["7", "8", "9"]);
  });

  it("given a refused fork's pull request, then reconcile creates no clone for it; an allowed fork's it does", () => {
    const reads = planReconcileReads(config, listed);
    const actions = reconcile(config, {
      eventId: "ev-1",
      branches: listed.branches,
      openPullRequests: reads.knownPullRequests,
      managedPipelines: reads.managedPipelines,
    });
    const created = actions.flatMap((action) =>
      action.type === "createClone" ? [action.route.pipelineName] : [],
    );
    expect(created).toEqual(["acme-dev-feature-login", "acme-dev-pr-7", "acme-dev-pr-9"]);
  });
});

describe("planEvent for a GitHub branch deleted or pull request closed (the run history's live row)", () => {
  const deleted: BranchEvent = {
    type: "branchDeleted",
    id: "9f1c0b2e-cc78-11e3-81ab-4c9367dc0958",
    time: "2026-01-06T09:00:00.000Z",
    repository: "acme/infra",
    branch: "feature/login",
    commitId: SHA,
  };
  const codeCommit = defineConfig({ project: "acme", repository: "acme/infra".replace("/", "-") });

  it.each<[string, () => readonly Action[], Action]>([
    [
      "a cloned branch deleted",
      () => planEvent(config, deleted).actions,
      { type: "announceSourceClosed", detail: { project: "acme", branch: "feature/login" } },
    ],
    [
      "a pull request closed",
      () => plan({ ...opened, type: "pullRequestClosed" }),
      { type: "announceSourceClosed", detail: { project: "acme", pullRequestId: "7" } },
    ],
    [
      "a pull request merged",
      () => plan({ ...opened, type: "pullRequestClosed", merged: true }),
      { type: "announceSourceClosed", detail: { project: "acme", pullRequestId: "7" } },
    ],
  ])(
    "Compliance: given %s, then the plan ends with one announceSourceClosed after the removals",
    (_name, actions, last) => {
      const planned = actions();
      expect(types(planned)).toEqual(["deleteClone", "teardownStack", "announceSourceClosed"]);
      expect(planned.at(-1)).toEqual(last);
    },
  );

  it.each<[string, () => readonly Action[]]>([
    [
      "a branch no route clones (develop)",
      () => planEvent(config, { ...deleted, branch: "develop" }).actions,
    ],
    [
      "a refused fork's pull request closed",
      () => plan({ ...opened, type: "pullRequestClosed", headRepository: "mallory/infra" }),
    ],
    [
      "a CodeCommit branch deleted (CodeCommit's own event reaches the notifier)",
      () => planEvent(codeCommit, { ...deleted, repository: codeCommit.repository }).actions,
    ],
    [
      "a CodeCommit pull request closed",
      () =>
        planEvent(codeCommit, { ...opened, type: "pullRequestClosed", repository: codeCommit.repository })
          .actions,
    ],
  ])("Noncompliance: given %s, then nothing is announced", (_name, actions) => {
    expect(types(actions())).not.toContain("announceSourceClosed");
  });
});
