/**
 * The deliveries the double builds are GitHub's: payloads from its published examples with the double's state
 * written in, valid against each event's schema in GitHub's description (`x-webhooks`), signed so that GitHub's own
 * `verify` (`@octokit/webhooks-methods`) accepts them.
 */
import { sign, verify } from "@octokit/webhooks-methods";
import type { PullRequestClosedEvent, PullRequestEditedEvent } from "@octokit/webhooks-types";
import { beforeEach, describe, expect, it } from "vitest";
import { isObject, type JsonObject } from "../json";
import { FakeClock, FakeGitHubRepository } from "./fake-github-repository";
import { GitHubDescription } from "./openapi-description";
import { validateAgainst } from "./schema-validation";
import { signedDelivery } from "./webhook-deliveries";
import { exampleEvents, type GitHubEvent, NULL_SHA } from "./webhook-events";

const SECRET = "webhook secret of acme/infra";
const description = GitHubDescription.load();

/** The x-webhooks entry of an event: `pull_request` with `opened` is `pull-request-opened`. */
function webhookSchema(event: GitHubEvent): JsonObject {
  const action = "action" in event.payload ? `-${String(event.payload.action)}` : "";
  const webhook = description.webhook(`${event.name.replaceAll("_", "-")}${action}`);
  const body = isObject(webhook.requestBody) ? webhook.requestBody.content : undefined;
  const json = isObject(body) ? body["application/json"] : undefined;
  if (!isObject(json) || !isObject(json.schema)) throw new Error(`no schema for ${event.name}${action}`);
  return json.schema;
}

let repository: FakeGitHubRepository;

beforeEach(() => {
  repository = new FakeGitHubRepository("acme/infra", "main", new FakeClock());
  repository.pushBranch("develop");
});

function only<T>(events: readonly T[], index = 0): T {
  const event = events[index];
  if (event === undefined) throw new Error(`no event at ${index}`);
  return event;
}

describe("the events a developer's actions produce match GitHub's description of each event", () => {
  const cases: ReadonlyArray<readonly [string, () => GitHubEvent[]]> = [
    ["create (a new branch)", () => repository.pushBranch("feature/login").slice(0, 1)],
    ["push (a new branch)", () => repository.pushBranch("feature/login").slice(1)],
    ["push (a moved branch)", () => repository.pushBranch("develop")],
    ["delete and push (a deleted branch)", () => repository.deleteBranch("develop")],
    ["pull_request opened", () => repository.openPullRequest({ head: "develop", base: "main" }).events],
    [
      "pull_request opened from a fork",
      () => repository.openPullRequest({ head: "patch-1", base: "main", fork: "mallory/infra" }).events,
    ],
    [
      "pull_request synchronize",
      () => {
        repository.openPullRequest({ head: "develop", base: "main" });
        return repository.pushBranch("develop").slice(1);
      },
    ],
    [
      "pull_request closed (not merged)",
      () =>
        repository.closePullRequest(
          repository.openPullRequest({ head: "develop", base: "main" }).pullRequest.number,
        ),
    ],
    [
      "pull_request closed (merged) and the push to the base",
      () =>
        repository.mergePullRequest(
          repository.openPullRequest({ head: "develop", base: "main" }).pullRequest.number,
        ),
    ],
    [
      "pull_request reopened",
      () => {
        const { number } = repository.openPullRequest({ head: "develop", base: "main" }).pullRequest;
        repository.closePullRequest(number);
        return repository.reopenPullRequest(number);
      },
    ],
    [
      "pull_request edited (base changed)",
      () => {
        repository.pushBranch("release/1.2.0");
        const { number } = repository.openPullRequest({ head: "develop", base: "main" }).pullRequest;
        return repository.changeBase(number, "release/1.2.0");
      },
    ],
    [
      "ping",
      () => [
        repository.ping({
          id: 7,
          name: "web",
          active: true,
          events: ["create", "delete", "push", "pull_request"],
          config: { url: "https://hooks.example.com/github", contentType: "json", insecureSsl: "0" },
          secret: SECRET,
          createdAt: "2026-01-05T09:00:00Z",
        }),
      ],
    ],
  ];

  it.each(cases)(
    "given %s, when its payload is checked, then it validates against its x-webhooks schema",
    (_, act) => {
      const events = act();

      expect(events.length).toBeGreaterThan(0);
      for (const event of events)
        expect(validateAgainst(webhookSchema(event), event.payload, event.name)).toEqual([]);
    },
  );
});

describe("the events carry the double's state", () => {
  it("given a new branch, when pushed, then create names the branch and push is created from the null sha", () => {
    const [create, push] = repository.pushBranch("feature/login", "a".repeat(40));

    expect(create).toMatchObject({ name: "create", payload: { ref: "feature/login", ref_type: "branch" } });
    expect(push).toMatchObject({
      name: "push",
      payload: { ref: "refs/heads/feature/login", before: NULL_SHA, after: "a".repeat(40), created: true },
    });
    expect(push?.payload.repository?.full_name).toBe("acme/infra");
  });

  it("given a branch, when deleted, then push says deleted with the null sha after and no head commit", () => {
    const [remove, push] = repository.deleteBranch("develop");

    expect(remove).toMatchObject({ name: "delete", payload: { ref: "develop", ref_type: "branch" } });
    expect(push).toMatchObject({
      payload: { deleted: true, after: NULL_SHA, head_commit: null, commits: [] },
    });
  });

  it("given a fork's pull request, when opened, then its head repository is the fork", () => {
    const { events } = repository.openPullRequest({ head: "patch-1", base: "main", fork: "mallory/infra" });

    const { payload } = only(events) as {
      payload: {
        pull_request: { head: { repo: { full_name: string; fork: boolean } | null }; base: { ref: string } };
      };
    };
    expect(payload.pull_request.head.repo).toMatchObject({ full_name: "mallory/infra", fork: true });
    expect(payload.pull_request.base.ref).toBe("main");
  });

  it("given an open pull request, when merged, then closed says merged and the base branch moves", () => {
    const { pullRequest } = repository.openPullRequest({ head: "develop", base: "main" });

    const [closed, push] = repository.mergePullRequest(pullRequest.number);

    const payload = closed?.payload as PullRequestClosedEvent;
    expect(payload.pull_request).toMatchObject({ merged: true, state: "closed", number: pullRequest.number });
    expect(push?.payload).toMatchObject({ ref: "refs/heads/main", after: repository.branches.get("main") });
  });

  it("given an open pull request, when its base changes, then edited carries the old base in changes.base", () => {
    repository.pushBranch("release/1.2.0");
    const { pullRequest } = repository.openPullRequest({ head: "develop", base: "main" });
    const oldBase = repository.branches.get("main");

    const payload = only(repository.changeBase(pullRequest.number, "release/1.2.0"))
      .payload as PullRequestEditedEvent;

    expect(payload.changes.base).toEqual({ ref: { from: "main" }, sha: { from: oldBase } });
    expect(payload.pull_request.base.ref).toBe("release/1.2.0");
  });
});

describe("the published examples load and are typed", () => {
  it.each([
    ["create", 1],
    ["delete", 1],
    ["push", 1],
    ["ping", 1],
  ] as const)(
    "given @octokit/webhooks-examples, when the %s examples are read, then there are some",
    (name, least) => {
      expect(exampleEvents(name).length).toBeGreaterThanOrEqual(least);
    },
  );

  it.each(["opened", "reopened", "synchronize", "closed"] as const)(
    "given @octokit/webhooks-examples, when the pull_request %s examples are read, then each has that action",
    (action) => {
      const examples = exampleEvents("pull_request", (example) => example.action === action);

      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(example.pull_request.number).toBeTypeOf("number");
    },
  );

  it("given @octokit/webhooks-examples, when pull_request edited is looked for, then it has none (the double builds it)", () => {
    expect(exampleEvents("pull_request", (example) => example.action === "edited")).toEqual([]);
  });
});

describe("signed deliveries", () => {
  it("given GitHub's documented test values, when @octokit/webhooks-methods signs them, then it gives GitHub's signature", async () => {
    // GitHub Docs, "Validating webhook deliveries", Testing the webhook payload validation.
    expect(await sign("It's a Secret to Everybody", "Hello, World!")).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });

  it("given a push, when delivered, then GitHub's verify accepts the signature over the raw body", async () => {
    const delivery = await signedDelivery(only(repository.pushBranch("develop")), SECRET);

    expect(await verify(SECRET, delivery.body, String(delivery.headers["x-hub-signature-256"]))).toBe(true);
  });

  it("given a delivery, when its body is changed by one byte, then the signature no longer verifies", async () => {
    const delivery = await signedDelivery(only(repository.pushBranch("develop")), SECRET);

    const tampered = delivery.body.replace("develop", "devel0p");

    expect(await verify(SECRET, tampered, String(delivery.headers["x-hub-signature-256"]))).toBe(false);
  });

  it("given a delivery, when verified with another secret, then it is refused", async () => {
    const delivery = await signedDelivery(only(repository.pushBranch("develop")), SECRET);

    expect(
      await verify("another secret", delivery.body, String(delivery.headers["x-hub-signature-256"])),
    ).toBe(false);
  });

  it("given an event, when delivered, then it carries GitHub's delivery headers and a GUID", async () => {
    const delivery = await signedDelivery(only(repository.pushBranch("feature/login")), SECRET, {
      hookId: 7,
    });

    expect(delivery.headers).toMatchObject({
      "content-type": "application/json",
      "x-github-event": "create",
      "x-github-hook-id": "7",
      "x-github-hook-installation-target-type": "repository",
    });
    expect(delivery.headers["user-agent"]).toMatch(/^GitHub-Hookshot\//);
    expect(delivery.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(delivery.headers["x-github-delivery"]).toBe(delivery.id);
  });

  it("given a delivery id, when the event is delivered again, then the redelivery keeps the id", async () => {
    const event = only(repository.pushBranch("develop"));
    const first = await signedDelivery(event, SECRET);

    const again = await signedDelivery(event, SECRET, { deliveryId: first.id });

    expect(again.headers["x-github-delivery"]).toBe(first.id);
  });
});
