import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, MANAGED_TAGS, ownershipRule, teardownTargets } from "@tributary/core";
import { describe, expect, it } from "vitest";
import { teardownVariables } from "./teardown-buildspec.js";
import { runTeardownCheck, TEARDOWN_CHECK_EXIT, teardownFactsOf } from "./teardown-check.js";

const rule = ownershipRule(defineConfig({ project: "acme", repository: "infra" }));
const STACK = "acme-dev-feature-x";
const NOW = "2026-11-27T12:00:00Z";

/** A facts directory as the teardown script writes it: DescribeStacks' answer and the pipelines' tag reads. */
function facts(stack: unknown, pipelines: Array<{ name: string; tags: unknown }>): string {
  const directory = mkdtempSync(join(tmpdir(), "tributary-teardown-facts-"));
  writeFileSync(join(directory, "stack.json"), stack === undefined ? "" : JSON.stringify(stack));
  for (const [index, pipeline] of pipelines.entries())
    writeFileSync(join(directory, `pipeline-${index + 1}.json`), JSON.stringify(pipeline));
  return directory;
}

const described = {
  Stacks: [
    {
      StackName: STACK,
      Tags: [
        { Key: MANAGED_TAGS.ephemeral, Value: "true" },
        { Key: MANAGED_TAGS.project, Value: "acme" },
      ],
    },
  ],
};
const env = {
  ...teardownVariables(rule),
  STACK_NAME: STACK,
  PIPELINE_NAME: STACK,
  TEARDOWN_REASON: "removed",
};

describe("teardown check (the script built from core)", () => {
  it("given the CLI's answers, when read, then the facts are core's: the stack's tags and each pipeline's tags or absence", () => {
    const directory = facts(described, [
      { name: STACK, tags: null },
      { name: "acme-dev-feature-y", tags: { tags: [{ key: MANAGED_TAGS.stack, value: STACK }] } },
    ]);

    expect(teardownFactsOf(directory, NOW)).toEqual({
      stack: { tags: { [MANAGED_TAGS.ephemeral]: "true", [MANAGED_TAGS.project]: "acme" } },
      pipelines: { [STACK]: undefined, "acme-dev-feature-y": { [MANAGED_TAGS.stack]: STACK } },
      now: NOW,
    });
  });

  it.each<[string, unknown, Array<{ name: string; tags: unknown }>, number, string]>([
    [
      "a gone clone's ephemeral stack",
      described,
      [{ name: STACK, tags: null }],
      TEARDOWN_CHECK_EXIT.delete,
      "Tearing down",
    ],
    ["a stack that does not exist", undefined, [], TEARDOWN_CHECK_EXIT.nothing, "does not exist"],
    [
      "a stack a live clone deploys",
      described,
      [
        {
          name: STACK,
          tags: {
            tags: Object.entries({ ...rule.cloneTags, [MANAGED_TAGS.stack]: STACK }).map(([key, value]) => ({
              key,
              value,
            })),
          },
        },
      ],
      TEARDOWN_CHECK_EXIT.refuse,
      "the live clone",
    ],
    [
      "a nested stack",
      { Stacks: [{ ...described.Stacks[0], ParentId: "arn:aws:cloudformation:eu-west-1:1:stack/root/1" }] },
      [],
      TEARDOWN_CHECK_EXIT.refuse,
      "nested in",
    ],
  ])("given %s, when decided, then exit %i with the message", (_case, stack, pipelines, exit, message) => {
    const lines: string[] = [];

    const code = runTeardownCheck(["decide", facts(stack, pipelines)], env, NOW, (line) => lines.push(line));

    expect(code).toBe(exit);
    expect(lines.join("\n")).toContain(message);
  });

  it("given a protected stack, when checked by name, then it is refused before any read", () => {
    const lines: string[] = [];

    expect(
      runTeardownCheck(["name"], { ...env, STACK_NAME: "acme-prod" }, NOW, (line) => lines.push(line)),
    ).toBe(TEARDOWN_CHECK_EXIT.refuse);
    expect(lines).toEqual([
      "Refusing to tear down acme-prod: it is a protected stack (an environment's shared stack or the app's own)",
    ]);
  });

  describe("target", () => {
    const targets = JSON.stringify(
      teardownTargets("acme", [{ name: "prod", account: "333333333333", region: "cn-north-1" }]),
    );
    const target = (overrides: Record<string, string>) => {
      const lines: string[] = [];
      const code = runTeardownCheck(
        ["target"],
        { ...env, TEARDOWN_TARGETS: targets, ...overrides },
        NOW,
        (line) => lines.push(line),
      );
      return { code, shell: lines.join("\n") };
    };

    it("given a remote environment's stack, when its target is printed, then stack_aws uses the target teardown role's EcsContainer profile in the target region, in the build's partition", () => {
      const { code, shell } = target({
        STACK_NAME: "acme-prod-feature-x",
        CODEBUILD_BUILD_ARN: "arn:aws-cn:codebuild:cn-north-1:111111111111:build/acme-stack-teardown:1",
      });

      expect(code).toBe(TEARDOWN_CHECK_EXIT.delete);
      expect(shell).toContain("'arn:aws-cn:iam::333333333333:role/acme-tributary-teardown-cn-north-1'");
      expect(shell).toContain("credential_source = EcsContainer");
      expect(shell).toContain(`aws --profile tributary-target --region 'cn-north-1' "$@"; }`);
    });

    it("given a stack of no remote environment, when its target is printed, then stack_aws is the build's own CLI", () => {
      const { code, shell } = target({ STACK_NAME: "acme-dev-feature-x" });

      expect(code).toBe(TEARDOWN_CHECK_EXIT.delete);
      expect(shell.split("\n")[0]).toBe(`stack_aws() { aws "$@"; }`);
      expect(shell).not.toContain("profile");
    });

    it.each([
      ["not JSON", "{"],
      ["not a list", "{}"],
      [
        "an entry without a role",
        '[{"stackPrefix": "acme-prod-", "account": "333333333333", "region": "eu-central-1"}]',
      ],
      [
        "a region a shell would run",
        '[{"stackPrefix": "acme-prod-", "account": "333333333333", "region": "eu-central-1\'; rm -rf /", "roleName": "r"}]',
      ],
    ])(
      "given TEARDOWN_TARGETS %s, when the target is printed, then it is refused with the fix",
      (_case, value) => {
        const { code, shell } = target({ STACK_NAME: "acme-prod-feature-x", TEARDOWN_TARGETS: value });

        expect(code).toBe(TEARDOWN_CHECK_EXIT.refuse);
        expect(shell).toContain("TEARDOWN_TARGETS is not a list of teardown targets");
        expect(shell).toContain("Fix: deploy the CI/CD stack again");
      },
    );
  });

  describe("list-targets and listing", () => {
    const targets = teardownTargets("acme", [
      { name: "dev", account: "222222222222", region: "eu-west-1" },
      { name: "qa", account: "222222222222", region: "eu-west-1" },
      { name: "prod", account: "333333333333", region: "eu-central-1" },
    ]);
    const listEnv = {
      ...env,
      TRIBUTARY_PROJECT: "acme",
      TEARDOWN_TARGETS: JSON.stringify(targets),
      TEARDOWN_LISTING_BUCKET: "acme-artifacts",
    };

    it("given targets sharing an account and region, when the listing is planned, then each distinct target is listed once with the project tag filter and core's key", () => {
      const lines: string[] = [];

      const code = runTeardownCheck(["list-targets"], listEnv, NOW, (line) => lines.push(line));

      expect(code).toBe(TEARDOWN_CHECK_EXIT.delete);
      const calls = lines
        .join("\n")
        .split("\n")
        .filter((line) => line.startsWith("list_target "));
      expect(calls).toEqual([
        "list_target '222222222222' 'eu-west-1' 'tributary/target-stacks/222222222222-eu-west-1.json' 'Key=tributary:project,Values=acme' || failures=$((failures + 1))",
        "list_target '333333333333' 'eu-central-1' 'tributary/target-stacks/333333333333-eu-central-1.json' 'Key=tributary:project,Values=acme' || failures=$((failures + 1))",
      ]);
    });

    it.each([
      ["no listing bucket", { TEARDOWN_LISTING_BUCKET: "" }, "TEARDOWN_LISTING_BUCKET is empty"],
      ["no project", { TRIBUTARY_PROJECT: "" }, "TRIBUTARY_PROJECT is"],
      ["malformed targets", { TEARDOWN_TARGETS: "{" }, "TEARDOWN_TARGETS is not a list"],
    ])(
      "given %s, when the listing is planned, then it is refused with the fix",
      (_case, overrides, message) => {
        const lines: string[] = [];

        const code = runTeardownCheck(["list-targets"], { ...listEnv, ...overrides }, NOW, (line) =>
          lines.push(line),
        );

        expect(code).toBe(TEARDOWN_CHECK_EXIT.refuse);
        expect(lines.join("\n")).toContain(message);
        expect(lines.join("\n")).toContain("Fix:");
      },
    );

    it("given a GetResources answer, when turned into a listing, then it is core's TargetStackListing of that target", () => {
      const directory = mkdtempSync(join(tmpdir(), "tributary-listing-"));
      const answer = join(directory, "resources.json");
      writeFileSync(
        answer,
        JSON.stringify({
          ResourceTagMappingList: [
            {
              ResourceARN: "arn:aws:cloudformation:eu-central-1:333333333333:stack/acme-prod-pr-7/1b2c",
              Tags: [{ Key: MANAGED_TAGS.project, Value: "acme" }],
            },
          ],
        }),
      );
      const lines: string[] = [];

      const code = runTeardownCheck(
        ["listing", "333333333333", "eu-central-1", answer],
        listEnv,
        NOW,
        (line) => lines.push(line),
      );

      expect(code).toBe(TEARDOWN_CHECK_EXIT.delete);
      expect(JSON.parse(lines.join(""))).toEqual({
        version: 1,
        account: "333333333333",
        region: "eu-central-1",
        listedAt: NOW,
        stacks: [{ name: "acme-prod-pr-7", tags: { [MANAGED_TAGS.project]: "acme" } }],
      });
    });

    it("given an answer that is not JSON, when turned into a listing, then it is refused naming the file", () => {
      const directory = mkdtempSync(join(tmpdir(), "tributary-listing-"));
      const answer = join(directory, "resources.json");
      writeFileSync(answer, "An error occurred (AccessDenied)");
      const lines: string[] = [];

      const code = runTeardownCheck(
        ["listing", "333333333333", "eu-central-1", answer],
        listEnv,
        NOW,
        (line) => lines.push(line),
      );

      expect(code).toBe(TEARDOWN_CHECK_EXIT.refuse);
      expect(lines.join("\n")).toContain(
        `The GetResources answer ${answer} of 333333333333 eu-central-1 is not JSON`,
      );
    });
  });
});
