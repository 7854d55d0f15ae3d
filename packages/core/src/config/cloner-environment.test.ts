import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config, longConfig } from "../__fixtures__/arbitraries.js";
import { ConfigError } from "../shared/errors.js";
import {
  CONFIG_VARIABLE,
  clonerEnvironment,
  configToInput,
  loadClonerEnvironment,
} from "./cloner-environment.js";
import type { TributaryConfigInput } from "./config-input.js";
import { defineConfig } from "./define-config.js";

const custom = defineConfig({
  project: "acme",
  repository: "infra",
  branches: { main: "master", develop: "dev", prefixes: { feature: "feat/" } },
  environments: {
    dev: { branch: "dev", account: "111111111111", region: "eu-west-1" },
    qa: {},
    prod: { branch: "master", requiresApproval: true, account: "222222222222", region: "eu-central-1" },
  },
  routes: {
    branches: {
      release: null,
      hotfix: { environment: "prod", ephemeral: false },
      support: { environment: "qa", ephemeral: true },
    },
    pullRequests: { enabled: false, environmentByDestination: { main: "qa" } },
  },
  notificationEmails: ["ops@example.com"],
  reconcileSchedule: "rate(1 hour)",
  approvals: { pullRequestRule: false, skipWhenNoChanges: true },
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("clonerEnvironment", () => {
  it.each([
    ["the default config", config],
    ["a config that changes every default", custom],
    ["the longest names config", longConfig],
  ])("given %s, when written and loaded back, then the same config comes out", (_name, configuration) => {
    const env = clonerEnvironment(configuration);
    expect(Object.keys(env)).toEqual([CONFIG_VARIABLE]);
    expect(loadClonerEnvironment(env)).toEqual(configuration);
    expect(defineConfig(configToInput(configuration))).toEqual(configuration);
  });

  it("given the default config, then the variable is compact JSON well under 4 KB", () => {
    const value = clonerEnvironment(config)[CONFIG_VARIABLE] ?? "";
    expect(value).not.toContain("\n");
    expect(value.length).toBeLessThan(1024);
    expect(JSON.parse(value)).toMatchObject({ project: "acme", repository: "infra-deployment" });
  });

  it("given a config too large for Lambda, then ConfigError", () => {
    const emails = Array.from({ length: 120 }, (_, index) => `operations.team.member${index}@example.com`);
    const large = defineConfig({ project: "acme", repository: "infra", notificationEmails: emails });
    const error = configError(() => clonerEnvironment(large));
    expect(error.message).toContain("4096");
  });

  it("given random valid configs, then they round-trip through the environment", () => {
    const environments = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/), {
      minLength: 3,
      maxLength: 5,
    });
    fc.assert(
      fc.property(
        environments,
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("main", "master", "trunk"),
        fc.boolean(),
        (names, enabled, ephemeral, main, skipWhenNoChanges) => {
          const [first, second] = names as [string, string];
          const input: TributaryConfigInput = {
            project: "acme",
            repository: "infra",
            branches: { main },
            environments: Object.fromEntries(
              names.map((name, index) => [
                name,
                index === 0
                  ? { branch: "develop" }
                  : index === 1
                    ? { branch: main, requiresApproval: true }
                    : {},
              ]),
            ),
            routes: {
              branches: {
                feature: { environment: first, ephemeral },
                bugfix: null,
                release: { environment: second, ephemeral: !ephemeral },
                hotfix: null,
              },
              pullRequests: { enabled },
            },
            approvals: { skipWhenNoChanges },
          };
          const configuration = defineConfig(input);
          expect(loadClonerEnvironment(clonerEnvironment(configuration))).toEqual(configuration);
        },
      ),
    );
  });
});

describe("loadClonerEnvironment", () => {
  it.each([
    ["a missing variable", {}, "TRIBUTARY_CONFIG", "is not set"],
    ["an empty variable", { TRIBUTARY_CONFIG: "" }, "TRIBUTARY_CONFIG", "is not set"],
    ["a variable that is not JSON", { TRIBUTARY_CONFIG: "{project:" }, "TRIBUTARY_CONFIG", "is not JSON"],
    [
      "JSON that is not a config",
      { TRIBUTARY_CONFIG: '{"project":"Acme","repository":"r"}' },
      "project",
      "is not a project name",
    ],
    ["JSON null", { TRIBUTARY_CONFIG: "null" }, "", "is not an object"],
  ])("given %s, then ConfigError at %j", (_name, env, path, problem) => {
    const error = configError(() => loadClonerEnvironment(env));
    expect(error.path).toBe(path);
    expect(error.problem).toBe(problem);
  });

  it("given a missing variable, then the fix says how it gets set", () => {
    expect(configError(() => loadClonerEnvironment({})).fix).toBe(
      "It is set by the PipelineCloner construct; redeploy the CI/CD stack.",
    );
  });
});
