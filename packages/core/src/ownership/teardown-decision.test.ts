import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config } from "../__fixtures__/arbitraries.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import { ownershipRule } from "./ownership.js";
import {
  type TeardownFacts,
  type TeardownRequest,
  teardownDecision,
  teardownRequestOf,
  teardownRequestVariables,
} from "./teardown-decision.js";

const rule = ownershipRule(config);
const STACK = "acme-dev-feature-x";
const NOW = "2026-11-27T12:00:00Z";
const ephemeral = { [MANAGED_TAGS.ephemeral]: "true", [MANAGED_TAGS.project]: "acme" };
const clone = (extra: Record<string, string> = {}) => ({
  [MANAGED_TAGS.managed]: "true",
  [MANAGED_TAGS.project]: "acme",
  [MANAGED_TAGS.stack]: STACK,
  ...extra,
});
const removed: TeardownRequest = { stackName: STACK, pipelineName: STACK, reason: "removed" };
const facts = (overrides: Partial<TeardownFacts> = {}): TeardownFacts => ({
  stack: { tags: ephemeral },
  pipelines: { [STACK]: undefined },
  now: NOW,
  ...overrides,
});

describe("teardownDecision", () => {
  describe("Compliance: the stack is deleted", () => {
    it.each<[string, TeardownRequest, TeardownFacts]>([
      ["an ephemeral stack whose clone is gone", removed, facts()],
      ["an orphan with no clone named", { stackName: STACK, reason: "orphan" }, facts({ pipelines: {} })],
      [
        "a stack whose listed pipeline deploys another stack",
        removed,
        facts({ pipelines: { "acme-dev-feature-y": clone({ [MANAGED_TAGS.stack]: "acme-dev-feature-y" }) } }),
      ],
      [
        "a stack named by a pipeline that is not a managed clone",
        removed,
        facts({ pipelines: { [STACK]: { [MANAGED_TAGS.stack]: STACK, [MANAGED_TAGS.project]: "acme" } } }),
      ],
      [
        "an idle clone's stack with no run since the idle check",
        { ...removed, reason: "idle", idleSince: "2026-11-20T12:00:00Z" },
        facts({ pipelines: { [STACK]: clone({ [MANAGED_TAGS.lastRun]: "2026-11-20T12:00:00Z" }) } }),
      ],
      [
        "an idle clone's stack whose keep ran out",
        { ...removed, reason: "idle", idleSince: "2026-11-20T12:00:00Z" },
        facts({ pipelines: { [STACK]: clone({ [MANAGED_TAGS.keepUntil]: "2026-11-27T11:00:00Z" }) } }),
      ],
    ])("given %s, when decided, then delete", (_case, request, given) => {
      expect(teardownDecision(rule, request, given).action).toBe("delete");
    });
  });

  describe("Noncompliance: the build refuses and deletes nothing", () => {
    it.each<[string, TeardownRequest, TeardownFacts, string]>([
      ["no stack name", { ...removed, stackName: "" }, facts(), "STACK_NAME is empty"],
      [
        "a stack outside the prefix",
        { ...removed, stackName: "shop-dev-feature-x" },
        facts(),
        "does not start with acme-",
      ],
      ...rule.protectedStacks.map((name): [string, TeardownRequest, TeardownFacts, string] => [
        `the protected stack ${name}`,
        { ...removed, stackName: name },
        facts(),
        "protected stack",
      ]),
      [
        "a nested stack",
        removed,
        facts({ stack: { tags: ephemeral, parentId: "arn:…:stack/acme-dev-feature-x/1" } }),
        "nested in",
      ],
      [
        "a stack without the ephemeral tag",
        removed,
        facts({ stack: { tags: { [MANAGED_TAGS.project]: "acme" } } }),
        "lacks the tags tributary:ephemeral=true",
      ],
      [
        "another project's stack",
        removed,
        facts({ stack: { tags: { ...ephemeral, [MANAGED_TAGS.project]: "shop" } } }),
        "lacks the tags tributary:project=acme",
      ],
      [
        "a stack that a clone created again deploys",
        removed,
        facts({ pipelines: { [STACK]: clone() } }),
        "the live clone acme-dev-feature-x deploys it",
      ],
      [
        "an orphan that a listed live clone deploys",
        { stackName: STACK, reason: "orphan" },
        facts({ pipelines: { "acme-dev-feature-x": clone() } }),
        "deploys it",
      ],
      [
        "an idle clone that ran since the idle check",
        { ...removed, reason: "idle", idleSince: "2026-11-20T12:00:00Z" },
        facts({ pipelines: { [STACK]: clone({ [MANAGED_TAGS.lastRun]: "2026-11-26T12:00:00Z" }) } }),
        "ran or was kept since",
      ],
      [
        "an idle clone kept beyond now",
        { ...removed, reason: "idle", idleSince: "2026-11-20T12:00:00Z" },
        facts({ pipelines: { [STACK]: clone({ [MANAGED_TAGS.keepUntil]: "2026-12-01T00:00:00Z" }) } }),
        "ran or was kept since",
      ],
    ])("given %s, when decided, then refuse", (_case, request, given, message) => {
      const decision = teardownDecision(rule, request, given);

      expect(decision.action).toBe("refuse");
      expect(decision.message).toContain(message);
    });
  });

  it("given a stack that does not exist, when decided, then nothing is to be done", () => {
    expect(teardownDecision(rule, removed, facts({ stack: undefined }))).toEqual({
      action: "nothing",
      message: `Stack ${STACK} does not exist: nothing to tear down`,
    });
  });

  it("given any facts, when a managed clone of the project names the stack, then only its own idle teardown may delete", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<TeardownRequest["reason"]>("removed", "orphan", "idle"),
        fc.constantFrom(STACK, "acme-dev-feature-y"),
        fc.option(fc.constantFrom("2026-11-20T00:00:00Z", "2026-11-26T00:00:00Z"), { nil: undefined }),
        (reason, pipelineName, lastRun) => {
          const tags = clone(lastRun === undefined ? {} : { [MANAGED_TAGS.lastRun]: lastRun });
          const decision = teardownDecision(
            rule,
            { stackName: STACK, pipelineName, reason, idleSince: "2026-11-21T00:00:00Z" },
            facts({ pipelines: { [pipelineName]: tags } }),
          );
          const ownIdle = reason === "idle" && lastRun !== "2026-11-26T00:00:00Z";
          expect(decision.action).toBe(ownIdle ? "delete" : "refuse");
        },
      ),
    );
  });
});

describe("teardown request variables", () => {
  it("given a request, when written as StartBuild overrides and read back, then it is the same request", () => {
    const request: TeardownRequest = {
      stackName: STACK,
      pipelineName: STACK,
      reason: "idle",
      idleSince: "2026-11-20T12:00:00Z",
    };

    expect(teardownRequestOf(teardownRequestVariables(request))).toEqual(request);
  });

  it("given only STACK_NAME (a build started before reasons existed), when read, then it is a removal of that stack", () => {
    expect(teardownRequestOf({ STACK_NAME: STACK })).toEqual({
      stackName: STACK,
      pipelineName: undefined,
      reason: "removed",
      idleSince: undefined,
    });
  });
});
