import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../shared/errors.js";
import { configError, expectConfigErrorAt, minimal } from "./__fixtures__/config-errors.js";
import type { TributaryConfigInput } from "./config-input.js";
import { defineConfig, isEmailAddress } from "./define-config.js";
import { findEnvironment } from "./environments.js";

describe("defineConfig defaults", () => {
  it("given the minimal input, when defined, then the git-flow defaults are filled in", () => {
    const config = defineConfig(minimal);
    expect(config).toEqual({
      project: "acme",
      repository: "infra-deployment",
      source: { provider: "codecommit", repository: "infra-deployment" },
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
      ["a repository ending in .git", { ...minimal, repository: "infra.git" }, "repository", "infra.git"],
      ["a repository with a space", { ...minimal, repository: "my repo" }, "repository", "my repo"],
      [
        "a repository of 101 characters",
        { ...minimal, repository: "r".repeat(101) },
        "repository",
        "r".repeat(101),
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
        expectConfigErrorAt(input, path, value);
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

describe("isEmailAddress", () => {
  it.each(["ops@example.com", "a.b+c@sub.example.org"])(
    "Compliance: given %j, then it is an address",
    (value) => {
      expect(isEmailAddress(value)).toBe(true);
    },
  );
  it.each(["", "ops", "ops@example", "o ps@example.com", "@example.com"])(
    "Noncompliance: given %j, then it is not",
    (value) => {
      expect(isEmailAddress(value)).toBe(false);
    },
  );
});
