/**
 * The GitHub side of the CLI: `plan --github-event <name> <payload.json>` (core's `parseGitHubDelivery`, then
 * `planEvent`), the sample deliveries `plan --example github-…` prints, `github webhook` (the commands that print
 * the webhook's URL and secret, or the webhook created with a token) and `github protection` (the API call that
 * requires the merge gate's commit status).
 */
import { createHash } from "node:crypto";
import {
  ConfigError,
  commitStatusContext,
  GITHUB_WEBHOOK_EVENTS,
  type GitHubSourceConfig,
  gitHubSecretNames,
  parseGitHubDelivery,
  planEvent,
  type TributaryConfig,
} from "@tributary/core";
import type { PlanOutput } from "./plan";

/** Where a GitHub-only command meets a CodeCommit config: the error names the field and the fix. */
export function gitHubSourceOf(config: TributaryConfig, command: string): GitHubSourceConfig {
  if (config.source.provider !== "github") {
    throw new ConfigError(
      "source.provider",
      config.source.provider,
      `is not github, which \`${command}\` needs`,
      'Set source: { provider: "github", owner, repository } in the config, or pass --config with a GitHub project\'s file.',
    );
  }
  return config.source;
}

/**
 * Plans one GitHub delivery as the webhook function and the cloner would: core's `parseGitHubDelivery` (a delivery
 * that is ignored or another repository's plans one `ignore`), then `planEvent`. The delivery id, which GitHub sends
 * as a header, is derived from the event name and the payload, so the same file always plans the same tokens.
 * Throws core's `EventError` for a malformed payload.
 *
 * @example
 * planGitHubDelivery(config, "push", payload).actions[0]?.type; // "createClone"
 */
export function planGitHubDelivery(config: TributaryConfig, name: string, payload: unknown): PlanOutput {
  const digest = createHash("sha256")
    .update(`${name}\n${JSON.stringify(payload)}`)
    .digest("hex");
  const deliveryId = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  const delivery = parseGitHubDelivery(config, {
    name,
    deliveryId,
    receivedAt: "2026-11-27T10:15:30.000Z",
    payload,
  });
  return planEvent(config, delivery.event);
}

// Shaped like GitHub's webhook payloads (github-facts: `@octokit/webhooks-types` PushEvent and PullRequestEvent), with
// the fields Tributary reads and the ones that say what happened; the tests plan each and parse it with core.
const ZERO = "0000000000000000000000000000000000000000";
const COMMIT = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const PREVIOUS_COMMIT = "6e8b2f0a9c4d1e7f3a5b8c0d2e4f6a8b0c1d3e5f";
const DEVELOP_COMMIT = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";

type GitHubExample = (config: TributaryConfig) => Record<string, unknown>;

function repositoryOf(fullName: string): Record<string, unknown> {
  const [owner = "", name = ""] = fullName.split("/");
  return { name, full_name: fullName, owner: { login: owner }, private: true, fork: false };
}

function push(change: "created" | "updated" | "deleted"): GitHubExample {
  return (config) => {
    const branch = `${config.branches.prefixes.feature}login`;
    return {
      ref: `refs/heads/${branch}`,
      before: change === "created" ? ZERO : change === "updated" ? PREVIOUS_COMMIT : COMMIT,
      after: change === "deleted" ? ZERO : COMMIT,
      created: change === "created",
      deleted: change === "deleted",
      forced: false,
      base_ref: null,
      commits: [],
      head_commit: change === "deleted" ? null : { id: COMMIT, message: "Add the login page" },
      repository: repositoryOf(config.repository),
      pusher: { name: "mary-major" },
      sender: { login: "mary-major" },
    };
  };
}

function pullRequest(
  action: "opened" | "synchronize" | "closed",
  options: { fork?: string } = {},
): GitHubExample {
  return (config) => {
    const branch = `${config.branches.prefixes.feature}login`;
    const headRepository = options.fork ?? config.repository;
    return {
      action,
      number: 42,
      pull_request: {
        number: 42,
        state: action === "closed" ? "closed" : "open",
        title: "Add login page",
        merged: action === "closed",
        head: {
          ref: branch,
          sha: COMMIT,
          repo: { ...repositoryOf(headRepository), fork: options.fork !== undefined },
        },
        base: { ref: config.branches.develop, sha: DEVELOP_COMMIT, repo: repositoryOf(config.repository) },
      },
      repository: repositoryOf(config.repository),
      sender: { login: "mary-major" },
    };
  };
}

/**
 * The sample GitHub deliveries, by kind: what `plan --example <kind>` prints (the payload; the event name is the
 * kind's `event`, given to `plan --github-event <event> <payload.json>`).
 *
 * @example
 * GITHUB_EXAMPLES["github-push-created"].event; // "push"
 */
export const GITHUB_EXAMPLES = {
  "github-push-created": {
    event: "push",
    description: "GitHub: a feature branch is pushed for the first time (push, created)",
    build: push("created"),
  },
  "github-push": {
    event: "push",
    description: "GitHub: new commits on the feature branch (push)",
    build: push("updated"),
  },
  "github-push-deleted": {
    event: "push",
    description: "GitHub: the feature branch is deleted (push, deleted)",
    build: push("deleted"),
  },
  "github-pull-request-opened": {
    event: "pull_request",
    description: "GitHub: pull request 42 from the feature branch into develop is opened",
    build: pullRequest("opened"),
  },
  "github-pull-request-synchronize": {
    event: "pull_request",
    description: "GitHub: new commits on the pull request's head branch",
    build: pullRequest("synchronize"),
  },
  "github-pull-request-merged": {
    event: "pull_request",
    description: "GitHub: the pull request is merged (closed, merged: its clone goes)",
    build: pullRequest("closed"),
  },
  "github-fork-pull-request": {
    event: "pull_request",
    description: "GitHub: a pull request from a fork is opened (no clone; one comment says why)",
    build: pullRequest("opened", { fork: "mallory/infra" }),
  },
} as const satisfies Record<
  string,
  { readonly event: string; readonly description: string; readonly build: GitHubExample }
>;

/**
 * The commands that print the webhook's URL (the CI/CD stack's output) and secret (Secrets Manager), and the `gh`
 * command that creates the webhook with them (`POST /repos/{owner}/{repo}/hooks`: content type json, events push and
 * pull_request; Webhooks: write).
 *
 * @example
 * webhookCommands(config, "acme-tributary-cicd", "eu-west-1").join("\n");
 */
export function webhookCommands(
  config: TributaryConfig,
  stackName: string,
  region: string | undefined,
): readonly string[] {
  const source = gitHubSourceOf(config, "github webhook");
  const regionOption = region === undefined ? "" : ` --region ${region}`;
  return [
    `URL=$(aws cloudformation describe-stacks --stack-name ${stackName}${regionOption} --query "Stacks[0].Outputs[?starts_with(OutputKey, 'GitHubWebhookUrl')].OutputValue | [0]" --output text)`,
    `SECRET=$(aws secretsmanager get-secret-value --secret-id ${gitHubSecretNames(config).webhook}${regionOption} --query SecretString --output text)`,
    `gh api --method POST /repos/${source.fullName}/hooks -f name=web -F active=true ${GITHUB_WEBHOOK_EVENTS.map((event) => `-f 'events[]=${event}'`).join(" ")} -f 'config[url]='"$URL" -f 'config[content_type]=json' -f 'config[insecure_ssl]=0' -f 'config[secret]='"$SECRET"`,
  ];
}

/**
 * Creates the webhook with `token` (Webhooks: write on the repository): `POST /repos/{owner}/{repo}/hooks` with
 * `name: "web"`, `active`, the events `push` and `pull_request`, and `config.{url, content_type: "json", secret,
 * insecure_ssl: "0"}` (github-facts: `@octokit/openapi` `repos/create-webhook`). Returns the hook's id; GitHub then
 * sends a `ping`, which the function answers 202 `ignored`. Throws with GitHub's message on any other answer.
 *
 * @example
 * await createWebhook(config, { url, secret, token: process.env.GITHUB_TOKEN ?? "" }); // 12345678
 */
export async function createWebhook(
  config: TributaryConfig,
  options: {
    readonly url: string;
    readonly secret: string;
    readonly token: string;
    readonly apiUrl?: string;
    readonly fetch?: typeof fetch;
  },
): Promise<number> {
  const source = gitHubSourceOf(config, "github webhook");
  const api = (options.apiUrl ?? "https://api.github.com").replace(/\/+$/, "");
  const answer = await (options.fetch ?? fetch)(`${api}/repos/${source.fullName}/hooks`, {
    method: "POST",
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${options.token}`,
      "content-type": "application/json",
      "x-github-api-version": "2022-11-28",
      "user-agent": "tributary-cli",
    },
    body: JSON.stringify({
      name: "web",
      active: true,
      events: [...GITHUB_WEBHOOK_EVENTS],
      config: { url: options.url, content_type: "json", secret: options.secret, insecure_ssl: "0" },
    }),
  });
  const body = (await answer.json().catch(() => ({}))) as { id?: unknown; message?: unknown };
  if (answer.status !== 201 || typeof body.id !== "number") {
    const message = typeof body.message === "string" ? body.message : "no message";
    throw new GitHubCommandError(
      `GitHub answered ${answer.status} (${message}) to creating the webhook of ${source.fullName}. Fix: give a token with Webhooks: write on ${source.fullName} (a fine-grained token or an App installation's), or create it by hand with the commands \`tributary github webhook\` prints without --token.`,
    );
  }
  return body.id;
}

/** A GitHub request of the CLI that GitHub refused (bad input: the token, the repository). */
export class GitHubCommandError extends Error {
  override readonly name = "GitHubCommandError";
}

/**
 * The branches whose merges the gate should guard: the branches pull requests get a pipeline for (main and
 * develop, the ones a pull request routes to by default).
 */
function protectedBranches(config: TributaryConfig): readonly string[] {
  return [config.branches.main, config.branches.develop];
}

/**
 * What `github protection` prints: for each of main and develop, the `gh api` call that requires the merge gate's
 * commit status (`tributary/<project>`, core's `commitStatusContext`) with `PUT /repos/{owner}/{repo}/branches/
 * {branch}/protection` (Administration: write, a person's one-time step). A PUT replaces the branch's protection:
 * the body keeps only this requirement, so compare it with the current one (`gh api …/protection`) first.
 *
 * @example
 * protectionCommands(config)[0]; // "gh api --method PUT /repos/acme/infra/branches/main/protection --input - <<'JSON'\n…"
 */
export function protectionCommands(config: TributaryConfig): readonly string[] {
  const source = gitHubSourceOf(config, "github protection");
  const body = {
    required_status_checks: { strict: true, checks: [{ context: commitStatusContext(config) }] },
    enforce_admins: null,
    required_pull_request_reviews: null,
    restrictions: null,
  };
  return protectedBranches(config).map(
    (branch) =>
      `gh api --method PUT /repos/${source.fullName}/branches/${branch}/protection --input - <<'JSON'\n${JSON.stringify(body, null, 2)}\nJSON`,
  );
}
