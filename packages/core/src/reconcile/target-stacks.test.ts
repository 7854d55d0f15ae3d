import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { teardownTargets } from "../config/target-roles.js";
import { teardownToken } from "../events/plan-event.js";
import { MANAGED_TAGS } from "../shared/constants.js";
import type { ListedStack } from "./stack-sweep.js";
import {
  buildTargetListing,
  listTargetStacksAction,
  parseTargetListingSource,
  readTargetListing,
  stackOfArn,
  sweptStacks,
  TARGET_LISTING_VERSION,
  type TaggedResource,
  type TargetStackListing,
  targetListingKey,
  targetListingMaxAgeMs,
  targetListingRequestVariables,
  targetListingToken,
} from "./target-stacks.js";

const PROD = { account: "333333333333", region: "eu-central-1" };
const targets = teardownTargets("acme", [
  { name: "qa", account: "222222222222", region: "eu-west-1" },
  { name: "prod", ...PROD },
]);
const ephemeral = { [MANAGED_TAGS.ephemeral]: "true", [MANAGED_TAGS.project]: "acme" };
const resource = (
  name: string,
  tags: Record<string, string> = ephemeral,
  where: { account: string; region: string } = PROD,
): TaggedResource => ({
  ResourceARN: `arn:aws:cloudformation:${where.region}:${where.account}:stack/${name}/0f1e2d3c-aaaa-bbbb-cccc-000000000001`,
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});
const build = (resources: readonly TaggedResource[]) =>
  buildTargetListing({ project: "acme", ...PROD, listedAt: "2026-12-07T22:00:00Z", targets, resources });
const HOUR = 60 * 60 * 1000;

describe("stackOfArn", () => {
  it.each([
    [
      "arn:aws:cloudformation:eu-central-1:333333333333:stack/acme-prod-pr-7/1b2c",
      { account: "333333333333", region: "eu-central-1", name: "acme-prod-pr-7" },
    ],
    [
      "arn:aws-cn:cloudformation:cn-north-1:333333333333:stack/acme-prod-pr-7/1b2c",
      { account: "333333333333", region: "cn-north-1", name: "acme-prod-pr-7" },
    ],
    ["arn:aws:codepipeline:eu-central-1:333333333333:acme-prod-pr-7", undefined],
    ["arn:aws:cloudformation:eu-central-1:333333333333:changeSet/tributary-preview-1/1b2c", undefined],
    ["arn:aws:cloudformation:eu-central-1:333333333333:stack//1b2c", undefined],
    ["not an arn", undefined],
  ])("reads %s as %o", (arn, expected) => {
    expect(stackOfArn(arn)).toEqual(expected);
  });
});

describe("buildTargetListing", () => {
  it("keeps the project's stacks under the target's prefixes with their tributary tags only", () => {
    const listing = build([
      resource("acme-prod-pr-7", { ...ephemeral, "tributary:stack": "acme-prod-pr-7", owner: "team-a" }),
    ]);
    expect(listing).toEqual({
      version: TARGET_LISTING_VERSION,
      ...PROD,
      listedAt: "2026-12-07T22:00:00Z",
      stacks: [{ name: "acme-prod-pr-7", tags: { ...ephemeral, "tributary:stack": "acme-prod-pr-7" } }],
    });
  });

  it.each([
    [
      "another project's stack",
      resource("acme-prod-pr-8", { ...ephemeral, [MANAGED_TAGS.project]: "other" }),
    ],
    ["a stack without the project tag", resource("acme-prod-pr-8", { [MANAGED_TAGS.ephemeral]: "true" })],
    ["a stack under no remote environment's prefix here", resource("acme-qa-pr-8")],
    [
      "the same name in another account",
      resource("acme-prod-pr-8", ephemeral, { ...PROD, account: "444444444444" }),
    ],
    [
      "the same name in another region",
      resource("acme-prod-pr-8", ephemeral, { ...PROD, region: "eu-west-1" }),
    ],
    [
      "a pipeline",
      { ResourceARN: "arn:aws:codepipeline:eu-central-1:333333333333:acme-prod-pr-8", Tags: [] },
    ],
    ["a resource without an ARN", { Tags: [{ Key: MANAGED_TAGS.project, Value: "acme" }] }],
  ])("leaves out %s", (_case, left) => {
    expect(build([left]).stacks).toEqual([]);
  });

  it("lists a stack only in the target a teardown of its name reaches (the longest prefix)", () => {
    const nested = [
      { stackPrefix: "acme-prod-", ...PROD, roleName: "acme-tributary-prod-teardown" },
      {
        stackPrefix: "acme-prod-x-",
        account: "444444444444",
        region: PROD.region,
        roleName: "other-teardown",
      },
    ];
    const listing = buildTargetListing({
      project: "acme",
      ...PROD,
      listedAt: "2026-12-07T22:00:00Z",
      targets: nested,
      resources: [resource("acme-prod-x-pr-1"), resource("acme-prod-pr-2")],
    });
    expect(listing.stacks.map((stack) => stack.name)).toEqual(["acme-prod-pr-2"]);
  });

  it("lists a stack once and the stacks by name, whatever the pages' order", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(
          ["acme-prod-pr-1", "acme-prod-feature-a", "acme-prod-hotfix-b", "acme-prod-pr-1"],
          {
            minLength: 1,
          },
        ),
        (names) => {
          const listed = build(names.map((name) => resource(name))).stacks.map((stack) => stack.name);
          expect(listed).toEqual([...new Set(names)].sort());
        },
      ),
    );
  });
});

describe("readTargetListing", () => {
  const listing = build([resource("acme-prod-pr-7"), resource("acme-prod-feature-a")]);
  const read = (text: string, now = "2026-12-07T23:00:00Z") =>
    readTargetListing(text, PROD, now, targetListingMaxAgeMs("rate(1 hour)"));

  it("reads back what buildTargetListing made", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { maxLength: 8 }), (suffixes) => {
        const made = build(suffixes.map((suffix) => resource(`acme-prod-${suffix}`)));
        expect(read(JSON.stringify(made))).toEqual({ listing: made });
      }),
    );
  });

  it.each([
    ["text that is not JSON", "{", "is not JSON"],
    ["a JSON list", "[]", "is not a JSON object"],
    ["another version", JSON.stringify({ ...listing, version: 2 }), "has version 2, not 1"],
    [
      "another account's listing",
      JSON.stringify({ ...listing, account: "444444444444" }),
      "not 333333333333/eu-central-1",
    ],
    [
      "another region's listing",
      JSON.stringify({ ...listing, region: "eu-west-1" }),
      "not 333333333333/eu-central-1",
    ],
    [
      "a listing without a time",
      JSON.stringify({ ...listing, listedAt: "yesterday" }),
      "has no time in listedAt",
    ],
    ["a listing without stacks", JSON.stringify({ ...listing, stacks: {} }), "has no stacks list"],
    [
      "a stack whose tag is not a string",
      JSON.stringify({ ...listing, stacks: [{ name: "acme-prod-pr-7", tags: { "tributary:project": 1 } }] }),
      "has stacks[0] that is not { name, tags }",
    ],
    ["a stack without a name", JSON.stringify({ ...listing, stacks: [{ tags: {} }] }), "has stacks[0]"],
  ])("refuses %s, with the listing build to look at", (_case, text, problem) => {
    const answer = read(text);
    expect(answer).toMatchObject({ problem: expect.stringContaining(problem) });
    expect(answer).toMatchObject({
      fix: expect.stringContaining(targetListingKey(PROD.account, PROD.region)),
    });
  });

  it("refuses a listing older than the maximum age, and reads one just within it", () => {
    const maxAge = targetListingMaxAgeMs("rate(1 hour)");
    const at = (ms: number) => new Date(Date.parse(listing.listedAt) + ms).toISOString();
    expect(read(JSON.stringify(listing), at(maxAge))).toHaveProperty("listing");
    expect(read(JSON.stringify(listing), at(maxAge + 1))).toMatchObject({
      problem: expect.stringContaining("more than the 24 hours a listing may be old"),
    });
  });
});

describe("targetListingMaxAgeMs", () => {
  it.each([
    ["rate(1 hour)", 24 * HOUR],
    ["rate(15 minutes)", 24 * HOUR],
    ["rate(12 hours)", 25 * HOUR],
    ["rate(1 day)", 49 * HOUR],
    ["rate(3 days)", 145 * HOUR],
    ["cron(0 6 ? * MON *)", 8 * 24 * HOUR],
  ])("gives %s listings %d ms", (schedule, maxAge) => {
    expect(targetListingMaxAgeMs(schedule)).toBe(maxAge);
  });
});

describe("targetListingRequestVariables", () => {
  it("asks the teardown project for its list-targets mode", () => {
    expect(targetListingRequestVariables()).toEqual({ TEARDOWN_MODE: "list-targets" });
  });
});

describe("parseTargetListingSource", () => {
  it("reads the bucket and the targets", () => {
    const value = JSON.stringify({ bucket: "acme-artifacts", targets: [PROD] });
    expect(parseTargetListingSource(value)).toEqual({ bucket: "acme-artifacts", targets: [PROD] });
  });

  it.each([[undefined], [""]])("reads %o as no remote targets", (value) => {
    expect(parseTargetListingSource(value)).toBeUndefined();
  });

  it.each([
    ["{"],
    ["[]"],
    [JSON.stringify({ targets: [] })],
    [JSON.stringify({ bucket: "", targets: [] })],
    [JSON.stringify({ bucket: "b", targets: {} })],
    [JSON.stringify({ bucket: "b", targets: [{ account: 333333333333, region: "eu-central-1" }] })],
  ])("refuses %s, naming the variable and the fix", (value) => {
    expect(() => parseTargetListingSource(value)).toThrow(
      /TRIBUTARY_TARGET_LISTINGS is .*Fix: deploy the cloner/,
    );
  });
});

describe("targetListingToken", () => {
  it("given the same scheduled event twice (a redelivery), then the token is the same", () => {
    expect(targetListingToken("ev-1")).toBe(targetListingToken("ev-1"));
  });

  it("given any two event ids, then their tokens differ exactly when the ids do, and none equals a teardown's token", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        expect(targetListingToken(a) === targetListingToken(b)).toBe(a === b);
        expect(targetListingToken(a)).not.toBe(teardownToken(a, "acme-dev-feature-x"));
        expect(targetListingToken(a)).toMatch(/^tributary-[0-9a-z]+$/);
      }),
    );
  });
});

describe("listTargetStacksAction", () => {
  it("given targets, then it plans one listing build for them with the event's token", () => {
    expect(listTargetStacksAction("ev-1", [{ ...PROD, extra: "dropped" } as typeof PROD])).toEqual({
      type: "listTargetStacks",
      targets: [PROD],
      idempotencyToken: targetListingToken("ev-1"),
    });
  });
});

describe("sweptStacks", () => {
  const listed = (name: string, tags: Record<string, string> = ephemeral): ListedStack => ({ name, tags });
  const listingOf = (...stacks: ListedStack[]): TargetStackListing => ({
    version: TARGET_LISTING_VERSION,
    ...PROD,
    listedAt: "2026-12-07T22:00:00Z",
    stacks,
  });

  it.each<[string, ListedStack[], TargetStackListing[], ListedStack[]]>([
    [
      "no listing: the CI/CD account's own stacks",
      [listed("acme-dev-feature-a")],
      [],
      [listed("acme-dev-feature-a")],
    ],
    [
      "a listing: its stacks, then the own ones",
      [listed("acme-dev-feature-a")],
      [listingOf(listed("acme-prod-hotfix-b"))],
      [listed("acme-prod-hotfix-b"), listed("acme-dev-feature-a")],
    ],
    [
      "a name in a listing and in the CI/CD account: the listed stack (the one a teardown of that name reaches)",
      [listed("acme-prod-hotfix-b", { [MANAGED_TAGS.project]: "acme" })],
      [listingOf(listed("acme-prod-hotfix-b"))],
      [listed("acme-prod-hotfix-b")],
    ],
    [
      "a name in two listings: the first",
      [],
      [listingOf(listed("acme-prod-hotfix-b")), listingOf(listed("acme-prod-hotfix-b", {}))],
      [listed("acme-prod-hotfix-b")],
    ],
  ])("given %s, then those are swept", (_case, own, listings, expected) => {
    expect(sweptStacks(own, listings)).toEqual(expected);
  });

  it("given any own stacks and listings, then every name of either is swept exactly once", () => {
    const names = fc.array(fc.constantFrom("acme-dev-a", "acme-dev-b", "acme-prod-c", "acme-prod-d"), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(names, fc.array(names, { maxLength: 3 }), (own, listings) => {
        const swept = sweptStacks(
          own.map((name) => listed(name)),
          listings.map((stacks) => listingOf(...stacks.map((name) => listed(name)))),
        ).map((stack) => stack.name);
        expect(new Set(swept).size).toBe(swept.length);
        expect(new Set(swept)).toEqual(new Set([...own, ...listings.flat()]));
      }),
    );
  });
});
