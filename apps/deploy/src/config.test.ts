import { ConfigError } from "@tributary/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DeployConfigInput, defineConfig, isDeployConfig } from "./config";
import { DEFAULT_CONFIG_PATH, loadConfig } from "./load-config";

const base = { project: "acme", repository: "infra-deployment" } as const;

describe("defineConfig", () => {
  it("given no app section, when defining the config, then the repository is created and everything is retained", () => {
    const config = defineConfig(base);

    expect(config.app).toEqual({
      account: undefined,
      region: undefined,
      repository: { create: true, retainOnDelete: true, description: undefined },
      buckets: { retainOnDelete: true },
      notifications: { topicPerEnvironment: false },
    });
    expect(config.tributary.environments.map((env) => env.pipelineName)).toEqual([
      "acme-dev",
      "acme-qa",
      "acme-prod",
    ]);
  });

  it("given an app section, when defining the config, then its values replace the defaults", () => {
    const config = defineConfig({
      ...base,
      app: {
        account: "123456789012",
        region: "eu-west-1",
        repository: { create: false, retainOnDelete: false, description: "Infra" },
        buckets: { retainOnDelete: false },
        notifications: { topicPerEnvironment: true },
      },
    });

    expect(config.app).toEqual({
      account: "123456789012",
      region: "eu-west-1",
      repository: { create: false, retainOnDelete: false, description: "Infra" },
      buckets: { retainOnDelete: false },
      notifications: { topicPerEnvironment: true },
    });
  });

  it("given environments that all name one account and region, when defining the config, then the CI/CD stack goes there", () => {
    const config = defineConfig({
      ...base,
      environments: {
        dev: { branch: "develop", account: "123456789012", region: "eu-west-1" },
        qa: { branch: null },
        prod: { branch: "main", account: "123456789012" },
      },
    });

    expect(config.app.account).toBe("123456789012");
    expect(config.app.region).toBe("eu-west-1");
  });

  it.each<{ name: string; input: DeployConfigInput; path: string }>([
    { name: "a bad project name", input: { ...base, project: "Acme" }, path: "project" },
    {
      name: "an unknown app key",
      input: { ...base, app: { repo: {} } as DeployConfigInput["app"] },
      path: "app.repo",
    },
    {
      name: "an unknown repository key",
      input: { ...base, app: { repository: { keep: true } as never } },
      path: "app.repository.keep",
    },
    {
      name: "a non-boolean create",
      input: { ...base, app: { repository: { create: "yes" as never } } },
      path: "app.repository.create",
    },
    { name: "a short account", input: { ...base, app: { account: "1234" } }, path: "app.account" },
    { name: "a bad region", input: { ...base, app: { region: "Europe" } }, path: "app.region" },
    { name: "app as a string", input: { ...base, app: "create" as never }, path: "app" },
    { name: "buckets as an array", input: { ...base, app: { buckets: [] as never } }, path: "app.buckets" },
    {
      name: "a non-boolean topicPerEnvironment",
      input: { ...base, app: { notifications: { topicPerEnvironment: 1 as never } } },
      path: "app.notifications.topicPerEnvironment",
    },
    {
      name: "a description over 1000 characters",
      input: { ...base, app: { repository: { description: "x".repeat(1001) } } },
      path: "app.repository.description",
    },
    {
      name: "environments in two accounts",
      input: {
        ...base,
        environments: {
          dev: { branch: "develop", account: "111111111111" },
          qa: {},
          prod: { branch: "main", account: "222222222222" },
        },
      },
      path: "environments.prod.account",
    },
    {
      name: "an environment region other than app.region",
      input: {
        ...base,
        environments: { dev: { branch: "develop", region: "us-east-1" }, qa: {}, prod: { branch: "main" } },
        app: { region: "eu-west-1" },
      },
      path: "environments.dev.region",
    },
  ])(
    "given $name, when defining the config, then a ConfigError names $path and the fix",
    ({ input, path }) => {
      const attempt = () => defineConfig(input);

      expect(attempt).toThrow(ConfigError);
      try {
        attempt();
      } catch (error) {
        expect((error as ConfigError).path).toBe(path);
        expect((error as ConfigError).message).toMatch(/^Invalid Tributary config at .+ Fix: .+/);
      }
    },
  );

  it("given any non-object input, when defining the config, then it throws ConfigError, never a TypeError", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.boolean()),
        (input) => {
          expect(() => defineConfig(input as unknown as DeployConfigInput)).toThrow(ConfigError);
        },
      ),
    );
  });

  it("given an object whose properties throw, when defining the config, then it throws ConfigError", () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("no keys");
        },
      },
    );

    expect(() => defineConfig(hostile as DeployConfigInput)).toThrow(ConfigError);
  });

  it("given a defined config, when checking it, then isDeployConfig tells it from a raw input", () => {
    expect(isDeployConfig(defineConfig(base))).toBe(true);
    expect(isDeployConfig(base)).toBe(false);
    expect(isDeployConfig(null)).toBe(false);
  });
});

describe("tributary.config.ts", () => {
  it("given the shipped config file, when loading it, then it is the acme project with the default git-flow model", async () => {
    const config = await loadConfig(DEFAULT_CONFIG_PATH);

    expect(config.tributary.project).toBe("acme");
    expect(config.tributary.repository).toBe("infra-deployment");
    expect(config.tributary.environments.map((env) => [env.name, env.branch, env.requiresApproval])).toEqual([
      ["dev", "develop", false],
      ["qa", null, false],
      ["prod", "main", true],
    ]);
    expect(config.app.repository).toMatchObject({ create: true, retainOnDelete: true });
  });
});
