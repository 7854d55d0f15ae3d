import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineConfig, findEnvironment, isValidBranchName, type TributaryConfigInput } from "./config.js";
import { ConfigError } from "./errors.js";

const minimal = { project: "acme", repository: "infra-deployment" };

function configError(input: unknown): ConfigError {
  try {
    defineConfig(input as TributaryConfigInput);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("defineConfig accepted the input");
}

describe("defineConfig defaults", () => {
  it("given the minimal input, when defined, then the git-flow defaults are filled in", () => {
    const config = defineConfig(minimal);
    expect(config).toEqual({
      project: "acme",
      repository: "infra-deployment",
      branches: {
        main: "main",
        develop: "develop",
        prefixes: {
          feature: "feature/",
          bugfix: "bugfix/",
          release: "release/",
          hotfix: "hotfix/",
          support: "support/",
        },
      },
      environments: [
        {
          name: "dev",
          branch: "develop",
          requiresApproval: false,
          account: undefined,
          region: undefined,
          pipelineName: "acme-dev",
          stackName: "acme-dev",
        },
        {
          name: "qa",
          branch: null,
          requiresApproval: false,
          account: undefined,
          region: undefined,
          pipelineName: "acme-qa",
          stackName: "acme-qa",
        },
        {
          name: "prod",
          branch: "main",
          requiresApproval: true,
          account: undefined,
          region: undefined,
          pipelineName: "acme-prod",
          stackName: "acme-prod",
        },
      ],
      routes: {
        branches: {
          feature: { environment: "dev", ephemeral: true },
          bugfix: { environment: "dev", ephemeral: true },
          release: { environment: "qa", ephemeral: false },
          hotfix: { environment: "qa", ephemeral: false },
        },
        pullRequests: { enabled: true, environmentByDestination: {} },
      },
      notificationEmails: [],
      reconcileSchedule: "rate(6 hours)",
      maxPipelines: 1000,
      pipelineHeadroom: 10,
      approvals: { pullRequestRule: true, skipWhenNoChanges: false },
      runHistory: { ttlDays: 400 },
    });
  });

  it("given approvals.pullRequestRule false, when defined, then the config says so", () => {
    expect(defineConfig({ ...minimal, approvals: { pullRequestRule: false } }).approvals).toEqual({
      pullRequestRule: false,
      skipWhenNoChanges: false,
    });
  });

  it("given the main branch set to master, when defined, then prod deploys master", () => {
    const config = defineConfig({ ...minimal, branches: { main: "master" } });
    expect(findEnvironment(config, "prod")?.branch).toBe("master");
  });

  it("given a result, then it is deeply frozen", () => {
    const config = defineConfig(minimal);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.environments[0])).toBe(true);
    expect(Object.isFrozen(config.routes.branches.feature)).toBe(true);
    expect(Object.isFrozen(config.branches.prefixes)).toBe(true);
    expect(() => {
      (config as { project: string }).project = "x";
    }).toThrow(TypeError);
  });

  it("given routes that override, remove and add, when defined, then they merge over the defaults per kind", () => {
    const config = defineConfig({
      ...minimal,
      routes: {
        branches: {
          release: null,
          hotfix: { environment: "dev", ephemeral: true },
          support: { environment: "prod", ephemeral: false },
        },
        pullRequests: { enabled: false, environmentByDestination: { main: "qa" } },
      },
    });
    expect(config.routes.branches).toEqual({
      feature: { environment: "dev", ephemeral: true },
      bugfix: { environment: "dev", ephemeral: true },
      hotfix: { environment: "dev", ephemeral: true },
      support: { environment: "prod", ephemeral: false },
    });
    expect(config.routes.pullRequests).toEqual({ enabled: false, environmentByDestination: { main: "qa" } });
  });

  it("given custom environments, when defined, then they replace the defaults in declaration order", () => {
    const config = defineConfig({
      ...minimal,
      environments: {
        dev: { branch: "develop", account: "111111111111", region: "eu-west-1" },
        staging: {},
        qa: { branch: null },
        prod: { branch: "main", requiresApproval: true, account: "222222222222", region: "us-east-1" },
      },
      notificationEmails: ["ops@example.com"],
      reconcileSchedule: "cron(0 6 * * ? *)",
    });
    expect(config.environments.map((env) => [env.name, env.branch, env.account, env.region])).toEqual([
      ["dev", "develop", "111111111111", "eu-west-1"],
      ["staging", null, undefined, undefined],
      ["qa", null, undefined, undefined],
      ["prod", "main", "222222222222", "us-east-1"],
    ]);
    expect(config.notificationEmails).toEqual(["ops@example.com"]);
    expect(config.reconcileSchedule).toBe("cron(0 6 * * ? *)");
  });
});

describe("defineConfig validation", () => {
  describe("Compliance: accepted inputs", () => {
    it.each<[string, TributaryConfigInput]>([
      ["project at 24 characters", { ...minimal, project: "abcdefghijklmnopqrstuvwx" }],
      ["project with digits", { ...minimal, project: "a1b2c3" }],
      [
        "TaskCat regions",
        {
          ...minimal,
          environments: {
            dev: { branch: "develop", testRegions: ["us-east-1", "eu-west-1"] },
            qa: {},
            prod: { branch: "main" },
          },
        },
      ],
      ["repository with dots and underscores", { ...minimal, repository: "my_repo.v2" }],
      [
        "prefixes without the defaults' words",
        { ...minimal, branches: { prefixes: { feature: "feat/", bugfix: "fix/" } } },
      ],
      [
        "nested prefixes that do not overlap",
        { ...minimal, branches: { prefixes: { feature: "work/feature/", bugfix: "work/bugfix/" } } },
      ],
      [
        "a single environment without routes",
        {
          ...minimal,
          environments: { dev: { branch: "develop" } },
          routes: { branches: { release: null, hotfix: null } },
        },
      ],
      ["a rate schedule", { ...minimal, reconcileSchedule: "rate(1 hour)" }],
      ["approvals skipped when nothing changes", { ...minimal, approvals: { skipWhenNoChanges: true } }],
      ["empty approvals", { ...minimal, approvals: {} }],
    ])("given %s, when defined, then it is accepted", (_name, input) => {
      expect(() => defineConfig(input)).not.toThrow();
    });
  });

  describe("Noncompliance: each bad field is named with its value and a fix", () => {
    it.each<[string, unknown, string, unknown]>([
      ["not an object", "acme", "", "acme"],
      ["null", null, "", null],
      ["an array", [], "", []],
      ["an unknown top-level key", { ...minimal, projet: "x" }, "projet", "x"],
      ["approvals not an object", { ...minimal, approvals: true }, "approvals", true],
      [
        "an unknown approvals key",
        { ...minimal, approvals: { skipWhenNoChange: true } },
        "approvals.skipWhenNoChange",
        true,
      ],
      [
        "approvals.skipWhenNoChanges not a boolean",
        { ...minimal, approvals: { skipWhenNoChanges: "yes" } },
        "approvals.skipWhenNoChanges",
        "yes",
      ],
      ["a missing project", { repository: "r" }, "project", undefined],
      ["an upper-case project", { ...minimal, project: "Acme" }, "project", "Acme"],
      [
        "a project of 25 characters",
        { ...minimal, project: "abcdefghijkl-mnopqrstuvwx" },
        "project",
        "abcdefghijkl-mnopqrstuvwx",
      ],
      ["a project with a double dash", { ...minimal, project: "a--b" }, "project", "a--b"],
      ["a project ending in a dash", { ...minimal, project: "acme-" }, "project", "acme-"],
      [
        "a project with a dash (its prefix would extend another's)",
        { ...minimal, project: "acme-dev" },
        "project",
        "acme-dev",
      ],
      [
        "a TaskCat region that is not a region",
        { ...minimal, environments: { dev: { testRegions: ["Frankfurt"] } } },
        "environments.dev.testRegions[0]",
        "Frankfurt",
      ],
      [
        "an environment named tributary (its stacks would include the app's own)",
        { ...minimal, environments: { tributary: { branch: "develop" } } },
        "environments.tributary",
        "tributary",
      ],
      ["a repository ending in .git", { ...minimal, repository: "infra.git" }, "repository", "infra.git"],
      ["a repository with a space", { ...minimal, repository: "my repo" }, "repository", "my repo"],
      [
        "a repository of 101 characters",
        { ...minimal, repository: "r".repeat(101) },
        "repository",
        "r".repeat(101),
      ],
      ["branches not an object", { ...minimal, branches: "main" }, "branches", "main"],
      ["an unknown branches key", { ...minimal, branches: { trunk: "x" } }, "branches.trunk", "x"],
      ["main equal to develop", { ...minimal, branches: { main: "develop" } }, "branches.develop", "develop"],
      [
        "main as a full ref",
        { ...minimal, branches: { main: "refs/heads/main" } },
        "branches.main",
        "refs/heads/main",
      ],
      ["main with a space", { ...minimal, branches: { main: "my main" } }, "branches.main", "my main"],
      ["develop not a string", { ...minimal, branches: { develop: 1 } }, "branches.develop", 1],
      [
        "main under a prefix",
        { ...minimal, branches: { main: "release/main" } },
        "branches.main",
        "release/main",
      ],
      [
        "a prefix without a slash",
        { ...minimal, branches: { prefixes: { feature: "feature" } } },
        "branches.prefixes.feature",
        "feature",
      ],
      [
        "an empty prefix",
        { ...minimal, branches: { prefixes: { bugfix: "" } } },
        "branches.prefixes.bugfix",
        "",
      ],
      [
        "a bare slash prefix",
        { ...minimal, branches: { prefixes: { bugfix: "/" } } },
        "branches.prefixes.bugfix",
        "/",
      ],
      [
        "two equal prefixes",
        { ...minimal, branches: { prefixes: { bugfix: "feature/" } } },
        "branches.prefixes.bugfix",
        "feature/",
      ],
      [
        "a prefix inside another",
        { ...minimal, branches: { prefixes: { bugfix: "feature/fix/" } } },
        "branches.prefixes.bugfix",
        "feature/fix/",
      ],
      [
        "an unknown prefix kind",
        { ...minimal, branches: { prefixes: { chore: "chore/" } } },
        "branches.prefixes.chore",
        "chore/",
      ],
      ["no environment", { ...minimal, environments: {} }, "environments", {}],
      ["an upper-case environment", { ...minimal, environments: { Dev: {} } }, "environments.Dev", "Dev"],
      [
        "an environment of 13 characters",
        { ...minimal, environments: { abcdefghijklm: {} } },
        "environments.abcdefghijklm",
        "abcdefghijklm",
      ],
      ["an environment not an object", { ...minimal, environments: { dev: true } }, "environments.dev", true],
      [
        "an unknown environment key",
        { ...minimal, environments: { dev: { stage: 1 } } },
        "environments.dev.stage",
        1,
      ],
      [
        "an environment on a feature branch",
        { ...minimal, environments: { dev: { branch: "feature/x" } } },
        "environments.dev.branch",
        "feature/x",
      ],
      [
        "two environments on one branch",
        { ...minimal, environments: { dev: { branch: "develop" }, qa: { branch: "develop" } } },
        "environments.qa.branch",
        "develop",
      ],
      [
        "requiresApproval not a boolean",
        { ...minimal, environments: { dev: { requiresApproval: "yes" } } },
        "environments.dev.requiresApproval",
        "yes",
      ],
      [
        "an 11-digit account",
        { ...minimal, environments: { dev: { account: "12345678901" } } },
        "environments.dev.account",
        "12345678901",
      ],
      [
        "a numeric account",
        { ...minimal, environments: { dev: { account: 123456789012 } } },
        "environments.dev.account",
        123456789012,
      ],
      [
        "a bad region",
        { ...minimal, environments: { dev: { region: "Europe" } } },
        "environments.dev.region",
        "Europe",
      ],
      [
        "a default route to a removed environment",
        { ...minimal, environments: { dev: { branch: "develop" } } },
        "routes.branches.release.environment",
        "qa",
      ],
      ["routes not an object", { ...minimal, routes: [] }, "routes", []],
      ["an unknown routes key", { ...minimal, routes: { tags: {} } }, "routes.tags", {}],
      [
        "a route to an unknown environment",
        { ...minimal, routes: { branches: { feature: { environment: "uat", ephemeral: true } } } },
        "routes.branches.feature.environment",
        "uat",
      ],
      [
        "a route without ephemeral",
        { ...minimal, routes: { branches: { feature: { environment: "dev" } } } },
        "routes.branches.feature.ephemeral",
        undefined,
      ],
      [
        "a route for an unknown kind",
        { ...minimal, routes: { branches: { chore: null } } },
        "routes.branches.chore",
        null,
      ],
      [
        "a route with an unknown key",
        { ...minimal, routes: { branches: { feature: { environment: "dev", ephemeral: true, x: 1 } } } },
        "routes.branches.feature.x",
        1,
      ],
      [
        "a route that is a string",
        { ...minimal, routes: { branches: { feature: "dev" } } },
        "routes.branches.feature",
        "dev",
      ],
      [
        "pull requests enabled as a string",
        { ...minimal, routes: { pullRequests: { enabled: "true" } } },
        "routes.pullRequests.enabled",
        "true",
      ],
      [
        "a PR override to an unknown environment",
        { ...minimal, routes: { pullRequests: { environmentByDestination: { main: "uat" } } } },
        "routes.pullRequests.environmentByDestination.main",
        "uat",
      ],
      [
        "a PR override for an unknown kind",
        { ...minimal, routes: { pullRequests: { environmentByDestination: { trunk: "qa" } } } },
        "routes.pullRequests.environmentByDestination.trunk",
        "qa",
      ],
      [
        "e-mails not an array",
        { ...minimal, notificationEmails: "ops@example.com" },
        "notificationEmails",
        "ops@example.com",
      ],
      [
        "a bad e-mail",
        { ...minimal, notificationEmails: ["ops@example.com", "ops"] },
        "notificationEmails.1",
        "ops",
      ],
      [
        "a bad schedule",
        { ...minimal, reconcileSchedule: "every 6 hours" },
        "reconcileSchedule",
        "every 6 hours",
      ],
      ["a schedule not a string", { ...minimal, reconcileSchedule: 6 }, "reconcileSchedule", 6],
      ["approvals not an object", { ...minimal, approvals: true }, "approvals", true],
      [
        "an unknown approvals setting",
        { ...minimal, approvals: { pullRequestRules: true } },
        "approvals.pullRequestRules",
        true,
      ],
      [
        "approvals.pullRequestRule not a boolean",
        { ...minimal, approvals: { pullRequestRule: "yes" } },
        "approvals.pullRequestRule",
        "yes",
      ],
    ])(
      "given %s, when defined, then ConfigError names the path, value and a fix",
      (_name, input, path, value) => {
        const error = configError(input);
        expect(error.path).toBe(path);
        expect(error.value).toEqual(value);
        expect(error.fix.length).toBeGreaterThan(10);
        expect(error.message).toContain(`Fix: ${error.fix}`);
        expect(error.message).toContain(path || "(root)");
      },
    );
  });

  it("given a value with a throwing getter, when defined, then a ConfigError at the root, not the getter's error", () => {
    const input = {
      ...minimal,
      get branches(): never {
        throw new TypeError("boom");
      },
    };
    const error = configError(input);
    expect(error.path).toBe("");
  });

  it("given anything at all, when defined, then it returns a config or throws ConfigError, never another error", () => {
    fc.assert(
      fc.property(
        fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true }),
        (input) => {
          try {
            defineConfig(input as TributaryConfigInput);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
          }
        },
      ),
    );
  });

  it("given near-valid inputs with random fields, when defined, then only ConfigError is ever thrown", () => {
    const field = fc.oneof(fc.anything(), fc.string(), fc.dictionary(fc.string(), fc.anything()));
    fc.assert(
      fc.property(
        fc.record(
          {
            project: fc.oneof(fc.constant("acme"), field),
            repository: fc.oneof(fc.constant("infra"), field),
            branches: fc.oneof(
              fc.record({ main: field, develop: field, prefixes: field }, { requiredKeys: [] }),
              field,
            ),
            environments: fc.oneof(fc.dictionary(fc.constantFrom("dev", "qa", "prod", "X"), field), field),
            routes: fc.oneof(
              fc.record(
                {
                  branches: fc.dictionary(fc.constantFrom("feature", "release", "x"), field),
                  pullRequests: field,
                },
                { requiredKeys: [] },
              ),
              field,
            ),
            notificationEmails: fc.oneof(fc.array(field), field),
            reconcileSchedule: field,
          },
          { requiredKeys: ["project", "repository"] },
        ),
        (input) => {
          try {
            defineConfig(input as TributaryConfigInput);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
          }
        },
      ),
    );
  });
});

describe("isValidBranchName", () => {
  it.each(["main", "develop", "feature/x", "release/1.2.0", "feature/ログイン", "a@b", "feature/#1"])(
    "Compliance: given %j, then git accepts it",
    (name) => {
      expect(isValidBranchName(name)).toBe(true);
    },
  );
  it.each([
    "",
    "HEAD",
    "a b",
    "a..b",
    "a~b",
    "a^b",
    "a:b",
    "a?b",
    "a*b",
    "a[b",
    "a\\b",
    "-a",
    "/a",
    "a/",
    "a.",
    "a.lock",
    "a/.b",
    "a//b",
    "a@{b",
    "a\u0007b",
    "x.lock/y",
  ])("Noncompliance: given %j, then git refuses it", (name) => {
    expect(isValidBranchName(name)).toBe(false);
  });
});
