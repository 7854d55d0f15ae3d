/** The shipped Tributary app, synthesized (cdk-nag on) and resolved to concrete ARNs in a test account and region. */

import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createApp } from "@tributary/deploy/src/app";
import type { DeployConfig } from "@tributary/deploy/src/config";
import { loadConfig } from "@tributary/deploy/src/load-config";

/** The app's directory (`apps/deploy`). */
export const DEPLOY_DIR = dirname(createRequire(import.meta.url).resolve("@tributary/deploy/package.json"));

/** The account, region and partition the intrinsics resolve to. */
export const TEST_ACCOUNT = "111111111111";
export const TEST_REGION = "eu-west-1";
export const OTHER_REGION = "us-west-2";
export const PARTITION = "aws";

type Json = unknown;
interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}
interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

/** A policy document with every intrinsic resolved. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, Json>[];
}

/** An IAM role of the app: its ARN, its trust policy and its identity policies (inline and attached). */
export interface SynthesizedRole {
  readonly logicalId: string;
  readonly arn: string;
  readonly trustPolicy: PolicyDocument;
  readonly policies: readonly { readonly name: string; readonly policy: PolicyDocument }[];
}

/** What the simulation reads from the synthesized app. */
export interface SynthesizedApp {
  readonly config: DeployConfig;
  /** The cloud assembly directory and the CI/CD stack's artifact id (for its metadata file). */
  readonly outdir: string;
  readonly artifactId: string;
  readonly stackName: string;
  readonly resources: Readonly<Record<string, CfnResource>>;
  readonly roles: readonly SynthesizedRole[];
  /** Resource policies by the ARN of the resource they protect (buckets, topics, the key, queues). */
  readonly resourcePolicies: ReadonlyMap<string, PolicyDocument>;
  /** Physical id (`Ref`) of a resource. */
  ref(logicalId: string): string;
  /** `Fn::GetAtt` of a resource. */
  getAtt(logicalId: string, attribute: string): string;
  /** The one role whose logical id starts with `prefix` (fails when there is none or more than one). */
  role(prefix: string): SynthesizedRole;
  /** The one resource of `type` whose logical id starts with `prefix`. */
  logicalId(type: string, prefix: string): string;
}

/**
 * The id the simulation gives a KMS key: UUID-shaped, as KMS generates them, and a digest of `seed` (the key's logical
 * id, with its stack's name when several stacks are resolved), so each key's policy is found by its ARN.
 *
 * @example
 * simulatedKeyId("acme-tributary-cicd/ArtifactKey"); // "ca539a4a-76e8-4c74-81dc-1e66b5561d55"
 */
export function simulatedKeyId(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** CloudFormation's generated physical names, `<stack>-<logical id>-<suffix>` (buckets lower-cased). */
function physicalName(stackName: string, logicalId: string, lowerCase: boolean): string {
  const name = `${stackName}-${logicalId}`.slice(0, 50);
  return lowerCase ? `${name.toLowerCase()}-1a2b3c4d5e6f` : `${name}-1A2B3C4D5E6F`;
}

/**
 * Synthesizes the app from `apps/deploy/tributary.config.ts` (the shipped config), or another config file of
 * `apps/deploy` (`examples/github.config.ts`), with cdk-nag, so that a finding fails here as it fails `cdk synth`, and
 * resolves the CI/CD stack's policies.
 */
export async function synthesizeApp(configFile = "tributary.config.ts"): Promise<SynthesizedApp> {
  const config = await loadConfig(join(DEPLOY_DIR, configFile));
  const outdir = mkdtempSync(join(tmpdir(), "tributary-iam-"));
  const built = createApp(config, { outdir });
  const assembly = built.app.synth();
  const stackName = built.cicdStack.stackName;
  const template = assembly.getStackByName(stackName).template as CfnTemplate;
  const resources = template.Resources;
  const pseudo: Record<string, string> = {
    "AWS::AccountId": TEST_ACCOUNT,
    "AWS::Region": TEST_REGION,
    "AWS::Partition": PARTITION,
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": stackName,
    "AWS::NoValue": "",
  };

  const typeOf = (logicalId: string): string => {
    const resource = resources[logicalId];
    if (resource === undefined) throw new Error(`The template has no resource ${logicalId}.`);
    return resource.Type;
  };
  const property = (logicalId: string, name: string): string | undefined => {
    const value = resources[logicalId]?.Properties?.[name];
    return value === undefined ? undefined : String(resolve(value));
  };
  const arn = (service: string, resource: string, region = TEST_REGION) =>
    `arn:${PARTITION}:${service}:${region}:${TEST_ACCOUNT}:${resource}`;

  function ref(logicalId: string): string {
    if (Object.hasOwn(pseudo, logicalId)) return pseudo[logicalId] as string;
    const type = typeOf(logicalId);
    switch (type) {
      case "AWS::IAM::Role":
        return property(logicalId, "RoleName") ?? physicalName(stackName, logicalId, false);
      case "AWS::S3::Bucket":
        return property(logicalId, "BucketName") ?? physicalName(stackName, logicalId, true);
      case "AWS::SNS::Topic":
        return arn("sns", property(logicalId, "TopicName") ?? physicalName(stackName, logicalId, false));
      case "AWS::KMS::Key":
        // One id per key (a key's policy is looked up by its ARN): a UUID-shaped digest of the logical id.
        return simulatedKeyId(logicalId);
      case "AWS::SQS::Queue":
        return `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT}/${physicalName(stackName, logicalId, false)}`;
      case "AWS::CodeBuild::Project":
        return property(logicalId, "Name") ?? physicalName(stackName, logicalId, false);
      case "AWS::CodePipeline::Pipeline":
        return property(logicalId, "Name") ?? physicalName(stackName, logicalId, false);
      case "AWS::Lambda::Function":
        return property(logicalId, "FunctionName") ?? physicalName(stackName, logicalId, false);
      case "AWS::Logs::LogGroup":
        return property(logicalId, "LogGroupName") ?? physicalName(stackName, logicalId, false);
      case "AWS::Events::Rule":
        return `${physicalName(stackName, logicalId, false)}`;
      case "AWS::SecretsManager::Secret":
        // Secrets Manager appends six random characters to the name in the ARN.
        return arn(
          "secretsmanager",
          `secret:${property(logicalId, "Name") ?? physicalName(stackName, logicalId, false)}-AbCdEf`,
        );
      case "AWS::DynamoDB::Table":
        return property(logicalId, "TableName") ?? physicalName(stackName, logicalId, false);
      default:
        throw new Error(
          `No physical id for Ref ${logicalId} (${type}). Fix: teach synthesized-app.ts its format.`,
        );
    }
  }

  function getAtt(logicalId: string, attribute: string): string {
    const type = typeOf(logicalId);
    const key = `${type}.${attribute}`;
    switch (key) {
      case "AWS::IAM::Role.Arn":
        return `arn:${PARTITION}:iam::${TEST_ACCOUNT}:role/${ref(logicalId)}`;
      case "AWS::S3::Bucket.Arn":
        return `arn:${PARTITION}:s3:::${ref(logicalId)}`;
      case "AWS::KMS::Key.Arn":
        return arn("kms", `key/${ref(logicalId)}`);
      case "AWS::SQS::Queue.Arn":
        return arn("sqs", physicalName(stackName, logicalId, false));
      case "AWS::SQS::Queue.QueueName":
        return physicalName(stackName, logicalId, false);
      case "AWS::SNS::Topic.TopicArn":
        return ref(logicalId);
      case "AWS::CodeBuild::Project.Arn":
        return arn("codebuild", `project/${ref(logicalId)}`);
      case "AWS::Lambda::Function.Arn":
        return arn("lambda", `function:${ref(logicalId)}`);
      case "AWS::Logs::LogGroup.Arn":
        return arn("logs", `log-group:${ref(logicalId)}:*`);
      case "AWS::Events::Rule.Arn":
        return arn("events", `rule/${ref(logicalId)}`);
      case "AWS::CodeConnections::Connection.ConnectionArn":
        // A connection CloudFormation creates is a codeconnections resource.
        return arn("codeconnections", "connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789");
      case "AWS::DynamoDB::Table.Arn":
        return arn("dynamodb", `table/${ref(logicalId)}`);
      case "AWS::CloudWatch::Alarm.Arn":
        return arn("cloudwatch", `alarm:${physicalName(stackName, logicalId, false)}`);
      default:
        throw new Error(
          `No value for Fn::GetAtt ${logicalId}.${attribute} (${type}). Fix: teach synthesized-app.ts.`,
        );
    }
  }

  const resolve = intrinsicResolver(ref, getAtt);

  const roles: SynthesizedRole[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== "AWS::IAM::Role") continue;
    const properties = resource.Properties ?? {};
    if (properties.ManagedPolicyArns !== undefined) {
      throw new Error(
        `Role ${logicalId} has managed policies, which the simulation cannot read. Fix: use inline statements.`,
      );
    }
    const policies: { name: string; policy: PolicyDocument }[] = [];
    for (const inline of (properties.Policies as
      | { PolicyName: string; PolicyDocument: Json }[]
      | undefined) ?? []) {
      policies.push({ name: inline.PolicyName, policy: resolve(inline.PolicyDocument) as PolicyDocument });
    }
    for (const [policyId, policyResource] of Object.entries(resources)) {
      if (policyResource.Type !== "AWS::IAM::Policy") continue;
      const attached = (policyResource.Properties?.Roles as Json[] | undefined) ?? [];
      if (!attached.some((entry) => (entry as { Ref?: string }).Ref === logicalId)) continue;
      policies.push({
        name: policyId,
        policy: resolve(policyResource.Properties?.PolicyDocument) as PolicyDocument,
      });
    }
    roles.push({
      logicalId,
      arn: getAtt(logicalId, "Arn"),
      trustPolicy: resolve(properties.AssumeRolePolicyDocument) as PolicyDocument,
      policies,
    });
  }

  const resourcePolicies = new Map<string, PolicyDocument>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    const properties = resource.Properties ?? {};
    if (resource.Type === "AWS::S3::BucketPolicy") {
      resourcePolicies.set(
        `arn:${PARTITION}:s3:::${resolve(properties.Bucket)}`,
        resolve(properties.PolicyDocument) as PolicyDocument,
      );
    } else if (resource.Type === "AWS::SNS::TopicPolicy") {
      for (const topic of resolve(properties.Topics) as string[]) {
        resourcePolicies.set(topic, resolve(properties.PolicyDocument) as PolicyDocument);
      }
    } else if (resource.Type === "AWS::KMS::Key") {
      resourcePolicies.set(getAtt(logicalId, "Arn"), resolve(properties.KeyPolicy) as PolicyDocument);
    } else if (resource.Type === "AWS::SQS::QueuePolicy") {
      for (const queueUrl of resolve(properties.Queues) as string[]) {
        const queueName = queueUrl.split("/").pop() as string;
        resourcePolicies.set(arn("sqs", queueName), resolve(properties.PolicyDocument) as PolicyDocument);
      }
    }
  }

  const app: SynthesizedApp = {
    config: built.config,
    outdir,
    artifactId: built.cicdStack.artifactId,
    stackName,
    resources,
    roles,
    resourcePolicies,
    ref,
    getAtt,
    role(prefix) {
      const matches = roles.filter((role) => role.logicalId.startsWith(prefix));
      if (matches.length !== 1) {
        throw new Error(
          `${matches.length} roles start with ${prefix}: ${matches.map((role) => role.logicalId).join(", ")}`,
        );
      }
      return matches[0] as SynthesizedRole;
    },
    logicalId(type, prefix) {
      const matches = Object.entries(resources).filter(
        ([id, resource]) => resource.Type === type && id.startsWith(prefix),
      );
      if (matches.length !== 1) throw new Error(`${matches.length} ${type} resources start with ${prefix}.`);
      return (matches[0] as [string, CfnResource])[0];
    },
  };
  return app;
}

/**
 * Resolves the intrinsics of one template (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`)
 * with the given physical ids and attributes; any other intrinsic throws.
 */
export function intrinsicResolver(
  ref: (logicalId: string) => string,
  getAtt: (logicalId: string, attribute: string) => string,
): (node: Json) => Json {
  function sub(text: string, variables: Record<string, Json> = {}): string {
    return text.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
      if (Object.hasOwn(variables, name)) return String(resolve(variables[name]));
      if (name.includes(".")) {
        const [logicalId, attribute] = name.split(".", 2) as [string, string];
        return getAtt(logicalId, attribute);
      }
      return ref(name);
    });
  }

  function resolve(node: Json): Json {
    if (Array.isArray(node)) return node.map(resolve);
    if (typeof node !== "object" || node === null) return node;
    const object = node as Record<string, Json>;
    const keys = Object.keys(object);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const value = object[key];
      if (key === "Ref") return ref(String(value));
      if (key === "Fn::GetAtt") {
        const [logicalId, attribute] = (Array.isArray(value) ? value : String(value).split(".")) as [
          string,
          string,
        ];
        return getAtt(logicalId, attribute);
      }
      if (key === "Fn::Join") {
        const [delimiter, items] = value as [string, Json[]];
        return (resolve(items) as Json[]).map(String).join(delimiter);
      }
      if (key === "Fn::Sub") {
        return Array.isArray(value)
          ? sub(String(value[0]), value[1] as Record<string, Json>)
          : sub(String(value));
      }
      if (key === "Fn::Select") {
        const [index, list] = value as [number, Json];
        return (resolve(list) as Json[])[Number(index)];
      }
      if (key === "Fn::Split") {
        const [delimiter, text] = value as [string, Json];
        return String(resolve(text)).split(delimiter);
      }
      if (key === "Fn::ImportValue") {
        throw new Error(
          `Fn::ImportValue ${JSON.stringify(value)} is not resolved. Fix: teach synthesized-app.ts.`,
        );
      }
      if (key.startsWith("Fn::")) {
        throw new Error(`Intrinsic ${key} is not resolved. Fix: teach synthesized-app.ts.`);
      }
    }
    return Object.fromEntries(Object.entries(object).map(([name, value]) => [name, resolve(value)]));
  }
  return resolve;
}
