import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config } from "../__fixtures__/arbitraries.js";
import { defineConfig } from "../config/define-config.js";
import { clonePipelineName, cloneStackName } from "../names/names.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import {
  environmentPipelinePatterns,
  environmentStackPatterns,
  ownershipRule,
  ownsClone,
  ownsEphemeralStack,
  requestTagConditions,
  resourceTagConditions,
  tributaryStackNames,
} from "./ownership.js";

const rule = ownershipRule(config);
const cloneTags = { [MANAGED_TAGS.managed]: "true", [MANAGED_TAGS.project]: "acme" };
const ephemeralTags = { [MANAGED_TAGS.ephemeral]: "true", [MANAGED_TAGS.project]: "acme" };

/** IAM's `*` wildcard (StringLike, resource ARNs) as a RegExp. */
function iamPattern(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
  );
}

describe("ownershipRule", () => {
  it("given the default config, when derived, then the protected stacks are the shared stacks and the app's own", () => {
    expect(rule.protectedStacks).toEqual([
      "acme-dev",
      "acme-qa",
      "acme-prod",
      "acme-tributary-repository",
      "acme-tributary-cicd",
    ]);
    expect(rule.environmentPipelines).toEqual(["acme-dev", "acme-qa", "acme-prod"]);
    expect(rule.namePrefix).toBe("acme-");
  });

  it("given tags, when turned into IAM conditions, then each key is under aws:ResourceTag or aws:RequestTag", () => {
    expect(resourceTagConditions(rule.cloneTags)).toEqual({
      "aws:ResourceTag/tributary:managed": "true",
      "aws:ResourceTag/tributary:project": "acme",
    });
    expect(requestTagConditions(rule.projectTags)).toEqual({ "aws:RequestTag/tributary:project": "acme" });
  });
});

describe("ownsClone", () => {
  it.each([
    ["a managed clone of this project", "acme-dev-feature-x", cloneTags, true],
    ["an environment pipeline, even tagged as a clone", "acme-dev", cloneTags, false],
    [
      "a clone of another project",
      "acme-dev-feature-x",
      { ...cloneTags, [MANAGED_TAGS.project]: "shop" },
      false,
    ],
    ["an unmanaged pipeline", "acme-dev-feature-x", { [MANAGED_TAGS.project]: "acme" }, false],
    ["a pipeline outside the prefix", "shop-dev-feature-x", cloneTags, false],
  ] as const)("given %s, when checked, then it is owned: %s", (_case, name, tags, owned) => {
    expect(ownsClone(rule, { name, tags })).toBe(owned);
  });
});

describe("ownsEphemeralStack", () => {
  it.each([
    ["an ephemeral stack of this project", "acme-dev-feature-x", ephemeralTags, true],
    ["a shared stack, even tagged ephemeral", "acme-dev", ephemeralTags, false],
    ["the CI/CD stack, even tagged ephemeral", "acme-tributary-cicd", ephemeralTags, false],
    ["the repository stack, even tagged ephemeral", "acme-tributary-repository", ephemeralTags, false],
    [
      "a stack of another project",
      "acme-dev-feature-x",
      { ...ephemeralTags, [MANAGED_TAGS.project]: "shop" },
      false,
    ],
    ["a stack not tagged ephemeral", "acme-dev-feature-x", { [MANAGED_TAGS.project]: "acme" }, false],
  ] as const)("given %s, when checked, then it may be torn down: %s", (_case, name, tags, owned) => {
    expect(ownsEphemeralStack(rule, { name, tags })).toBe(owned);
  });
});

/** Whether defineConfig accepts `project`. */
function isValidProject(project: string): boolean {
  try {
    defineConfig({ project, repository: "r" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Project names defineConfig accepts, drawn from names with dashes too (so that a rule allowing `acme-dev` beside
 * `acme` would be found), short so that one is often a prefix of another.
 */
const projectName = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/).filter(isValidProject);
/** Two project names, the second often extending the first (`acme`, `acme-dev` where the rule would allow it). */
const projectPair = projectName.chain((first) =>
  fc.tuple(
    fc.constant(first),
    fc.oneof(
      projectName,
      fc
        .stringMatching(/^-?[a-z0-9]{1,4}$/)
        .map((tail) => `${first}${tail}`)
        .filter(isValidProject),
    ),
  ),
);
const suffix = fc.stringMatching(/^[a-z0-9][a-z0-9./_-]{0,20}$/);

describe("projects that cannot overlap", () => {
  it("given two valid distinct projects, when one's name patterns meet the other's pipelines, stacks and buckets, then none matches", () => {
    fc.assert(
      fc.property(projectPair, suffix, ([first, second], branch) => {
        fc.pre(first !== second);
        const own = defineConfig({ project: first, repository: "r" });
        const other = defineConfig({ project: second, repository: "r" });
        const otherNames = [
          ...other.environments.flatMap((environment) => [
            environment.pipelineName,
            environment.stackName,
            clonePipelineName(other, environment.name, { kind: "feature", suffix: branch }),
            cloneStackName(other, environment.name, { kind: "feature", suffix: branch }),
            // CloudFormation names a stack's buckets <stack>-<logical id>-<random>.
            `${cloneStackName(other, environment.name, { kind: "feature", suffix: branch })}-websitebucket-1a2b3c`,
          ]),
          ...Object.values(tributaryStackNames(other)),
          `${tributaryStackNames(other).cicd}-bucketsartifacts-1a2b3c`,
        ];
        const ownPatterns = [
          `${ownershipRule(own).namePrefix}*`,
          ...own.environments.flatMap((environment) => environmentStackPatterns(own, environment.name)),
          // The notification rules' pipeline patterns (EventBridge prefix match on `<project>-<env>-`, and the name).
          ...own.environments.flatMap((environment) => environmentPipelinePatterns(own, environment.name)),
        ].map(iamPattern);
        for (const name of otherNames) {
          for (const pattern of ownPatterns) expect(pattern.test(name), `${pattern} ~ ${name}`).toBe(false);
          expect(name.startsWith(ownershipRule(own).namePrefix), name).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("given a project, when its environment stack patterns meet the app's own stacks, then none matches", () => {
    fc.assert(
      fc.property(projectName, (project) => {
        const own = defineConfig({ project, repository: "r" });
        const patterns = own.environments.flatMap((environment) =>
          environmentStackPatterns(own, environment.name).map(iamPattern),
        );
        for (const name of Object.values(tributaryStackNames(own))) {
          for (const pattern of patterns) expect(pattern.test(name), `${pattern} ~ ${name}`).toBe(false);
        }
      }),
    );
  });
});
