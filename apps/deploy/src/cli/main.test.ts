import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  defineConfig,
  listTargetStacksAction,
  parseEvent,
  resolveBranch,
  targetListingToken,
  teardownProjectName,
} from "@tributary/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configFile, DUPLICATE_DEV_CONFIG } from "../__fixtures__/config-file";
import { EXAMPLE_EVENTS, type ExampleKind } from "./examples";
import { COMMANDS, EXIT, HELP, main, REPORT_URL } from "./main";
import { describeAction, RECONCILE_NOTE } from "./plan";

const here = dirname(fileURLToPath(import.meta.url));
const events = resolve(here, "..", "__fixtures__", "events");

/** Runs the CLI with `argv` and captures what it prints. */
async function cli(argv: string[], cwd = events): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (text) => out.push(text), stderr: (text) => err.push(text), cwd });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tributary-cli-"));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe("tributary explain", () => {
  it.each([
    {
      branch: "develop",
      kind: "develop",
      pipeline: "acme-dev",
      clone: false,
      stack: "acme-dev",
      approval: false,
      ephemeral: false,
    },
    {
      branch: "main",
      kind: "main",
      pipeline: "acme-prod",
      clone: false,
      stack: "acme-prod",
      approval: true,
      ephemeral: false,
    },
    {
      branch: "release/1.2.0",
      kind: "release",
      pipeline: "acme-qa-release-1.2.0",
      clone: true,
      stack: "acme-qa",
      approval: false,
      ephemeral: false,
    },
    {
      branch: "feature/x",
      kind: "feature",
      pipeline: "acme-dev-feature-x",
      clone: true,
      stack: "acme-dev-feature-x",
      approval: false,
      ephemeral: true,
    },
  ])(
    "given the default config, when explaining $branch as JSON, then it routes to $pipeline",
    async (row) => {
      const { code, stdout } = await cli(["explain", row.branch, "--json"]);

      expect(code).toBe(EXIT.ok);
      const explanation = JSON.parse(stdout);
      expect(explanation).toMatchObject({ branch: row.branch, kind: row.kind });
      expect(explanation.route).toMatchObject({
        pipelineName: row.pipeline,
        clone: row.clone,
        stackName: row.stack,
        requiresApproval: row.approval,
        ephemeral: row.ephemeral,
        branch: row.branch,
      });
      expect(explanation.route.variables).toMatchObject({
        Branch: row.branch,
        StackName: row.stack,
        PipelineName: row.pipeline,
        Ephemeral: String(row.ephemeral),
      });
    },
  );

  it("given the default config, when explaining support/1, then it says no pipeline runs it and why", async () => {
    const { code, stdout } = await cli(["explain", "support/1"]);

    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^Kind\s+support \(1\)$/m);
    expect(stdout).toMatch(/^Route\s+none: no pipeline runs this branch$/m);
    expect(stdout).toMatch(/^Reason\s+\S/m);
  });

  it("given the default config, when explaining feature/x as text, then it prints every field", async () => {
    const { code, stdout } = await cli(["explain", "feature/x"]);

    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^Kind\s+feature \(x\)$/m);
    expect(stdout).toMatch(/^Route\s+ephemeral clone of the dev pipeline$/m);
    expect(stdout).toMatch(/^Pipeline\s+acme-dev-feature-x \(clone of acme-dev\)$/m);
    expect(stdout).toMatch(/^Stack\s+acme-dev-feature-x \(own stack, torn down with the branch\)$/m);
    expect(stdout).toMatch(/^Approval\s+none$/m);
    expect(stdout).toMatch(/^Variables\s+Environment=dev$/m);
    expect(stdout).toMatch(/^\s+Ephemeral=true$/m);
    expect(stdout).toMatch(/^Tags\s+tributary:managed=true$/m);
  });

  it("given the default config, when explaining main as text, then it shows the manual approval", async () => {
    const { stdout } = await cli(["explain", "main"]);

    expect(stdout).toMatch(/^Route\s+the environment pipeline of prod runs it$/m);
    expect(stdout).toMatch(/^Approval\s+manual approval before the change set executes$/m);
  });

  it("given branches.main master, when explaining main, then the reason names master as the main branch", async () => {
    const config = tempFile(
      "master.config.json",
      JSON.stringify({
        project: "acme",
        repository: "infra",
        branches: { main: "master" },
        environments: {
          dev: { branch: "develop" },
          qa: {},
          prod: { branch: "master", requiresApproval: true },
        },
      }),
    );

    const { stdout } = await cli(["explain", "main", "--config", config]);

    expect(stdout).toMatch(
      /^Reason\s+branch "main" matches no git-flow kind: the main branch is "master" \(branches\.main\)/m,
    );
    expect(stdout).not.toContain("(main master");
  });

  it("given a Unicode branch, when explaining it, then each derived value shows one hash and why", async () => {
    const { stdout } = await cli(["explain", "feature/Ünïcödé-日本語"]);

    expect(stdout).toMatch(
      /^Derived\s+pipeline acme-dev-feature-unicode--(\w{10}): a slug and --\1, the hash of "feature\/Ünïcödé-日本語": "Ü" → "u", "ï" → "i", "ö" → "o", "é" → "e" \(Latin letters in ASCII\); "日", "本", "語" are not in \[a-z0-9._@-\]$/m,
    );
    expect(stdout).toMatch(/^\s+tag tributary:branch feature\/Ünïcödé-日本語: the branch unchanged/m);
    expect(stdout).toMatch(/^\s+Branch=feature\/Ünïcödé-日本語$/m);
  });

  it("given a branch every name holds as it is, when explaining it as text, then Derived is one line that points to --verbose", async () => {
    const { stdout } = await cli(["explain", "feature/login"]);

    expect(stdout).toMatch(
      /^Derived\s+pipeline, stack, variable Branch, tag tributary:branch: the branch unchanged, no hash \(--verbose says why\)$/m,
    );
    expect(stdout.split("\n").filter((line) => line.includes("unchanged"))).toHaveLength(1);
  });

  it("given --verbose, when explaining a branch every name holds as it is, then Derived lists each name with why", async () => {
    const { code, stdout } = await cli(["explain", "feature/login", "--verbose"]);

    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(
      /^Derived\s+pipeline acme-dev-feature-login: the branch's suffix unchanged: only /m,
    );
    expect(stdout).toMatch(/^\s+tag tributary:branch feature\/login: the branch unchanged: only /m);
  });

  it("given another config file, when explaining develop with --config, then that config's names are used", async () => {
    const config = tempFile(
      "other.config.json",
      JSON.stringify({ project: "shop", repository: "shop-infra", branches: { develop: "dev" } }),
    );

    const { code, stdout } = await cli(["explain", "dev", "--config", config, "--json"]);

    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout).route.pipelineName).toBe("shop-dev");
  });
});

describe("tributary explain, any branch", () => {
  it("given any branch name, when explaining it as JSON, then it exits 0 with a route or a reason", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }).filter((branch) => !branch.startsWith("-")),
        async (branch) => {
          const { code, stdout } = await cli(["explain", branch, "--json"]);

          expect(code).toBe(EXIT.ok);
          const explanation = JSON.parse(stdout);
          expect(explanation.route === null || typeof explanation.route.pipelineName === "string").toBe(true);
          expect(explanation.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("given a branch that starts with a dash, when passed after --, then it is explained, not parsed as an option", async () => {
    const { code, stdout } = await cli(["explain", "--json", "--", "-weird"]);

    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toMatchObject({ branch: "-weird", route: null });
  });
});

describe("tributary plan", () => {
  it.each([
    { file: "branch-created-feature.json", types: ["createClone"], pipeline: "acme-dev-feature-login" },
    { file: "branch-updated-feature.json", types: ["startExecution"], pipeline: "acme-dev-feature-login" },
    {
      file: "branch-deleted-feature.json",
      types: ["deleteClone", "teardownStack"],
      pipeline: "acme-dev-feature-login",
    },
    { file: "branch-created-release.json", types: ["createClone"], pipeline: "acme-qa-release-1.2.0" },
    { file: "branch-updated-develop.json", types: ["ignore"], pipeline: undefined },
    {
      file: "pull-request-created.json",
      types: ["createClone"],
      pipeline: "acme-dev-pr-7",
    },
    {
      file: "pull-request-source-updated.json",
      types: ["startExecution", "revokeApproval"],
      pipeline: "acme-dev-pr-7",
    },
    { file: "pull-request-merged.json", types: ["deleteClone", "teardownStack"], pipeline: "acme-dev-pr-7" },
    { file: "tag-created.json", types: ["ignore"], pipeline: undefined },
    { file: "other-repository.json", types: ["ignore"], pipeline: undefined },
  ])(
    "given $file, when planning it as JSON, then the actions are $types",
    async ({ file, types, pipeline }) => {
      const { code, stdout } = await cli(["plan", file, "--json"]);

      expect(code).toBe(EXIT.ok);
      const output = JSON.parse(stdout);
      expect(output.actions.map((action: { type: string }) => action.type)).toEqual(types);
      if (pipeline !== undefined) {
        const [first] = output.actions;
        expect(first.route?.pipelineName ?? first.pipelineName).toBe(pipeline);
      }
    },
  );

  it("given a branch creation event, when planning it as text, then each action is one numbered line", async () => {
    const { code, stdout } = await cli(["plan", "branch-created-feature.json"]);

    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(
      /^Event\s+branchCreated feature\/login at aaaaaaa \(repository infra-deployment\)$/m,
    );
    expect(stdout).toMatch(
      /^Actions\s+1\. createClone acme-dev-feature-login: copy acme-dev, branch feature\/login, deploy stack acme-dev-feature-login \(ephemeral\)$/m,
    );
  });

  it("given a branch deletion event, when planning it as text, then the teardown names the CodeBuild project", async () => {
    const { stdout } = await cli(["plan", "branch-deleted-feature.json"]);

    expect(stdout).toMatch(
      /1\. deleteClone acme-dev-feature-login \(only if tagged tributary:managed=true, tributary:project=acme\)/,
    );
    expect(stdout).toMatch(/2\. teardownStack acme-dev-feature-login: .*acme-stack-teardown/);
  });

  it("given a branch update, when planning it as text, then startExecution says its token is the run's idempotency token", async () => {
    const { stdout } = await cli(["plan", "branch-updated-feature.json"]);

    expect(stdout).toMatch(
      /1\. startExecution acme-dev-feature-login at \w{7} \(idempotency token tributary-\w{10}: a redelivered event starts no second run; creates the clone if it is missing\)/,
    );
  });

  it("given a scheduled event, when planning it, then it says reconcile needs live state", async () => {
    const text = await cli(["plan", "scheduled.json"]);
    const json = await cli(["plan", "scheduled.json", "--json"]);

    expect(text.code).toBe(EXIT.ok);
    expect(text.stdout).toContain("Reconcile needs live state");
    expect(JSON.parse(json.stdout)).toMatchObject({
      event: { type: "reconcile" },
      actions: [],
      note: RECONCILE_NOTE,
    });
  });

  it("given an updateClone action (reconcile plans it when a template changed), when described, then it names the clone, the template and the version", () => {
    const config = defineConfig({ project: "acme", repository: "infra-deployment" });
    const route = resolveBranch(config, "feature/login");
    if (route === null) throw new Error("feature/login does not route");

    const line = describeAction(config, { type: "updateClone", route, templateVersion: "28gykx9rzr" });

    expect(line).toBe(
      "updateClone acme-dev-feature-login: copy acme-dev again (template version 28gykx9rzr), keeping branch feature/login",
    );
  });

  it("given a listTargetStacks action (a scheduled reconcile with remote targets plans it), when described, then it names the targets, the teardown project and the token", () => {
    const config = defineConfig({ project: "acme", repository: "infra-deployment" });

    const line = describeAction(
      config,
      listTargetStacksAction("ev-1", [{ account: "333333333333", region: "eu-central-1" }]),
    );

    expect(line).toBe(
      `listTargetStacks 333333333333/eu-central-1: CodeBuild project ${teardownProjectName(config)} in list-targets mode writes each target's ephemeral stacks for the next reconcile to sweep (idempotency token ${targetListingToken("ev-1")})`,
    );
  });

  it("given a fork's notice (a GitHub pull request from a fork), when described, then it names the pull request, its marker and why", () => {
    const config = defineConfig({ project: "acme", repository: "infra-deployment" });

    const line = describeAction(config, {
      type: "commentOnPullRequest",
      pullRequestId: "7",
      marker: '[//]: # "tributary-fork-notice v=1 pr=7"',
      content: "…",
      clientRequestToken: "tributary-0123456789",
      reason: "its head is in the fork mallory/infra",
    });

    expect(line).toBe(
      'commentOnPullRequest #7 once ([//]: # "tributary-fork-notice v=1 pr=7"): its head is in the fork mallory/infra',
    );
  });

  it("given an event on stdin, when planning -, then it reads the event from stdin", async () => {
    const event = readFileSync(join(events, "branch-created-feature.json"), "utf8");
    const out: string[] = [];

    const code = await main(["plan", "-", "--json"], {
      stdout: (text) => out.push(text),
      stderr: () => undefined,
      cwd: events,
      readStdin: () => event,
    });

    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(out.join("")).actions[0].type).toBe("createClone");
  });
});

describe("tributary errors", () => {
  it("given a missing event file, when planning it, then it names the file and exits 1", async () => {
    const { code, stdout, stderr } = await cli(["plan", "no-such-event.json"]);

    expect(code).toBe(EXIT.badInput);
    expect(stdout).toBe("");
    expect(stderr).toContain(`event file ${join(events, "no-such-event.json")} does not exist`);
  });

  it("given a directory instead of an event file, when planning it, then it says it cannot read it and exits 1", async () => {
    const { code, stderr } = await cli(["plan", "."]);

    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain(`cannot read event file ${events}`);
  });

  it("given a file that is not JSON, when planning it, then it says so and exits 1", async () => {
    const file = tempFile("broken.json", '{"source": "aws.codecommit", "detail-type": \n');

    const { code, stderr } = await cli(["plan", file]);

    expect(code).toBe(EXIT.badInput);
    expect(stderr).toMatch(/is not valid JSON \(.+\)\. Fix: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ["empty", ""],
    ["blank", " \n\t\n"],
  ])(
    "given an %s event file, when planning it, then it says the file is empty (not that it is bad JSON) and exits 1",
    async (_name, content) => {
      const file = tempFile("event.json", content);

      const { code, stderr } = await cli(["plan", file]);

      expect(code).toBe(EXIT.badInput);
      expect(stderr).toBe(
        `tributary: event file ${file} is empty. Fix: Save one EventBridge event in it as JSON; \`tributary plan --example <kind>\` prints one (see \`tributary plan --help\`).`,
      );
    },
  );

  it("given a malformed event, when planning it, then core's EventError names the field and exits 1", async () => {
    const { code, stderr } = await cli(["plan", "malformed-missing-reference.json"]);

    expect(code).toBe(EXIT.badInput);
    expect(stderr).toMatch(/^tributary: Malformed event: detail\.referenceName is missing\. Fix: /);
  });

  it("given a bad config file, when explaining, then core's ConfigError is printed and it exits 1", async () => {
    const config = tempFile("bad.config.json", JSON.stringify({ project: "Acme", repository: "infra" }));

    const { code, stderr } = await cli(["explain", "develop", "--config", config]);

    expect(code).toBe(EXIT.badInput);
    expect(stderr).toMatch(/^tributary: Invalid Tributary config at project: "Acme" .*Fix: /);
  });

  it("given a config file that does not exist, when explaining, then it names the file and exits 1", async () => {
    const { code, stderr } = await cli(["explain", "develop", "--config", "missing.config.ts"]);

    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain(
      `Cannot load Tributary config ${join(events, "missing.config.ts")}: the file does not exist`,
    );
  });

  it.each([
    { argv: [], message: "missing command" },
    { argv: ["deploy"], message: 'unknown command "deploy"' },
    { argv: ["explain"], message: "`explain` needs a branch" },
    { argv: ["plan"], message: "`plan` needs an event file" },
    { argv: ["explain", "a", "b"], message: 'unexpected argument "b"' },
    { argv: ["explain", "develop", "--yaml"], message: "Unknown option '--yaml'" },
  ])(
    "given argv $argv, when running, then it prints a usage error and exits 2",
    async ({ argv, message }) => {
      const { code, stderr } = await cli(argv);

      expect(code).toBe(EXIT.usage);
      expect(stderr).toContain(message);
      expect(stderr).toContain("tributary --help");
    },
  );

  it("given --help, when running, then it prints the usage and exits 0", async () => {
    const { code, stdout } = await cli(["--help"]);

    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(HELP);
    expect(stdout).toContain("explain <branch>");
    expect(stdout).toContain("plan <event.json>");
  });

  it("given --help, when running, then it documents the event files and lists every sample kind", async () => {
    const { stdout } = await cli(["--help"]);

    expect(stdout).toContain("Event files:");
    expect(stdout).toContain('"CodeCommit Repository State Change"');
    expect(stdout).toContain("referenceName");
    for (const kind of Object.keys(EXAMPLE_EVENTS)) expect(stdout).toContain(`  ${kind} `);
  });
});

describe("tributary plan --example", () => {
  const shipped = defineConfig({ project: "acme", repository: "infra-deployment" });
  const coreFixtures = resolve(here, "../../../../packages/core/src/events/__fixtures__");
  // The core fixture each sample is shaped after (same fields, so the samples cannot drift from CodeCommit's).
  const rows: { kind: ExampleKind; type: string; fixture: string; actions: string[] }[] = [
    {
      kind: "branch-created",
      type: "branchCreated",
      fixture: "branch-created.json",
      actions: ["createClone"],
    },
    {
      kind: "branch-updated",
      type: "branchUpdated",
      fixture: "branch-updated.json",
      actions: ["startExecution"],
    },
    {
      kind: "branch-deleted",
      type: "branchDeleted",
      fixture: "branch-deleted.json",
      actions: ["deleteClone", "teardownStack"],
    },
    {
      kind: "pull-request-created",
      type: "pullRequestOpened",
      fixture: "pull-request-created.json",
      actions: ["createClone"],
    },
    {
      kind: "pull-request-source-updated",
      type: "pullRequestSourceUpdated",
      fixture: "pull-request-source-updated.json",
      actions: ["startExecution", "revokeApproval"],
    },
    {
      kind: "pull-request-merged",
      type: "pullRequestClosed",
      fixture: "pull-request-merged.json",
      actions: ["deleteClone", "teardownStack"],
    },
    {
      kind: "pull-request-closed",
      type: "pullRequestClosed",
      fixture: "pull-request-closed.json",
      actions: ["deleteClone", "teardownStack"],
    },
    { kind: "scheduled-reconcile", type: "reconcile", fixture: "scheduled-event.json", actions: [] },
  ];

  it("given the table, then it covers every sample kind", () => {
    expect(rows.map((row) => row.kind).sort()).toEqual(Object.keys(EXAMPLE_EVENTS).sort());
  });

  it.each(rows)(
    "given --example $kind, when printed and planned, then it parses as $type and plans $actions",
    async ({ kind, type, fixture, actions }) => {
      const printed = await cli(["plan", "--example", kind]);
      expect(printed.code).toBe(EXIT.ok);
      const event = JSON.parse(printed.stdout);

      expect(parseEvent(event, shipped).type).toBe(type);
      const core = JSON.parse(readFileSync(join(coreFixtures, fixture), "utf8"));
      expect(Object.keys(event).sort()).toEqual(Object.keys(core).sort());
      expect(Object.keys(event.detail).sort()).toEqual(Object.keys(core.detail).sort());

      const file = tempFile("event.json", printed.stdout);
      const planned = await cli(["plan", file, "--json"]);
      expect(JSON.parse(planned.stdout).actions.map((action: { type: string }) => action.type)).toEqual(
        actions,
      );
    },
  );

  it("given another config, when printing a sample, then it uses that config's repository and prefixes", async () => {
    const config = tempFile(
      "other.config.json",
      JSON.stringify({
        project: "shop",
        repository: "shop-infra",
        branches: { prefixes: { feature: "feat/" } },
      }),
    );

    const { stdout } = await cli(["plan", "--example", "branch-created", "--config", config]);

    expect(JSON.parse(stdout).detail).toMatchObject({
      repositoryName: "shop-infra",
      referenceName: "feat/login",
    });
  });

  it.each([
    [["plan", "--example", "nope"], 'unknown example "nope": use one of branch-created, '],
    [["explain", "--example", "branch-created"], "`--example` goes with `plan`"],
    [["plan", "--example"], "argument missing"],
  ])("given %j, when running, then it is a usage error", async (argv, message) => {
    const { code, stderr } = await cli(argv);

    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain(message);
  });

  it("given plan --example without a kind, when running, then the usage error lists every kind with what it is", async () => {
    const { code, stderr } = await cli(["plan", "--example"]);

    expect(code).toBe(EXIT.usage);
    for (const [kind, { description }] of Object.entries(EXAMPLE_EVENTS)) {
      expect(stderr).toMatch(new RegExp(`^ {2}${kind} +${description.replace(/[()]/g, "\\$&")}$`, "m"));
    }
  });

  it("given a malformed event, when planning it, then every problem is printed with its fix", async () => {
    const event = JSON.parse((await cli(["plan", "--example", "branch-updated"])).stdout);
    delete event.id;
    delete event.detail.commitId;
    const file = tempFile("bad.json", JSON.stringify(event));

    const { code, stderr } = await cli(["plan", file]);

    expect(code).toBe(EXIT.badInput);
    expect(stderr.split("\n")).toEqual([
      "tributary: Malformed event, 2 problems:",
      expect.stringMatching(/^ {2}id is missing\. Fix: /),
      expect.stringMatching(/^ {2}detail\.commitId is missing\. Fix: /),
    ]);
  });
});

describe("tributary --version and <command> --help", () => {
  it("given --version, when running, then it prints the CLI's, core's and Node's versions and exits 0", async () => {
    const require = createRequire(import.meta.url);
    const deploy = require("../../package.json") as { version: string };
    const core = require("@tributary/core/package.json") as { version: string };

    const { code, stdout } = await cli(["--version"]);

    expect(code).toBe(EXIT.ok);
    expect(stdout.split("\n")).toEqual([
      `tributary ${deploy.version} (@tributary/deploy)`,
      `@tributary/core ${core.version}`,
      `Node.js ${process.version}`,
    ]);
  });

  it("given the global help, then it lists every command", () => {
    for (const command of Object.keys(COMMANDS)) expect(HELP).toMatch(new RegExp(`^ {2}${command}\\b`, "m"));
  });

  it.each(Object.keys(COMMANDS))(
    "given `%s --help`, when running, then it prints the command's usage, options and examples and exits 0",
    async (command) => {
      const { code, stdout } = await cli([command, "--help"]);

      expect(code).toBe(EXIT.ok);
      expect(stdout).toBe(COMMANDS[command as keyof typeof COMMANDS].help);
      expect(stdout).toMatch(new RegExp(`^Usage: tributary ${command}\\b`));
      expect(stdout).toMatch(/^Options:\n {2}-c, --config <file>/m);
      expect(stdout).toMatch(new RegExp(`^Examples:\\n {2}pnpm tributary ${command}\\b`, "m"));
    },
  );

  it("given --help with an unknown command, when running, then it is a usage error", async () => {
    const { code, stderr } = await cli(["deploy", "--help"]);

    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('unknown command "deploy"');
  });

  it("given --verbose with plan, when running, then it is a usage error naming explain", async () => {
    const { code, stderr } = await cli(["plan", "scheduled.json", "--verbose"]);

    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain("`--verbose` goes with `explain`");
  });
});

describe("tributary validate", () => {
  it("given the shipped config, when validating, then it says it is valid and exits 0", async () => {
    const { code, stdout } = await cli(["validate"]);

    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(
      /tributary\.config\.ts is valid: project acme, repository infra-deployment, 3 environments \(dev, qa, prod\)$/,
    );
  });

  it("given a config with dev twice in environments, when validating, then it names the field, the value and the fix and exits 1", async () => {
    const file = configFile(DUPLICATE_DEV_CONFIG);

    const { code, stdout, stderr } = await cli(["validate", "--config", file]);

    expect(code).toBe(EXIT.badInput);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^tributary: Invalid Tributary config at environments\.dev: \{ branch: null \} repeats the key "dev" of line 5 at .*:5:\d+ \(TS1117: .*\. Fix: Keep one "dev" entry in environments and remove or rename the other\.$/,
    );
  });
});

describe("tributary internal errors", () => {
  /** Runs the CLI with an output that fails as no input can make it fail: an internal error. */
  async function failing(argv: string[]) {
    const err: string[] = [];
    const code = await main(argv, {
      stdout: () => {
        throw new TypeError("stdout broke");
      },
      stderr: (text) => err.push(text),
      cwd: events,
    });
    return { code, stderr: err.join("\n") };
  }

  it("given an unexpected failure, when running, then it exits 70 with one line that asks to report it, and no stack trace", async () => {
    const { code, stderr } = await failing(["explain", "develop"]);

    expect(code).toBe(EXIT.internal);
    expect(code).toBe(70);
    expect(stderr.split("\n")).toEqual([
      `tributary: internal error (TypeError: stdout broke). This is a bug in Tributary, not in your input: please report it at ${REPORT_URL} with the command you ran, the output of \`tributary --version\` and that of the command run again with --debug.`,
    ]);
  });

  it("given an unexpected failure and --debug, when running, then the stack trace follows the line", async () => {
    const { code, stderr } = await failing(["explain", "develop", "--debug"]);

    expect(code).toBe(EXIT.internal);
    expect(stderr).toMatch(
      /^tributary: internal error \(TypeError: stdout broke\)\..*\nTypeError: stdout broke\n\s+at /,
    );
  });
});

describe("bin/tributary.ts", () => {
  const appDir = resolve(here, "..", "..");

  /** Runs the CLI binary as `pnpm tributary` does, from the app's folder. */
  function binary(argv: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    return spawnSync(process.execPath, ["--import", "tsx", join(appDir, "bin", "tributary.ts"), ...argv], {
      cwd: appDir,
      env,
      encoding: "utf8",
    });
  }

  it.each([
    { argv: ["plan", "scheduled.json"], status: 0, stream: "stdout", text: "Reconcile needs live state" },
    { argv: ["plan", "missing.json"], status: 1, stream: "stderr", text: "does not exist" },
    { argv: ["nope"], status: 2, stream: "stderr", text: 'unknown command "nope"' },
  ] as const)(
    "given argv $argv run from the events directory, when the binary runs, then it exits $status",
    ({ argv, status, stream, text }) => {
      // pnpm sets INIT_CWD to the directory the command was typed in; relative paths resolve against it.
      const result = binary(argv, { ...process.env, INIT_CWD: events });

      expect(result.status).toBe(status);
      expect(result[stream]).toContain(text);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it("given a reader that closes the pipe at once, when explaining, then the binary stops quietly with 0 (no EPIPE)", () => {
    // `| true` closes the pipe before the CLI writes, as `| head -3` does after three lines.
    const result = spawnSync(
      "sh",
      [
        "-c",
        `{ "${process.execPath}" --import tsx bin/tributary.ts explain feature/login; echo "exit=$?" >&2; } | true`,
      ],
      { cwd: appDir, encoding: "utf8" },
    );

    expect(result.stderr).toBe("exit=0\n");
  });

  it.each([
    { debug: false, stack: false },
    { debug: true, stack: true },
  ])(
    "given a config that fails in an unexpected way, when the binary runs (--debug $debug), then it exits 70 (stack trace $stack)",
    ({ debug }) => {
      // A default export that throws on every read: no config check expects that, so it is an internal error.
      const file = configFile(
        'export default new Proxy({}, { get() { throw new TypeError("unreadable config"); } });\n',
      );

      const result = binary(["explain", "main", "--config", file, ...(debug ? ["--debug"] : [])]);

      expect(result.status).toBe(EXIT.internal);
      const [first, ...rest] = result.stderr.trimEnd().split("\n");
      expect(first).toMatch(
        new RegExp(
          `^tributary: internal error \\(TypeError: unreadable config\\)\\. .*report it at ${REPORT_URL.replace(/[.]/g, "\\.")} `,
        ),
      );
      if (debug) expect(rest.join("\n")).toMatch(/^TypeError: unreadable config\n\s+at /);
      else expect(rest).toEqual([]);
    },
  );

  it("given a .ts config with a bad value outside an ES-module package, when the binary runs, then core's ConfigError is printed as it is", () => {
    // tsx loads such a file as CommonJS, with a copy of core of its own (another ConfigError class).
    const file = configFile(
      'export default defineConfig({ project: "acme", repository: "infra", reconcileSchedule: "every hour" });\n',
    );

    const result = binary(["explain", "main", "--config", file]);

    expect(result.status).toBe(EXIT.badInput);
    expect(result.stderr).toBe(
      'tributary: Invalid Tributary config at reconcileSchedule: "every hour" is not an EventBridge schedule expression (rate(value unit) or cron(six fields)). Fix: Use "rate(6 hours)" or "cron(0 6 * * ? *)" (every day at 06:00 UTC).\n',
    );
  });

  it("given a config file with a syntax error, when the binary runs, then it names the file, line, message and fix", () => {
    const file = configFile(
      'export default defineConfig({\n  project: "acme",\n  repository: "infra"\n  routes: {},\n});\n',
    );

    const result = binary(["explain", "main", "--config", file]);

    expect(result.status).toBe(EXIT.badInput);
    expect(result.stderr).toBe(
      `tributary: Cannot load Tributary config ${file}: syntax error at line 5, column 3: Expected "}" but found "routes" (\`routes: {},\`). Fix: Correct the TypeScript at ${file}:5:3 (a missing comma, brace or quote on that line or the one before is the usual cause).\n`,
    );
  });
});
