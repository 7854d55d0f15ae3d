import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "./app";
import type { DeployConfigInput } from "./config";
import { loadConfig } from "./load-config";

/**
 * Every stack template of the app, with the content hashes of its assets (the Lambda bundles, which change with any
 * edit of the cloner) and the Preview step's inlined Node program (a minified bundle of core, whose identifiers change
 * with any edit of core) replaced by placeholders: what is compared is the resources, not the bundles' bytes.
 */
function templates(config: DeployConfigInput | Awaited<ReturnType<typeof loadConfig>>): string {
  const { app } = createApp(config, { outdir: mkdtempSync(join(tmpdir(), "tributary-same-account-")) });
  const assembly = app.synth();
  const stacks = Object.fromEntries(assembly.stacks.map((stack) => [stack.stackName, stack.template]));
  const text = JSON.stringify(
    stacks,
    (_key, value) =>
      typeof value === "string"
        ? value.replace(PREVIEW_PROGRAM_WRITE, "printf '%s' '<preview program>'")
        : value,
    2,
  );
  return `${text.replace(/[0-9a-f]{64}/g, "<asset hash>")}\n`;
}

const SAME_ACCOUNT = "123456789012";

/** The Preview buildspec's command that writes the program: `printf '%s' '<program, shell-quoted>'` (as JSON). */
const PREVIEW_PROGRAM_WRITE = /printf '%s' '(?:[^']|'\\\\'')*'/g;

describe("configs whose environments all share the CI/CD account and region", () => {
  // The snapshots were taken from main before cross-account environments existed: a same-account config must
  // synthesize exactly those resources. Regenerate (`vitest run -u`) only for a change meant for every config.
  it("given the shipped config, when synthesized, then every template is the same-account snapshot", async () => {
    await expect(templates(await loadConfig())).toMatchFileSnapshot(
      "__snapshots__/same-account-shipped.json",
    );
  });

  it("given every environment naming the CI/CD account and region, when synthesized, then every template is the same-account snapshot", async () => {
    const shipped = await loadConfig();
    const environments = Object.fromEntries(
      shipped.tributary.environments.map((environment) => [
        environment.name,
        {
          branch: environment.branch,
          requiresApproval: environment.requiresApproval,
          testRegions: [...(environment.testRegions ?? [])],
          account: SAME_ACCOUNT,
          region: "eu-west-1",
        },
      ]),
    );
    const config: DeployConfigInput = {
      project: "acme",
      repository: "infra-deployment",
      environments,
      app: { account: SAME_ACCOUNT, region: "eu-west-1" },
    };
    await expect(templates(config)).toMatchFileSnapshot("__snapshots__/same-account-explicit.json");
  });
});
