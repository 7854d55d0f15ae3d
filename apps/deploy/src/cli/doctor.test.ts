/**
 * `tributary doctor` against moto's CloudFormation and STS: moto's credentials are account 123456789012 (its
 * GetCallerIdentity answer), so the config puts dev and qa there and the CI/CD stack and prod in other accounts; the
 * target stack is created in moto from a template carrying the version output, as the app's target stack does.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
} from "@aws-sdk/client-cloudformation";
import { TARGET_STACK_VERSION, TARGET_VERSION_OUTPUT } from "@tributary/core";
import { type MotoServer, motoClientOptions, startMotoServer } from "@tributary/fake-aws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../__fixtures__/cli";
import { EXIT } from "./main";

const MOTO_ACCOUNT = "123456789012";
const TARGET_STACK = `acme-tributary-target-${MOTO_ACCOUNT}-eu-west-1`;

let moto: MotoServer;
let cloudFormation: CloudFormationClient;

function configFileOf(input: object): string {
  const file = join(mkdtempSync(join(tmpdir(), "tributary-doctor-")), "tributary.config.json");
  writeFileSync(file, JSON.stringify(input));
  return file;
}

/** dev and qa in moto's account, prod and the CI/CD stack in accounts these credentials cannot read. */
const CROSS_ACCOUNT = configFileOf({
  project: "acme",
  repository: "infra-deployment",
  environments: {
    dev: { branch: "develop", account: MOTO_ACCOUNT },
    qa: { branch: null, account: MOTO_ACCOUNT },
    prod: { branch: "main", requiresApproval: true, account: "333333333333", region: "eu-central-1" },
  },
  app: { account: "111111111111", region: "eu-west-1" },
});

/** Every environment where the CI/CD stack is, in moto's account. */
const SAME_ACCOUNT = configFileOf({
  project: "acme",
  repository: "infra-deployment",
  app: { account: MOTO_ACCOUNT, region: "eu-west-1" },
});

function templateWithVersion(version: string | undefined): string {
  return JSON.stringify({
    Resources: { Roles: { Type: "AWS::SQS::Queue" } },
    ...(version === undefined ? {} : { Outputs: { [TARGET_VERSION_OUTPUT]: { Value: version } } }),
  });
}

/** An http endpoint on 127.0.0.1 where nothing listens: a port the kernel gave out and took back. */
async function closedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${address.port}`;
}

function cli(argv: string[]) {
  return runCli(argv, process.cwd(), { env: moto.environment });
}

beforeAll(async () => {
  moto = await startMotoServer();
  cloudFormation = new CloudFormationClient(motoClientOptions(moto.url));
});
afterEach(async () => moto.reset());
afterAll(async () => {
  cloudFormation?.destroy();
  await moto?.close();
});

describe("tributary doctor", () => {
  it("given the target stack in the expected version, when doctor runs, then its line is ✓ and it exits 0", async () => {
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: TARGET_STACK,
        TemplateBody: templateWithVersion(TARGET_STACK_VERSION),
      }),
    );

    const { code, stdout } = await cli(["doctor", "--config", CROSS_ACCOUNT]);

    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain(
      `✓ ${TARGET_STACK} (${MOTO_ACCOUNT}/eu-west-1): CREATE_COMPLETE, ${TARGET_VERSION_OUTPUT} ${TARGET_STACK_VERSION}`,
    );
    expect(stdout).not.toContain("\u001b[");
  });

  it("given stacks in other accounts, when doctor runs, then each line names the account whose credentials check it", async () => {
    const { stdout } = await cli(["doctor", "--config", CROSS_ACCOUNT]);

    expect(stdout.split("\n")).toEqual(
      expect.arrayContaining([
        `Credentials of account ${MOTO_ACCOUNT}`,
        `· acme-tributary-cicd (111111111111/eu-west-1): is in account 111111111111; these credentials are account ${MOTO_ACCOUNT}. Fix: AWS_PROFILE=<a profile of account 111111111111> pnpm tributary doctor`,
        `· acme-tributary-target-333333333333-eu-central-1 (333333333333/eu-central-1): is in account 333333333333; these credentials are account ${MOTO_ACCOUNT}. Fix: AWS_PROFILE=<a profile of account 333333333333> pnpm tributary doctor`,
      ]),
    );
  });

  it("given no target stack, when doctor runs, then its line is ✗ with the cdk deploy command and it exits 1", async () => {
    const { code, stdout } = await cli(["doctor", "--config", CROSS_ACCOUNT]);

    expect(code).toBe(EXIT.badInput);
    expect(stdout).toContain(
      `✗ ${TARGET_STACK} (${MOTO_ACCOUNT}/eu-west-1): does not exist. Fix: pnpm --filter @tributary/deploy exec cdk deploy -e ${TARGET_STACK}`,
    );
  });

  it("given a target stack of another version, when doctor runs, then its line says both versions and it exits 1", async () => {
    await cloudFormation.send(
      new CreateStackCommand({ StackName: TARGET_STACK, TemplateBody: templateWithVersion("0") }),
    );

    const { code, stdout } = await cli(["doctor", "--config", CROSS_ACCOUNT]);

    expect(code).toBe(EXIT.badInput);
    expect(stdout).toContain(
      `✗ ${TARGET_STACK} (${MOTO_ACCOUNT}/eu-west-1): CREATE_COMPLETE, but ${TARGET_VERSION_OUTPUT} is "0", expected "${TARGET_STACK_VERSION}". Fix: pnpm --filter @tributary/deploy exec cdk deploy -e ${TARGET_STACK}`,
    );
  });

  it("given a target stack without the version output, when doctor runs, then its line says the output is missing", async () => {
    await cloudFormation.send(
      new CreateStackCommand({ StackName: TARGET_STACK, TemplateBody: templateWithVersion(undefined) }),
    );

    const { code, stdout } = await cli(["doctor", "--config", CROSS_ACCOUNT]);

    expect(code).toBe(EXIT.badInput);
    expect(stdout).toContain(`${TARGET_VERSION_OUTPUT} is missing, expected "${TARGET_STACK_VERSION}"`);
  });

  it("given a target stack not yet created (a change set under review), when doctor runs, then its line is ✗ with its status", async () => {
    // A CREATE change set that is not executed leaves the stack REVIEW_IN_PROGRESS (moto does so as AWS does).
    await cloudFormation.send(
      new CreateChangeSetCommand({
        StackName: TARGET_STACK,
        ChangeSetName: "review",
        ChangeSetType: "CREATE",
        TemplateBody: templateWithVersion(TARGET_STACK_VERSION),
      }),
    );

    const { code, stdout } = await cli(["doctor", "--config", CROSS_ACCOUNT]);

    expect(code).toBe(EXIT.badInput);
    expect(stdout).toContain(`✗ ${TARGET_STACK} (${MOTO_ACCOUNT}/eu-west-1): is REVIEW_IN_PROGRESS`);
  });

  it("given a same-account config with its CI/CD stack, when doctor runs, then it says there are no target stacks and exits 0", async () => {
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: "acme-tributary-cicd",
        TemplateBody: templateWithVersion(undefined),
      }),
    );

    const { code, stdout } = await cli(["doctor", "--config", SAME_ACCOUNT]);

    expect(code).toBe(EXIT.ok);
    expect(stdout.split("\n")).toEqual([
      `Credentials of account ${MOTO_ACCOUNT}`,
      `✓ acme-tributary-cicd (${MOTO_ACCOUNT}/eu-west-1): CREATE_COMPLETE`,
      "✓ no target stacks: every environment deploys in the CI/CD stack's account and region",
    ]);
  });

  it("given --json, when doctor runs, then it prints the caller's account and every check", async () => {
    const { stdout } = await cli(["doctor", "--config", CROSS_ACCOUNT, "--json"]);

    const report = JSON.parse(stdout) as { callerAccount: string; hasTargets: boolean; checks: unknown[] };
    expect(report).toMatchObject({ callerAccount: MOTO_ACCOUNT, hasTargets: true });
    expect(report.checks).toHaveLength(3);
  });

  it("given an argument, when doctor runs, then it is a usage error (exit 2) and reads nothing", async () => {
    const { code, stderr } = await cli(["doctor", "prod"]);

    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('unexpected argument "prod": `doctor` takes options only');
  });

  it("given a config file that does not exist, when doctor runs, then it is bad input (exit 1)", async () => {
    const { code, stderr } = await cli(["doctor", "--config", "missing.config.json"]);

    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain("missing.config.json");
  });

  it("given a config whose content is invalid, when doctor runs, then it exits 1 with the ConfigError's message and reads nothing", async () => {
    const invalid = configFileOf({
      project: "acme",
      repository: "infra-deployment",
      environments: { prod: { branch: "main", account: "1234" } },
    });

    const { code, stdout, stderr } = await cli(["doctor", "--config", invalid]);

    expect(code).toBe(EXIT.badInput);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^tributary: Invalid Tributary config at environments\.prod\.account: "1234" .* Fix: /,
    );
  });

  it("given credentials STS cannot answer for, when doctor runs, then it exits 1 naming the CI/CD account, the target accounts and the profile to use", async () => {
    const { code, stdout, stderr } = await runCli(["doctor", "--config", CROSS_ACCOUNT], process.cwd(), {
      env: { ...moto.environment, AWS_ENDPOINT_URL_STS: await closedEndpoint() },
    });

    expect(code).toBe(EXIT.badInput);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      "tributary: could not learn whose credentials these are (sts:GetCallerIdentity: ",
    );
    expect(stderr).toContain(
      "Fix: run it with credentials of the CI/CD account 111111111111 (AWS_PROFILE=<a profile of account 111111111111> pnpm tributary doctor), then each target account's (AWS_PROFILE=<a profile of account 123456789012> pnpm tributary doctor; AWS_PROFILE=<a profile of account 333333333333> pnpm tributary doctor), allowed sts:GetCallerIdentity and cloudformation:DescribeStacks",
    );
  });

  it("given credentials whose CloudFormation reads fail, when doctor runs, then it exits 1 naming the stack, its account and region, and the role to use", async () => {
    const { code, stderr } = await runCli(["doctor", "--config", CROSS_ACCOUNT], process.cwd(), {
      env: { ...moto.environment, AWS_ENDPOINT_URL_CLOUDFORMATION: await closedEndpoint() },
    });

    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain(
      `tributary: could not read ${TARGET_STACK} in ${MOTO_ACCOUNT}/eu-west-1 with these credentials of account ${MOTO_ACCOUNT} (cloudformation:DescribeStacks: `,
    );
    expect(stderr).toContain(
      `Fix: use a profile or role of account ${MOTO_ACCOUNT} allowed cloudformation:DescribeStacks in eu-west-1 (AWS_PROFILE=<a profile of account ${MOTO_ACCOUNT}> pnpm tributary doctor).`,
    );
    expect(stderr).not.toContain("internal error");
  });

  it.each([
    [["doctor", "--branch", "main"], "`--branch`, `--env`, `--failed` and `--limit` go with `runs`"],
    [["doctor", "--bogus"], "--bogus"],
  ])(
    "given %j, when doctor runs, then it is a usage error (exit 2) and reads nothing",
    async (argv, message) => {
      const { code, stdout, stderr } = await cli([...argv]);

      expect(code).toBe(EXIT.usage);
      expect(stdout).toBe("");
      expect(stderr).toContain(message);
    },
  );

  it("given --help, when doctor is asked, then it prints its usage and exits 0", async () => {
    const { code, stdout } = await cli(["doctor", "--help"]);

    expect(code).toBe(EXIT.ok);
    expect(stdout.split("\n")[0]).toBe("Usage: tributary doctor [options]");
  });
});
