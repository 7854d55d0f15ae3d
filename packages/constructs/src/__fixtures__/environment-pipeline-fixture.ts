/**
 * The environment pipelines as `GetPipeline` returns them once CloudFormation deployed the synthesized stack, for
 * the tests of other packages (`tooling/fake-aws/fixtures/environment-pipeline.json`). The cloner cannot import
 * the constructs (they bundle its Lambda), so the constructs write the fixture and a test fails when it drifts.
 *
 * Regenerate: `pnpm --filter @tributary/constructs fixture:environment-pipeline`.
 */
import { fileURLToPath } from "node:url";
import type { TributaryConfigInput } from "@tributary/core";
import { Template } from "aws-cdk-lib/assertions";
import { buildTributaryStack, ENV } from "./tributary-stack.js";

/** Where the fixture lives: the shared fake package, which every package's tests import. */
export const FIXTURE_PATH = fileURLToPath(
  new URL("../../../../tooling/fake-aws/fixtures/environment-pipeline.json", import.meta.url),
);

/** The command that rewrites the fixture. */
export const REGENERATE = "pnpm --filter @tributary/constructs fixture:environment-pipeline";

/** The configs the fixture holds, by the name the fake package's `environmentPipeline` selects them with. */
const VARIANTS: Readonly<Record<string, TributaryConfigInput>> = {
  /** The defaults: dev (develop), qa (no branch of its own), prod (main, with an approval). */
  standard: { project: "acme", repository: "infra" },
  /** Every environment behind a manual approval, skipped when the preview finds no changes (an entry condition). */
  approvals: {
    project: "acme",
    repository: "infra",
    environments: {
      dev: { branch: "develop", requiresApproval: true },
      qa: { requiresApproval: true },
      prod: { branch: "main", requiresApproval: true },
    },
    approvals: { skipWhenNoChanges: true },
  },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Resources = Record<string, { Type: string; Properties?: Record<string, Json> }>;

/**
 * The physical name or ARN CloudFormation gives a resource. Where the template sets no name, CloudFormation
 * generates one from the stack name and logical ID; the fixture uses `<stack>-<logical id>` in its place.
 */
function resolveReference(resources: Resources, logicalId: string, attribute: string | undefined): string {
  const resource = resources[logicalId];
  if (resource === undefined) throw new Error(`The template has no resource ${logicalId}`);
  const properties = resource.Properties ?? {};
  const generated = `tributary-${logicalId}`;
  const named = (property: string): string =>
    typeof properties[property] === "string" ? properties[property] : generated;
  const { account, region } = ENV;
  switch (`${resource.Type}.${attribute ?? "Ref"}`) {
    case "AWS::S3::Bucket.Ref":
      return named("BucketName").toLowerCase();
    case "AWS::CodeBuild::Project.Ref":
      return named("Name");
    case "AWS::IAM::Role.Arn":
      return `arn:aws:iam::${account}:role/${named("RoleName")}`;
    case "AWS::SNS::Topic.Ref":
      return `arn:aws:sns:${region}:${account}:${named("TopicName")}`;
    case "AWS::CodeCommit::Repository.Name":
      return named("RepositoryName");
    case "AWS::KMS::Key.Arn":
      return `arn:aws:kms:${region}:${account}:key/${logicalId}`;
    default:
      throw new Error(
        `The fixture cannot resolve ${attribute ?? "Ref"} of ${logicalId} (${resource.Type}). Fix: add the case to resolveReference.`,
      );
  }
}

const PSEUDO: Readonly<Record<string, string>> = {
  "AWS::AccountId": ENV.account,
  "AWS::Region": ENV.region,
  "AWS::Partition": "aws",
  "AWS::URLSuffix": "amazonaws.com",
};

/** Replaces every intrinsic function by the value CloudFormation would pass to CodePipeline. */
function resolve(resources: Resources, value: Json): Json {
  if (Array.isArray(value)) return value.map((item) => resolve(resources, item));
  if (value === null || typeof value !== "object") return value;
  if ("Ref" in value && typeof value.Ref === "string") {
    return PSEUDO[value.Ref] ?? resolveReference(resources, value.Ref, undefined);
  }
  const getAtt = value["Fn::GetAtt"];
  if (Array.isArray(getAtt)) return resolveReference(resources, String(getAtt[0]), String(getAtt[1]));
  const join = value["Fn::Join"];
  if (Array.isArray(join)) {
    const [separator, parts] = join;
    return (Array.isArray(parts) ? parts : [])
      .map((part) => String(resolve(resources, part)))
      .join(String(separator));
  }
  const intrinsic = Object.keys(value).find((key) => key.startsWith("Fn::"));
  if (intrinsic !== undefined)
    throw new Error(`The fixture cannot resolve ${intrinsic}. Fix: add it to resolve.`);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(resources, item)]));
}

/** CloudFormation-only properties of AWS::CodePipeline::Pipeline that GetPipeline does not return. */
const CLOUDFORMATION_ONLY = new Set(["RestartExecutionOnUpdate", "Tags", "DisableInboundStageTransitions"]);

/**
 * The resolved properties in GetPipeline's shape: member names in camelCase, configuration keys as written and
 * configuration values as strings (the API's configuration is a string-to-string map).
 */
function asDeclaration(value: Json, inConfiguration = false): Json {
  if (Array.isArray(value)) return value.map((item) => asDeclaration(item));
  if (value === null || typeof value !== "object") return inConfiguration ? String(value) : value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => inConfiguration || !CLOUDFORMATION_ONLY.has(key))
      .map(([key, item]) => [
        inConfiguration ? key : key.charAt(0).toLowerCase() + key.slice(1),
        inConfiguration ? String(item) : asDeclaration(item, key === "Configuration"),
      ]),
  );
}

/** The declarations of one variant's environment pipelines, by environment name. */
function synthesizeVariant(config: TributaryConfigInput): Record<string, Json> {
  const built = buildTributaryStack({ config });
  const template = Template.fromStack(built.stack).toJSON() as { Resources: Resources };
  const declarations: Record<string, Json> = {};
  for (const environment of built.config.environments) {
    const resource = Object.values(template.Resources).find(
      (candidate) =>
        candidate.Type === "AWS::CodePipeline::Pipeline" &&
        candidate.Properties?.Name === environment.pipelineName,
    );
    if (resource?.Properties === undefined)
      throw new Error(`No pipeline ${environment.pipelineName} was synthesized`);
    const declaration = asDeclaration(resolve(template.Resources, resource.Properties)) as Record<
      string,
      Json
    >;
    // GetPipeline reports the version; a pipeline CloudFormation just created is at version 1.
    declarations[environment.name] = { ...declaration, version: 1 };
  }
  return declarations;
}

/**
 * Synthesizes every variant and returns the fixture's text (stable key order, trailing newline).
 *
 * @example
 * writeFileSync(FIXTURE_PATH, synthesizeEnvironmentPipelineFixture());
 */
export function synthesizeEnvironmentPipelineFixture(): string {
  const fixture = Object.fromEntries(
    Object.entries(VARIANTS).map(([name, config]) => [name, synthesizeVariant(config)]),
  );
  return `${JSON.stringify({ $comment: `Generated by ${REGENERATE}; do not edit.`, ...fixture }, null, 2)}\n`;
}
