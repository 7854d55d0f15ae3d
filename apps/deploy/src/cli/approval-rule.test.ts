import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@tributary/core";
import { startMotoServer } from "@tributary/fake-aws";
import { describe, expect, it } from "vitest";
import { approvalRuleCommandsFor, formatApprovalRuleCommands } from "./approval-rule";
import { EXIT, main } from "./main";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const INSTALL = "bash tooling/setup.sh (the pinned tools, in the repository's .venv)";

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd: repoRoot,
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/**
 * Runs `script` with bash and the real `aws` CLI (awscli 1.45.11), pointed at a closed local port: a command whose
 * arguments the CLI accepts fails only when it connects.
 */
function runWithAws(script: string) {
  const version = spawnSync("aws", ["--version"], { encoding: "utf8" });
  if (version.error !== undefined || version.status !== 0) {
    throw new Error(`the aws CLI is not installed (this test runs the real awscli). Fix: ${INSTALL}`);
  }
  return spawnSync("bash", ["-c", script], {
    encoding: "utf8",
    // stdin from /dev/null, as CodeBuild runs a command: Debian's bash started with -c, a socket for stdin (Node's default
    // pipe) and no SHLVL (an env of our own) reads ~/.bashrc, whose PATH (pyenv, nvm) would replace the pinned tools.
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
      AWS_MAX_ATTEMPTS: "1",
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_DEFAULT_REGION: "eu-west-1",
      ROLE: "acme-tributary-cicd-ClonerServiceRoleFD628485-1A2B3C4D",
      ACCOUNT: "123456789012",
    },
  });
}

describe("the role lookup against a real CloudFormation (moto)", () => {
  it("given a CI/CD stack of more than 100 resources whose cloner role is listed last, when the ROLE line runs with the real aws CLI, then it finds the role's name (DescribeStackResources would stop at 100)", async () => {
    const moto = await startMotoServer();
    try {
      const resources: Record<string, unknown> = {};
      for (let index = 0; index < 120; index++)
        resources[`Handle${String(index).padStart(3, "0")}`] = {
          Type: "AWS::CloudFormation::WaitConditionHandle",
        };
      resources.ClonerServiceRoleFD628485 = {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: "acme-tributary-cicd-ClonerServiceRole-1A2B3C4D",
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
            ],
          },
        },
      };
      const env = { ...process.env, ...moto.environment, AWS_ENDPOINT_URL: moto.url };
      const created = spawnSync(
        "aws",
        [
          "cloudformation",
          "create-stack",
          "--stack-name",
          "acme-tributary-cicd",
          "--template-body",
          JSON.stringify({ Resources: resources }),
        ],
        { encoding: "utf8", env },
      );
      expect(created.status, created.stderr).toBe(0);
      const [roleLine] = approvalRuleCommandsFor(
        defineConfig({ project: "acme", repository: "infra" }),
        undefined,
      ).commands;

      const result = spawnSync("bash", ["-c", `${roleLine}\nprintf '%s' "$ROLE"`], { encoding: "utf8", env });

      expect(result.stdout, result.stderr).toBe("acme-tributary-cicd-ClonerServiceRole-1A2B3C4D");
    } finally {
      await moto.close();
    }
  }, 120_000);
});

describe("tributary approval-rule", () => {
  it("given the shipped config, when run, then it prints the commands with a header saying the stack applies them already", async () => {
    const { code, stdout } = await cli(["approval-rule"]);
    expect(code).toBe(EXIT.ok);
    const [header, ...commands] = stdout.split("\n");
    expect(header).toMatch(/^# The CI\/CD stack applies acme-tributary-green-pipeline itself/);
    expect(commands).toHaveLength(4);
    expect(commands[0]).toContain('--stack-name "acme-tributary-cicd"');
  });

  it("given the printed commands, when bash and the real aws CLI read the create and associate lines, then the CLI accepts every argument", () => {
    const { commands } = approvalRuleCommandsFor(
      defineConfig({ project: "acme", repository: "infra" }),
      undefined,
    );
    for (const command of commands.slice(2)) {
      const result = runWithAws(command);
      // Argument errors print usage and "aws: error:"; an accepted call fails on the closed port instead.
      expect(result.stderr).not.toMatch(/aws: error|usage:|Parameter validation failed/);
      expect(result.stderr).toContain('Could not connect to the endpoint URL: "http://127.0.0.1:9/"');
    }
  });

  it("given approvals.pullRequestRule false, when formatted, then the header says who runs the commands", () => {
    const config = defineConfig({
      project: "acme",
      repository: "infra",
      approvals: { pullRequestRule: false },
    });
    expect(formatApprovalRuleCommands(approvalRuleCommandsFor(config, "cn-north-1"))).toMatch(
      /^# approvals\.pullRequestRule is false: after `cdk deploy`, someone who may manage CodeCommit approval rule templates runs:\n/,
    );
    expect(approvalRuleCommandsFor(config, "cn-north-1").commands[2]).toContain("arn:aws-cn:sts::");
  });

  it("given pull requests disabled, when run, then it says there is no template", () => {
    const config = defineConfig({
      project: "acme",
      repository: "infra",
      routes: { pullRequests: { enabled: false } },
    });
    const result = approvalRuleCommandsFor(config, undefined);
    expect(result).toEqual({ template: null, appliedByStack: false, commands: [] });
    expect(formatApprovalRuleCommands(result)).toMatch(/^# No approval rule template/);
  });

  it("given --json, when run, then it prints the template, whether the stack applies it and the commands", async () => {
    const { code, stdout } = await cli(["approval-rule", "--json"]);
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toMatchObject({
      template: "acme-tributary-green-pipeline",
      appliedByStack: true,
      commands: expect.arrayContaining([
        expect.stringMatching(/^aws codecommit associate-approval-rule-template/),
      ]),
    });
  });

  it("given an extra argument, when run, then a usage error", async () => {
    const { code, stderr } = await cli(["approval-rule", "x"]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('unexpected argument "x"');
  });
});
