/**
 * The preview script in bash with the real AWS CLI against a real moto_server, through the recording proxy (which
 * counts the calls). moto creates, waits for, describes and deletes change sets; its diffs are simplistic, so the
 * semantics of a preview are tested in core (summarize-change-sets.test.ts). moto answers DescribeChangeSet in one
 * page (`moto/cloudformation/responses.py`, `describe_change_set`), so the proxy pages moto's answer for the test of
 * NextToken; moto creates no nested change sets (it ignores IncludeNestedStacks), so the recursion into nested
 * change sets runs here only as "none found".
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BUILDSPEC_VARIABLES,
  buildspecVariables,
  MANAGED_TAGS,
  type PreviewDocument,
  previewChangeSetName,
  previewKey,
  previewProjectVariables,
  summarizeChangeSets,
} from "@tributary/core";
import {
  type CloudFormationProxy,
  type MotoServer,
  type ProxyOptions,
  startCloudFormationProxy,
  startMotoServer,
} from "@tributary/fake-aws";
import { Stack } from "aws-cdk-lib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Boto3Runner, startBoto3 } from "../../__fixtures__/boto3-runner";
import { fastCloudFormationWaiter } from "../../__fixtures__/fast-waiters";
import {
  INLINE_BUILDSPEC_LIMIT,
  PREVIEW_OUTPUTS_FILE,
  PREVIEW_SCRIPT,
  previewBuildSpec,
  previewProgram,
  TEMPLATE_BODY_LIMIT,
} from "./preview-buildspec.js";
import { PREVIEW_PROGRAM } from "./preview-program-file.js";

const STACK = "acme-prod";
const PIPELINE = "acme-prod-pr-42";
const EXECUTION = "0a1b2c3d-0000-4000-8000-000000000001";
const REPORTS = "acme-reports";
const STAGING = "acme-staging";
const ROLE = "arn:aws:iam::123456789012:role/acme-prod-deployment";

let moto: MotoServer;
let python: Boto3Runner;
let proxy: CloudFormationProxy | undefined;
/** botocore data path with the ChangeSetCreateComplete waiter polling every second (it polls every 30 s). */
let dataPath: string;
/** The same waiter giving up after two polls, for a change set that never finishes. */
let impatientDataPath: string;

beforeAll(async () => {
  // Both the boto3 fixtures and the script call CloudFormation, whose backend moto loads on first use.
  moto = await startMotoServer({ preload: ["cloudformation"] });
  python = startBoto3(moto.environment);
  dataPath = fastCloudFormationWaiter("ChangeSetCreateComplete", { delay: 1 });
  impatientDataPath = fastCloudFormationWaiter("ChangeSetCreateComplete", { delay: 1, maxAttempts: 2 });
});

afterAll(async () => {
  await python?.close();
  await moto.close();
});

beforeEach(async () => {
  await moto.reset();
  await boto3(`
for name in (params["reports"], params["staging"]):
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
`);
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** Runs a boto3 script against moto; `input` (with the bucket names) arrives as `params`, its JSON output comes back. */
function boto3(script: string, input: Record<string, unknown> = {}): Promise<unknown> {
  return python.run(script, { reports: REPORTS, staging: STAGING, ...input });
}

/** The demo's shape: a template that takes the Deploy stage's three parameter overrides. */
function template(topics: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Parameters: {
      Environment: { Type: "String" },
      TemplateBucket: { Type: "String" },
      TemplatePrefix: { Type: "String" },
      Owner: { Type: "String" },
    },
    Resources: Object.fromEntries(
      topics.map((topic) => [
        topic,
        { Type: "AWS::SNS::Topic", Properties: { TopicName: { "Fn::Sub": `\${Environment}-${topic}` } } },
      ]),
    ),
    ...extra,
  };
}

const CONFIGURATION = {
  Parameters: { Owner: "platform" },
  Tags: {
    team: "platform",
    [MANAGED_TAGS.project]: "acme",
    [MANAGED_TAGS.stack]: PIPELINE,
    [MANAGED_TAGS.ephemeral]: "true",
  },
};

/** The shared stack as the prod pipeline left it, deployed with the same parameters. */
async function deployStack(topics: readonly string[], tags: Record<string, string> = {}): Promise<void> {
  await boto3(
    `cloudformation.create_stack(StackName=params["stack"], TemplateBody=json.dumps(params["template"]),
  Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in params["parameters"].items()],
  Tags=[{"Key": k, "Value": v} for k, v in params["tags"].items()])`,
    {
      stack: STACK,
      template: template(topics),
      parameters: {
        Environment: "prod",
        TemplateBucket: STAGING,
        TemplatePrefix: `staging/${PIPELINE}/${EXECUTION}`,
        Owner: "platform",
      },
      tags,
    },
  );
}

/** What moto holds afterwards: the stack's status and change sets, and the preview object. */
async function afterwards(): Promise<{
  status: string | null;
  changeSets: string[];
  preview: PreviewDocument | null;
}> {
  return (await boto3(
    `
try:
    stack = cloudformation.describe_stacks(StackName=params["stack"])["Stacks"][0]
    status = stack["StackStatus"]
    change_sets = [c["ChangeSetName"] for c in cloudformation.list_change_sets(StackName=params["stack"])["Summaries"]]
except Exception as error:
    if "does not exist" not in str(error): raise
    status, change_sets = None, []
try:
    preview = json.loads(s3.get_object(Bucket=params["reports"], Key=params["key"])["Body"].read())
except (s3.exceptions.NoSuchKey, s3.exceptions.NoSuchBucket):
    preview = None
print(json.dumps({"status": status, "changeSets": change_sets, "preview": preview}))
`,
    { stack: STACK, key: previewKey(PIPELINE, EXECUTION) },
  )) as { status: string | null; changeSets: string[]; preview: PreviewDocument | null };
}

/** The action's and project's variables as core computes them, for this pipeline and execution. */
function variables(): Record<string, string> {
  const computed = buildspecVariables({
    project: "acme",
    stagingBucket: STAGING,
    reportsBucket: REPORTS,
    region: "eu-west-1",
    testNamespace: "Test",
    pipelineName: PIPELINE,
    executionId: EXECUTION,
  });
  return {
    ...computed.project,
    ...computed.preview,
    // What the Test stage exported (CodePipeline resolves #{Test.STAGING_PREFIX}).
    STAGING_PREFIX: computed.test.STAGING_PREFIX,
    // The environment pipeline's own variable, which a clone of acme-prod keeps.
    TRIBUTARY_ENVIRONMENT: "prod",
    ...previewProjectVariables({ stackName: STACK, deploymentRoleArn: ROLE }),
  };
}

/** Runs the script as the buildspec does, in a TestOutput directory holding `main` and the configuration. */
async function runPreview(
  main: unknown,
  configuration: unknown = CONFIGURATION,
  overrides: Record<string, string> = {},
  proxyOptions: ProxyOptions = {},
) {
  const directory = mkdtempSync(join(tmpdir(), "tributary-preview-"));
  mkdirSync(join(directory, "templates"));
  writeFileSync(
    join(directory, "templates", "main.yaml"),
    typeof main === "string" ? main : JSON.stringify(main),
  );
  writeFileSync(join(directory, "template-configuration.json"), JSON.stringify(configuration));
  // The Preview buildspec writes the bundled Node program beside the script's inputs.
  writeFileSync(join(directory, PREVIEW_PROGRAM.buildName), previewProgram());
  proxy = await startCloudFormationProxy(moto.url, undefined, proxyOptions);
  const child = spawn("bash", [...(process.env.DEBUG_PREVIEW ? ["-x"] : []), "-c", PREVIEW_SCRIPT], {
    cwd: directory,
    // stdin from /dev/null, as CodeBuild runs a command: Debian's bash started with -c, a socket for stdin (Node's default
    // pipe) and no SHLVL (an env of our own) reads ~/.bashrc, whose PATH (pyenv, nvm) would replace the pinned tools.
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      ...moto.environment,
      AWS_ENDPOINT_URL: proxy.url,
      AWS_DATA_PATH: dataPath,
      ...variables(),
      ...overrides,
    },
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const status = await new Promise<number | null>((resolve) => child.once("close", resolve));
  let outputs: Record<string, string> = {};
  if (status === 0) {
    // Read back the way the buildspec does: sourced by bash.
    const exported = execFileSync(
      "bash",
      ["-c", `set -a; . "./${PREVIEW_OUTPUTS_FILE}"; set +a; jq -n 'env | {PREVIEW_STATUS, PREVIEW_URL}'`],
      { cwd: directory, encoding: "utf8" },
    );
    outputs = JSON.parse(exported) as Record<string, string>;
  }
  const operations = proxy.calls.map((call) => call.operation);
  const created = proxy.calls.find((call) => call.operation === "CreateChangeSet")?.parameters ?? {};
  const describes = proxy.calls.filter((call) => call.operation === "DescribeChangeSet");
  return { status, output, outputs, operations, created, describes };
}

/** Calls per preview by kind, for the report. */
function countCalls(operations: readonly string[]) {
  const count = (match: (operation: string) => boolean) => operations.filter(match).length;
  return {
    describeStacks: count((operation) => operation === "DescribeStacks"),
    create: count((operation) => operation === "CreateChangeSet"),
    describeChangeSet: count((operation) => operation === "DescribeChangeSet"),
    delete: count((operation) => operation === "DeleteChangeSet"),
    put: count((operation) => operation.startsWith("PUT ")),
    total: operations.length,
  };
}

describe("preview script against moto with the real AWS CLI", () => {
  it("given the shared stack and a template with a new topic, when previewed, then preview.json lists the change, the status is changes and the change set is gone", async () => {
    await deployStack(["Alerts"], { [MANAGED_TAGS.stack]: STACK, [MANAGED_TAGS.ephemeral]: "false" });

    const { status, output, outputs, operations, created } = await runPreview(template(["Alerts", "Audit"]));

    expect(status, output).toBe(0);
    const { preview, changeSets, status: stackStatus } = await afterwards();
    expect(stackStatus).toBe("CREATE_COMPLETE");
    expect(changeSets).toEqual([]);
    expect(preview).toMatchObject([
      { stack: STACK, environment: "prod", changeSetType: "UPDATE", pages: [{ Status: "CREATE_COMPLETE" }] },
    ]);
    const page = preview?.[0]?.pages[0];
    expect(page?.ChangeSetName).toBe(previewChangeSetName(EXECUTION));
    expect(page?.Parameters).toEqual(
      expect.arrayContaining([
        { ParameterKey: "Environment", ParameterValue: "prod" },
        { ParameterKey: "TemplateBucket", ParameterValue: STAGING },
        { ParameterKey: "TemplatePrefix", ParameterValue: `staging/${PIPELINE}/${EXECUTION}` },
        { ParameterKey: "Owner", ParameterValue: "platform" },
      ]),
    );
    // The Deploy stage's capabilities, role and nested change sets; the clone's bookkeeping tags give way to the
    // shared stack's own and the configuration's other tags stay (moto keeps no change-set tags: read the request).
    expect(created).toMatchObject({
      ChangeSetType: "UPDATE",
      RoleARN: ROLE,
      IncludeNestedStacks: "true",
      "Capabilities.member.1": "CAPABILITY_IAM",
      "Capabilities.member.2": "CAPABILITY_AUTO_EXPAND",
    });
    const tags = Object.fromEntries(
      Object.entries(created)
        .filter(([name]) => /^Tags\.member\.\d+\.Key$/.test(name))
        .map(([name, key]) => [key, created[name.replace(/Key$/, "Value")]]),
    );
    expect(tags).toEqual({
      team: "platform",
      [MANAGED_TAGS.project]: "acme",
      [MANAGED_TAGS.stack]: STACK,
      [MANAGED_TAGS.ephemeral]: "false",
    });
    const summary = summarizeChangeSets(preview as PreviewDocument);
    expect(summary.status).toBe("changes");
    expect(
      summary.stacks[0]?.resources.map((resource) => [resource.logicalId, resource.action]),
    ).toContainEqual(["Audit", "Add"]);
    expect(outputs).toEqual({ PREVIEW_STATUS: summary.status, PREVIEW_URL: variables().PREVIEW_URL });
    expect(operations.indexOf("DeleteChangeSet")).toBeGreaterThan(
      operations.lastIndexOf("DescribeChangeSet"),
    );
    expect(countCalls(operations)).toMatchObject({ create: 1, delete: 1, put: 1, describeStacks: 1 });
    console.info("AWS calls of a preview with changes:", JSON.stringify(countCalls(operations)));
  });

  it("given a change set CloudFormation answers in several pages, when previewed, then the script follows every NextToken and preview.json holds every page", async () => {
    await deployStack(["Alerts"]);
    const topics = ["Alerts", "Audit", "Billing", "Builds", "Deploys", "Errors"];

    // moto answers in one page; the proxy pages moto's answer two changes at a time, as CloudFormation pages by size.
    const { status, output, outputs, operations, describes } = await runPreview(
      template(topics),
      CONFIGURATION,
      {},
      { changeSetPageSize: 2 },
    );

    expect(status, output).toBe(0);
    const pages = (await afterwards()).preview?.[0]?.pages ?? [];
    expect(pages.map((page) => page.Changes?.length)).toEqual([2, 2, 1]);
    expect(pages.map((page) => page.NextToken ?? null)).toEqual([
      expect.any(String),
      expect.any(String),
      null,
    ]);
    // Each NextToken went back to CloudFormation exactly as received.
    expect(describes.map((call) => call.parameters?.NextToken ?? null).slice(-3)).toEqual([
      null,
      pages[0]?.NextToken,
      pages[1]?.NextToken,
    ]);
    const summary = summarizeChangeSets((await afterwards()).preview as PreviewDocument);
    expect(summary.stacks[0]?.resources.map((resource) => resource.logicalId).sort()).toEqual(
      topics.slice(1).sort(),
    );
    expect(outputs.PREVIEW_STATUS).toBe("changes");
    console.info("AWS calls of a three-page preview:", JSON.stringify(countCalls(operations)));
  });

  it("given the shared stack and the template it runs, when previewed, then the status is no-changes and the change set is gone", async () => {
    await deployStack(["Alerts"], {
      team: "platform",
      [MANAGED_TAGS.stack]: STACK,
      [MANAGED_TAGS.ephemeral]: "false",
    });

    const { status, output, outputs, operations } = await runPreview(template(["Alerts"]));

    expect(status, output).toBe(0);
    const { preview, changeSets } = await afterwards();
    expect(changeSets).toEqual([]);
    expect(preview?.[0]?.pages).toMatchObject([
      { Status: "FAILED", StatusReason: expect.stringContaining("didn't contain changes") },
    ]);
    expect(summarizeChangeSets(preview as PreviewDocument).status).toBe("no-changes");
    expect(outputs.PREVIEW_STATUS).toBe("no-changes");
    expect(countCalls(operations)).toMatchObject({ create: 1, delete: 1, put: 1 });
    console.info("AWS calls of a preview without changes:", JSON.stringify(countCalls(operations)));
  });

  it("given no shared stack yet, when previewed, then a CREATE change set adds every resource, the stack stays REVIEW_IN_PROGRESS and the change set is gone", async () => {
    const { status, output, outputs } = await runPreview(template(["Alerts", "Audit"]));

    expect(status, output).toBe(0);
    const { preview, changeSets, status: stackStatus } = await afterwards();
    expect(preview?.[0]?.changeSetType).toBe("CREATE");
    const summary = summarizeChangeSets(preview as PreviewDocument);
    expect(summary.stacks[0]?.counts).toMatchObject({ total: 2, add: 2 });
    expect(outputs.PREVIEW_STATUS).toBe("changes");
    expect(changeSets).toEqual([]);
    // CloudFormation keeps an empty stack in REVIEW_IN_PROGRESS after its CREATE change set is deleted; the next
    // preview and the Deploy stage create a CREATE change set on it again (see PIPELINE-CONTRACT.md).
    expect(stackStatus).toBe("REVIEW_IN_PROGRESS");
  });

  it("given a stack left REVIEW_IN_PROGRESS by an earlier preview, when previewed again, then it is a CREATE change set again", async () => {
    await runPreview(template(["Alerts"]));
    await proxy?.close();

    const { status, output } = await runPreview(template(["Alerts", "Audit"]));

    expect(status, output).toBe(0);
    expect(output).toContain("with a CREATE change set");
    expect((await afterwards()).preview?.[0]?.changeSetType).toBe("CREATE");
  });

  it("given a CreateChangeSet call CloudFormation rejects outright, when previewed, then preview.json holds one FAILED page with the API's message, the status is error and the build succeeds", async () => {
    await deployStack(["Alerts"]);
    // moto accepts any template in a change set (it validates neither templates nor parameters) and answers an
    // unparsable one with a 500, so the rejection here is one moto makes as CloudFormation does: a ValidationError
    // for a change-set name that does not match [a-zA-Z][-a-zA-Z0-9]*. The script's path is the same for
    // "Template format error" and "Parameters: [X] must have values".
    const { status, output, outputs, operations } = await runPreview(template(["Alerts"]), CONFIGURATION, {
      PREVIEW_CHANGE_SET_NAME: "tributary_preview",
    });

    expect(status, output).toBe(0);
    const { preview, changeSets } = await afterwards();
    expect(changeSets).toEqual([]);
    expect(preview).toEqual([
      {
        stack: STACK,
        environment: "prod",
        changeSetType: "UPDATE",
        // moto 5.2.1 words it "Stack with id Invalid change set name: … does not exist" (it passes the message as
        // a stack id); the script keeps the API's message as it is.
        pages: [
          {
            StackName: STACK,
            Status: "FAILED",
            StatusReason: expect.stringContaining("Invalid change set name: tributary_preview"),
          },
        ],
      },
    ]);
    const summary = summarizeChangeSets(preview as PreviewDocument);
    expect(summary.status).toBe("error");
    expect(summary.stacks[0]?.reason).toBe(preview?.[0]?.pages[0]?.StatusReason);
    expect(outputs.PREVIEW_STATUS).toBe("error");
    expect(operations).not.toContain("DeleteChangeSet");
    expect(countCalls(operations)).toMatchObject({ create: 1, describeChangeSet: 0, put: 1 });
  });

  it("given a template larger than TemplateBody allows, when previewed, then the staged copy is read by URL", async () => {
    await deployStack(["Alerts"]);
    const large = template(["Alerts", "Audit"], {
      Description: "x".repeat(10),
      Metadata: { Padding: "p".repeat(TEMPLATE_BODY_LIMIT) },
    });
    await boto3(
      `s3.put_object(Bucket=params["staging"], Key=params["key"], Body=json.dumps(params["template"]).encode())`,
      {
        key: `staging/${PIPELINE}/${EXECUTION}/templates/main.yaml`,
        template: large,
      },
    );

    const { status, output } = await runPreview(large);

    expect(status, output).toBe(0);
    expect(summarizeChangeSets((await afterwards()).preview as PreviewDocument).status).toBe("changes");
  });

  it("given a change set CloudFormation is still creating after the wait, when previewed, then core's rule refuses it: the build fails, nothing is uploaded and the change set is still deleted", async () => {
    deployStack(["Alerts"]);

    // The proxy reports the change set as CREATE_IN_PROGRESS on every DescribeChangeSet; the waiter gives up.
    const { status, output, operations, describes } = await runPreview(
      template(["Alerts", "Audit"]),
      CONFIGURATION,
      { AWS_DATA_PATH: impatientDataPath },
      { changeSetStatus: "CREATE_IN_PROGRESS" },
    );

    expect(status).toBe(1);
    expect(output).toMatch(
      /The preview of acme-prod cannot be summarized: .*"CREATE_IN_PROGRESS" is not CREATE_COMPLETE or FAILED.*Fix: wait for it/,
    );
    expect(output).toContain("Max attempts exceeded");
    expect(describes.length).toBeGreaterThanOrEqual(3);
    expect(operations.filter((operation) => operation.startsWith("PUT "))).toEqual([]);
    expect(operations).toContain("DeleteChangeSet");
    const { preview, changeSets } = await afterwards();
    expect(preview).toBeNull();
    expect(changeSets).toEqual([]);
  });

  it("given a missing variable, when previewed, then the build fails before calling AWS", async () => {
    const { status, output, operations } = await (async () => {
      const directory = mkdtempSync(join(tmpdir(), "tributary-preview-"));
      proxy = await startCloudFormationProxy(moto.url);
      const { PREVIEW_KEY: _omitted, ...rest } = variables();
      const child = spawn("bash", ["-c", PREVIEW_SCRIPT], {
        cwd: directory,
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: process.env.PATH ?? "", ...moto.environment, AWS_ENDPOINT_URL: proxy.url, ...rest },
      });
      let text = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
      return { status: code, output: text, operations: proxy.calls };
    })();

    expect(status).toBe(1);
    expect(output).toContain("Missing environment variable PREVIEW_KEY");
    expect(operations).toEqual([]);
  });

  it("given a reports bucket that refuses the upload, when previewed, then the build fails and the change set is still deleted", async () => {
    await deployStack(["Alerts"]);
    await boto3(`s3.delete_bucket(Bucket=params["reports"])`, {});

    const { status, output, operations } = await runPreview(template(["Alerts", "Audit"]));

    expect(status).toBe(1);
    expect(output).toContain("NoSuchBucket");
    expect(operations).toContain("DeleteChangeSet");
    expect((await afterwards()).changeSets).toEqual([]);
  });
});

describe("preview buildspec", () => {
  it("given the buildspec, when rendered, then it runs the script in its own bash and exports core's outputs", () => {
    const rendered = JSON.parse(new Stack().resolve(previewBuildSpec().toBuildSpec()) as string) as {
      env: { "exported-variables": string[] };
      phases: { build: { commands: string[] } };
    };
    expect(rendered.env["exported-variables"]).toEqual(["PREVIEW_STATUS", "PREVIEW_URL"]);
    const [, run, read] = rendered.phases.build.commands as [string, string, string];
    // The second command is `bash -c '<script>'`: bash turns the quoted word back into the script exactly.
    expect(
      execFileSync("bash", ["-c", `printf '%s' ${run.slice("bash -c ".length)}`], { encoding: "utf8" }),
    ).toBe(PREVIEW_SCRIPT);
    expect(read).toContain(PREVIEW_OUTPUTS_FILE);
  });

  it("given the buildspec, when rendered, then its first command writes the bundled Node program beside the script's inputs, exactly", () => {
    const rendered = JSON.parse(new Stack().resolve(previewBuildSpec().toBuildSpec()) as string) as {
      phases: { build: { commands: string[] } };
    };
    const [write] = rendered.phases.build.commands as [string];
    const target = ` > "./${PREVIEW_PROGRAM.buildName}"`;

    expect(write.endsWith(target)).toBe(true);
    // bash turns the quoted word back into the program exactly.
    expect(execFileSync("bash", ["-c", write.slice(0, -target.length)], { encoding: "utf8" })).toBe(
      previewProgram(),
    );
  });

  it("given the bundled program, when the buildspec is rendered, then it stays within CodeBuild's inline buildspec limit", () => {
    const rendered = new Stack().resolve(previewBuildSpec().toBuildSpec()) as string;

    console.info(`Preview buildspec: ${rendered.length} of ${INLINE_BUILDSPEC_LIMIT} characters`);
    expect(rendered.length).toBeLessThanOrEqual(INLINE_BUILDSPEC_LIMIT);
  });

  it("given the script, when it checks its environment, then it names every variable of core's preview groups", () => {
    const check = PREVIEW_SCRIPT.split("\n").find((line) => line.startsWith("for name in ")) ?? "";
    expect(check.slice("for name in ".length, -"; do".length).split(" ").sort()).toEqual(
      [
        ...new Set([
          ...BUILDSPEC_VARIABLES.preview,
          ...BUILDSPEC_VARIABLES.previewProject,
          "STAGING_BUCKET",
          "REPORTS_BUCKET",
        ]),
      ].sort(),
    );
  });
});
