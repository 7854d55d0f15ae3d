/**
 * GitHub end to end, with the three bundles in child processes: a signed delivery (the GitHub double's state
 * helpers, signed by `@octokit/webhooks-methods`) into the bundled webhook function → its asynchronous Invoke of the
 * cloner (the fake's Lambda, with Lambda's two retries and the dead-letter queue) → the bundled cloner's calls at the
 * CodePipeline fake (a clone whose CodeStarSourceConnection reads the branch) → the run's events into the bundled
 * notifier and cloner → the living comment and the commit status at the GitHub double. Secrets come from Secrets
 * Manager in a real moto_server; the GitHub App's installation token is made with its RS256 JWT. Also: a fork's pull
 * request (no clone, one notice) and a bad signature (401, nothing touched). It measures the time from a delivery to
 * the cloner's first AWS call, and the AWS calls and GitHub requests of each event.
 */
import { PULL_REQUEST_RUN_KIND } from "@tributary/core";
import {
  type FakeAws,
  type FakeGitHub,
  type GitHubEvent,
  type MotoServer,
  signedDelivery,
  startMotoServer,
} from "@tributary/fake-aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotifierResult } from "../../src/functions/notifier/create-notifier";
import { pipelineExecutionEvent } from "../__fixtures__/events";
import { functionUrlEvent } from "../__fixtures__/function-url";
import type { ClonerProcess } from "./cloner-process";
import {
  CONNECTION,
  type GitHubWorld,
  startGitHubWorld,
  WEBHOOK_SECRET,
  type WebhookAnswer,
} from "./github-world";

let moto: MotoServer;
let world: GitHubWorld;
let aws: FakeAws;
let github: FakeGitHub;
let webhook: ClonerProcess<WebhookAnswer>;
let cloner: ClonerProcess;
let notifier: ClonerProcess<NotifierResult>;
/** Milliseconds from a delivery to the cloner's first AWS call, per delivery that reached the cloner. */
const latencies: number[] = [];
const costs: Array<{ event: string; aws: string[]; github: string[] }> = [];

beforeAll(async () => {
  moto = await startMotoServer();
  world = await startGitHubWorld(moto, { webhook: true, notifier: true });
  ({ aws, github, cloner } = world);
  webhook = world.webhook as ClonerProcess<WebhookAnswer>;
  notifier = world.notifier as ClonerProcess<NotifierResult>;
}, 60_000);

afterAll(async () => {
  await world?.close();
  await moto?.close();
});

/** Sends one event GitHub would send to the webhook function, waits for the cloner, and records what it cost. */
async function send(label: string, event: GitHubEvent | undefined, secret = WEBHOOK_SECRET) {
  if (event === undefined) throw new Error(`${label}: no event`);
  const delivery = await signedDelivery(event, secret);
  const awsBefore = aws.calls.length;
  const githubBefore = github.requests.length;
  const sent = Date.now();
  const invocation = await webhook.invoke(functionUrlEvent(delivery));
  if (!invocation.ok) throw new Error(`${label}: ${invocation.error.message}`);
  await aws.lambda.settled();
  const calls = aws.calls.slice(awsBefore);
  const invoke = calls.findIndex((call) => call.operation === "Invoke");
  const first = calls.slice(invoke + 1).find((call) => call.service !== "lambda");
  if (invoke >= 0 && first !== undefined) latencies.push(first.at - sent);
  costs.push({
    event: label,
    aws: calls.map((call) => call.operation),
    github: github.requests.slice(githubBefore).map((request) => request.operationId ?? request.url),
  });
  return {
    status: invocation.result.statusCode,
    body: JSON.parse(invocation.result.body) as Record<string, unknown>,
  };
}

const clone = (name: string) => aws.codePipeline.pipelines.get(name);
const sourceOf = (name: string) => {
  const stages = (clone(name)?.declaration.stages ?? []) as Array<{
    actions: Array<{ configuration: Record<string, string> }>;
  }>;
  return stages[0]?.actions[0]?.configuration;
};

describe("GitHub end to end (bundled webhook, cloner and notifier)", () => {
  it("given a signed push that creates a branch, then the clone reads that branch through the connection and its first run builds its head", async () => {
    const [, push] = github.repository("acme/infra").pushBranch("feature/login");

    const answer = await send("create feature/login", push);

    expect(answer).toMatchObject({ status: 202, body: { outcome: "accepted", eventType: "branchCreated" } });
    expect(sourceOf("acme-dev-feature-login")).toEqual({
      ConnectionArn: CONNECTION,
      FullRepositoryId: "acme/infra",
      BranchName: "feature/login",
      OutputArtifactFormat: "CODE_ZIP",
      DetectChanges: "false",
    });
    const run = aws.codePipeline.executions.findLast(
      (execution) => execution.pipelineName === "acme-dev-feature-login",
    );
    expect(run?.commitId).toBe(github.repository("acme/infra").branches.get("feature/login"));
    expect(cloner.deadLetters).toEqual([]);
  });

  it("given a push and the branch's deletion, then the clone runs the pushed commit, then goes with its stack", async () => {
    const repository = github.repository("acme/infra");
    const [pushed] = repository.pushBranch("feature/login");
    await send("push feature/login", pushed);
    const started = aws.codePipeline.executions.findLast(
      (execution) => execution.pipelineName === "acme-dev-feature-login",
    );
    expect(started?.commitId).toBe(repository.branches.get("feature/login"));

    const [, deleted] = repository.deleteBranch("feature/login");
    await send("delete feature/login", deleted);
    expect(clone("acme-dev-feature-login")).toBeUndefined();
    expect(aws.codeBuild.builds.at(-1)).toMatchObject({ projectName: "acme-stack-teardown" });
  });

  it("given a pull request's life, then its clone runs, the living comment and the commit status follow each run, and it goes when merged", async () => {
    const repository = github.repository("acme/infra");
    const [, created] = repository.pushBranch("feature/pr");
    await send("create feature/pr", created);
    const { pullRequest, events } = repository.openPullRequest({
      head: "feature/pr",
      base: "develop",
      title: "PR",
    });
    await send("PR opened", events[0]);
    const name = `acme-dev-pr-${pullRequest.number}`;
    expect(sourceOf(name)).toMatchObject({ BranchName: "feature/pr", DetectChanges: "false" });

    // The run creation started: STARTED to the notifier, then green to the notifier and the cloner.
    const run = aws.codePipeline.executions.findLast((execution) => execution.pipelineName === name);
    const runEvent = (state: "STARTED" | "SUCCEEDED") =>
      pipelineExecutionEvent(name, String(run?.pipelineExecutionId), state);
    const notify = async (event: ReturnType<typeof runEvent>) => {
      const invocation = await notifier.deliver({
        kind: PULL_REQUEST_RUN_KIND,
        eventId: event.id,
        pipeline: name,
        executionId: run?.pipelineExecutionId,
        state: event.detail.state,
        time: event.time,
        region: event.region,
        account: event.account,
        project: "acme",
        repository: world.config.repository,
      });
      if (!invocation.ok) throw new Error(invocation.error.message);
      return invocation.result;
    };
    await notify(runEvent("STARTED"));
    aws.codePipeline.finishExecution(String(run?.pipelineExecutionId), "Succeeded", [
      { stageName: "Source", actionName: "Source", status: "Succeeded" },
      { stageName: "Test", actionName: "Test", status: "Succeeded", outputVariables: { LINT_FINDINGS: "0" } },
    ]);
    const green = runEvent("SUCCEEDED");
    await notify(green);
    const reported = await cloner.deliver(green);
    expect(reported.ok && reported.result.outcomes[0]).toMatchObject({
      outcome: "reported",
      reason: "approval: approve",
    });

    const comments = repository.comments.filter((comment) => comment.issueNumber === pullRequest.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("Pipeline run **succeeded**");
    const statuses = repository.statuses.filter((status) => status.sha === pullRequest.head.sha);
    expect(statuses.map((status) => [status.context, status.state])).toEqual([
      ["tributary/acme", "pending"],
      ["tributary/acme", "success"],
    ]);

    const synchronize = repository.pushBranch("feature/pr").find((event) => event.name === "pull_request");
    await send("PR pushed (synchronize)", synchronize);
    const newHead = repository.storedPullRequest(pullRequest.number).head.sha;
    expect(
      repository.statuses.filter((status) => status.sha === newHead).map((status) => status.state),
    ).toEqual(["pending"]);
    expect(
      aws.codePipeline.executions.findLast((execution) => execution.pipelineName === name)?.commitId,
    ).toBe(newHead);

    const [merged] = repository.mergePullRequest(pullRequest.number);
    await send("PR merged", merged);
    expect(clone(name)).toBeUndefined();
    expect(github.errors).toEqual([]);
    expect(cloner.deadLetters).toEqual([]);
  });

  it("given a fork's pull request, then no clone but one comment saying why and how to run it", async () => {
    const pipelines = aws.codePipeline.pipelines.size;
    const { pullRequest, events } = github
      .repository("acme/infra")
      .openPullRequest({ head: "main", base: "develop", fork: "mallory/infra" });

    const answer = await send("fork PR opened", events[0]);

    expect(answer.status).toBe(202);
    expect(aws.codePipeline.pipelines.size).toBe(pipelines);
    const comments = github
      .repository("acme/infra")
      .comments.filter((c) => c.issueNumber === pullRequest.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("A fork's code never runs with this project's deploy roles");
  });

  it("given a delivery signed with another secret, then 401 and nothing is touched", async () => {
    const [, push] = github.repository("acme/infra").pushBranch("feature/forged");
    const awsBefore = aws.calls.length;
    const githubBefore = github.requests.length;

    const answer = await send("forged push", push, "not the secret");

    expect(answer.status).toBe(401);
    expect(aws.calls.slice(awsBefore).filter((call) => call.service !== "secretsmanager")).toEqual([]);
    expect(github.requests.length).toBe(githubBefore);
    expect(clone("acme-dev-feature-forged")).toBeUndefined();
  });

  it("prints the time from a delivery to the cloner's first AWS call, and each event's AWS calls and GitHub requests", () => {
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `delivery → cloner's first AWS call: median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms over ${sorted.length} deliveries (warm processes, local fakes)`,
    );
    for (const cost of costs) {
      console.log(
        `${cost.event}: AWS ${cost.aws.length} [${cost.aws.join(", ")}]; GitHub ${cost.github.length} [${cost.github.join(", ")}]`,
      );
    }
    expect(latencies.length).toBeGreaterThan(3);
  });
});
