import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, MANAGED_TAGS, ownershipRule } from "@tributary/core";
import { Stack } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { TEARDOWN_SCRIPT, teardownBuildSpec, teardownVariables } from "./teardown-buildspec.js";

interface FakeState {
  stacks: Record<
    string,
    { tags: { Key: string; Value: string }[]; resources: object[]; deleted?: boolean; status?: string }
  >;
  buckets: Record<string, { versions: object[]; deleteMarkers: object[] }>;
  /** How each `wait stack-delete-complete` call ends: "timeout", "failed" or "done" (the default). */
  waiters: string[];
  calls: string[];
}

const EPHEMERAL = [
  { Key: MANAGED_TAGS.ephemeral, Value: "true" },
  { Key: MANAGED_TAGS.project, Value: "acme" },
];
const NESTED_ARN = "arn:aws:cloudformation:eu-west-1:123456789012:stack/acme-dev-feature-x-Website-1/abc";

/** A state with an ephemeral stack whose nested stack holds a versioned bucket. */
function ephemeralState(tags = EPHEMERAL, waiters: string[] = []): FakeState {
  return {
    waiters,
    stacks: {
      "acme-dev-feature-x": {
        tags,
        resources: [{ ResourceType: "AWS::CloudFormation::Stack", PhysicalResourceId: NESTED_ARN }],
      },
      [NESTED_ARN]: {
        tags,
        resources: [
          {
            ResourceType: "AWS::S3::Bucket",
            PhysicalResourceId: "acme-dev-feature-x-website-websitebucket-1",
          },
          { ResourceType: "AWS::S3::BucketPolicy", PhysicalResourceId: "policy" },
          { ResourceType: "AWS::S3::Bucket", PhysicalResourceId: "acme-dev-feature-x-website-logs-gone" },
        ],
      },
    },
    buckets: {
      "acme-dev-feature-x-website-websitebucket-1": {
        versions: [
          { Key: "index.html", VersionId: "v1" },
          { Key: "index.html", VersionId: "v2" },
          { Key: "app.js", VersionId: "v3" },
        ],
        deleteMarkers: [{ Key: "old.html", VersionId: "m1" }],
      },
    },
    calls: [],
  };
}

/** Runs the teardown script in bash against the fake AWS CLI; returns its exit code, output and the final state. */
function runTeardown(stackName: string, state: FakeState) {
  const directory = mkdtempSync(join(tmpdir(), "tributary-teardown-"));
  const statePath = join(directory, "state.json");
  writeFileSync(statePath, JSON.stringify(state));
  const aws = join(directory, "aws");
  writeFileSync(
    aws,
    `#!/usr/bin/env bash\nexec node ${join(import.meta.dirname, "__fixtures__/fake-aws.mjs")} "$@"\n`,
  );
  chmodSync(aws, 0o755);
  const result = spawnSync("bash", ["-c", TEARDOWN_SCRIPT], {
    encoding: "utf8",
    env: {
      PATH: `${directory}:${process.env.PATH ?? ""}`,
      STACK_NAME: stackName,
      ...teardownVariables(ownershipRule(defineConfig({ project: "acme", repository: "infra" }))),
      FAKE_AWS_STATE: statePath,
    },
  });
  const after = JSON.parse(readFileSync(statePath, "utf8")) as FakeState;
  return { status: result.status, output: `${result.stdout}${result.stderr}`, state: after };
}

describe("teardown buildspec", () => {
  it("given an ephemeral stack, when torn down, then every version and delete marker of nested buckets goes before the stack", () => {
    const { status, output, state } = runTeardown("acme-dev-feature-x", ephemeralState());
    expect(status, output).toBe(0);
    expect(state.buckets["acme-dev-feature-x-website-websitebucket-1"]).toEqual({
      versions: [],
      deleteMarkers: [],
    });
    expect(state.stacks["acme-dev-feature-x"]?.deleted).toBe(true);
    const deletes = state.calls.filter((call) => call.startsWith("s3api delete-objects")).length;
    expect(deletes).toBe(2);
    expect(state.calls.slice(-2)).toEqual([
      "cloudformation delete-stack --stack-name acme-dev-feature-x",
      "cloudformation wait stack-delete-complete --stack-name acme-dev-feature-x",
    ]);
    expect(output).toContain("Bucket acme-dev-feature-x-website-logs-gone is already gone");
  });

  it("given a deletion that outlasts one waiter, when torn down, then the build waits again until the stack is gone", () => {
    const { status, output, state } = runTeardown(
      "acme-dev-feature-x",
      ephemeralState(EPHEMERAL, ["timeout", "timeout"]),
    );
    expect(status, output).toBe(0);
    expect(state.calls.filter((call) => call.startsWith("cloudformation wait"))).toHaveLength(3);
    expect(output).toContain("Stack acme-dev-feature-x is still being deleted; waiting again");
    expect(output).toContain("Stack acme-dev-feature-x is deleted");
  });

  it("given a deletion that fails, when torn down, then the build fails naming the stack's state", () => {
    const { status, output } = runTeardown("acme-dev-feature-x", ephemeralState(EPHEMERAL, ["failed"]));
    expect(status).toBe(1);
    expect(output).toContain("Stack acme-dev-feature-x is DELETE_FAILED: its deletion failed");
  });

  it("given a stack that does not exist, when torn down, then the build succeeds without deleting anything", () => {
    const { status, output, state } = runTeardown("acme-dev-feature-gone", ephemeralState());
    expect(status).toBe(0);
    expect(output).toContain("does not exist: nothing to tear down");
    expect(state.calls).toEqual([
      "cloudformation describe-stacks --stack-name acme-dev-feature-gone --output json",
    ]);
  });

  it.each([
    ["without the ephemeral tag", [{ Key: MANAGED_TAGS.project, Value: "acme" }]],
    [
      "of another project",
      [
        { Key: MANAGED_TAGS.ephemeral, Value: "true" },
        { Key: MANAGED_TAGS.project, Value: "other" },
      ],
    ],
    [
      "marked ephemeral=false",
      [
        { Key: MANAGED_TAGS.ephemeral, Value: "false" },
        { Key: MANAGED_TAGS.project, Value: "acme" },
      ],
    ],
  ])("given a stack %s, when torn down, then the build refuses and deletes nothing", (_case, tags) => {
    const { status, output, state } = runTeardown("acme-dev-feature-x", ephemeralState(tags));
    expect(status).toBe(1);
    expect(output).toContain("Refusing to tear down acme-dev-feature-x: it lacks the tags");
    expect(state.calls.some((call) => call.includes("delete"))).toBe(false);
  });

  it.each([
    ["other-dev-feature-x", "its name does not start with acme-"],
    ["", "STACK_NAME is empty"],
  ])("given STACK_NAME %j, when torn down, then the build fails before calling AWS", (stackName, message) => {
    const { status, output, state } = runTeardown(stackName, ephemeralState());
    expect(status).toBe(1);
    expect(output).toContain(message);
    expect(state.calls).toEqual([]);
  });

  it("given the buildspec, when rendered, then it runs the script in bash", () => {
    const rendered: unknown = new Stack().resolve(teardownBuildSpec().toBuildSpec());
    expect(JSON.parse(rendered as string)).toEqual({
      version: "0.2",
      env: { shell: "bash" },
      phases: { build: { commands: [TEARDOWN_SCRIPT] } },
    });
  });
});
