import { CodePipelineClient, CreatePipelineCommand, GetPipelineCommand } from "@aws-sdk/client-codepipeline";
import { ConfigError, clonerEnvironment, defineConfig } from "@tributary/core";
import { environmentPipeline } from "@tributary/fake-aws";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { branchEvent, commit } from "../../../test/__fixtures__/events";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";

const codePipeline = mockClient(CodePipelineClient);

beforeEach(() => {
  codePipeline.reset();
  vi.resetModules();
  vi.stubEnv("AWS_REGION", "eu-west-1");
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("handler module", () => {
  it("given no TRIBUTARY_CONFIG, when the module initialises, then init fails with a ConfigError naming the variable and the fix", async () => {
    vi.stubEnv("TRIBUTARY_CONFIG", undefined);

    const init = import("./handler");

    // vi.resetModules gives the handler its own copy of core, so compare by name rather than by class.
    await expect(init).rejects.toMatchObject({ name: ConfigError.name, path: "TRIBUTARY_CONFIG" });
    await expect(import("./handler")).rejects.toThrow(/TRIBUTARY_CONFIG.*Fix:/s);
  });

  it("given a TRIBUTARY_CONFIG with an invalid project, when the module initialises, then the ConfigError says what to fix", async () => {
    vi.stubEnv("TRIBUTARY_CONFIG", JSON.stringify({ project: "Acme!", repository: "infra" }));

    await expect(import("./handler")).rejects.toThrow(/project.*Fix:/s);
  });

  it("given the environment clonerEnvironment produces, when a branch is created, then the handler clones with clients from the standard AWS settings", async () => {
    const config = defineConfig({ project: "acme", repository: "infra" });
    for (const [name, value] of Object.entries(clonerEnvironment(config))) vi.stubEnv(name, value);
    codePipeline.on(GetPipelineCommand).resolves({
      pipeline: environmentPipeline("dev"),
    });
    codePipeline.on(CreatePipelineCommand).resolves({});

    const { handler } = await import("./handler");
    const result = await handler(
      branchEvent("referenceCreated", "infra", "feature/x", { commitId: commit("x") }),
      lambdaContext(),
    );

    expect(result.outcomes).toEqual([
      { action: "createClone", subject: "acme-dev-feature-x", outcome: "created" },
    ]);
  });
});
