import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { IMPORTED_REPOSITORY_CONFIG, THREE_ACCOUNT_CONFIG } from "./__fixtures__/configs";
import { createApp } from "./app";
import type { DeployConfig, DeployConfigInput } from "./config";
import { loadConfig } from "./load-config";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const CFN_LINT_CONFIG = join(repoRoot, ".cfnlintrc");
const INSTALL = "bash tooling/setup.sh (the pinned tools, in the repository's .venv)";

/** One finding of `cfn-lint --format json` (the fields this test reads). */
interface CfnLintFinding {
  readonly Filename: string;
  readonly Level: "Error" | "Warning" | "Informational";
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path?: readonly (string | number)[] };
}

/** The configs the app's tests build (app.test.ts, config.test.ts), each synthesized into its own directory. */
const configs: Record<string, () => Promise<DeployConfig | DeployConfigInput>> = {
  "shipped config": () => loadConfig(),
  "imported repository, throw-away buckets, topics per environment": async () => IMPORTED_REPOSITORY_CONFIG,
  "three accounts, two regions": async () => THREE_ACCOUNT_CONFIG,
  "an extra environment in a pinned account and region": async () => ({
    project: "acme",
    repository: "infra-deployment",
    environments: {
      dev: { branch: "develop", account: "123456789012", region: "eu-west-1" },
      qa: { branch: null },
      staging: { branch: null },
      prod: { branch: "main", requiresApproval: true },
    },
    routes: { branches: { release: { environment: "staging", ephemeral: false } } },
  }),
};

function runCfnLint(
  files: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { findings: CfnLintFinding[]; stderr: string; status: number | null } {
  // One process for every template: cfn-lint's start-up (loading its schemas) is most of its time.
  const result = spawnSync(
    "cfn-lint",
    ["--config-file", CFN_LINT_CONFIG, "--include-checks", "I", "--format", "json", "--", ...files],
    { cwd: repoRoot, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error !== undefined) {
    const missing = (result.error as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(
      missing
        ? `cfn-lint is not installed (this test runs the real cfn-lint 1.51.0). Fix: ${INSTALL}`
        : `cfn-lint could not run: ${result.error.message}. Fix: ${INSTALL}`,
    );
  }
  const findings = result.stdout.trim() === "" ? [] : (JSON.parse(result.stdout) as CfnLintFinding[]);
  return { findings, stderr: result.stderr, status: result.status };
}

describe("the cfn-lint runner", () => {
  it("given no cfn-lint on PATH, when linting, then it fails naming the install command", () => {
    expect(() => runCfnLint([], { ...process.env, PATH: join(tmpdir(), "no-tools-here") })).toThrow(
      `cfn-lint is not installed (this test runs the real cfn-lint 1.51.0). Fix: ${INSTALL}`,
    );
  });
});

describe("cfn-lint over every template the app synthesizes", () => {
  const templates: string[] = [];

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), "tributary-cfn-lint-"));
    for (const [index, load] of Object.values(configs).entries()) {
      const outdir = join(root, `config-${index}`);
      // cdk-nag only reads the templates (app.test.ts checks it), so it is left out here to keep synth fast.
      createApp(await load(), { outdir, nag: false }).app.synth();
      templates.push(
        ...readdirSync(outdir)
          .filter((file) => file.endsWith(".template.json"))
          .map((file) => join(outdir, file)),
      );
    }
  });

  it("given the configs the app's tests build, when synthesized, then each gives its templates", () => {
    // Shipped config: repository and CI/CD stacks; imported repository: CI/CD only; extra environment: both; three
    // accounts: both, an artifact store and two target stacks.
    expect(templates).toHaveLength(10);
    expect(existsSync(CFN_LINT_CONFIG)).toBe(true);
  });

  it("given every synthesized template, when the real cfn-lint checks them with informational rules, then it reports nothing", () => {
    const { findings, stderr, status } = runCfnLint(templates);

    expect(
      findings.map(
        (finding) =>
          `${finding.Level} ${finding.Rule.Id} ${relative(tmpdir(), finding.Filename)} ${(finding.Location.Path ?? []).join("/")}: ${finding.Message}`,
      ),
    ).toEqual([]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });
});
