import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../shared/errors.js";
import { expectConfigErrorAt } from "./__fixtures__/config-errors.js";
import { clonerEnvironment, configToInput, loadClonerEnvironment } from "./cloner-environment.js";
import type { TributaryConfigInput } from "./config-input.js";
import { defineConfig } from "./define-config.js";

const CONNECTION =
  "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const OLD_CONNECTION =
  "arn:aws:codestar-connections:us-east-1:123456789012:connection/aEXAMPLE-8aad-4d5d-8878-dfcab0bc441f";
const github = (source: Record<string, unknown>): TributaryConfigInput =>
  ({
    project: "acme",
    source: { provider: "github", owner: "acme", repository: "infra", ...source },
  }) as never;

describe("source: where the code lives", () => {
  it("given only repository, when defined, then the source is that CodeCommit repository, as before source existed", () => {
    const config = defineConfig({ project: "acme", repository: "infra-deployment" });
    expect(config.source).toEqual({ provider: "codecommit", repository: "infra-deployment" });
    expect(config.repository).toBe("infra-deployment");
  });

  it("given a CodeCommit source, when defined, then it equals the config with only repository", () => {
    expect(
      defineConfig({ project: "acme", source: { provider: "codecommit", repository: "infra-deployment" } }),
    ).toEqual(defineConfig({ project: "acme", repository: "infra-deployment" }));
  });

  it("given a GitHub source, when defined, then events must come from owner/name and no fork is allowed", () => {
    const config = defineConfig(github({}));
    expect(config.repository).toBe("acme/infra");
    expect(config.source).toEqual({
      provider: "github",
      owner: "acme",
      repository: "infra",
      fullName: "acme/infra",
      connectionArn: undefined,
      forkPullRequests: { allow: [] },
    });
  });

  it("given a GitHub source, when defined, then names, routes and tags are those of the same CodeCommit project", () => {
    const fromGitHub = defineConfig(github({ connectionArn: CONNECTION }));
    const fromCodeCommit = defineConfig({ project: "acme", repository: "infra" });
    const { repository: _a, source: _b, ...gitHubRules } = fromGitHub;
    const { repository: _c, source: _d, ...codeCommitRules } = fromCodeCommit;
    expect(gitHubRules).toEqual(codeCommitRules);
  });

  describe("Compliance: accepted GitHub sources", () => {
    it.each<[string, Record<string, unknown>]>([
      ["a codeconnections ARN", { connectionArn: CONNECTION }],
      ["a codestar-connections ARN (before the 2024 rename)", { connectionArn: OLD_CONNECTION }],
      ["a GovCloud connection", { connectionArn: CONNECTION.replace("arn:aws:", "arn:aws-us-gov:") }],
      ["an owner with digits and a hyphen", { owner: "acme-42" }],
      ["an owner of 39 characters", { owner: "a".repeat(39) }],
      ["an Enterprise Managed User", { owner: "mona_acme" }],
      ["a repository with dots, dashes and underscores", { repository: "infra.deploy_v2-x" }],
      ["a repository named .github", { repository: ".github" }],
      ["a repository of 100 characters", { repository: "r".repeat(100) }],
      ["an allow-list of forks", { forkPullRequests: { allow: ["acme-labs/infra", "mona/infra"] } }],
      ["an empty allow-list", { forkPullRequests: { allow: [] } }],
      ["fork settings without a list", { forkPullRequests: {} }],
    ])("given %s, when defined, then it is accepted", (_name, source) => {
      expect(() => defineConfig(github(source))).not.toThrow();
    });
  });

  describe("Noncompliance: each bad field is named with its value and a fix", () => {
    it.each<[string, unknown, string, unknown]>([
      [
        "repository and source both",
        { project: "acme", repository: "infra", source: { provider: "codecommit", repository: "infra" } },
        "repository",
        "infra",
      ],
      ["no repository and no source", { project: "acme" }, "repository", undefined],
      ["a source that is not an object", { project: "acme", source: "github" }, "source", "github"],
      [
        "an unknown provider",
        { project: "acme", source: { provider: "gitlab" } },
        "source.provider",
        "gitlab",
      ],
      [
        "a missing provider",
        { project: "acme", source: { repository: "infra" } },
        "source.provider",
        undefined,
      ],
      [
        "a CodeCommit source with a GitHub field",
        { project: "acme", source: { provider: "codecommit", repository: "infra", owner: "acme" } },
        "source.owner",
        "acme",
      ],
      [
        "a CodeCommit source with a bad name",
        { project: "acme", source: { provider: "codecommit", repository: "infra.git" } },
        "source.repository",
        "infra.git",
      ],
      ["a missing owner", github({ owner: undefined }), "source.owner", undefined],
      ["an owner starting with a hyphen", github({ owner: "-acme" }), "source.owner", "-acme"],
      ["an owner with a dot", github({ owner: "acme.corp" }), "source.owner", "acme.corp"],
      ["an owner of 40 characters", github({ owner: "a".repeat(40) }), "source.owner", "a".repeat(40)],
      ["an owner/name in owner", github({ owner: "acme/infra" }), "source.owner", "acme/infra"],
      ["a missing repository", github({ repository: undefined }), "source.repository", undefined],
      ["a repository with a space", github({ repository: "my infra" }), "source.repository", "my infra"],
      [
        "a repository with its owner",
        github({ repository: "acme/infra" }),
        "source.repository",
        "acme/infra",
      ],
      ["a repository named ..", github({ repository: ".." }), "source.repository", ".."],
      [
        "a repository of 101 characters",
        github({ repository: "r".repeat(101) }),
        "source.repository",
        "r".repeat(101),
      ],
      ["an unknown GitHub key", github({ branch: "main" }), "source.branch", "main"],
      [
        "a connection ARN of another service",
        github({ connectionArn: "arn:aws:codecommit:eu-west-1:123456789012:infra" }),
        "source.connectionArn",
        "arn:aws:codecommit:eu-west-1:123456789012:infra",
      ],
      [
        "a connection ARN without connection/",
        github({ connectionArn: CONNECTION.replace("connection/", "host/") }),
        "source.connectionArn",
        CONNECTION.replace("connection/", "host/"),
      ],
      [
        "a connection ARN with an 11-digit account",
        github({ connectionArn: CONNECTION.replace("123456789012", "12345678901") }),
        "source.connectionArn",
        CONNECTION.replace("123456789012", "12345678901"),
      ],
      ["a connection ARN that is not a string", github({ connectionArn: 42 }), "source.connectionArn", 42],
      [
        "fork settings that are a list",
        github({ forkPullRequests: ["a/b"] }),
        "source.forkPullRequests",
        ["a/b"],
      ],
      [
        "an unknown fork setting",
        github({ forkPullRequests: { deny: [] } }),
        "source.forkPullRequests.deny",
        [],
      ],
      [
        "an allow-list that is a string",
        github({ forkPullRequests: { allow: "a/b" } }),
        "source.forkPullRequests.allow",
        "a/b",
      ],
      [
        "a fork without its owner",
        github({ forkPullRequests: { allow: ["infra"] } }),
        "source.forkPullRequests.allow.0",
        "infra",
      ],
      [
        "a fork listed twice",
        github({ forkPullRequests: { allow: ["a/b", "A/B"] } }),
        "source.forkPullRequests.allow.1",
        "A/B",
      ],
      [
        "the repository itself as a fork",
        github({ forkPullRequests: { allow: ["Acme/Infra"] } }),
        "source.forkPullRequests.allow.0",
        "Acme/Infra",
      ],
    ])("given %s, when defined, then a ConfigError names the field", (_name, input, path, value) => {
      expectConfigErrorAt(input, path, value);
    });
  });

  it("given a GitHub config, when written to the cloner's environment and read back, then the same config comes out", () => {
    const config = defineConfig(
      github({ connectionArn: OLD_CONNECTION, forkPullRequests: { allow: ["acme-labs/infra"] } }),
    );
    expect(loadClonerEnvironment(clonerEnvironment(config))).toEqual(config);
    expect(configToInput(config)).not.toHaveProperty("repository");
  });

  it("given any source input, when defined, then it is a config or a ConfigError, never another error", () => {
    const text = fc.oneof(fc.string(), fc.constantFrom("acme", "infra", "a/b", CONNECTION, ""));
    fc.assert(
      fc.property(
        fc.record(
          {
            provider: fc.oneof(fc.constantFrom("github", "codecommit"), fc.anything()),
            owner: fc.oneof(text, fc.anything()),
            repository: fc.oneof(text, fc.anything()),
            connectionArn: fc.oneof(text, fc.anything()),
            forkPullRequests: fc.oneof(fc.record({ allow: fc.array(text) }), fc.anything()),
          },
          { requiredKeys: [] },
        ),
        (source) => {
          try {
            defineConfig({ project: "acme", source } as never);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
          }
        },
      ),
    );
  });
});
