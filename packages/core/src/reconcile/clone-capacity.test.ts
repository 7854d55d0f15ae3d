import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config } from "../__fixtures__/arbitraries.js";
import { resolveBranch } from "../branches/resolve-branch.js";
import type { Route } from "../branches/route.js";
import { defineConfig } from "../config/define-config.js";
import type { Action } from "../events/plan.js";
import { NOTIFICATION_LIMITS } from "../notifications/format-notification.js";
import { resolvePullRequest } from "../pull-requests/resolve-pull-request.js";
import {
  admitClones,
  clonePriority,
  formatCloneRefusal,
  formatRefusalSummary,
  freeClonePlaces,
  refusalState,
  refusalSummaryDue,
} from "./clone-capacity.js";
import type { PipelineLimit } from "./pipeline-limit.js";

const route = (branch: string): Route => {
  const found = resolveBranch(config, branch);
  if (found === null) throw new Error(`${branch} routes nowhere`);
  return found;
};
const pullRequest = (id: string): Route => {
  const found = resolvePullRequest(config, { id, sourceBranch: "feature/x", destinationBranch: "develop" });
  if (found === null) throw new Error(id);
  return found;
};
const create = (target: Route): Action => ({ type: "createClone", route: target });
const small = defineConfig({ project: "acme", repository: "infra", maxPipelines: 20, pipelineHeadroom: 2 });

describe("clonePriority (table)", () => {
  it.each<[string, Route, number]>([
    ["a release branch", route("release/1.2.0"), 0],
    ["a hotfix branch", route("hotfix/1.2.1"), 0],
    ["a pull request", pullRequest("42"), 1],
    ["a feature branch", route("feature/login"), 2],
    ["a bugfix branch", route("bugfix/typo"), 2],
  ])("given %s, then priority %i", (_name, target, expected) => {
    expect(clonePriority(target)).toBe(expected);
  });
});

describe("freeClonePlaces (table)", () => {
  it.each<[string, number, number | undefined, number]>([
    ["an empty region", 0, undefined, 18],
    ["a region at the headroom", 18, undefined, 0],
    ["a region over the limit", 25, undefined, 0],
    ["a quota read above maxPipelines", 18, 30, 10],
  ])("given %s, then %i free", (_name, count, limit, expected) => {
    expect(freeClonePlaces(small, count, limit)).toBe(expected);
  });
});

describe("admitClones", () => {
  it("given more creates than places, then releases and hotfixes, then PRs, then features are created", () => {
    const planned = [
      create(route("feature/a")),
      create(pullRequest("7")),
      create(route("hotfix/9")),
      { type: "deleteClone", pipelineName: "acme-dev-feature-old", expectedTags: {} } as const,
      create(route("release/2.0.0")),
    ];
    const { actions, refused, free } = admitClones(small, planned, 16);
    expect(free).toBe(2);
    expect(refused.map((target) => target.pipelineName)).toEqual(["acme-dev-pr-7", "acme-dev-feature-a"]);
    expect(actions.map((action) => action.type)).toEqual(["createClone", "deleteClone", "createClone"]);
  });

  it("given any plan and count, then admitted creates never exceed the free places and none is both kept and refused", () => {
    const branches = ["feature/a", "feature/b", "bugfix/c", "release/1.0", "hotfix/2", "feature/d"];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...branches)),
        fc.integer({ min: 0, max: 30 }),
        (chosen, count) => {
          const planned = chosen.map((branch) => create(route(branch)));
          const { actions, refused } = admitClones(small, planned, count);
          const kept = actions.filter((action) => action.type === "createClone");
          expect(kept.length).toBeLessThanOrEqual(freeClonePlaces(small, count));
          expect(kept.length + refused.length).toBe(planned.length);
          const worstKept = Math.max(
            -1,
            ...kept.map((action) => (action.type === "createClone" ? clonePriority(action.route) : -1)),
          );
          for (const target of refused) expect(clonePriority(target)).toBeGreaterThanOrEqual(worstKept);
        },
      ),
    );
  });
});

describe("refusalSummaryDue (table)", () => {
  it.each<[string, string | undefined, string[], boolean]>([
    ["nothing refused and nothing ever reported", undefined, [], false],
    ["a first refusal", undefined, ["a"], true],
    ["the same set, in another order", refusalState(["a", "b"]), ["b", "a"], false],
    ["one more refused", refusalState(["a"]), ["a", "b"], true],
    ["every clone fitting again", refusalState(["a"]), [], true],
  ])("given %s, then %s", (_name, previous, current, expected) => {
    expect(refusalSummaryDue(previous, current)).toBe(expected);
  });

  it("given any set of refused clones, then the remembered state is a valid tag value", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 2000 }), (names) => {
        expect(refusalState(names)).toMatch(/^\d+:[0-9a-z]{10}$/);
      }),
    );
  });
});

describe("refusal notifications", () => {
  it("given a clone CodePipeline refused at its event, then the subject and message name the branch, the pipeline and the quota", () => {
    const { subject, message } = formatCloneRefusal(route("feature/login"), "The number of pipelines ...");
    expect(subject).toBe("Tributary: no pipeline for feature/login (CodePipeline quota L-78D200AD reached)");
    expect(message).toContain("acme-dev-feature-login");
    expect(message).toContain("branch feature/login");
    expect(message).toContain('quota L-78D200AD ("Total pipelines")');
    expect(message).toContain("CodePipeline said: The number of pipelines ...");
    expect(message).toContain("Fix:");
  });

  it.each<[string, PipelineLimit, string, string]>([
    [
      "a quota read from Service Quotas",
      { value: 1250, source: "service-quotas" },
      "Tributary: 2 pipelines refused (limit of 1250 pipelines, Service Quotas L-78D200AD)",
      "the limit is 1250 pipelines, the account's quota L-78D200AD",
    ],
    [
      "maxPipelines after a failed read",
      {
        value: 1000,
        source: "config",
        fallbackReason: "Service Quotas could not be read (AccessDeniedException: no)",
      },
      "Tributary: 2 pipelines refused (limit of 1000 pipelines, config maxPipelines)",
      "the limit is 1000 pipelines, maxPipelines of tributary.config.ts (Service Quotas could not be read (AccessDeniedException: no))",
    ],
  ])(
    "given refused clones and %s, then one summary lists them in order and names the limit and its source",
    (_name, limit, subject, sentence) => {
      const summary = formatRefusalSummary([route("release/1.0"), route("feature/a")], limit, 995);
      expect(summary.subject).toBe(subject);
      expect(summary.message).toContain(sentence);
      expect(summary.message.indexOf("release/1.0")).toBeLessThan(summary.message.indexOf("feature/a"));
    },
  );

  it("given no refused clone, then the summary says every clone fits, under which limit", () => {
    const summary = formatRefusalSummary([], { value: 1250, source: "service-quotas" }, 10);
    expect(summary.subject).toBe(
      "Tributary: every pipeline fits again (limit of 1250 pipelines, Service Quotas L-78D200AD)",
    );
    expect(summary.message).toContain("holds 10 pipelines; the limit is 1250 pipelines");
  });

  it("given any number of refused clones, then the summary fits SNS's limits", () => {
    const many = Array.from({ length: 6000 }, (_, index) =>
      route(`feature/a-rather-long-branch-name-${index}`),
    );
    const limit: PipelineLimit = { value: 10_000_000, source: "config", fallbackReason: "x".repeat(5000) };
    const { subject, message } = formatRefusalSummary(many, limit, 1000);
    expect(subject.length).toBeLessThanOrEqual(NOTIFICATION_LIMITS.subject);
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(NOTIFICATION_LIMITS.messageBytes);
  });
});

describe("config maxPipelines and pipelineHeadroom (table)", () => {
  it.each<[string, Record<string, unknown>, string | null]>([
    ["the defaults", {}, null],
    ["a raised quota", { maxPipelines: 2000 }, null],
    ["a zero headroom", { pipelineHeadroom: 0 }, null],
    ["a fractional limit", { maxPipelines: 1.5 }, "maxPipelines"],
    ["a negative headroom", { pipelineHeadroom: -1 }, "pipelineHeadroom"],
    ["a headroom as large as the limit", { maxPipelines: 10, pipelineHeadroom: 10 }, "pipelineHeadroom"],
  ])("given %s, then %s", (_name, extra, failingPath) => {
    const define = () => defineConfig({ project: "acme", repository: "infra", ...extra });
    if (failingPath === null) expect(define().maxPipelines).toBeGreaterThan(define().pipelineHeadroom);
    else expect(define).toThrow(new RegExp(`${failingPath}.*Fix:`, "s"));
  });
});
