import { describe, expect, it } from "vitest";
import { config } from "../__fixtures__/arbitraries.js";
import { defineConfig } from "../config/define-config.js";
import { branchHash, tagValue } from "../names/names.js";
import { explainBranch } from "./explain-branch.js";
import { environmentRoutes, resolveBranch } from "./resolve-branch.js";

describe("resolveBranch", () => {
  describe("Compliance: routed branches (default config)", () => {
    it.each([
      // branch, environment, templatePipeline, pipelineName, clone, ephemeral, stackName, requiresApproval
      ["develop", "dev", "acme-dev", "acme-dev", false, false, "acme-dev", false],
      ["refs/heads/develop", "dev", "acme-dev", "acme-dev", false, false, "acme-dev", false],
      ["main", "prod", "acme-prod", "acme-prod", false, false, "acme-prod", true],
      ["release/1.2.0", "qa", "acme-qa", "acme-qa-release-1.2.0", true, false, "acme-qa", false],
      ["hotfix/1.2.1", "qa", "acme-qa", "acme-qa-hotfix-1.2.1", true, false, "acme-qa", false],
      [
        "feature/login",
        "dev",
        "acme-dev",
        "acme-dev-feature-login",
        true,
        true,
        "acme-dev-feature-login",
        false,
      ],
      [
        "refs/heads/bugfix/npe",
        "dev",
        "acme-dev",
        "acme-dev-bugfix-npe",
        true,
        true,
        "acme-dev-bugfix-npe",
        false,
      ],
    ] as const)(
      "given %j, then env %s, template %s, pipeline %s, clone %s, ephemeral %s, stack %s, approval %s",
      (branch, environment, templatePipeline, pipelineName, clone, ephemeral, stackName, requiresApproval) => {
        const route = resolveBranch(config, branch);
        expect(route).toMatchObject({
          environment,
          templatePipeline,
          pipelineName,
          clone,
          ephemeral,
          stackName,
          requiresApproval,
          branch: branch.replace(/^refs\/heads\//, ""),
        });
      },
    );
  });

  describe("Noncompliance: branches that deploy nowhere", () => {
    it.each([
      "support/1.x",
      "release",
      "feature/",
      "refs/tags/v1",
      "refs/heads/",
      "",
      "wip",
      "master",
      "dependabot/npm/foo",
      `feature/${"x".repeat(993)}`, // 1001 characters
    ])("given %j, then null", (branch) => {
      expect(resolveBranch(config, branch)).toBeNull();
    });
  });

  it("given a feature branch of exactly 1000 characters, then it still routes", () => {
    expect(resolveBranch(config, `feature/${"x".repeat(992)}`)?.clone).toBe(true);
  });

  it("given a routed clone, then its variables and managed tags are complete", () => {
    const route = resolveBranch(config, "feature/JIRA-123_login");
    expect(route?.variables).toEqual({
      Environment: "dev",
      StackName: route?.stackName,
      Branch: "feature/JIRA-123_login",
      Ephemeral: "true",
      PipelineName: route?.pipelineName,
    });
    expect(route?.tags).toEqual({
      "tributary:managed": "true",
      "tributary:project": "acme",
      "tributary:template": "acme-dev",
      "tributary:environment": "dev",
      "tributary:branch": "feature/JIRA-123_login",
      "tributary:ephemeral": "true",
      "tributary:stack": route?.stackName,
    });
    expect(route?.source).toEqual({ type: "branch", branch: "feature/JIRA-123_login", kind: "feature" });
  });

  it("given a branch with a double quote, then its Branch variable is its tag value, safe in JSON", () => {
    const route = resolveBranch(config, 'feature/say-"hi"');
    expect(route?.branch).toBe('feature/say-"hi"');
    expect(route?.variables.Branch).toBe(tagValue('feature/say-"hi"'));
    expect(route?.variables.Branch).not.toMatch(/["\\]/);
    expect(route?.variables.Branch).toBe(route?.tags["tributary:branch"]);
  });

  it("given develop, then the route carries no tags (environment pipelines are the CDK app's)", () => {
    const route = resolveBranch(config, "develop");
    expect(route?.tags).toEqual({});
    expect(route?.variables.Ephemeral).toBe("false");
  });

  it("given a route, then it is frozen down to variables and tags", () => {
    const route = resolveBranch(config, "feature/x");
    expect(Object.isFrozen(route)).toBe(true);
    expect(Object.isFrozen(route?.variables)).toBe(true);
    expect(Object.isFrozen(route?.tags)).toBe(true);
    expect(Object.isFrozen(route?.source)).toBe(true);
  });

  it("given a shared route to an approving environment, then the clone keeps the approval", () => {
    const custom = defineConfig({
      project: "acme",
      repository: "infra",
      routes: { branches: { support: { environment: "prod", ephemeral: false } } },
    });
    expect(resolveBranch(custom, "support/1.x")).toMatchObject({
      pipelineName: "acme-prod-support-1.x",
      stackName: "acme-prod",
      requiresApproval: true,
      clone: true,
    });
  });

  it("given an ephemeral route to an approving environment, then the clone never waits for approval", () => {
    const custom = defineConfig({
      project: "acme",
      repository: "infra",
      routes: { branches: { hotfix: { environment: "prod", ephemeral: true } } },
    });
    expect(resolveBranch(custom, "hotfix/1.2.1")).toMatchObject({
      requiresApproval: false,
      ephemeral: true,
      stackName: `acme-prod-hotfix-1-2-1--${branchHash("hotfix/1.2.1")}`,
    });
  });

  it("given an environment set without a develop branch, then develop routes nowhere", () => {
    const custom = defineConfig({
      project: "acme",
      repository: "infra",
      environments: { qa: {}, prod: { branch: "main" } },
      routes: { branches: { feature: null, bugfix: null } },
    });
    expect(resolveBranch(custom, "develop")).toBeNull();
    expect(explainBranch(custom, "develop").reason).toBe(
      'develop branch "develop" is the branch of no environment',
    );
  });
});

describe("explainBranch", () => {
  it.each([
    [
      "feature/login",
      'feature branch "feature/login" deploys to its own stack acme-dev-feature-login through acme-dev-feature-login, a clone of acme-dev',
    ],
    [
      "release/1.2.0",
      'release branch "release/1.2.0" deploys to the shared stack acme-qa through acme-qa-release-1.2.0, a clone of acme-qa',
    ],
    ["main", 'main branch "main" runs the prod environment pipeline acme-prod itself'],
    ["support/1.x", 'support branch "support/1.x" has no route (routes.branches.support is not set)'],
    ["release", '"release" has nothing after the prefix "release/"'],
    ["feature/", '"feature/" has nothing after the prefix "feature/"'],
    ["refs/tags/v1", '"refs/tags/v1" is not a branch'],
    ["", "the branch name is empty"],
    [
      "wip",
      'branch "wip" matches no git-flow kind: the main branch is "main" (branches.main), the develop branch is "develop" (branches.develop), and it starts with none of the prefixes feature/, bugfix/, release/, hotfix/, support/',
    ],
    [
      "feature/a..b",
      '"feature/a..b" is not a branch name git accepts (git check-ref-format): it contains `..` (Fix: use a single dot)',
    ],
    [
      "-x.lock",
      '"-x.lock" is not a branch name git accepts (git check-ref-format): it has a slash-separated part that ends with `.lock` (Fix: rename the part so it does not end with `.lock`); it starts with `-` (Fix: remove the leading dash)',
    ],
    [`feature/${"x".repeat(1000)}`, "branch name is 1008 characters long; CodePipeline accepts at most 1000"],
  ])("given %j, then the reason reads %j", (branch, reason) => {
    expect(explainBranch(config, branch).reason).toBe(reason);
  });

  it("given a branch that git refuses, then nothing routes it", () => {
    expect(resolveBranch(config, "feature/a..b")).toBeNull();
    expect(explainBranch(config, "feature/a..b").classification.kind).toBe("other");
  });

  it("given branches.main master, when explaining main, then the reason names the configured main branch", () => {
    const master = defineConfig({
      project: "acme",
      repository: "infra",
      branches: { main: "master" },
      environments: { dev: { branch: "develop" }, qa: {}, prod: { branch: "master" } },
    });
    expect(explainBranch(master, "main").reason).toMatch(
      /^branch "main" matches no git-flow kind: the main branch is "master" \(branches\.main\)/,
    );
  });

  it.each([
    {
      branch: "feature/login",
      derived: [
        ["pipeline", "acme-dev-feature-login", "the branch's suffix unchanged: only [a-z0-9._@-]"],
        ["stack", "acme-dev-feature-login", "the branch's suffix unchanged: only [a-z0-9-]"],
        [
          "variable Branch",
          "feature/login",
          expect.stringMatching(/^the branch unchanged: only Unicode letters/),
        ],
        ["tag tributary:branch", "feature/login", expect.stringMatching(/^the branch unchanged/)],
      ],
    },
    {
      branch: "feature/Ünïcödé-日本語",
      derived: [
        [
          "pipeline",
          `acme-dev-feature-unicode--${branchHash("feature/Ünïcödé-日本語")}`,
          `a slug and --${branchHash("feature/Ünïcödé-日本語")}, the hash of "feature/Ünïcödé-日本語": "Ü" → "u", "ï" → "i", "ö" → "o", "é" → "e" (Latin letters in ASCII); "日", "本", "語" are not in [a-z0-9._@-]`,
        ],
        ["stack", `acme-dev-feature-unicode--${branchHash("feature/Ünïcödé-日本語")}`, expect.any(String)],
        ["variable Branch", "feature/Ünïcödé-日本語", expect.stringMatching(/^the branch unchanged/)],
        ["tag tributary:branch", "feature/Ünïcödé-日本語", expect.stringMatching(/^the branch unchanged/)],
      ],
    },
    {
      branch: "bugfix/JIRA-7_Größe\u0301",
      derived: [
        [
          "pipeline",
          `acme-dev-bugfix-jira-7_grosse--${branchHash("bugfix/JIRA-7_Größe\u0301")}`,
          `a slug and --${branchHash("bugfix/JIRA-7_Größe\u0301")}, the hash of "bugfix/JIRA-7_Größe\u0301": "J", "I", "R", "A", "G" lower-cased; "ö" → "o", "ß" → "ss" (Latin letters in ASCII); combining marks dropped`,
        ],
        [
          "stack",
          `acme-dev-bugfix-jira-7-grosse--${branchHash("bugfix/JIRA-7_Größe\u0301")}`,
          expect.stringMatching(/combining marks dropped; "_" is not in \[a-z0-9-\]$/),
        ],
        [
          "variable Branch",
          `bugfix/JIRA-7_Größe--${branchHash("bugfix/JIRA-7_Größe\u0301")}`,
          expect.stringContaining("U+0301 is not in Unicode letters"),
        ],
        [
          "tag tributary:branch",
          `bugfix/JIRA-7_Größe--${branchHash("bugfix/JIRA-7_Größe\u0301")}`,
          expect.any(String),
        ],
      ],
    },
    {
      branch: "feature/#42",
      derived: [
        [
          "pipeline",
          `acme-dev-feature-42--${branchHash("feature/#42")}`,
          expect.stringContaining('"#" is not in'),
        ],
        ["stack", `acme-dev-feature-42--${branchHash("feature/#42")}`, expect.any(String)],
        [
          "variable Branch",
          `feature/-42--${branchHash("feature/#42")}`,
          expect.stringContaining('"#" is not in Unicode'),
        ],
        ["tag tributary:branch", `feature/-42--${branchHash("feature/#42")}`, expect.any(String)],
      ],
    },
  ])(
    "given $branch, then explain shows each derived value with one hash and the reason",
    ({ branch, derived }) => {
      expect(
        explainBranch(config, branch).derived.map((value) => [value.name, value.value, value.reason]),
      ).toEqual(derived);
    },
  );

  it("given a branch, then the explanation carries the classification and route", () => {
    const explanation = explainBranch(config, "refs/heads/hotfix/1.2.1");
    expect(explanation.classification).toEqual({ kind: "hotfix", name: "hotfix/1.2.1", suffix: "1.2.1" });
    expect(explanation.route?.pipelineName).toBe("acme-qa-hotfix-1.2.1");
  });
});

describe("environmentRoutes", () => {
  it("given the default config, then one route per environment, qa with develop as placeholder source", () => {
    expect(
      environmentRoutes(config).map((route) => [
        route.environment,
        route.pipelineName,
        route.branch,
        route.stackName,
        route.requiresApproval,
        route.clone,
      ]),
    ).toEqual([
      ["dev", "acme-dev", "develop", "acme-dev", false, false],
      ["qa", "acme-qa", "develop", "acme-qa", false, false],
      ["prod", "acme-prod", "main", "acme-prod", true, false],
    ]);
  });

  it("given environment routes, then their variables default to their own pipeline and stack", () => {
    const prod = environmentRoutes(config)[2];
    expect(prod?.variables).toEqual({
      Environment: "prod",
      StackName: "acme-prod",
      Branch: "main",
      Ephemeral: "false",
      PipelineName: "acme-prod",
    });
    expect(prod?.tags).toEqual({});
  });
});
