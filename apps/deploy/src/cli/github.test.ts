import { defineConfig, parseGitHubDelivery } from "@tributary/core";
import { FAKE_GITHUB_TOKEN, startFakeGitHub } from "@tributary/fake-aws";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../__fixtures__/cli";
import { configFile } from "../__fixtures__/config-file";
import {
  createWebhook,
  GITHUB_EXAMPLES,
  planGitHubDelivery,
  protectionCommands,
  webhookCommands,
} from "./github";
import { EXIT } from "./main";

const GITHUB = defineConfig({
  project: "acme",
  source: { provider: "github", owner: "acme", repository: "infra" },
});
const githubConfigFile = configFile(
  'export default defineConfig({ project: "acme", source: { provider: "github", owner: "acme", repository: "infra" }, app: { region: "eu-west-1" } });\n',
);
const codeCommitConfigFile = configFile(
  'export default defineConfig({ project: "acme", repository: "infra" });\n',
);

const cli = (argv: string[]) => runCli(argv, process.cwd());

describe("the sample GitHub deliveries", () => {
  it.each(Object.entries(GITHUB_EXAMPLES))(
    "given the %s sample, when core parses it as GitHub's %s, then it is accepted and planned",
    (_kind, example) => {
      const delivery = parseGitHubDelivery(GITHUB, {
        name: example.event,
        deliveryId: "d-1",
        receivedAt: "2026-11-27T10:15:30.000Z",
        payload: example.build(GITHUB),
      });
      expect(delivery.outcome).toBe("accepted");
      expect(planGitHubDelivery(GITHUB, example.event, example.build(GITHUB)).actions.length).toBeGreaterThan(
        0,
      );
    },
  );

  it.each([
    ["github-push-created", ["createClone"]],
    ["github-push", ["startExecution"]],
    ["github-push-deleted", ["deleteClone", "teardownStack"]],
    ["github-pull-request-opened", ["createClone"]],
    ["github-pull-request-merged", ["deleteClone", "teardownStack"]],
    ["github-fork-pull-request", ["commentOnPullRequest"]],
  ] as const)("given the %s sample, when planned, then the actions are %j", (kind, types) => {
    const example = GITHUB_EXAMPLES[kind];
    const actions = planGitHubDelivery(GITHUB, example.event, example.build(GITHUB)).actions;
    expect(actions.map((action) => action.type).slice(0, types.length)).toEqual(types);
  });

  it("given the same payload twice, when planned, then the delivery id (and so every idempotency token) is the same", () => {
    const payload = GITHUB_EXAMPLES["github-push"].build(GITHUB);
    expect(planGitHubDelivery(GITHUB, "push", payload)).toEqual(planGitHubDelivery(GITHUB, "push", payload));
  });
});

describe("tributary plan --github-event", () => {
  it("given a sample printed by plan --example, when planned with --github-event, then the text names the clone", async () => {
    const sample = await cli(["plan", "--example", "github-pull-request-opened", "-c", githubConfigFile]);
    const file = configFile("").replace(/tributary\.config\.ts$/, "payload.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, sample.stdout);

    const planned = await cli(["plan", "--github-event", "pull_request", file, "-c", githubConfigFile]);

    expect(planned).toMatchObject({ code: EXIT.ok, stderr: "" });
    expect(planned.stdout).toContain("pullRequestOpened #42 feature/login → develop (repository acme/infra)");
    expect(planned.stdout).toContain("createClone acme-dev-pr-42");
  });

  it("given a CodeCommit config, when a GitHub sample is asked for, then the error names source.provider and the fix", async () => {
    const result = await cli(["plan", "--example", "github-push", "-c", codeCommitConfigFile]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.stderr).toMatch(
      /source\.provider: "codecommit" is not github.*Fix: Set source: \{ provider: "github"/,
    );
  });

  it("given --github-event with another command, then it is a usage error", async () => {
    expect((await cli(["explain", "main", "--github-event", "push"])).code).toBe(EXIT.usage);
  });
});

describe("tributary github webhook and protection", () => {
  it("given a GitHub config, when webhook runs without a token, then it prints the commands that read the URL and secret and create the hook", () => {
    expect(webhookCommands(GITHUB, "acme-tributary-cicd", "eu-west-1")).toEqual([
      `URL=$(aws cloudformation describe-stacks --stack-name acme-tributary-cicd --region eu-west-1 --query "Stacks[0].Outputs[?starts_with(OutputKey, 'GitHubWebhookUrl')].OutputValue | [0]" --output text)`,
      "SECRET=$(aws secretsmanager get-secret-value --secret-id tributary/acme/github-webhook-secret --region eu-west-1 --query SecretString --output text)",
      `gh api --method POST /repos/acme/infra/hooks -f name=web -F active=true -f 'events[]=push' -f 'events[]=pull_request' -f 'config[url]='"$URL" -f 'config[content_type]=json' -f 'config[insecure_ssl]=0' -f 'config[secret]='"$SECRET"`,
    ]);
  });

  it("given a GitHub config, when protection runs, then main and develop each get the PUT that requires tributary/acme", () => {
    const commands = protectionCommands(GITHUB);
    expect(commands.map((command) => command.split("\n")[0])).toEqual([
      "gh api --method PUT /repos/acme/infra/branches/main/protection --input - <<'JSON'",
      "gh api --method PUT /repos/acme/infra/branches/develop/protection --input - <<'JSON'",
    ]);
    const body = JSON.parse(commands[0]?.split("\n").slice(1, -1).join("\n") ?? "");
    expect(body).toEqual({
      required_status_checks: { strict: true, checks: [{ context: "tributary/acme" }] },
      enforce_admins: null,
      required_pull_request_reviews: null,
      restrictions: null,
    });
  });

  describe("against the GitHub double", () => {
    let github: Awaited<ReturnType<typeof startFakeGitHub>>;
    beforeAll(async () => {
      github = await startFakeGitHub({
        tokens: {
          [FAKE_GITHUB_TOKEN]: { repository_hooks: "write" },
          github_pat_readonly: { contents: "read" },
        },
      });
    });
    afterAll(async () => {
      await github.close();
    });

    it("given a token with Webhooks: write, when webhook --token runs, then GitHub's description accepts the request and the hook sends push and pull_request as JSON", async () => {
      vi.stubEnv("TRIBUTARY_GITHUB_API_URL", github.url);
      const result = await cli([
        "github",
        "webhook",
        "--token",
        FAKE_GITHUB_TOKEN,
        "--url",
        "https://abc.lambda-url.eu-west-1.on.aws/",
        "--secret",
        "s3cr3t",
        "-c",
        githubConfigFile,
      ]);
      vi.unstubAllEnvs();

      expect(result).toMatchObject({ code: EXIT.ok, stderr: "" });
      expect(github.errors).toEqual([]);
      expect(github.repository("acme/infra").hooks).toMatchObject([
        {
          name: "web",
          active: true,
          events: ["push", "pull_request"],
          config: { url: "https://abc.lambda-url.eu-west-1.on.aws/", contentType: "json", insecureSsl: "0" },
          secret: "s3cr3t",
        },
      ]);
    });

    it("given a token without Webhooks: write, when the webhook is created, then the error names GitHub's answer and the permission", async () => {
      await expect(
        createWebhook(GITHUB, {
          url: "https://x.on.aws/",
          secret: "s",
          token: "github_pat_readonly",
          apiUrl: github.url,
        }),
      ).rejects.toThrow(/GitHub answered 403 .*Fix: give a token with Webhooks: write on acme\/infra/);
    });
  });
});
