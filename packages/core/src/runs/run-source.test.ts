import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config } from "../__fixtures__/arbitraries.js";
import { resolveBranch } from "../branches/resolve-branch.js";
import { PIPELINE_VARIABLES } from "../shared/constants.js";
import { closedSourceKey, liveSourceKey, runSourceOf } from "./run-source.js";

const of = (pipeline: string, branch?: string) =>
  runSourceOf({ project: "acme", environment: "dev", pipeline, branch });

describe("runSourceOf", () => {
  it.each([
    ["acme-dev", "develop", { kind: "environment", branch: "develop" }],
    ["acme-dev-feature-login", "feature/login", { kind: "feature", branch: "feature/login" }],
    ["acme-dev-bugfix-x--1abc", "bugfix/X", { kind: "bugfix", branch: "bugfix/X" }],
    ["acme-dev-pr-42", "feature/login", { kind: "pr", pullRequestId: "42", branch: "feature/login" }],
    ["acme-dev-pr-42", undefined, { kind: "pr", pullRequestId: "42" }],
  ])(
    "Compliance: given pipeline %s running %s, when read, then the source is %j",
    (pipeline, branch, expected) => {
      expect(of(pipeline, branch)).toEqual(expected);
    },
  );

  it.each([
    ["another environment's pipeline", "acme-qa-release-1.2.0"],
    ["another project's", "shop-dev-feature-login"],
    ["an unknown kind", "acme-dev-spike-x"],
    ["a kind without a name", "acme-dev-feature-"],
    ["a pull request that is not a number", "acme-dev-pr-x"],
    ["no kind at all", "acme-devx"],
    ["a dash and nothing", "acme-dev-feature"],
  ])("Noncompliance: given %s (%s), when read, then it is not a Tributary source", (_what, pipeline) => {
    expect(of(pipeline)).toBeUndefined();
  });
});

describe("live row keys", () => {
  it("given any branch that routes to a clone, when it is deleted, then the deletion names the key its runs wrote", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("feature/", "bugfix/", "release/", "hotfix/"),
        fc.string({ minLength: 1, maxLength: 40 }),
        (prefix, suffix) => {
          const route = resolveBranch(config, `${prefix}${suffix}`);
          fc.pre(route !== undefined && route !== null);
          if (route === undefined || route === null) return;
          const source = runSourceOf({
            project: config.project,
            environment: route.environment,
            pipeline: route.pipelineName,
            branch: route.variables[PIPELINE_VARIABLES.branch],
          });
          expect(source).toBeDefined();
          expect(liveSourceKey(source ?? { kind: "feature" }, route.pipelineName)).toBe(
            closedSourceKey({
              kind: "sourceClosed",
              eventId: "e",
              time: "2026-11-28T09:00:00.000Z",
              project: "acme",
              branch: `${prefix}${suffix}`,
            }),
          );
        },
      ),
    );
  });

  it("given a pull request's clone, when the pull request closes, then the close names its key", () => {
    expect(liveSourceKey({ kind: "pr", pullRequestId: "42", branch: "feature/x" }, "acme-dev-pr-42")).toBe(
      closedSourceKey({
        kind: "sourceClosed",
        eventId: "e",
        time: "t",
        project: "acme",
        pullRequestId: "42",
      }),
    );
  });

  it("given a run whose branch is unknown, when keyed, then the pipeline names its row", () => {
    expect(liveSourceKey({ kind: "environment" }, "acme-dev")).toBe("pipeline#acme-dev");
  });
});
