import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { sign } from "@octokit/webhooks-methods";
import { defineConfig, GITHUB_DELIVERY_SOURCE } from "@tributary/core";
import { type FakeGitHub, signedDelivery, startFakeGitHub, type WebhookDelivery } from "@tributary/fake-aws";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { functionUrlEvent } from "../../../test/__fixtures__/function-url";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";
import { type RecordedMetrics, recordMetrics } from "../../../test/__fixtures__/recorded-metrics";
import { METRICS_NAMESPACE, WEBHOOK_SERVICE_NAME } from "../../aws/constants";
import { createWebhookHandler, WEBHOOK_BODY_LIMIT_BYTES } from "./create-webhook-handler";

const SECRET = "whsec-4f1d9c2e-not-logged";
const CLONER = "arn:aws:lambda:eu-west-1:123456789012:function:acme-cloner";
const config = defineConfig({
  project: "acme",
  source: { provider: "github", owner: "acme", repository: "infra" },
});
const lambda = mockClient(LambdaClient);
let github: FakeGitHub;
let metrics: RecordedMetrics;
let lines: string[];
let secretReads = 0;

beforeAll(async () => {
  github = await startFakeGitHub({ repositories: { "acme/infra": "main", "mallory/infra": "main" } });
  github.repository("acme/infra").pushBranch("develop");
});
afterAll(async () => {
  await github.close();
});
beforeEach(() => {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  vi.restoreAllMocks();
  metrics = recordMetrics();
  lines = [];
  for (const level of ["info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
  }
});

const handler = createWebhookHandler({
  config,
  lambda: new LambdaClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" },
  }),
  clonerFunction: CLONER,
  webhookSecret: async () => {
    secretReads += 1;
    return SECRET;
  },
  logger: new Logger({ serviceName: WEBHOOK_SERVICE_NAME }),
  metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: WEBHOOK_SERVICE_NAME }),
  now: () => new Date("2026-01-05T09:00:00.000Z"),
});

async function deliver(delivery: Pick<WebhookDelivery, "headers" | "body">, method = "POST") {
  const result = await handler(functionUrlEvent(delivery, method), lambdaContext());
  return { status: result.statusCode, body: JSON.parse(String(result.body)) as Record<string, unknown> };
}

const invoked = () =>
  lambda
    .commandCalls(InvokeCommand)
    .map((call) => JSON.parse(Buffer.from(call.args[0].input.Payload as Uint8Array).toString("utf8")));

describe("the GitHub webhook function", () => {
  it("given a signed push that creates a branch, then it hands the branch event to the cloner asynchronously and answers 202", async () => {
    const [, push] = github.repository("acme/infra").pushBranch("feature/login");
    const delivery = await signedDelivery(push as never, SECRET);

    const answer = await deliver(delivery);

    expect(answer).toEqual({
      status: 202,
      body: { outcome: "accepted", eventId: delivery.id, eventType: "branchCreated" },
    });
    expect(lambda.commandCalls(InvokeCommand)[0]?.args[0].input).toMatchObject({
      FunctionName: CLONER,
      InvocationType: "Event",
    });
    expect(invoked()).toEqual([
      {
        id: delivery.id,
        time: "2026-01-05T09:00:00.000Z",
        source: GITHUB_DELIVERY_SOURCE,
        "detail-type": "GitHub Delivery",
        detail: expect.objectContaining({
          type: "branchCreated",
          branch: "feature/login",
          repository: "acme/infra",
        }),
      },
    ]);
    expect(metrics.names).toEqual(["DeliveriesForwarded"]);
  });

  it("given no signature, then 401 and nothing is handed on", async () => {
    const [, push] = github.repository("acme/infra").pushBranch("feature/unsigned");
    const { "x-hub-signature-256": _dropped, ...headers } = (await signedDelivery(push as never, SECRET))
      .headers;
    const answer = await deliver({ headers, body: "{}" });
    expect(answer.status).toBe(401);
    expect(answer.body.reason).toMatch(/no X-Hub-Signature-256/);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(metrics.names).toEqual(["DeliveriesRefused"]);
  });

  it("given a delivery signed with another secret, then 401 before the body is read: even a body that is not JSON", async () => {
    const body = "not json at all";
    const answer = await deliver({
      headers: {
        "x-github-event": "push",
        "x-github-delivery": "d-1",
        "x-hub-signature-256": await sign("another secret", body),
      },
      body,
    });
    expect(answer).toMatchObject({ status: 401, body: { outcome: "refused" } });
    expect(answer.body.reason).toMatch(/does not match/);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it("given a signed body that was changed on the way, then 401", async () => {
    const [, push] = github.repository("acme/infra").pushBranch("feature/tampered");
    const delivery = await signedDelivery(push as never, SECRET);
    const answer = await deliver({
      ...delivery,
      body: delivery.body.replace("feature/tampered", "feature/evil"),
    });
    expect(answer.status).toBe(401);
  });

  it("given a ping, then 202 ignored, said in the body, and nothing handed on", async () => {
    const hook = {
      id: 9,
      name: "web",
      active: true,
      events: ["push", "pull_request"],
      config: { contentType: "json", insecureSsl: "0" },
      secret: SECRET,
      createdAt: "2026-01-05T09:00:00Z",
    };
    const answer = await deliver(await signedDelivery(github.repository("acme/infra").ping(hook), SECRET));
    expect(answer).toMatchObject({
      status: 202,
      body: { outcome: "ignored", reason: expect.stringMatching(/^ping/) },
    });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(metrics.names).toEqual(["DeliveriesIgnored"]);
  });

  it("given an event Tributary does not handle, then 202 ignored with the events it needs", async () => {
    const body = JSON.stringify({ action: "created", repository: { full_name: "acme/infra" } });
    const answer = await deliver({
      headers: {
        "x-github-event": "issue_comment",
        "x-github-delivery": "d-2",
        "x-hub-signature-256": await sign(SECRET, body),
      },
      body,
    });
    expect(answer).toMatchObject({
      status: 202,
      body: { outcome: "ignored", reason: expect.stringContaining("push and pull_request") },
    });
  });

  it("given another repository's delivery, then 403 naming it, nothing handed on", async () => {
    const [, push] = github.repository("mallory/infra").pushBranch("feature/x");
    const answer = await deliver(await signedDelivery(push as never, SECRET));
    expect(answer).toMatchObject({ status: 403, body: { outcome: "refused", repository: "mallory/infra" } });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it("given a signed payload without its fields, then 400 naming every bad field (paths and fixes, no values)", async () => {
    const body = JSON.stringify({
      ref: "refs/heads/feature/x",
      repository: { full_name: "acme/infra" },
      after: "secret-value-not-echoed",
    });
    const answer = await deliver({
      headers: {
        "x-github-event": "push",
        "x-github-delivery": "d-3",
        "x-hub-signature-256": await sign(SECRET, body),
      },
      body,
    });
    expect(answer.status).toBe(400);
    expect((answer.body.problems as { path: string }[]).map((problem) => problem.path)).toEqual([
      "payload.created",
      "payload.deleted",
      "payload.before",
      "payload.after",
    ]);
    expect(JSON.stringify(answer.body)).not.toContain("secret-value-not-echoed");
  });

  it("given a signed body that is not JSON, then 400 saying to send JSON", async () => {
    const body = "payload=%7B%7D";
    const answer = await deliver({
      headers: {
        "x-github-event": "push",
        "x-github-delivery": "d-4",
        "x-hub-signature-256": await sign(SECRET, body),
      },
      body,
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { reason: expect.stringMatching(/application\/json/) },
    });
  });

  it("given a signed delivery without X-GitHub-Event, then 400", async () => {
    const body = "{}";
    const answer = await deliver({ headers: { "x-hub-signature-256": await sign(SECRET, body) }, body });
    expect(answer.status).toBe(400);
  });

  it("given a body over the limit, then 413 before the signature is checked", async () => {
    const reads = secretReads;
    const answer = await deliver({ headers: {}, body: "x".repeat(WEBHOOK_BODY_LIMIT_BYTES + 1) });
    expect(answer.status).toBe(413);
    expect(secretReads).toBe(reads);
  });

  it("given a GET, then 405", async () => {
    expect((await deliver({ headers: {}, body: "" }, "GET")).status).toBe(405);
  });

  it("given the cloner cannot be invoked, then 500 (GitHub lets a person redeliver) and a failure is counted", async () => {
    lambda
      .on(InvokeCommand)
      .rejects(Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" }));
    const [, push] = github.repository("acme/infra").pushBranch("feature/unlucky");
    const answer = await deliver(await signedDelivery(push as never, SECRET));
    expect(answer.status).toBe(500);
    expect(metrics.failureReasons).toEqual(["throttling"]);
  });

  it("given any delivery, then nothing of the body or the secret is logged", async () => {
    const repository = github.repository("acme/infra");
    repository.pushBranch("feature/quiet");
    const { events } = repository.openPullRequest({
      head: "feature/quiet",
      base: "develop",
      title: "Title-7c1e-not-logged",
    });
    for (const event of events) await deliver(await signedDelivery(event, SECRET));
    await deliver({
      headers: { "x-github-event": "push", "x-github-delivery": "d-5", "x-hub-signature-256": "sha256=00" },
      body: '{"Title-7c1e-not-logged":1}',
    });
    const logged = lines.join("\n");
    expect(lines.length).toBeGreaterThan(0);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain("Title-7c1e-not-logged");
  });
});
