/**
 * The teardown script in bash with the real AWS CLI against a real moto_server: real stacks (tags, a nested stack,
 * versioned buckets with object versions and delete markers, more than a page of them), then assertions on moto's
 * state afterwards. The CLI reaches moto through a recording proxy (`startCloudFormationProxy`), which also plays
 * the one thing moto cannot: a stack deletion that is slow or fails.
 */
import { tmpdir } from "node:os";
import { defineConfig, MANAGED_TAGS, ownershipRule } from "@tributary/core";
import {
  type CloudFormationProxy,
  MOTO_ACCOUNT_ID,
  type MotoServer,
  type SimulatedDeletion,
  startCloudFormationProxy,
  startMotoServer,
} from "@tributary/fake-aws";
import { Stack } from "aws-cdk-lib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Boto3Runner, startBoto3 } from "../__fixtures__/boto3-runner";
import { createClonePipeline } from "../__fixtures__/clone-pipeline";
import { fastCloudFormationWaiter } from "../__fixtures__/fast-waiters";
import { runBuildScript } from "../__fixtures__/run-build-script";
import { writeProgramCommand } from "../buildspec-program.js";
import {
  TEARDOWN_SCRIPT,
  teardownBuildSpec,
  teardownCheckPath,
  teardownVariables,
} from "./teardown-buildspec.js";
import { TEARDOWN_PROGRAM } from "./teardown-program-file.js";

const STACK = "acme-dev-feature-x";
const WEBSITE_BUCKET = "acme-dev-feature-x-website";
const LOGS_BUCKET = "acme-dev-feature-x-logs";
const TOP_BUCKET = "acme-dev-feature-x-reports";
/** S3 DeleteObjects takes "a list of up to 1,000 keys" (Amazon S3 API reference, DeleteObjects). */
const DELETE_OBJECTS_LIMIT = 1000;

const EPHEMERAL = [
  { Key: MANAGED_TAGS.ephemeral, Value: "true" },
  { Key: MANAGED_TAGS.project, Value: "acme" },
];

let moto: MotoServer;
/** boto3 against moto, to arrange and inspect its state (see `startBoto3`). */
let python: Boto3Runner;
let proxy: CloudFormationProxy | undefined;
/** botocore data path holding only the CloudFormation waiters, with shorter delays (see `fastWaiters`). */
let dataPath: string;

beforeAll(async () => {
  // Both the boto3 fixtures and the script call CloudFormation, whose backend moto loads on first use.
  moto = await startMotoServer({ preload: ["cloudformation"] });
  python = startBoto3(moto.environment);
  dataPath = fastCloudFormationWaiter("StackDeleteComplete", { delay: 1, maxAttempts: 2 });
});

afterAll(async () => {
  await python?.close();
  await moto.close();
});

beforeEach(async () => {
  await moto.reset();
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

interface AccountState {
  readonly stacks: string[];
  readonly buckets: string[];
  /** Object versions and delete markers per remaining bucket. */
  readonly contents: Record<string, { versions: number; deleteMarkers: number }>;
}

/** What moto holds now: live stacks (nested ones included), buckets, and each bucket's versions and markers. */
async function accountState(): Promise<AccountState> {
  return (await python.run(`
stacks = [s["StackName"] for s in cloudformation.describe_stacks()["Stacks"]]
buckets = [b["Name"] for b in s3.list_buckets()["Buckets"]]
contents = {}
for bucket in buckets:
    versions = markers = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        versions += len(page.get("Versions", []))
        markers += len(page.get("DeleteMarkers", []))
    contents[bucket] = {"versions": versions, "deleteMarkers": markers}
print(json.dumps({"stacks": sorted(stacks), "buckets": sorted(buckets), "contents": contents}))
`)) as AccountState;
}

/**
 * Creates the ephemeral stack as a demo deployment leaves it: a top-level bucket and a nested stack `Website`
 * holding a versioned website bucket (object versions and delete markers) and a logs bucket (with its policy)
 * that someone already deleted by hand. `website.keys` keys get two versions each, then half of them a delete marker.
 */
async function createStack(tags: { Key: string; Value: string }[], website = { keys: 4 }): Promise<void> {
  const nested = {
    Resources: {
      WebsiteBucket: { Type: "AWS::S3::Bucket", Properties: { BucketName: WEBSITE_BUCKET } },
      LogsBucket: { Type: "AWS::S3::Bucket", Properties: { BucketName: LOGS_BUCKET } },
      LogsBucketPolicy: {
        Type: "AWS::S3::BucketPolicy",
        Properties: {
          Bucket: { Ref: "LogsBucket" },
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: `arn:aws:s3:::${LOGS_BUCKET}/*`,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
              },
            ],
          },
        },
      },
    },
  };
  const main = {
    Resources: {
      Website: {
        Type: "AWS::CloudFormation::Stack",
        Properties: { TemplateURL: "https://acme-templates.s3.eu-west-1.amazonaws.com/website.json" },
      },
      Reports: { Type: "AWS::S3::Bucket", Properties: { BucketName: TOP_BUCKET } },
    },
  };
  await python.run(
    `
s3.create_bucket(Bucket="acme-templates", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
s3.put_object(Bucket="acme-templates", Key="website.json", Body=json.dumps(params["nested"]).encode())
cloudformation.create_stack(StackName=params["stack"], TemplateBody=json.dumps(params["main"]), Tags=params["tags"])
# moto's AWS::S3::Bucket ignores VersioningConfiguration, so versioning is switched on through the S3 API.
s3.put_bucket_versioning(Bucket=params["website"], VersioningConfiguration={"Status": "Enabled"})
keys = [f"page-{i}.html" for i in range(params["keys"])]
from concurrent.futures import ThreadPoolExecutor
for body in (b"v1", b"v2"):
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda key: s3.put_object(Bucket=params["website"], Key=key, Body=body), keys))
marked = keys[: len(keys) // 2]
for start in range(0, len(marked), 1000):
    s3.delete_objects(Bucket=params["website"], Delete={"Objects": [{"Key": k} for k in marked[start:start + 1000]], "Quiet": True})
for key in ("a.html", "b.html", "c.html"):
    s3.put_object(Bucket=params["top"], Key=key, Body=b"r")
s3.delete_bucket(Bucket=params["logs"])
`,
    {
      nested,
      main,
      tags,
      stack: STACK,
      website: WEBSITE_BUCKET,
      top: TOP_BUCKET,
      logs: LOGS_BUCKET,
      keys: website.keys,
    },
  );
}

/** An ephemeral stack with no bucket, for the cases about waiting for the deletion (fewer CLI calls to wait for). */
async function createBareStack(): Promise<void> {
  await python.run(
    `cloudformation.create_stack(StackName=params["stack"], TemplateBody=json.dumps(params["template"]), Tags=params["tags"])`,
    {
      stack: STACK,
      template: {
        Resources: { Alarms: { Type: "AWS::SNS::Topic", Properties: { TopicName: `${STACK}-alarms` } } },
      },
      tags: EPHEMERAL,
    },
  );
}

/** What CodeBuild sets in every build: the build's ARN, in moto's account and region. */
const BUILD_ARN = `arn:aws:codebuild:eu-west-1:${MOTO_ACCOUNT_ID}:build/acme-stack-teardown:0a1b2c3d`;

/**
 * Runs the teardown script in bash with the real AWS CLI, through the proxy, against moto. `script` defaults to the
 * script alone, with `TEARDOWN_CHECK` pointing at the built check; the whole buildspec writes the check itself.
 */
async function runTeardown(
  stackName: string,
  deletion?: SimulatedDeletion,
  request: Record<string, string> = {},
  script = TEARDOWN_SCRIPT,
) {
  proxy = await startCloudFormationProxy(moto.url, deletion);
  // The whole buildspec writes the check into the working directory, as a build's.
  const { status, output } = await runBuildScript(script, {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? tmpdir(),
    ...moto.environment,
    AWS_ENDPOINT_URL: proxy.url,
    AWS_DATA_PATH: dataPath,
    CODEBUILD_BUILD_ARN: BUILD_ARN,
    ...(script === TEARDOWN_SCRIPT ? { TEARDOWN_CHECK: teardownCheckPath() } : {}),
    STACK_NAME: stackName,
    ...request,
    ...teardownVariables(ownershipRule(defineConfig({ project: "acme", repository: "infra" }))),
  });
  return { status, output, operations: proxy.calls.map((call) => call.operation) };
}

/** The sizes of the DeleteObjects batches the script announced for one bucket. */
function batchesFor(output: string, bucket: string): number[] {
  return [...output.matchAll(new RegExp(`Deleting (\\d+) object versions from ${bucket}\\n`, "g"))].map(
    (match) => Number(match[1]),
  );
}

describe("teardown buildspec against moto with the real AWS CLI", () => {
  it("given an ephemeral stack whose nested bucket holds more than a page of versions and delete markers, when torn down, then every bucket is emptied in batches S3 accepts and the stacks and buckets are gone", async () => {
    await createStack(EPHEMERAL, { keys: 420 });
    expect(await accountState()).toMatchObject({
      stacks: [STACK, expect.stringMatching(/^acme-dev-feature-x-Website-/)],
      contents: { [WEBSITE_BUCKET]: { versions: 840, deleteMarkers: 210 } },
    });

    const { status, output, operations } = await runTeardown(STACK);

    expect(status, output).toBe(0);
    const website = batchesFor(output, WEBSITE_BUCKET);
    expect(website.length, output).toBeGreaterThan(1);
    expect(website.reduce((sum, size) => sum + size, 0)).toBe(1050);
    expect(Math.max(...website)).toBeLessThanOrEqual(DELETE_OBJECTS_LIMIT);
    expect(batchesFor(output, TOP_BUCKET)).toEqual([3]);
    expect(output).toContain(`Bucket ${LOGS_BUCKET} is already gone`);
    expect(output.indexOf(`Deleting stack ${STACK}`)).toBeGreaterThan(
      output.lastIndexOf("object versions from"),
    );
    expect(output).toContain(`Stack ${STACK} is deleted`);
    expect(operations.indexOf("DeleteStack")).toBeGreaterThan(
      operations.findLastIndex((operation) => operation.endsWith("?delete")),
    );
    expect(await accountState()).toEqual({
      stacks: [],
      buckets: ["acme-templates"],
      contents: { "acme-templates": { versions: 1, deleteMarkers: 0 } },
    });
  });

  it("given a deletion that outlasts one waiter, when torn down, then the build waits again until the stack is gone", async () => {
    await createBareStack();

    // Each waiter polls twice and the script reads the status once after each timeout: six reads make two timeouts.
    const { status, output } = await runTeardown(STACK, {
      stackName: STACK,
      outcome: { kind: "in-progress", describeCalls: 6 },
    });

    expect(status, output).toBe(0);
    expect(output.match(/is still being deleted; waiting again/g)).toHaveLength(2);
    expect(output).toContain(`Stack ${STACK} is deleted`);
    expect((await accountState()).stacks).toEqual([]);
  });

  it("given a deletion that fails, when torn down, then the build fails naming the stack's state", async () => {
    await createBareStack();

    const { status, output } = await runTeardown(STACK, { stackName: STACK, outcome: { kind: "failed" } });

    expect(status).toBe(1);
    expect(output).toContain(`Stack ${STACK} is DELETE_FAILED: its deletion failed`);
  });

  it("given a stack that does not exist, when torn down, then the build succeeds without deleting anything", async () => {
    await createStack(EPHEMERAL);

    const { status, output, operations } = await runTeardown("acme-dev-feature-gone");

    expect(status).toBe(0);
    expect(output).toContain("does not exist: nothing to tear down");
    expect(operations).toEqual(["DescribeStacks"]);
    expect((await accountState()).stacks).toContain(STACK);
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
  ])("given a stack %s, when torn down, then the build refuses and deletes nothing", async (_case, tags) => {
    await createStack(tags);
    const before = await accountState();

    const { status, output, operations } = await runTeardown(STACK);

    expect(status).toBe(1);
    expect(output).toContain(`Refusing to tear down ${STACK}: it lacks the tags`);
    expect(operations.filter((operation) => /delete/i.test(operation))).toEqual([]);
    expect(await accountState()).toEqual(before);
  });

  it.each([
    ["other-dev-feature-x", "its name does not start with acme-"],
    ["", "STACK_NAME is empty"],
  ])(
    "given STACK_NAME %j, when torn down, then the build fails before calling AWS",
    async (stackName, message) => {
      const { status, output, operations } = await runTeardown(stackName);

      expect(status).toBe(1);
      expect(output).toContain(message);
      expect(operations).toEqual([]);
    },
  );

  it("given the buildspec, when rendered, then it writes the check built from core and runs the script in bash", () => {
    const rendered: unknown = new Stack().resolve(teardownBuildSpec().toBuildSpec());
    expect(JSON.parse(rendered as string)).toEqual({
      version: "0.2",
      env: { shell: "bash" },
      phases: { build: { commands: [writeProgramCommand(TEARDOWN_PROGRAM), TEARDOWN_SCRIPT] } },
    });
  });

  it("given the whole buildspec (the check written by its first command), when an ephemeral stack is torn down, then the stack is gone", async () => {
    await createBareStack();

    const { status, output } = await runTeardown(
      STACK,
      undefined,
      { PIPELINE_NAME: STACK, TEARDOWN_REASON: "removed" },
      `${writeProgramCommand(TEARDOWN_PROGRAM)}\n${TEARDOWN_SCRIPT}`,
    );

    expect(status, output).toBe(0);
    expect(output).toContain(`Stack ${STACK} is deleted`);
    expect((await accountState()).stacks).toEqual([]);
  });

  it("given a clone of the same name that was created again and deploys the stack, when its old teardown runs, then the build refuses and deletes nothing", async () => {
    await createBareStack();
    await createClonePipeline(python, STACK, { [MANAGED_TAGS.stack]: STACK });
    const before = await accountState();

    const { status, output, operations } = await runTeardown(STACK, undefined, {
      PIPELINE_NAME: STACK,
      TEARDOWN_REASON: "removed",
    });

    expect(status).toBe(1);
    expect(output).toContain(`Refusing to tear down ${STACK}: the live clone ${STACK} deploys it`);
    expect(operations).toContain("ListTagsForResource");
    expect(operations.filter((operation) => /delete/i.test(operation))).toEqual([]);
    expect(await accountState()).toEqual(before);
  });

  it("given the named clone is gone, when its stack is torn down, then the tag read's not-found lets the teardown go on", async () => {
    await createBareStack();

    const { status, output, operations } = await runTeardown(STACK, undefined, {
      PIPELINE_NAME: STACK,
      TEARDOWN_REASON: "removed",
    });

    expect(status, output).toBe(0);
    expect(operations).toContain("ListTagsForResource");
    expect((await accountState()).stacks).toEqual([]);
  });

  it("given an idle teardown of a live clone that has not run since, when torn down, then the stack goes and the clone stays", async () => {
    await createBareStack();
    await createClonePipeline(python, STACK, {
      [MANAGED_TAGS.stack]: STACK,
      [MANAGED_TAGS.lastRun]: "2026-11-01T00:00:00Z",
    });

    const { status, output } = await runTeardown(STACK, undefined, {
      PIPELINE_NAME: STACK,
      TEARDOWN_REASON: "idle",
      IDLE_SINCE: "2026-11-01T00:00:00Z",
    });

    expect(status, output).toBe(0);
    expect((await accountState()).stacks).toEqual([]);
  });
});
