import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { createApp } from "./app";
import { type DeployConfigInput, defineConfig } from "./config";
import { formatSummary } from "./summary";
import { configWarnings, DEMO_TEMPLATES_DIR } from "./warnings";

const base = { project: "acme", repository: "infra-deployment" } as const;
const withStaging = (routes: DeployConfigInput["routes"] = {}): DeployConfigInput => ({
  ...base,
  environments: { dev: { branch: "develop" }, qa: {}, staging: {}, prod: { branch: "main" } },
  routes,
});

describe("configWarnings", () => {
  it("given the default config and this repository's demo, when checked, then there is no warning", () => {
    expect(configWarnings(defineConfig(base), { demoDir: DEMO_TEMPLATES_DIR })).toEqual([]);
  });

  it("given an environment no branch or pull request reaches, when checked, then it warns that its pipeline never runs", () => {
    const [unreachable, ...others] = configWarnings(defineConfig(withStaging()), { demoDir: "/nonexistent" });

    expect(others).toEqual([]);
    expect(unreachable).toMatch(
      /^environment "staging" is reached by no branch or pull request: .* so its pipeline acme-staging never runs\. Fix: /,
    );
  });

  it.each<[string, DeployConfigInput["routes"]]>([
    ["a branch route", { branches: { release: { environment: "staging", ephemeral: false } } }],
    ["a pull-request destination", { pullRequests: { environmentByDestination: { main: "staging" } } }],
  ])(
    "given an environment reached by %s, when checked, then it is not reported as unreachable",
    (_name, routes) => {
      expect(configWarnings(defineConfig(withStaging(routes)), { demoDir: "/nonexistent" })).toEqual([]);
    },
  );

  it("given an environment without ci/<env>/ in the demo, when checked, then it warns that its Test stage fails", () => {
    const config = defineConfig(
      withStaging({ branches: { release: { environment: "staging", ephemeral: false } } }),
    );

    expect(configWarnings(config, { demoDir: DEMO_TEMPLATES_DIR })).toEqual([
      expect.stringMatching(
        /^environment "staging" has no ci\/staging\/\.taskcat\.yml or ci\/staging\/template-configuration\.json in .*demo-templates: the Test stage of acme-staging fails on its first run\. Fix: copy /,
      ),
    ]);
  });

  it("given an empty demo directory, when checked, then every environment is reported", () => {
    const empty = mkdtempSync(join(tmpdir(), "tributary-demo-"));
    expect(configWarnings(defineConfig(base), { demoDir: empty })).toHaveLength(3);
  });
});

describe("the app with an extra environment", () => {
  it("given an unreachable environment without ci/, when synthesized, then cdk reports both warnings and the summary lists them", () => {
    const built = createApp(withStaging(), {
      outdir: mkdtempSync(join(tmpdir(), "tributary-app-")),
      nag: false,
    });

    const annotations = Annotations.fromStack(built.cicdStack);
    annotations.hasWarning("*", Match.stringLikeRegexp('environment "staging" is reached by no branch'));
    annotations.hasWarning("*", Match.stringLikeRegexp('environment "staging" has no ci/staging/'));
    expect(formatSummary(built.summary)).toMatch(
      /\nWarnings\n {2}- environment "staging" is reached by no branch/,
    );
  });
});
