/** cdk-nag v3 acknowledgements of the wildcard IAM permissions Tributary needs, each with its reason. */

import {
  ENVIRONMENT_NAME_PATTERN,
  ownershipRule,
  previewKey,
  reportPrefix,
  stagingPrefix,
  TARGET_LISTING_PREFIX,
  TASKCAT_BUCKET_PREFIX,
  TASKCAT_STACK_PREFIX,
  type TributaryConfig,
  taskcatReportKey,
  taskcatResultsKey,
} from "@tributary/core";
import { CfnResource, Stack, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { IConstruct } from "constructs";

/** The first key segments of core's staging and report layouts (`staging`, `reports`), as a regex alternation. */
const KEY_FOLDERS = [stagingPrefix("p", "e"), reportPrefix("p", "e")]
  .map((prefix) => prefix.split("/")[0])
  .join("|");

/**
 * One accepted kind of wildcard: findings (`Action::…` or `Resource::…`, as cdk-nag's AwsSolutions-IAM5 names them) and why.
 *
 * @example
 * const ack: WildcardAcknowledgement = {
 *   finding: /^Action::s3:(?:GetObject|GetBucket|List|DeleteObject|Abort)\*$/,
 *   reason: "CDK bucket grants use these S3 action families; each statement is limited to one Tributary bucket.",
 * };
 * acknowledgeWildcardFindings(stack, [ack]);
 */
export interface WildcardAcknowledgement {
  /** Matches the finding text, for example `Action::s3:GetObject*` or `Resource::<BucketsStaging1A2B.Arn>/staging/*`. */
  readonly finding: RegExp;
  /** Why the wildcard is needed (recorded with the acknowledgement). */
  readonly reason: string;
}

/** Escapes a literal for use inside a RegExp. */
function literal(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * The wildcard permissions Tributary's constructs grant, with the reason for each. Patterns are tight: a
 * project prefix, a Tributary bucket's ARN, a CDK grant's action family; anything else stays a finding.
 *
 * @example
 * tributaryWildcardAcknowledgements(config).map((ack) => ack.reason);
 */
export function tributaryWildcardAcknowledgements(
  config: Pick<TributaryConfig, "project">,
): readonly WildcardAcknowledgement[] {
  const prefix = literal(ownershipRule({ project: config.project, environments: [] }).namePrefix);
  // An environment of the project: <project>-<env>, with core's environment-name rule.
  const environment = `${prefix}${ENVIRONMENT_NAME_PATTERN.source.replace(/^\^|\$$/g, "")}`;
  const account = "(?:\\d{12}|<AWS::AccountId>)";
  const region = "(?:[a-z]{2}(?:-[a-z]+)+-\\d|<AWS::Region>)";
  // A token when the stack is environment-agnostic, a literal partition when its region is known.
  const partition = "(?:aws(?:-[a-z]+)*|<AWS::Partition>)";
  const arn = (service: string, regionPart: string, resource: string) =>
    new RegExp(`^Resource::arn:${partition}:${service}:${regionPart}:${account}:${resource}$`);
  const s3 = (resource: string) => new RegExp(`^Resource::arn:${partition}:s3:::${resource}$`);
  return [
    {
      finding: /^Action::s3:(?:GetObject|GetBucket|List|DeleteObject|Abort)\*$/,
      reason:
        "CDK bucket grants (grantRead, grantReadWrite, grantDelete) use these S3 action families; each statement is limited to one Tributary bucket.",
    },
    {
      finding: /^Action::kms:(?:GenerateDataKey|ReEncrypt)\*$/,
      reason:
        "CDK key grants to encrypt pipeline artifacts or publish to the KMS-encrypted notification topics, and the run history's writes through DynamoDB; each statement is limited to that key.",
    },
    {
      finding: /^Resource::<[A-Za-z0-9]+\.Arn>\/\*$/,
      reason:
        "Objects of a Tributary bucket (pipeline artifacts) have keys per pipeline and execution, known only at run time.",
    },
    {
      // core's targetListingKey: tributary/target-stacks/<account>-<region>.json, one per remote target.
      finding: new RegExp(`^Resource::<[A-Za-z0-9]+\\.Arn>/${literal(TARGET_LISTING_PREFIX)}\\*$`),
      reason:
        "The remote targets' stack listings (core's targetListingKey, one object per target account and region, named from the config): the teardown project's list-targets builds write them, the cloner's reconcile reads them; no other object of the artifacts bucket.",
    },
    {
      // core's key layout: <folder>/<pipeline>/<execution>/…, for the pipeline and its clones (`<pipeline>-*`).
      finding: new RegExp(`^Resource::<[A-Za-z0-9]+\\.Arn>/(?:${KEY_FOLDERS})/${environment}(?:-\\*)?/\\*$`),
      reason:
        "Staged templates and reports of one environment's pipelines (<project>-<env> and its clones <project>-<env>-…), one folder per pipeline and execution.",
    },
    {
      finding: arn("logs", region, "log-group:/aws/codebuild/<[A-Za-z0-9]+>:\\*"),
      reason: "CodeBuild creates one log stream per build in the project's own log group.",
    },
    {
      finding: arn("codebuild", region, "report-group/<[A-Za-z0-9]+>-\\*"),
      reason: "CDK's default CodeBuild grant for the project's own test report groups.",
    },
    {
      finding: arn("cloudformation", region, "stack/#\\{variables\\.StackName>/\\*"),
      reason:
        "CDK derives this ARN from the StackName pipeline variable and it matches no real stack; the effective grant is the statement on stack/<project>-*.",
    },
    {
      finding: arn("cloudformation", region, `stack/${environment}(?:/\\*|-\\*|-\\*/\\*)`),
      reason:
        "An environment's stacks: its shared stack <project>-<env> and the clones' stacks <project>-<env>-…, named by core at run time (nested stacks inherit the prefix; the Preview step describes the nested change sets of the shared stack's nested stacks <project>-<env>-<logical id>-…, only change sets named tributary-preview-*).",
    },
    {
      // core's previewKey: reports/<pipeline>/<execution>/preview.json, for the pipeline and its clones.
      finding: new RegExp(
        `^Resource::<[A-Za-z0-9]+\\.Arn>/${literal(previewKey("PIPELINE", "EXECUTION"))
          .replace("PIPELINE", `${environment}(?:-\\*)?`)
          .replace("EXECUTION", "\\*")}$`,
      ),
      reason:
        "The Preview step writes one preview.json per pipeline and execution (core's previewKey), for the environment's pipeline and its clones; it may write no other report object.",
    },
    {
      // core's taskcatResultsKey and taskcatReportKey: reports/<pipeline>/<execution>/taskcat-results.json, index.html.
      finding: new RegExp(
        `^Resource::<[A-Za-z0-9]+\\.Arn>/(?:${[
          taskcatResultsKey("PIPELINE", "EXECUTION"),
          taskcatReportKey("PIPELINE", "EXECUTION"),
        ]
          .map((key) =>
            literal(key).replace("PIPELINE", `${environment}(?:-\\*)?`).replace("EXECUTION", "\\*"),
          )
          .join("|")})$`,
      ),
      reason:
        "One TaskCat report (index.html) and results file (taskcat-results.json) per pipeline and execution, for the environment's pipeline and its clones: the notifier reads the results into the run history, the overview page signs links to the reports; neither may read another object.",
    },
    {
      finding: s3(`${environment}-\\*(?:/\\*)?`),
      reason:
        "Buckets of an environment's stacks get names CloudFormation derives from the stack name <project>-<env>-…; Cleanup publishes the website page into them.",
    },
    {
      finding: arn("cloudformation", region, `stack/${prefix}\\*`),
      reason: `The teardown project deletes ephemeral stacks, named by core at run time with the project prefix ${config.project}-; IAM requires the ephemeral and project tags and denies the protected stacks.`,
    },
    {
      finding: s3(`${prefix}\\*(?:/\\*)?`),
      reason: `The teardown project empties the buckets of ephemeral stacks (all object versions) before deleting them; CloudFormation derives their names from the stack name ${config.project}-…; the app's own buckets are denied.`,
    },
    {
      finding: arn("codepipeline", region, `${prefix}\\*`),
      reason: `Clone names are computed from branches at run time; all start with ${config.project}-. Every statement also requires the tributary:project tag (and changes the tributary:managed tag); the notifier only reads executions (GetPipelineExecution, and for the run history ListPipelineExecutions and ListActionExecutions).`,
    },
    {
      finding: arn("cloudformation", region, `stack/${literal(TASKCAT_STACK_PREFIX)}\\*`),
      reason:
        "TaskCat names its test stacks tCaT-<project>-<test>-<id> at run time, in the regions the environment's testRegions list.",
    },
    {
      finding: s3(`${literal(TASKCAT_BUCKET_PREFIX)}\\*(?:/\\*)?`),
      reason:
        "TaskCat's own bucket and the buckets of its test stacks start with tcat-; the statements also require the testRegions (aws:RequestedRegion).",
    },
    {
      finding: arn("cloudfront", "", "(?:distribution|origin-access-control)/\\*"),
      reason:
        "CloudFront ids are random: distributions are scoped by their tributary:stack tag (aws:ResourceTag) instead; origin access controls take no tags or names in IAM.",
    },
    {
      finding: arn("codepipeline", region, `${environment}-pr-\\*`),
      reason:
        "Pull-request clones are named <project>-<env>-pr-<id> by core at run time; the cloner reads their runs (GetPipelineExecution) to approve the pull request, the notifier their tags and runs (ListTagsForResource, ListActionExecutions) to write its comment.",
    },
    {
      finding: new RegExp(
        `^Resource::<[A-Za-z0-9]+\\.Arn>/reports/${environment}-pr-\\*/\\*/preview\\.json$`,
      ),
      reason:
        "The preview.json of a pull-request clone's run (core's previewKey: reports/<pipeline>/<execution>/preview.json); pipeline and execution are known only at run time.",
    },
    {
      finding: /^Resource::\*$/,
      reason:
        "Only for actions without resource-level permissions: codepipeline:ListPipelines, tag:GetResources, tag:TagResources (the Resource Groups Tagging API; lambda:TagResource is limited to the cloner function), cloudformation:ValidateTemplate, ec2:DescribeRegions, ec2:DescribeAvailabilityZones, and cloudfront:CreateDistribution (with a required tributary:stack request tag) and cloudfront:CreateOriginAccessControl.",
    },
  ];
}

/**
 * The wildcard permissions of a target account's roles (`TargetAccountRoles`): the same ones as
 * {@link tributaryWildcardAcknowledgements}, with the CI/CD buckets named by their generated names (a stack of another
 * account references them by name, not by a `<Bucket.Arn>` token), and the CI/CD account's keys.
 *
 * @example
 * acknowledgeWildcardFindings(targetStack, targetWildcardAcknowledgements(config, "111111111111"));
 */
export function targetWildcardAcknowledgements(
  config: Pick<TributaryConfig, "project">,
  cicdAccount: string,
): readonly WildcardAcknowledgement[] {
  const bucketArn = "arn:aws(?:-[a-z]+)*:s3:::[a-z0-9][a-z0-9.-]{2,62}";
  return [
    ...tributaryWildcardAcknowledgements(config).map((ack) => ({
      finding: new RegExp(ack.finding.source.replace("<[A-Za-z0-9]+\\.Arn>", bucketArn)),
      reason: ack.reason,
    })),
    {
      finding: new RegExp(`^Resource::arn:aws(?:-[a-z]+)*:kms:\\*:${literal(cicdAccount)}:key/\\*$`),
      reason:
        "The CI/CD account's artifact keys (one per region, ids generated there): each key's policy names this role, so the identity side can only name the account.",
    },
  ];
}

/** The IAM5 findings of one IAM resource, computed as cdk-nag does (wildcard actions and flattened resources). */
function wildcardFindings(node: CfnResource): string[] {
  const stack = Stack.of(node);
  let documents: unknown[];
  if (node instanceof iam.CfnPolicy || node instanceof iam.CfnManagedPolicy) {
    documents = [stack.resolve(node.policyDocument)];
  } else if (node instanceof iam.CfnRole) {
    const policies: unknown = stack.resolve(node.policies) ?? [];
    documents = Array.isArray(policies)
      ? policies.map((policy) =>
          stack.resolve((stack.resolve(policy) as { policyDocument?: unknown }).policyDocument),
        )
      : [];
  } else {
    return [];
  }
  const findings = new Set<string>();
  for (const document of documents) {
    const statements = (document as { Statement?: unknown } | undefined)?.Statement;
    for (const statement of Array.isArray(statements) ? statements : []) {
      const { Effect, Action, Resource } = statement as {
        Effect?: string;
        Action?: unknown;
        Resource?: unknown;
      };
      if (Effect !== "Allow") continue;
      for (const action of [Action].flat()) {
        if (typeof action === "string" && action.includes("*")) findings.add(`Action::${action}`);
      }
      for (const resource of [Resource].flat()) {
        const flat = flatten(resource);
        if (flat.includes("*")) findings.add(`Resource::${flat}`);
      }
    }
  }
  return [...findings];
}

/** cdk-nag's flattening of CloudFormation references (`<Logical.Arn>`, `<Logical>`, joins, subs). */
function flatten(node: unknown): string {
  if (node === undefined) return "";
  if (typeof node === "string") return node.replace(/\$\{/g, "<").replace(/\}/g, ">");
  if (typeof node === "object" && node !== null) {
    const value = node as Record<string, unknown>;
    if (Array.isArray(value["Fn::Join"])) {
      const [delimiter, items] = value["Fn::Join"] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (value["Fn::Sub"] !== undefined) return flatten(value["Fn::Sub"]);
    if (Array.isArray(value["Fn::GetAtt"])) {
      const [resource, attribute] = value["Fn::GetAtt"] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if (value["Fn::ImportValue"] !== undefined) return flatten(value["Fn::ImportValue"]);
    if (value.Ref !== undefined) return `<${flatten(value.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** Whether `id` is already acknowledged on a construct (cdk's acknowledged-rules metadata, keys `<scope>::<id>`). */
function isAcknowledged(node: IConstruct, id: string): boolean {
  return node.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
    .some((key) => key === id || key.endsWith(`::${id}`));
}

/**
 * Acknowledges, on each IAM policy or role under `scope`, the AwsSolutions-IAM5 findings it has now that match
 * one of `acknowledgements`, with that acknowledgement's reason. Findings that match none stay findings.
 * Call it after the scope's permissions are complete. Returns the number of acknowledgements recorded.
 *
 * @example
 * acknowledgeWildcardFindings(stack, tributaryWildcardAcknowledgements(config));
 */
export function acknowledgeWildcardFindings(
  scope: IConstruct,
  acknowledgements: readonly WildcardAcknowledgement[],
): number {
  let count = 0;
  for (const node of scope.node.findAll()) {
    if (!CfnResource.isCfnResource(node)) continue;
    for (const finding of wildcardFindings(node)) {
      const match = acknowledgements.find((acknowledgement) => acknowledgement.finding.test(finding));
      if (match === undefined) continue;
      const id = `AwsSolutions-IAM5[${finding}]`;
      // The constructs acknowledge their own findings and apps call this again on the whole stack: once is enough.
      if (isAcknowledged(node, id)) continue;
      Validations.of(node).acknowledge({ id, reason: match.reason });
      count++;
    }
  }
  return count;
}

/**
 * Acknowledges Tributary's accepted wildcard findings on everything under `scope` (for apps that add their own
 * grants to Tributary's roles after construction, such as apps/deploy). The constructs already call this on
 * themselves at the end of their constructors.
 *
 * @example
 * Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
 * acknowledgeTributaryFindings(stack, config);
 */
export function acknowledgeTributaryFindings(
  scope: IConstruct,
  config: Pick<TributaryConfig, "project">,
): number {
  return acknowledgeWildcardFindings(scope, tributaryWildcardAcknowledgements(config));
}

/**
 * Acknowledges the cdk-nag findings a Tributary Lambda built from a `@tributary/cloner` bundle accepts by design:
 * its dead-letter queue has no dead-letter queue of its own (AwsSolutions-SQS3), and its runtime is pinned to the
 * Node.js version the bundle is built and tested for (AwsSolutions-L1).
 *
 * @example
 * acknowledgeBundledLambdaFindings(this.function, this.deadLetterQueue, "notifier");
 */
export function acknowledgeBundledLambdaFindings(
  fn: lambda.IFunction,
  deadLetterQueue: sqs.IQueue,
  name: "cloner" | "notifier",
): void {
  Validations.of(deadLetterQueue).acknowledge({
    id: "AwsSolutions-SQS3",
    reason: `This queue is the dead-letter queue (of the ${name} Lambda and its EventBridge targets); it needs none itself.`,
  });
  Validations.of(fn).acknowledge({
    id: "AwsSolutions-L1",
    reason: `PIPELINE-CONTRACT.md fixes nodejs24.x: the @tributary/cloner ${name} bundle is built (target node24) and tested for Node 24.`,
  });
}
