import { describe, expect, it } from "vitest";
import { defineConfig } from "./config";
import { formatSummary, type ResourceGroupSummary, summarize } from "./summary";

const none: ResourceGroupSummary = { note: "none", items: [] };
const resources = { topics: none, buckets: none };

describe("summarize", () => {
  it("given the default config, when summarized, then each environment pipeline lists its branch, approval and stack", () => {
    const summary = summarize(defineConfig({ project: "acme", repository: "infra" }), resources);

    expect(summary.pipelines).toEqual([
      {
        name: "acme-dev",
        environment: "dev",
        branch: "develop",
        requiresApproval: false,
        stack: "acme-dev",
        target: null,
      },
      {
        name: "acme-qa",
        environment: "qa",
        branch: null,
        requiresApproval: false,
        stack: "acme-qa",
        target: null,
      },
      {
        name: "acme-prod",
        environment: "prod",
        branch: "main",
        requiresApproval: true,
        stack: "acme-prod",
        target: null,
      },
    ]);
    expect(summary.stacks).toEqual(["acme-tributary-repository", "acme-tributary-cicd"]);
  });

  it.each([
    {
      name: "custom prefixes and a support route",
      input: {
        branches: { prefixes: { feature: "feat/" } },
        routes: { branches: { support: { environment: "prod", ephemeral: false } } },
      },
      row: {
        source: "feat/*",
        environment: "dev",
        pipeline: "shop-dev-feature-<name>",
        stack: "shop-dev-feature-<name> (ephemeral)",
      },
    },
    {
      name: "a support route to prod",
      input: { routes: { branches: { support: { environment: "prod", ephemeral: false } } } },
      row: {
        source: "support/*",
        environment: "prod",
        pipeline: "shop-prod-support-<name>",
        stack: "shop-prod",
      },
    },
    {
      name: "a removed release route",
      input: { routes: { branches: { release: null } } },
      row: { source: "release/*", environment: null, pipeline: "-", stack: "-" },
    },
    {
      name: "disabled pull requests",
      input: { routes: { pullRequests: { enabled: false } } },
      row: { source: "pull requests", environment: null, pipeline: "-", stack: "-" },
    },
    {
      name: "a pull-request override",
      input: { routes: { pullRequests: { environmentByDestination: { main: "qa" } } } },
      row: {
        source: "pull requests",
        environment: "destination's (main → qa)",
        pipeline: "shop-<env>-pr-<id>",
        stack: "shop-<env>-pr-<id> (ephemeral)",
      },
    },
  ])("given $name, when summarized, then the routes table shows it", ({ input, row }) => {
    const summary = summarize(
      defineConfig({ project: "shop", repository: "shop-infra", ...input }),
      resources,
    );

    expect(summary.routes).toContainEqual(row);
  });

  it("given an imported repository and a target account, when summarized, then there is one stack and the target is shown", () => {
    const summary = summarize(
      defineConfig({
        project: "shop",
        repository: "shop-infra",
        environments: { dev: { branch: "develop", account: "123456789012", region: "eu-west-1" } },
        routes: { branches: { release: null, hotfix: null } },
        app: { repository: { create: false } },
      }),
      resources,
    );

    expect(summary.stacks).toEqual(["shop-tributary-cicd"]);
    expect(summary.repository).toBe("shop-infra (imported)");
    expect(summary.pipelines[0]?.target).toBe("123456789012/eu-west-1");
  });

  it.each([
    [
      "the default config",
      {},
      "approval rule template acme-tributary-green-pipeline: pull requests into main, develop merge with the cloner's approval (their pipeline succeeded)",
    ],
    [
      "approvals.pullRequestRule false",
      { approvals: { pullRequestRule: false } },
      "off (approvals.pullRequestRule: false); `pnpm tributary approval-rule` prints the commands that apply acme-tributary-green-pipeline",
    ],
    [
      "pull requests disabled",
      { routes: { pullRequests: { enabled: false } } },
      "none (no pull request into the main or develop branch gets a pipeline)",
    ],
  ] as const)("given %s, when summarized, then the merge gate line says so", (_name, extra, line) => {
    const summary = summarize(defineConfig({ project: "acme", repository: "infra", ...extra }), resources);
    expect(summary.mergeGate).toBe(line);
    expect(formatSummary(summary)).toContain(`\nMerge gate  ${line}\n`);
  });

  it.each([
    [false, "yes"],
    [true, "yes, skipped when the preview finds no changes"],
  ])(
    "given approvals.skipWhenNoChanges %s, when formatted, then prod's approval column reads %j",
    (skip, cell) => {
      const summary = summarize(
        defineConfig({ project: "acme", repository: "infra", approvals: { skipWhenNoChanges: skip } }),
        resources,
      );

      const prod = formatSummary(summary)
        .split("\n")
        .find((line) => line.startsWith("  acme-prod "));

      expect(summary.approvalSkippedWithoutChanges).toBe(skip);
      expect(prod).toMatch(new RegExp(`^ {2}acme-prod +main +${cell} +acme-prod `));
    },
  );

  it("given a summary, when formatted, then each section is present and columns line up", () => {
    const text = formatSummary(
      summarize(defineConfig({ project: "acme", repository: "infra" }), {
        topics: { note: "encrypted", items: [{ name: "FailuresTopic", purpose: "failures" }] },
        buckets: { note: "private", items: [{ name: "Artifacts", purpose: "artifacts" }] },
      }),
    );

    expect(text).toContain('Tributary "acme"');
    expect(text).toContain("Topics (encrypted)\n  FailuresTopic  failures\n");
    expect(text).toContain("Buckets (private)\n  Artifacts  artifacts\n");
    const routeRows = text.split("\n").filter((line) => /^ {2}(develop|main|feature\/\*) /.test(line));
    const pipelineColumn = routeRows.map((line) => line.indexOf("acme-"));
    expect(new Set(pipelineColumn).size).toBe(1);
  });
});
