import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  anyText,
  branchName,
  config,
  customConfig,
  longConfig,
  pullRequestId,
} from "../__fixtures__/arbitraries.js";
import { classifyBranch } from "../branches/classify-branch.js";
import { resolveBranch } from "../branches/resolve-branch.js";
import { resolvePullRequest } from "../pull-requests/resolve-pull-request.js";
import { LIMITS } from "../shared/constants.js";
import type { PrefixedBranchKind, TributaryConfig } from "../shared/types.js";
import {
  branchHash,
  cloneNamePrefix,
  clonePipelineName,
  cloneStackName,
  encodeNamePart,
  environmentPipelineName,
  environmentStackName,
  executionConsoleUrl,
  PIPELINE_ALPHABET,
  pipelineConsoleUrl,
  pipelineNamePrefix,
  reportConsoleUrl,
  reportPrefix,
  STACK_ALPHABET,
  TAG_ALPHABET,
  tagValue,
  teardownProjectName,
} from "./names.js";
import { stableHash } from "./stable-hash.js";

const PIPELINE_NAME = /^[A-Za-z0-9.@\-_]{1,100}$/;
const STACK_NAME = /^[A-Za-z][-A-Za-z0-9]{0,127}$/;
// The tag value pattern of the CloudFormation and CodePipeline `Tag` APIs, 256 characters.
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

describe("encodeNamePart", () => {
  describe("Compliance: lossless values pass through unchanged", () => {
    it.each([
      ["login", STACK_ALPHABET],
      ["1-2-0", STACK_ALPHABET],
      ["1.2.0", PIPELINE_ALPHABET],
      ["a_b@c", PIPELINE_ALPHABET],
      ["Feature/Login 2", TAG_ALPHABET],
    ])("given %j, then it is returned unchanged", (value, alphabet) => {
      expect(encodeNamePart(value, alphabet, 60)).toBe(value);
    });
  });

  describe("Noncompliance: everything else is slug--hash", () => {
    it.each<[string, string, number, string]>([
      ["JIRA-123_login", STACK_ALPHABET, 60, "jira-123-login"],
      ["JIRA-123_login", PIPELINE_ALPHABET, 60, "jira-123_login"],
      ["team/sub/topic", PIPELINE_ALPHABET, 60, "team-sub-topic"],
      ["1.2.0", STACK_ALPHABET, 60, "1-2-0"],
      ["a--b", STACK_ALPHABET, 60, "a-b"],
      ["-x-", STACK_ALPHABET, 60, "x"],
      ["log in!", STACK_ALPHABET, 60, "log-in"],
      ["ログイン", STACK_ALPHABET, 60, ""],
      ["café", STACK_ALPHABET, 60, "cafe"],
      ["e\u0301", STACK_ALPHABET, 60, "e"],
      ["Ünï-日本", STACK_ALPHABET, 60, "uni"],
      ["Straße_Æsir", PIPELINE_ALPHABET, 60, "strasse_aesir"],
      ["Łódź", STACK_ALPHABET, 60, "lodz"],
      ["ﬁx", STACK_ALPHABET, 60, "fix"],
      ["Ünï/#1", TAG_ALPHABET, 256, "Uni/-1"],
      ["🚀launch", STACK_ALPHABET, 60, "launch"],
      ["", STACK_ALPHABET, 60, ""],
      ["x".repeat(61), STACK_ALPHABET, 60, "x".repeat(48)],
      ["ab-".repeat(30), STACK_ALPHABET, 60, "ab-".repeat(16).slice(0, 47)],
      ["feature/ログイン", TAG_ALPHABET, 256, "feature/"],
    ])(
      "given %j in alphabet %j (max %i), then the slug is %j and the hash follows",
      (value, alphabet, max, slug) => {
        const hash = stableHash(value);
        expect(encodeNamePart(value, alphabet, max)).toBe(slug ? `${slug}--${hash}` : `-${hash}`);
      },
    );
  });

  it("given a max length below the hashed form, then it refuses", () => {
    expect(() => encodeNamePart("x", STACK_ALPHABET, 11)).toThrow(RangeError);
  });

  it("given any value, then the part fits, uses the alphabet and is lossless exactly when it contains no --", () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 12, max: 120 }), (value, max) => {
        const part = encodeNamePart(value, STACK_ALPHABET, max);
        expect(part.length).toBeLessThanOrEqual(max);
        expect(part).toMatch(/^[a-z0-9-]+$/);
        const lossless = part === value;
        expect(lossless).toBe(!part.includes("--") && !part.startsWith("-"));
      }),
    );
  });

  it("given two different values, then their parts differ (injective up to the 50-bit hash)", () => {
    fc.assert(
      fc.property(anyText, anyText, fc.integer({ min: 12, max: 100 }), (a, b, max) => {
        fc.pre(a !== b);
        expect(encodeNamePart(a, PIPELINE_ALPHABET, max)).not.toBe(encodeNamePart(b, PIPELINE_ALPHABET, max));
        expect(encodeNamePart(a, STACK_ALPHABET, max)).not.toBe(encodeNamePart(b, STACK_ALPHABET, max));
      }),
    );
  });
});

describe("clone names", () => {
  it.each<[string, string, string]>([
    ["release/1.2.0", "acme-qa-release-1.2.0", "acme-qa"],
    ["hotfix/1.2.1", "acme-qa-hotfix-1.2.1", "acme-qa"],
    ["feature/login", "acme-dev-feature-login", "acme-dev-feature-login"],
    [
      "feature/JIRA-123_login",
      `acme-dev-feature-jira-123_login--${branchHash("feature/JIRA-123_login")}`,
      `acme-dev-feature-jira-123-login--${branchHash("feature/JIRA-123_login")}`,
    ],
    [
      "feature/team/sub/topic",
      `acme-dev-feature-team-sub-topic--${branchHash("feature/team/sub/topic")}`,
      `acme-dev-feature-team-sub-topic--${branchHash("feature/team/sub/topic")}`,
    ],
    ["bugfix/null-pointer", "acme-dev-bugfix-null-pointer", "acme-dev-bugfix-null-pointer"],
    ["bugfix/v2.0.1", "acme-dev-bugfix-v2.0.1", `acme-dev-bugfix-v2-0-1--${branchHash("bugfix/v2.0.1")}`],
    [
      "feature/user@home",
      "acme-dev-feature-user@home",
      `acme-dev-feature-user-home--${branchHash("feature/user@home")}`,
    ],
    [
      "feature/#42",
      `acme-dev-feature-42--${branchHash("feature/#42")}`,
      `acme-dev-feature-42--${branchHash("feature/#42")}`,
    ],
    [
      "feature/🚀",
      `acme-dev-feature--${branchHash("feature/🚀")}`,
      `acme-dev-feature--${branchHash("feature/🚀")}`,
    ],
    [
      "feature/ログイン",
      `acme-dev-feature--${branchHash("feature/ログイン")}`,
      `acme-dev-feature--${branchHash("feature/ログイン")}`,
    ],
    [
      "feature/cafe\u0301",
      `acme-dev-feature-cafe--${branchHash("feature/cafe\u0301")}`,
      `acme-dev-feature-cafe--${branchHash("feature/cafe\u0301")}`,
    ],
    [
      "feature/café",
      `acme-dev-feature-cafe--${branchHash("feature/café")}`,
      `acme-dev-feature-cafe--${branchHash("feature/café")}`,
    ],
    [
      "bugfix/Größe.v2",
      `acme-dev-bugfix-grosse.v2--${branchHash("bugfix/Größe.v2")}`,
      `acme-dev-bugfix-grosse-v2--${branchHash("bugfix/Größe.v2")}`,
    ],
  ])("given %j, then pipeline %j and stack %j", (branch, pipelineName, stackName) => {
    const route = resolveBranch(config, branch);
    expect(route?.pipelineName).toBe(pipelineName);
    expect(route?.stackName).toBe(stackName);
  });

  it.each([250, 2000])(
    "given a feature branch of %i characters, then the names are cut, hashed and valid",
    (length) => {
      const suffix = "very-long-topic-".repeat(200).slice(0, length);
      const pipelineName = clonePipelineName(config, "dev", { kind: "feature", suffix });
      const stackName = cloneStackName(config, "dev", { kind: "feature", suffix });
      expect(pipelineName).toHaveLength(100);
      expect(pipelineName).toMatch(PIPELINE_NAME);
      expect(pipelineName.startsWith("acme-dev-feature-very-long-topic-")).toBe(true);
      expect(pipelineName.endsWith(`--${branchHash(`feature/${suffix}`)}`)).toBe(true);
      expect(stackName.length).toBeLessThanOrEqual(128);
      expect(stackName).toMatch(STACK_NAME);
    },
  );

  it("given a pull request, then its names are project-env-pr-id", () => {
    expect(clonePipelineName(config, "dev", { pullRequestId: "42" })).toBe("acme-dev-pr-42");
    expect(cloneStackName(config, "qa", { pullRequestId: "7" })).toBe("acme-qa-pr-7");
  });

  it("given the longest project and environment names, then a 2000-character branch still fits", () => {
    const route = resolveBranch(longConfig, `feature/${"é".repeat(2000)}`);
    expect(route).toBeNull(); // over CodePipeline's 1000 characters for BranchName
    const pipelineName = clonePipelineName(longConfig, "develop12345", {
      kind: "feature",
      suffix: "é".repeat(2000),
    });
    expect(pipelineName).toMatch(PIPELINE_NAME);
  });
});

function sources(configuration: TributaryConfig) {
  return fc.oneof(
    branchName.map((branch) => ({
      key: `branch:${classifyBranch(branch, configuration).name}`,
      route: resolveBranch(configuration, branch),
    })),
    fc
      .tuple(pullRequestId, fc.constantFrom("develop", "main", "release/1.0", "feature/x"))
      .map(([id, destination]) => ({
        key: `pr:${id}`,
        route: resolvePullRequest(configuration, {
          id,
          sourceBranch: "feature/x",
          destinationBranch: destination,
        }),
      })),
  );
}

describe("naming properties", () => {
  for (const [label, configuration] of [
    ["default config", config],
    ["longest names config", longConfig],
    ["custom routes config", customConfig],
  ] as const) {
    it(`given any branch or PR (${label}), then pipeline, stack and tag names are valid`, () => {
      fc.assert(
        fc.property(sources(configuration), ({ route }) => {
          if (route === null) return;
          expect(route.pipelineName).toMatch(PIPELINE_NAME);
          expect(route.stackName).toMatch(STACK_NAME);
          expect(route.stackName.length).toBeLessThanOrEqual(LIMITS.stackName);
          for (const [key, value] of Object.entries(route.tags)) {
            expect(key.length).toBeLessThanOrEqual(LIMITS.tagKey);
            expect(value).toMatch(TAG_VALUE);
          }
          for (const value of Object.values(route.variables)) {
            // CodePipeline substitutes variables into JSON configurations without escaping them: no value
            // may need escaping inside a JSON string.
            expect(JSON.stringify(value)).toBe(`"${value}"`);
            expect(value.length).toBeGreaterThan(0);
            expect(value.length).toBeLessThanOrEqual(LIMITS.variableValue);
          }
        }),
        { numRuns: 500 },
      );
    });

    it(`given random sets of branches and PRs (${label}), then no two sources share a pipeline or own stack, nor an environment's names`, () => {
      fc.assert(
        fc.property(fc.array(sources(configuration), { maxLength: 40 }), (items) => {
          const pipelines = new Map<string, string>();
          const stacks = new Map<string, string>();
          for (const env of configuration.environments) {
            pipelines.set(env.pipelineName, `env:${env.name}`);
            stacks.set(env.stackName, `env:${env.name}`);
          }
          for (const { key, route } of items) {
            if (route === null || !route.clone) continue;
            const owner = pipelines.get(route.pipelineName);
            expect(owner === undefined || owner === key).toBe(true);
            pipelines.set(route.pipelineName, key);
            if (!route.ephemeral) continue;
            const stackOwner = stacks.get(route.stackName);
            expect(stackOwner === undefined || stackOwner === key).toBe(true);
            stacks.set(route.stackName, key);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it("given branch suffixes that differ only in case, separators or Unicode, then the names differ", () => {
    const kinds: PrefixedBranchKind[] = ["feature", "bugfix", "release", "hotfix", "support"];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.constantFrom(...kinds),
        anyText,
        anyText,
        (kindA, kindB, a, b) => {
          fc.pre(kindA !== kindB || a !== b);
          const nameA = clonePipelineName(config, "dev", { kind: kindA, suffix: a });
          const nameB = clonePipelineName(config, "dev", { kind: kindB, suffix: b });
          expect(nameA).not.toBe(nameB);
          expect(cloneStackName(config, "dev", { kind: kindA, suffix: a })).not.toBe(
            cloneStackName(config, "dev", { kind: kindB, suffix: b }),
          );
        },
      ),
    );
    expect(clonePipelineName(config, "dev", { kind: "feature", suffix: "Login" })).not.toBe(
      clonePipelineName(config, "dev", { kind: "feature", suffix: "login" }),
    );
    expect(cloneStackName(config, "dev", { kind: "feature", suffix: "a.b" })).not.toBe(
      cloneStackName(config, "dev", { kind: "feature", suffix: "a-b" }),
    );
  });

  it("given any branch whose clone name is not its suffix as it is, then the name ends in -- and the branch's hash", () => {
    fc.assert(
      fc.property(branchName, (branch) => {
        const route = resolveBranch(config, branch);
        if (!route?.clone) return;
        const { name, kind, suffix } = classifyBranch(branch, config);
        const names = route.ephemeral ? [route.pipelineName, route.stackName] : [route.pipelineName];
        for (const clone of names) {
          if (clone === `acme-${route.environment}-${kind}-${suffix}`) continue;
          expect(clone.endsWith(`--${branchHash(name)}`)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("given any word of Latin letters with diacritics, then its slug keeps a letter for each of them", () => {
    // Latin-1 Supplement and Latin Extended-A letters; ŉ (NFKD "ʼn") is the one whose spelling is not letters only.
    const latinLetters = Array.from({ length: 0x17f - 0xc0 + 1 }, (_, index) =>
      String.fromCodePoint(0xc0 + index),
    ).filter((char) => /^\p{L}$/u.test(char) && char !== "ŉ");
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...latinLetters), { minLength: 1, maxLength: 30 }), (letters) => {
        const word = letters.join("");
        const slug = encodeNamePart(word, STACK_ALPHABET, 128).split("--")[0] ?? "";
        expect(slug).toMatch(/^[a-z]+$/);
        expect(slug.length).toBeGreaterThanOrEqual(letters.length);
      }),
    );
  });

  it("given the same input twice, then the names are equal (deterministic)", () => {
    fc.assert(
      fc.property(branchName, (branch) => {
        expect(resolveBranch(config, branch)).toEqual(resolveBranch(config, branch));
      }),
    );
  });
});

describe("tagValue", () => {
  it.each([
    ["feature/login", "feature/login"],
    ["Feature Login: a=b+c@d", "Feature Login: a=b+c@d"],
    ["feature/ログイン", "feature/ログイン"],
    ["feature/Ünïcödé-日本語", "feature/Ünïcödé-日本語"],
    ["feature/#42", `feature/-42--${branchHash("feature/#42")}`],
    ["feature/a--b", `feature/a-b--${branchHash("feature/a--b")}`],
    ["feature/🚀", `feature/--${branchHash("feature/🚀")}`],
    ["a".repeat(257), `${"a".repeat(244)}--${stableHash("a".repeat(257))}`],
  ])("given %j, then %j", (value, expected) => {
    expect(tagValue(value)).toBe(expected);
  });

  it("given any string, then the tag value is valid", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect(tagValue(value)).toMatch(TAG_VALUE);
      }),
    );
  });
});

describe("fixed names", () => {
  it("given a project and environment, then environment names and helpers follow the scheme", () => {
    expect(environmentPipelineName("acme", "dev")).toBe("acme-dev");
    expect(environmentStackName("acme", "prod")).toBe("acme-prod");
    expect(teardownProjectName(config)).toBe("acme-stack-teardown");
    expect(pipelineNamePrefix(config)).toBe("acme-");
  });

  it("given a region and a pipeline, then the console URLs are CodePipeline's", () => {
    expect(pipelineConsoleUrl("eu-west-1", "acme-dev-feature-a@b")).toBe(
      "https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev-feature-a%40b/view?region=eu-west-1",
    );
    expect(executionConsoleUrl("eu-west-1", "acme-dev", "0f3c-11")).toBe(
      "https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-dev/executions/0f3c-11/timeline?region=eu-west-1",
    );
  });

  it("given a reports bucket, a pipeline and an execution, then the report lives under reports/<pipeline>/<execution>", () => {
    expect(reportPrefix("acme-prod", "0f3c-11")).toBe("reports/acme-prod/0f3c-11");
    expect(reportConsoleUrl("acme-reports", "eu-west-1", "acme-dev-feature-a@b", "0f3c-11")).toBe(
      "https://s3.console.aws.amazon.com/s3/object/acme-reports?region=eu-west-1&prefix=reports/acme-dev-feature-a%40b/0f3c-11/index.html",
    );
  });
});

describe("naming contract (pinned: changing any of these is a breaking change)", () => {
  it.each([
    [
      "feature/JIRA-123_login",
      "acme-dev-feature-jira-123_login--1jmq0m34iy",
      "acme-dev-feature-jira-123-login--1jmq0m34iy",
    ],
    [
      "feature/Ünïcödé-日本語",
      "acme-dev-feature-unicode--0favzhcldj",
      "acme-dev-feature-unicode--0favzhcldj",
    ],
    ["feature/Ünï-日本", "acme-dev-feature-uni--0dll28jopy", "acme-dev-feature-uni--0dll28jopy"],
    ["bugfix/straße", "acme-dev-bugfix-strasse--0d0s6fl1ij", "acme-dev-bugfix-strasse--0d0s6fl1ij"],
    ["feature/login", "acme-dev-feature-login", "acme-dev-feature-login"],
    ["release/1.2.0", "acme-qa-release-1.2.0", "acme-qa"],
    ["hotfix/1.2.1", "acme-qa-hotfix-1.2.1", "acme-qa"],
    ["main", "acme-prod", "acme-prod"],
    ["develop", "acme-dev", "acme-dev"],
  ])("given %j, then pipeline %j and stack %j", (branch, pipelineName, stackName) => {
    expect(resolveBranch(config, branch)).toMatchObject({ pipelineName, stackName });
  });

  it("given the hash of a few fixed strings, then the values never change", () => {
    expect(["", "a", "JIRA-123_login", "ログイン", "🚀"].map(stableHash)).toMatchInlineSnapshot(`
      [
        "33niihzj4u",
        "2o0ongoiv4",
        "049khoqurp",
        "0zp6ugcr2c",
        "3vm7fpop40",
      ]
    `);
  });
});

describe("cloneNamePrefix", () => {
  it("given an environment and a kind, then clone names of that kind start with project-env-kind-", () => {
    expect(cloneNamePrefix({ project: "acme" }, "dev", "feature")).toBe("acme-dev-feature-");
    expect(cloneNamePrefix({ project: "acme" }, "qa", "pr")).toBe("acme-qa-pr-");
  });
});
