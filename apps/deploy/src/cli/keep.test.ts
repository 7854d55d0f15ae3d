import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import {
  defineConfig,
  environmentRoutes,
  MANAGED_TAGS,
  type Route,
  resolveBranch,
  resolvePullRequest,
  type TributaryConfigInput,
} from "@tributary/core";
import {
  environmentPipeline,
  type FakeAws,
  type FixtureEnvironment,
  startFakeAws,
} from "@tributary/fake-aws";
import { afterEach, describe, expect, it } from "vitest";
import { configFile } from "../__fixtures__/config-file";
import { EXIT, main } from "./main";

const CONFIG: TributaryConfigInput = {
  project: "acme",
  repository: "infra",
  routes: {
    branches: { feature: { environment: "dev", ephemeral: true, idleDays: 7 } },
    pullRequests: { idleDays: 3 },
  },
};
const NOW = "2026-11-27T10:00:00Z";

let aws: FakeAws | undefined;

afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

/** The fake account with the environment pipelines and the clones of `routes`, tagged as the cloner tags them. */
async function account(routes: Route[], extraTags: Record<string, string> = {}): Promise<FakeAws> {
  const fake = await startFakeAws({ repositoryName: "infra" });
  const config = defineConfig(CONFIG);
  for (const route of environmentRoutes(config)) {
    const { version: _version, ...pipeline } = environmentPipeline(route.environment as FixtureEnvironment);
    fake.codePipeline.handle("CreatePipeline", {
      pipeline,
      tags: [{ key: MANAGED_TAGS.project, value: "acme" }],
    });
  }
  for (const route of routes) {
    const { version: _version, ...template } = environmentPipeline(route.environment as FixtureEnvironment);
    fake.codePipeline.handle("CreatePipeline", {
      pipeline: { ...template, name: route.pipelineName },
      tags: Object.entries({ ...route.tags, ...extraTags }).map(([key, value]) => ({ key, value })),
    });
  }
  return fake;
}

/** Runs `tributary keep …` in-process against the fake, with a config file of `CONFIG`. */
async function keep(target: FakeAws, args: string[], config: TributaryConfigInput = CONFIG) {
  const out: string[] = [];
  const err: string[] = [];
  const file = configFile(`export default defineConfig(${JSON.stringify(config)});\n`);
  const code = await main(["keep", ...args, "--config", file], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd: process.cwd(),
    now: () => NOW,
    codePipeline: () =>
      new CodePipelineClient({
        endpoint: target.url,
        region: target.region,
        credentials: { accessKeyId: "AKIAKEEPKEEPKEEPKEEP", secretAccessKey: "fake" },
        maxAttempts: 1,
      }),
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const feature = resolveBranch(defineConfig(CONFIG), "feature/login") as Route;
const pullRequest = resolvePullRequest(defineConfig(CONFIG), {
  id: "42",
  sourceBranch: "feature/login",
  destinationBranch: "develop",
}) as Route;

describe("tributary keep", () => {
  it("given a feature branch's clone, when kept 14 days, then the clone is tagged keep-until 14 days from now with the managed tags, in three calls", async () => {
    aws = await account([feature]);
    const before = aws.calls.length;

    const { code, stdout } = await keep(aws, ["feature/login", "--days", "14"]);

    expect(code).toBe(EXIT.ok);
    expect(aws.codePipeline.tagsOf(feature.pipelineName)?.[MANAGED_TAGS.keepUntil]).toBe(
      "2026-12-11T10:00:00Z",
    );
    expect(stdout).toContain(
      `Kept stack ${feature.stackName} (clone ${feature.pipelineName}) until 2026-12-11T10:00:00Z`,
    );
    expect(aws.calls.slice(before).map((call) => call.operation)).toEqual([
      "GetPipeline",
      "ListTagsForResource",
      "TagResource",
    ]);
  });

  it("given a pull request's clone, when kept as pr/42, then it is found in its environment and tagged", async () => {
    aws = await account([pullRequest]);

    const { code, stdout } = await keep(aws, ["pr/42", "--days", "3", "--json"]);

    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toEqual({
      pipelineName: "acme-dev-pr-42",
      stackName: "acme-dev-pr-42",
      keepUntil: "2026-11-30T10:00:00Z",
      idleDays: 3,
    });
  });

  it.each<[string, string[], (target: FakeAws) => void, string]>([
    [
      "a branch without a clone in the account",
      ["feature/none", "--days", "2"],
      () => undefined,
      "has no clone",
    ],
    ["a release branch (the shared stack)", ["release/1.0", "--days", "2"], () => undefined, "has no clone"],
    [
      "a pull request without a clone",
      ["pr/7", "--days", "2"],
      () => undefined,
      "pull request 7 has no clone",
    ],
    [
      "a pipeline of that name Tributary did not create",
      ["feature/login", "--days", "2"],
      (target) => {
        const { version: _version, ...template } = environmentPipeline("dev");
        target.codePipeline.handle("CreatePipeline", {
          pipeline: { ...template, name: feature.pipelineName },
        });
      },
      "is not a clone Tributary created",
    ],
  ])(
    "given %s, when kept, then it exits 1 with the reason and tags nothing",
    async (_case, args, arrange, message) => {
      aws = await account([]);
      arrange(aws);

      const { code, stderr } = await keep(aws, args);

      expect(code).toBe(EXIT.badInput);
      expect(stderr).toContain(message);
      expect(aws.calls.some((call) => call.operation === "TagResource")).toBe(false);
    },
  );

  it("given a route without idleDays, when kept, then it says there is nothing to keep", async () => {
    const config = { project: "acme", repository: "infra" };
    aws = await account([resolveBranch(defineConfig(config), "feature/login") as Route]);

    const { code, stderr } = await keep(aws, ["feature/login", "--days", "2"], config);

    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain("has no idle teardown (its route sets no idleDays)");
  });

  it.each([["0"], ["366"], ["two"], [undefined]])(
    "given --days %s, when kept, then it exits 1 naming the fix before calling AWS",
    async (days) => {
      aws = await account([feature]);

      const { code, stderr } = await keep(aws, [
        "feature/login",
        ...(days === undefined ? [] : ["--days", days]),
      ]);

      expect(code).toBe(EXIT.badInput);
      expect(stderr).toContain("Fix: pass --days <N>");
      expect(aws.calls).toEqual([]);
    },
  );
});
