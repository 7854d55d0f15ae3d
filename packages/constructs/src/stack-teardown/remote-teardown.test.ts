/**
 * The remote teardown script in bash with the real AWS CLI against a real moto_server, across accounts: the CI/CD
 * account is moto's default (`MOTO_ACCOUNT_ID`, eu-west-1), prod's target account is 333333333333 in eu-central-1.
 *
 * moto acts in another account for credentials of an assumed role: `sts assume-role` of a role in account X creates the
 * access key in X's IAM backend (moto/sts/models.py, `STSBackend._create_access_key` reads the account from the role
 * ARN; its docstring: "The ARN can point to another account, providing an opportunity to switch accounts"), and every
 * request is served by the backend of the account that holds its access key (moto/iam/models.py,
 * `get_account_id_from`, called by moto/core/responses.py `BaseResponse.get_current_account`) unless `MOTO_ACCOUNT_ID`
 * is set, which wins over everything: the server runs without it (`accountsByCredentials`). moto does not evaluate IAM
 * policies here: the IAM side is proven by tooling/iam-simulation's cross-account cases.
 *
 * As in CodeBuild, the build has no credentials in its environment: the CLI gets them from the container credentials
 * endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI`; botocore's `ContainerProvider` accepts a loopback address), here a
 * local server handing out moto's credentials of the CI/CD account; the target profile's `credential_source =
 * EcsContainer` assumes the target teardown role with them.
 */
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  defineConfig,
  MANAGED_TAGS,
  ownershipRule,
  readTargetListing,
  TARGET_LISTING_MODE,
  targetListingKey,
  targetListingRequestVariables,
  teardownTargets,
} from "@tributary/core";
import {
  type CloudFormationProxy,
  MOTO_ACCOUNT_ID,
  type MotoServer,
  startCloudFormationProxy,
  startMotoServer,
} from "@tributary/fake-aws";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Boto3Runner, startBoto3 } from "../__fixtures__/boto3-runner";
import { createClonePipeline } from "../__fixtures__/clone-pipeline";
import { fastCloudFormationWaiter } from "../__fixtures__/fast-waiters";
import { runBuildScript } from "../__fixtures__/run-build-script";
import { REMOTE_TEARDOWN_SCRIPT, teardownCheckPath, teardownVariables } from "./teardown-buildspec.js";

const TARGET = { account: "333333333333", region: "eu-central-1" };
const CICD_REGION = "eu-west-1";
const STACK = "acme-prod-feature-x";
const TARGETS = teardownTargets("acme", [{ name: "prod", ...TARGET }]);
const TEARDOWN_ROLE_ARN = `arn:aws:iam::${TARGET.account}:role/${TARGETS[0]?.roleName}`;
const EPHEMERAL = [
  { Key: MANAGED_TAGS.ephemeral, Value: "true" },
  { Key: MANAGED_TAGS.project, Value: "acme" },
];
/** The credentials moto's environment names (`MotoServer.environment`): moto's default account, the CI/CD one. */
const BUILD_KEY = "testing";

let moto: MotoServer;
let python: Boto3Runner;
let proxy: CloudFormationProxy | undefined;
let dataPath: string;
/** CodeBuild's container credentials endpoint, played by a local server. */
let credentials: Server;
let credentialsUrl: string;

beforeAll(async () => {
  moto = await startMotoServer({ preload: ["cloudformation"], accountsByCredentials: true });
  python = startBoto3(moto.environment);
  dataPath = fastCloudFormationWaiter("StackDeleteComplete", { delay: 1, maxAttempts: 2 });
  // The ECS container credentials answer (AccessKeyId, SecretAccessKey, Token, Expiration), as botocore's
  // ContainerMetadataFetcher reads it.
  credentials = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        AccessKeyId: BUILD_KEY,
        SecretAccessKey: BUILD_KEY,
        Token: BUILD_KEY,
        Expiration: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
  });
  await new Promise<void>((resolve) => credentials.listen(0, "127.0.0.1", resolve));
  credentialsUrl = `http://127.0.0.1:${(credentials.address() as AddressInfo).port}/v2/credentials`;
});

afterAll(async () => {
  await python?.close();
  await moto.close();
  await new Promise((resolve) => credentials?.close(resolve));
});

beforeEach(async () => {
  await moto.reset();
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** boto3 clients of the target account (an assumed role there) or of the CI/CD account, in their regions. */
const CLIENTS = `
def clients(where):
    if where == "target":
        c = boto3.client("sts").assume_role(RoleArn=params["role"], RoleSessionName="arrange")["Credentials"]
        session = boto3.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                                aws_session_token=c["SessionToken"], region_name=params["targetRegion"])
    else:
        session = boto3.Session(region_name=params["cicdRegion"])
    return session.client("cloudformation"), session.client("s3")
`;

/** Creates `STACK` with a bucket holding a few object versions, in the target account or the CI/CD account. */
async function createStack(
  where: "target" | "cicd",
  bucket: string,
  tags: { Key: string; Value: string }[],
): Promise<void> {
  await python.run(
    `${CLIENTS}
cfn, s3c = clients(params["where"])
template = {"Resources": {"Website": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": params["bucket"]}}}}
cfn.create_stack(StackName=params["stack"], TemplateBody=json.dumps(template), Tags=params["tags"])
s3c.put_bucket_versioning(Bucket=params["bucket"], VersioningConfiguration={"Status": "Enabled"})
for body in (b"v1", b"v2"):
    for key in ("index.html", "error.html"):
        s3c.put_object(Bucket=params["bucket"], Key=key, Body=body)
`,
    { where, bucket, tags, stack: STACK, ...WHERE },
  );
}

const WHERE = { role: TEARDOWN_ROLE_ARN, targetRegion: TARGET.region, cicdRegion: CICD_REGION };

const TARGET_BUCKET = "acme-prod-feature-x-website";
const CICD_BUCKET = "acme-cicd-same-name-website";

/**
 * The stacks of one account and the object versions of its bucket (`null` once it is gone), as that account's own
 * credentials see them. (moto 5.2.1's ListBuckets is not used: it answered one account with another's bucket.)
 */
async function stateOf(
  where: "target" | "cicd",
): Promise<{ stacks: string[]; versions: Record<string, number | null> }> {
  return (await python.run(
    `${CLIENTS}
cfn, s3c = clients(params["where"])
stacks = sorted(s["StackName"] for s in cfn.describe_stacks()["Stacks"])
versions = {}
for name in params["buckets"]:
    try:
        versions[name] = len(s3c.list_object_versions(Bucket=name).get("Versions", []))
    except s3c.exceptions.NoSuchBucket:
        versions[name] = None
print(json.dumps({"stacks": stacks, "versions": versions}))
`,
    { where, buckets: [where === "target" ? TARGET_BUCKET : CICD_BUCKET], ...WHERE },
  )) as { stacks: string[]; versions: Record<string, number | null> };
}

/** Runs REMOTE_TEARDOWN_SCRIPT as a CodeBuild build of the CI/CD account would: container credentials only. */
async function runTeardown(stackName: string, request: Record<string, string> = {}) {
  proxy = await startCloudFormationProxy(moto.url);
  const {
    AWS_ACCESS_KEY_ID: _key,
    AWS_SECRET_ACCESS_KEY: _secret,
    AWS_SESSION_TOKEN: _token,
    ...endpoint
  } = moto.environment;
  const { status, output } = await runBuildScript(REMOTE_TEARDOWN_SCRIPT, {
    PATH: process.env.PATH ?? "",
    // A fresh HOME and TMPDIR per build: the CLI's assume-role cache (~/.aws/cli/cache) and the profile file.
    HOME: mkdtempSync(join(tmpdir(), "tributary-remote-teardown-home-")),
    TMPDIR: mkdtempSync(join(tmpdir(), "tributary-remote-teardown-tmp-")),
    ...endpoint,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: credentialsUrl,
    AWS_ENDPOINT_URL: proxy.url,
    AWS_DATA_PATH: dataPath,
    CODEBUILD_BUILD_ARN: `arn:aws:codebuild:${CICD_REGION}:${MOTO_ACCOUNT_ID}:build/acme-stack-teardown:0a1b2c3d`,
    CODEBUILD_BUILD_NUMBER: "7",
    TEARDOWN_CHECK: teardownCheckPath(),
    TEARDOWN_TARGETS: JSON.stringify(TARGETS),
    TRIBUTARY_PROJECT: "acme",
    STACK_NAME: stackName,
    ...request,
    ...teardownVariables(ownershipRule(defineConfig({ project: "acme", repository: "infra" }))),
  });
  return { status, output, calls: proxy.calls };
}

describe("remote teardown buildspec against moto across accounts, with the real AWS CLI", () => {
  it("given an ephemeral stack of prod in its target account and a stack of the same name in the CI/CD account, when torn down, then the target's stack is emptied and deleted through the assumed teardown role and the CI/CD account's is untouched", async () => {
    await createStack("target", TARGET_BUCKET, EPHEMERAL);
    await createStack("cicd", CICD_BUCKET, EPHEMERAL);
    const cicdBefore = await stateOf("cicd");

    const { status, output, calls } = await runTeardown(STACK, {
      PIPELINE_NAME: STACK,
      TEARDOWN_REASON: "removed",
    });

    expect(status, output).toBe(0);
    expect(output).toContain(
      `Stack ${STACK}: in account ${TARGET.account}, ${TARGET.region}, through ${TEARDOWN_ROLE_ARN}`,
    );
    expect(output).toContain("Deleting 4 object versions from acme-prod-feature-x-website");
    expect(output).toContain(`Stack ${STACK} is deleted`);
    expect(cicdBefore).toEqual({ stacks: [STACK], versions: { [CICD_BUCKET]: 4 } });
    expect(await stateOf("target")).toEqual({ stacks: [], versions: { [TARGET_BUCKET]: null } });
    expect(await stateOf("cicd")).toEqual(cicdBefore);
    // The role assumed is exactly the target teardown role.
    const assumed = calls.filter((call) => call.operation === "AssumeRole");
    expect(assumed.map((call) => call.parameters?.RoleArn)).toContain(TEARDOWN_ROLE_ARN);
    expect(new Set(assumed.map((call) => call.parameters?.RoleArn))).toEqual(new Set([TEARDOWN_ROLE_ARN]));
    // CloudFormation and S3 as the assumed role in the target region; the clone reads as the build in the CI/CD region.
    const stackCalls = calls.filter((call) => ["cloudformation", "s3"].includes(call.service));
    expect(stackCalls.length).toBeGreaterThan(0);
    for (const call of stackCalls) {
      expect(call.signedBy?.region, call.operation).toBe(TARGET.region);
      expect(call.signedBy?.accessKeyId, call.operation).not.toBe(BUILD_KEY);
    }
    const cloneReads = calls.filter((call) => ["codepipeline", "tagging"].includes(call.service));
    expect(cloneReads.map((call) => call.operation).sort()).toEqual(["GetResources", "ListTagsForResource"]);
    for (const call of cloneReads)
      expect(call.signedBy).toEqual({ accessKeyId: BUILD_KEY, region: CICD_REGION });
  });

  it("given an untagged stack of prod in its target account, when torn down, then the build refuses and deletes nothing there", async () => {
    await createStack("target", TARGET_BUCKET, [{ Key: MANAGED_TAGS.project, Value: "acme" }]);
    const before = await stateOf("target");

    const { status, output, calls } = await runTeardown(STACK);

    expect(status).toBe(1);
    expect(output).toContain(`Refusing to tear down ${STACK}: it lacks the tags`);
    expect(calls.filter((call) => /delete/i.test(call.operation))).toEqual([]);
    expect(await stateOf("target")).toEqual(before);
  });

  it("given prod's shared stack, when torn down, then the build refuses before assuming any role", async () => {
    const { status, output, calls } = await runTeardown("acme-prod");

    expect(status).toBe(1);
    expect(output).toContain("acme-prod");
    expect(calls).toEqual([]);
  });

  it("given a live clone in the CI/CD account that deploys the target's stack, when torn down, then the build refuses and deletes nothing there", async () => {
    await createStack("target", TARGET_BUCKET, EPHEMERAL);
    await createClonePipeline(python, STACK, { [MANAGED_TAGS.stack]: STACK });
    const before = await stateOf("target");

    const { status, output, calls } = await runTeardown(STACK, {
      PIPELINE_NAME: STACK,
      TEARDOWN_REASON: "removed",
    });

    expect(status).toBe(1);
    expect(output).toContain(`Refusing to tear down ${STACK}: the live clone ${STACK} deploys it`);
    expect(calls.filter((call) => /delete/i.test(call.operation))).toEqual([]);
    expect(await stateOf("target")).toEqual(before);
  });

  it("given a stack of an environment in the CI/CD account, when torn down with the remote script, then it goes there as the build itself", async () => {
    await python.run(
      `boto3.client("cloudformation").create_stack(StackName="acme-dev-feature-x", TemplateBody=json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}), Tags=params["tags"])`,
      { tags: EPHEMERAL },
    );

    const { status, output, calls } = await runTeardown("acme-dev-feature-x");

    expect(status, output).toBe(0);
    expect(output).toContain("Stack acme-dev-feature-x: in the CI/CD account");
    expect(calls.filter((call) => call.operation === "AssumeRole")).toEqual([]);
    expect((await stateOf("cicd")).stacks).toEqual([]);
  });

  it("given a malformed TEARDOWN_TARGETS, when torn down, then the build fails naming it before any call", async () => {
    const { status, output, calls } = await runTeardown(STACK, {
      TEARDOWN_TARGETS: '[{"stackPrefix": "acme-prod-"}]',
    });

    expect(status).toBe(1);
    expect(output).toContain("TEARDOWN_TARGETS is not a list of teardown targets");
    expect(calls).toEqual([]);
  });
});

describe("the listing mode against moto across accounts, with the real AWS CLI", () => {
  const QA = { account: "222222222222", region: "eu-west-1" };
  const LISTED = teardownTargets("acme", [
    { name: "prod", ...TARGET },
    { name: "qa", ...QA },
  ]);
  const ARTIFACTS = "acme-tributary-cicd-artifacts";

  /** Stacks in one account and region, created with an assumed role there (`account`) or as the CI/CD account. */
  async function createStacks(
    where: { account: string; region: string } | "cicd",
    stacks: Record<string, { Key: string; Value: string }[]>,
  ): Promise<void> {
    await python.run(
      `
if params["where"] == "cicd":
    session = boto3.Session(region_name=params["cicdRegion"])
else:
    c = boto3.client("sts").assume_role(RoleArn=f"arn:aws:iam::{params['where']['account']}:role/arrange", RoleSessionName="arrange")["Credentials"]
    session = boto3.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                            aws_session_token=c["SessionToken"], region_name=params["where"]["region"])
cfn = session.client("cloudformation")
for name, tags in params["stacks"].items():
    cfn.create_stack(StackName=name, TemplateBody=json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}), Tags=tags)
`,
      { where, stacks, cicdRegion: CICD_REGION },
    );
  }

  /** The listing object of one target in the CI/CD account's artifacts bucket (its text), or null. */
  async function listingText(account: string, region: string): Promise<string | null> {
    return (await python.run(
      `
try:
    print(json.dumps(s3.get_object(Bucket=params["bucket"], Key=params["key"])["Body"].read().decode()))
except s3.exceptions.NoSuchKey:
    print("null")
`,
      { bucket: ARTIFACTS, key: targetListingKey(account, region) },
    )) as string | null;
  }

  it("given stacks in two target accounts, when the reconcile's listing build runs, then each target's listing in the CI/CD artifacts bucket holds that target's project stacks under its environments' prefixes, read through its teardown role", async () => {
    await python.run(
      `s3.create_bucket(Bucket=params["bucket"], CreateBucketConfiguration={"LocationConstraint": params["region"]})`,
      { bucket: ARTIFACTS, region: CICD_REGION },
    );
    const project = [{ Key: MANAGED_TAGS.project, Value: "acme" }];
    await createStacks(TARGET, {
      "acme-prod-feature-a": EPHEMERAL,
      "acme-prod-pr-7": project,
      "acme-prod": project,
      "acme-qa-feature-a": EPHEMERAL,
      "other-prod-feature-a": [{ Key: MANAGED_TAGS.project, Value: "other" }],
    });
    await createStacks(QA, { "acme-qa-release-1": EPHEMERAL });
    // The CI/CD account's own stacks, one in qa's region: no listing holds them.
    await createStacks("cicd", { "acme-prod-feature-cicd": EPHEMERAL, "acme-qa-feature-cicd": EPHEMERAL });

    const { status, output, calls } = await runTeardown("", {
      ...targetListingRequestVariables(),
      TEARDOWN_TARGETS: JSON.stringify(LISTED),
      TEARDOWN_LISTING_BUCKET: ARTIFACTS,
    });

    expect(status, output).toBe(0);
    const read = (text: string | null, where: { account: string; region: string }) =>
      readTargetListing(text ?? "", where, new Date().toISOString(), 3_600_000);
    const prod = read(await listingText(TARGET.account, TARGET.region), TARGET);
    const qa = read(await listingText(QA.account, QA.region), QA);
    expect("listing" in prod && prod.listing.stacks, JSON.stringify(prod)).toEqual([
      { name: "acme-prod-feature-a", tags: Object.fromEntries(EPHEMERAL.map((tag) => [tag.Key, tag.Value])) },
      { name: "acme-prod-pr-7", tags: { [MANAGED_TAGS.project]: "acme" } },
    ]);
    expect("listing" in qa && qa.listing.stacks, JSON.stringify(qa)).toEqual([
      { name: "acme-qa-release-1", tags: Object.fromEntries(EPHEMERAL.map((tag) => [tag.Key, tag.Value])) },
    ]);
    // Each target listed as its own teardown role in its region; the listings written as the build in the CI/CD region.
    expect(
      calls.filter((call) => call.operation === "AssumeRole").map((call) => call.parameters?.RoleArn),
    ).toEqual(LISTED.map((target) => `arn:aws:iam::${target.account}:role/${target.roleName}`));
    const listings = calls.filter((call) => call.operation === "GetResources");
    expect(listings.map((call) => call.signedBy?.region)).toEqual([TARGET.region, QA.region]);
    for (const call of listings) expect(call.signedBy?.accessKeyId).not.toBe(BUILD_KEY);
    const writes = calls.filter((call) => call.service === "s3");
    expect(writes.map((call) => call.operation)).toEqual(
      LISTED.map((target) => `PUT /${ARTIFACTS}/${targetListingKey(target.account, target.region)}`),
    );
    for (const call of writes) expect(call.signedBy).toEqual({ accessKeyId: BUILD_KEY, region: CICD_REGION });
    expect(calls.filter((call) => call.service === "cloudformation")).toEqual([]);
  });

  it("given no listing bucket, when the listing build runs, then it fails naming the fix before any call", async () => {
    const { status, output, calls } = await runTeardown("", {
      [TARGET_LISTING_MODE.variable]: TARGET_LISTING_MODE.value,
    });

    expect(status).toBe(1);
    expect(output).toContain("TEARDOWN_LISTING_BUCKET is empty");
    expect(output).toContain("Fix: call writeTargetListingsTo(artifactsBucket)");
    expect(calls).toEqual([]);
  });
});
