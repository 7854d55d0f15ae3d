/**
 * The must-allow and must-deny tables of every principal of the app: the concrete requests the real calls make
 * (ARNs, request and resource tags), and the requests that must fail (other projects, protected pipelines and
 * stacks, the CI/CD buckets, foreign distributions, other repositories and regions).
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEPLOYMENTS_INDEX,
  DISTRIBUTION_OWNER_TAG,
  environmentStackPatterns,
  LIVE_PARTITION,
  MANAGED_TAGS,
  ownershipRule,
  PIPELINE_QUOTA,
  previewKey,
  pullRequestClonePrefixes,
  pullRequestCloneTags,
  TASKCAT_STACK_PREFIX,
  taskcatReportKey,
  taskcatResultsKey,
  teardownProjectName,
  tributaryStackNames,
} from "@tributary/core";
import { parse } from "yaml";
import { REPOSITORY_ROOT } from "./code-calls.js";
import {
  OTHER_REGION,
  PARTITION,
  type SynthesizedApp,
  type SynthesizedRole,
  TEST_ACCOUNT,
  TEST_REGION,
} from "./synthesized-app.js";

/** One request of a table. */
export interface Case {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** What the request is, in a few words (the test name). */
  readonly why: string;
}

/** A principal and its two tables. */
export interface PrincipalTables {
  /** Short id, as in the README: `cloner`, `dev pipeline role`. */
  readonly id: string;
  /** The role, or the service principal of a resource-policy table. */
  readonly principal: SynthesizedRole | string;
  /** Code calls (`CodeCall.call`) this principal makes, to check the must-allow table covers them. */
  readonly mustAllow: readonly Case[];
  readonly mustDeny: readonly Case[];
}

const A = TEST_ACCOUNT;
const R = TEST_REGION;
const arn = (service: string, resource: string, region = R) =>
  `arn:${PARTITION}:${service}:${region}:${A}:${resource}`;
const pipeline = (name: string, region = R) => arn("codepipeline", name, region);
const stack = (name: string, region = R) =>
  arn("cloudformation", `stack/${name}/0a1b2c3d-4e5f-6789-abcd-ef0123456789`, region);
const bucket = (name: string) => `arn:${PARTITION}:s3:::${name}`;
const object = (name: string, key: string) => `arn:${PARTITION}:s3:::${name}/${key}`;
const distribution = (id: string) => `arn:${PARTITION}:cloudfront::${A}:distribution/${id}`;
const originAccessControl = (id: string) => `arn:${PARTITION}:cloudfront::${A}:origin-access-control/${id}`;
const VIA_CLOUDFORMATION = { "aws:CalledVia": ["cloudformation.amazonaws.com"] };

function resourceTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value]));
}
function requestTags(tags: Readonly<Record<string, string>>): Record<string, string | string[]> {
  return {
    ...Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:RequestTag/${key}`, value])),
    "aws:TagKeys": Object.keys(tags),
  };
}

/** The TaskCat regions of an environment's `ci/<env>/.taskcat.yml` (its `project.regions` list). */
export function taskcatConfigRegions(environment: string): string[] {
  const file = join(REPOSITORY_ROOT, "demo-templates/ci", environment, ".taskcat.yml");
  const regions = (parse(readFileSync(file, "utf8")) as { project?: { regions?: unknown } } | null)?.project
    ?.regions;
  if (!Array.isArray(regions) || !regions.every((region) => typeof region === "string")) {
    throw new Error(`demo-templates/ci/${environment}/.taskcat.yml lists no project.regions.`);
  }
  return regions as string[];
}

/** The resource types the demo templates declare (`Type: AWS::…`). */
export function demoResourceTypes(): string[] {
  const types = new Set<string>();
  for (const file of ["main.yaml", "website.yaml"]) {
    const text = readFileSync(join(REPOSITORY_ROOT, "demo-templates/templates", file), "utf8");
    for (const match of text.matchAll(/^\s+Type:\s+(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)\s*$/gm))
      types.add(match[1] as string);
  }
  return [...types].sort();
}

/** Names a demo stack's resources get: the stack, its nested website stack, bucket, distribution and access control. */
interface DemoNames {
  readonly stack: string;
  readonly region: string;
  /** The value of the distribution's owner tag (`tributary:stack`, the nested stack's name). */
  readonly owner: string;
  readonly bucket: string;
  /** Context CloudFormation's calls carry for this principal (`aws:CalledVia` when it acts for a caller). */
  readonly via: Readonly<Record<string, string[]>>;
}

/**
 * The calls CloudFormation makes with a principal's credentials to create, update and delete each resource type
 * of the demo templates (the resource types' handler permissions in the CloudFormation registry, limited to the
 * properties the templates set). A new resource type without an entry fails the suite.
 */
export const HANDLER_CALLS: Readonly<Record<string, (names: DemoNames) => Case[]>> = {
  "AWS::CloudFormation::Stack": (names) =>
    ["CreateStack", "UpdateStack", "DeleteStack", "DescribeStacks", "DescribeStackEvents", "GetTemplate"].map(
      (action) => ({
        action: `cloudformation:${action}`,
        resource: stack(`${names.stack}-Website-1ABC2DEF3GH4`, names.region),
        context: names.via,
        why: `nested stack of ${names.stack}`,
      }),
    ),
  "AWS::S3::Bucket": (names) =>
    [
      "CreateBucket",
      "PutBucketTagging",
      "PutEncryptionConfiguration",
      "PutBucketPublicAccessBlock",
      "PutBucketOwnershipControls",
      "PutBucketLogging",
      "PutLifecycleConfiguration",
      "GetBucketLocation",
      "ListBucket",
      "DeleteBucket",
    ].map((action) => ({
      action: `s3:${action}`,
      resource: bucket(names.bucket),
      context: names.via,
      why: `website bucket of ${names.stack}`,
    })),
  "AWS::S3::BucketPolicy": (names) =>
    ["PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy"].map((action) => ({
      action: `s3:${action}`,
      resource: bucket(names.bucket),
      context: names.via,
      why: `website bucket policy of ${names.stack}`,
    })),
  "AWS::CloudFront::OriginAccessControl": (names) => [
    {
      action: "cloudfront:CreateOriginAccessControl",
      resource: "*",
      context: names.via,
      why: "new origin access control (no resource-level permissions)",
    },
    ...["GetOriginAccessControl", "UpdateOriginAccessControl", "DeleteOriginAccessControl"].map((action) => ({
      action: `cloudfront:${action}`,
      resource: originAccessControl("E2QWRUHEXAMPLE"),
      context: names.via,
      why: "the stack's origin access control (CloudFront has no tags for it)",
    })),
  ],
  "AWS::CloudFront::Distribution": (names) => {
    const owner = { [DISTRIBUTION_OWNER_TAG]: names.owner };
    return [
      {
        action: "cloudfront:CreateDistribution",
        resource: "*",
        context: { ...names.via, ...requestTags(owner) },
        why: `new distribution tagged ${names.owner}`,
      },
      {
        action: "cloudfront:TagResource",
        resource: distribution("E1NEWDISTRIBUTION"),
        context: { ...names.via, ...requestTags(owner) },
        why: `tags of the new distribution (CreateDistributionWithTags)`,
      },
      ...[
        "GetDistribution",
        "GetDistributionConfig",
        "UpdateDistribution",
        "DeleteDistribution",
        "ListTagsForResource",
        "UntagResource",
      ].map((action) => ({
        action: `cloudfront:${action}`,
        resource: distribution("E1OWNDISTRIBUTION"),
        context: { ...names.via, ...resourceTags(owner) },
        why: `the stack's distribution tagged ${names.owner}`,
      })),
    ];
  },
};

function demoStackCalls(names: DemoNames): Case[] {
  return demoResourceTypes().flatMap((type) => {
    const calls = HANDLER_CALLS[type];
    if (calls === undefined) {
      throw new Error(
        `The demo templates declare ${type}, whose CloudFormation calls cases.ts does not list, so no table checks that the deployment and test roles may make them. Fix: add ${type} to HANDLER_CALLS.`,
      );
    }
    return calls(names);
  });
}

/** Requests on CloudFront resources that belong to no stack of `patterns`' owner. */
function foreignDistributionCases(via: Readonly<Record<string, string[]>>): Case[] {
  return [
    ...["UpdateDistribution", "DeleteDistribution", "GetDistributionConfig", "UntagResource"].flatMap(
      (action) => [
        {
          action: `cloudfront:${action}`,
          resource: distribution("E9SHOPDIST"),
          context: { ...via, ...resourceTags({ [DISTRIBUTION_OWNER_TAG]: "shop-dev-Website-1XYZ" }) },
          why: "another project's distribution",
        },
        {
          action: `cloudfront:${action}`,
          resource: distribution("E9UNTAGGED"),
          context: via,
          why: "an untagged distribution (not Tributary's)",
        },
      ],
    ),
    {
      action: "cloudfront:TagResource",
      resource: distribution("E9SHOPDIST"),
      context: {
        ...via,
        ...resourceTags({ [DISTRIBUTION_OWNER_TAG]: "shop-dev-Website-1XYZ" }),
        ...requestTags({ [DISTRIBUTION_OWNER_TAG]: "acme-dev-x" }),
      },
      why: "re-tagging another project's distribution as ours",
    },
    {
      action: "cloudfront:CreateDistribution",
      resource: "*",
      context: { ...via, ...requestTags({ [DISTRIBUTION_OWNER_TAG]: "shop-dev-Website-1XYZ" }) },
      why: "a new distribution tagged as another project's",
    },
    {
      action: "cloudfront:CreateDistribution",
      resource: "*",
      context: via,
      why: "a new untagged distribution",
    },
  ];
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Every principal's tables, built from the synthesized app and core's names. */
export function principalTables(app: SynthesizedApp): PrincipalTables[] {
  const config = app.config.tributary;
  const project = config.project;
  const rule = ownershipRule(config);
  const stacks = tributaryStackNames(config);
  const [firstEnvironment] = config.environments;
  if (firstEnvironment === undefined) throw new Error("The shipped config has no environment.");
  const dev = firstEnvironment.name;
  const envPipelineTags = (env: string) => ({
    [MANAGED_TAGS.project]: project,
    [MANAGED_TAGS.environment]: env,
  });
  const clone = `${project}-${dev}-feature-login`;
  const cloneTags = {
    ...rule.cloneTags,
    [MANAGED_TAGS.template]: `${project}-${dev}`,
    [MANAGED_TAGS.environment]: dev,
    [MANAGED_TAGS.branch]: "feature/login",
    [MANAGED_TAGS.ephemeral]: "true",
    [MANAGED_TAGS.stack]: clone,
    [MANAGED_TAGS.templateVersion]: "0a1b2c3d4e",
  };
  // A project created before project names lost their dashes: `acme-dev`, whose names extend this prefix.
  const legacy = `${project}-${dev}`;
  const legacyClone = `${legacy}-${dev}-feature-x`;
  const legacyCloneTags = { ...cloneTags, [MANAGED_TAGS.project]: legacy, [MANAGED_TAGS.stack]: legacyClone };
  const shopClone = `shop-${dev}-feature-login`;
  const shopCloneTags = { ...cloneTags, [MANAGED_TAGS.project]: "shop", [MANAGED_TAGS.stack]: shopClone };
  const repository = arn("codecommit", config.repository);
  const otherRepository = arn("codecommit", "someone-elses-repository");
  const cicdBucket = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsArtifacts"));
  const tables: PrincipalTables[] = [];

  // Issue 11, the pipeline quota: the one GetServiceQuota of a reconcile (packages/cloner/src/functions/cloner/list-state.ts),
  // granted on that quota's ARN only (arn:${Partition}:servicequotas:${Region}:${Account}:${ServiceCode}/${QuotaCode}).
  const pipelineQuotaCases: Pick<PrincipalTables, "mustAllow" | "mustDeny"> = {
    mustAllow: [
      {
        action: "servicequotas:GetServiceQuota",
        resource: arn("servicequotas", PIPELINE_QUOTA.resource),
        why: `read CodePipeline's quota ${PIPELINE_QUOTA.quotaCode} ("${PIPELINE_QUOTA.quotaName}") once per reconcile`,
      },
    ],
    mustDeny: [
      {
        action: "servicequotas:GetServiceQuota",
        resource: arn("servicequotas", "codepipeline/L-FE939BB2"),
        why: "another CodePipeline quota (Total webhooks)",
      },
      {
        action: "servicequotas:GetServiceQuota",
        resource: arn("servicequotas", "vpc/L-F678F1CE"),
        why: "another service's quota (VPCs per Region)",
      },
      {
        action: "servicequotas:GetServiceQuota",
        resource: arn("servicequotas", PIPELINE_QUOTA.resource, OTHER_REGION),
        why: "the pipeline quota of another region",
      },
      {
        action: "servicequotas:RequestServiceQuotaIncrease",
        resource: arn("servicequotas", PIPELINE_QUOTA.resource),
        why: "asking for a higher pipeline quota (the cloner only reads it)",
      },
    ],
  };

  // The cloner Lambda (packages/cloner/src/functions/cloner/handler.ts).
  const cloner = app.role("ClonerServiceRole");
  const pipelineRoles = config.environments.map((environment) =>
    app.role(`${pascal(environment.name)}PipelinePipelineRole`),
  );
  const cloneReadActions = ["GetPipeline", "ListTagsForResource", "StartPipelineExecution"];
  // Issue 16: starts only of managed clones; tag reads of any pipeline under the prefix (a missing or foreign one
  // answers for itself); the cloner's own events on the default bus.
  const defaultBus = arn("events", "event-bus/default");
  const ownEvent = (detailType: string) => ({
    "events:source": ["tributary.cloner"],
    "events:detail-type": [detailType],
  });
  const handMadeClone = `${project}-${dev}-feature-hand-made`;
  const clonerFunction = app.getAtt(app.logicalId("AWS::Lambda::Function", "Cloner"), "Arn");
  const pullRequestFeedback = pullRequestFeedbackCases(app, repository, otherRepository);
  const failuresTopic = app.ref(app.logicalId("AWS::SNS::Topic", "NotificationsFailuresTopic"));
  const notificationsKey = app.getAtt(app.logicalId("AWS::KMS::Key", "NotificationsKey"), "Arn");
  const viaSnsKey = { "kms:ViaService": `sns.${R}.amazonaws.com` };
  tables.push({
    id: "cloner",
    principal: cloner,
    mustAllow: [
      {
        action: "codepipeline:ListPipelines",
        resource: "*",
        why: "list the account's pipelines (no resource-level permissions)",
      },
      ...config.environments.map((environment) => ({
        action: "codepipeline:GetPipeline",
        resource: pipeline(environment.pipelineName),
        context: resourceTags(envPipelineTags(environment.name)),
        why: `read the template ${environment.pipelineName}`,
      })),
      ...cloneReadActions.map((action) => ({
        action: `codepipeline:${action}`,
        resource: pipeline(clone),
        context: resourceTags(cloneTags),
        why: "a managed clone",
      })),
      {
        action: "codepipeline:CreatePipeline",
        resource: pipeline(clone),
        context: requestTags(cloneTags),
        why: "create a clone with its managed tags",
      },
      {
        action: "codepipeline:TagResource",
        resource: pipeline(clone),
        context: requestTags(cloneTags),
        why: "the tags of CreatePipeline",
      },
      {
        action: "codepipeline:TagResource",
        resource: pipeline(clone),
        context: {
          ...resourceTags(cloneTags),
          ...requestTags({ ...rule.cloneTags, [MANAGED_TAGS.templateVersion]: "5f6e7d8c9b" }),
        },
        why: "update-clone's template-version tag",
      },
      {
        action: "codepipeline:UpdatePipeline",
        resource: pipeline(clone),
        context: resourceTags(cloneTags),
        why: "copy a changed template onto a clone",
      },
      {
        action: "codepipeline:DeletePipeline",
        resource: pipeline(clone),
        context: resourceTags(cloneTags),
        why: "delete a stale clone",
      },
      ...pipelineRoles.map((role) => ({
        action: "iam:PassRole",
        resource: role.arn,
        context: { "iam:PassedToService": "codepipeline.amazonaws.com" },
        why: `pass ${role.logicalId} to the clone`,
      })),
      ...["ListBranches", "ListPullRequests", "GetPullRequest"].map((action) => ({
        action: `codecommit:${action}`,
        resource: repository,
        why: `the repository ${config.repository}`,
      })),
      {
        action: "codebuild:StartBuild",
        resource: arn("codebuild", `project/${teardownProjectName(config)}`),
        why: "start the teardown",
      },
      {
        action: "tag:GetResources",
        resource: "*",
        why: "reconcile reads the project's pipeline tags and its refusal state (no resource-level permissions)",
      },
      {
        action: "tag:TagResources",
        resource: "*",
        why: "remember the last refusal summary on its own function (no resource-level permissions)",
      },
      {
        action: "lambda:TagResource",
        resource: clonerFunction,
        why: "the refusal-state tag on its own function, which tag:TagResources needs",
      },
      {
        action: "sns:Publish",
        resource: failuresTopic,
        why: "publish a refused clone to the failures topic",
      },
      {
        action: "kms:GenerateDataKey",
        resource: notificationsKey,
        context: viaSnsKey,
        why: "encrypt for the topic",
      },
      { action: "kms:Decrypt", resource: notificationsKey, context: viaSnsKey, why: "encrypt for the topic" },
      ...pipelineQuotaCases.mustAllow,
      ...pullRequestFeedback.mustAllow,
      {
        action: "codepipeline:ListTagsForResource",
        resource: pipeline(handMadeClone),
        context: resourceTags({ [MANAGED_TAGS.project]: project }),
        why: "a pipeline under the prefix the cloner did not create: its tags tell a foreign pipeline after a denied start",
      },
      {
        action: "codepipeline:ListTagsForResource",
        resource: pipeline(`${project}-${dev}-feature-missing`),
        why: "a pipeline that does not exist (no tags): the read answers not found, so the push creates the clone",
      },
      {
        action: "codepipeline:ListTagsForResource",
        resource: pipeline(legacyClone),
        context: resourceTags(legacyCloneTags),
        why: `a clone of project ${legacy}, whose name extends this prefix: only its tags, which say it is not this project's`,
      },
      {
        action: "codepipeline:TagResource",
        resource: pipeline(clone),
        context: {
          ...resourceTags(cloneTags),
          ...requestTags({ ...rule.cloneTags, [MANAGED_TAGS.lastRun]: "2026-11-27T10:00:00Z" }),
        },
        why: "record a run's start (the idle clock)",
      },
      {
        action: "codepipeline:TagResource",
        resource: pipeline(clone),
        context: {
          ...resourceTags(cloneTags),
          ...requestTags({ ...rule.cloneTags, [MANAGED_TAGS.idleNotice]: "2026-11-27T10:00:00Z" }),
        },
        why: "remember the idle deadline announced",
      },
      {
        action: "events:PutEvents",
        resource: defaultBus,
        context: ownEvent("Tributary Reconcile Continuation"),
        why: "continue a reconcile that ran out of time",
      },
      {
        action: "events:PutEvents",
        resource: defaultBus,
        context: ownEvent("Tributary Idle Notice"),
        why: "a pull request's idle notice, for the notifier's living comment",
      },
    ],
    mustDeny: [
      ...pipelineQuotaCases.mustDeny,
      ...pullRequestFeedback.mustDeny,
      {
        action: "codepipeline:StartPipelineExecution",
        resource: pipeline(handMadeClone),
        context: resourceTags({ [MANAGED_TAGS.project]: project }),
        why: "a pipeline tagged with the project but not tributary:managed (made by hand)",
      },
      {
        action: "codepipeline:StartPipelineExecution",
        resource: pipeline(handMadeClone),
        why: "an untagged pipeline under the prefix",
      },
      ...config.environments.map((environment) => ({
        action: "codepipeline:StartPipelineExecution",
        resource: pipeline(environment.pipelineName),
        context: resourceTags(envPipelineTags(environment.name)),
        why: `the environment pipeline ${environment.pipelineName} (it runs on its own pushes)`,
      })),
      {
        action: "codepipeline:ListTagsForResource",
        resource: pipeline("shop-dev-feature-login"),
        context: resourceTags(shopCloneTags),
        why: "a pipeline outside the prefix",
      },
      {
        action: "events:PutEvents",
        resource: defaultBus,
        context: {
          "events:source": ["aws.codecommit"],
          "events:detail-type": ["CodeCommit Repository State Change"],
        },
        why: "an event posing as CodeCommit's",
      },
      {
        action: "events:PutEvents",
        resource: defaultBus,
        context: ownEvent("Tributary Something Else"),
        why: "another detail-type of its own source",
      },
      {
        action: "events:PutEvents",
        resource: defaultBus,
        context: ownEvent("Tributary Source Closed"),
        why: "a Source Closed event with a CodeCommit source (CodeCommit's own events close the run history's rows)",
      },
      {
        action: "events:PutEvents",
        resource: arn("events", "event-bus/someone-elses-bus"),
        context: ownEvent("Tributary Reconcile Continuation"),
        why: "another event bus",
      },
      {
        action: "lambda:TagResource",
        resource: app.getAtt(app.logicalId("AWS::Lambda::Function", "NotificationsNotifier"), "Arn"),
        why: "another function (the notifier)",
      },
      ...["NotificationsDeploymentsTopic", "NotificationsApprovalsTopic"].map((topic) => ({
        action: "sns:Publish",
        resource: app.ref(app.logicalId("AWS::SNS::Topic", topic)),
        why: `the ${topic.replace("Notifications", "").replace("Topic", "").toLowerCase()} topic: refusals are failures`,
      })),
      ...cloneReadActions.flatMap((action) => [
        {
          action: `codepipeline:${action}`,
          resource: pipeline(shopClone),
          context: resourceTags(shopCloneTags),
          why: "another project's clone",
        },
        // Tag reads cover the whole prefix (issue 16): the must-allow table has project acme-dev's clone.
        ...(action === "ListTagsForResource"
          ? []
          : [
              {
                action: `codepipeline:${action}`,
                resource: pipeline(legacyClone),
                context: resourceTags(legacyCloneTags),
                why: `a clone of project ${legacy}, whose names extend this prefix`,
              },
            ]),
        {
          action: `codepipeline:${action}`,
          resource: pipeline(clone, OTHER_REGION),
          context: resourceTags(cloneTags),
          why: "a clone in another region",
        },
      ]),
      {
        action: "codepipeline:CreatePipeline",
        resource: pipeline(`${legacy}-${dev}-feature-y`),
        context: requestTags(legacyCloneTags),
        why: `a clone tagged as project ${legacy}'s`,
      },
      {
        action: "codepipeline:CreatePipeline",
        resource: pipeline(shopClone),
        context: requestTags(cloneTags),
        why: "a clone outside this prefix",
      },
      {
        action: "codepipeline:CreatePipeline",
        resource: pipeline(clone),
        context: requestTags({ [MANAGED_TAGS.project]: project }),
        why: "a pipeline without the managed tag",
      },
      ...config.environments.flatMap((environment) =>
        ["DeletePipeline", "UpdatePipeline", "UntagResource"].map((action) => ({
          action: `codepipeline:${action}`,
          resource: pipeline(environment.pipelineName),
          context: resourceTags({ ...envPipelineTags(environment.name), ...rule.cloneTags }),
          why: `the environment pipeline ${environment.pipelineName}, even tagged as a clone`,
        })),
      ),
      ...config.environments.map((environment) => ({
        action: "codepipeline:TagResource",
        resource: pipeline(environment.pipelineName),
        context: { ...resourceTags(envPipelineTags(environment.name)), ...requestTags(rule.cloneTags) },
        why: `tagging the environment pipeline ${environment.pipelineName} as a clone`,
      })),
      {
        action: "codepipeline:TagResource",
        resource: pipeline(`${legacy}-${dev}`),
        context: { ...resourceTags({ [MANAGED_TAGS.project]: legacy }), ...requestTags(rule.cloneTags) },
        why: `claiming project ${legacy}'s pipeline by tagging it`,
      },
      {
        action: "codepipeline:DeletePipeline",
        resource: pipeline(legacyClone),
        context: resourceTags(legacyCloneTags),
        why: `project ${legacy}'s clone`,
      },
      {
        action: "codepipeline:UpdatePipeline",
        resource: pipeline(legacyClone),
        context: resourceTags(legacyCloneTags),
        why: `project ${legacy}'s clone`,
      },
      {
        action: "codepipeline:DeletePipeline",
        resource: pipeline(shopClone),
        context: resourceTags(shopCloneTags),
        why: "another project's clone",
      },
      {
        action: "iam:PassRole",
        resource: cloner.arn,
        context: { "iam:PassedToService": "codepipeline.amazonaws.com" },
        why: "its own role",
      },
      {
        action: "iam:PassRole",
        resource: pipelineRoles[0]?.arn ?? "",
        context: { "iam:PassedToService": "cloudformation.amazonaws.com" },
        why: "a pipeline role to another service",
      },
      ...["ListBranches", "GetPullRequest"].map((action) => ({
        action: `codecommit:${action}`,
        resource: otherRepository,
        why: "another repository",
      })),
      {
        action: "codecommit:ListBranches",
        resource: arn("codecommit", config.repository, OTHER_REGION),
        why: "the repository's name in another region",
      },
      {
        action: "codebuild:StartBuild",
        resource: arn("codebuild", "project/shop-stack-teardown"),
        why: "another project's teardown",
      },
    ],
  });

  // The notifier Lambda (packages/cloner/src/functions/notifier/handler.ts).
  const notifier = app.role("NotificationsNotifierServiceRole");
  const pullRequestComments = pullRequestCommentCases(app, repository, otherRepository);
  const runHistory = runHistoryCases(app);
  const topics = Object.keys(app.resources)
    .filter((id) => app.resources[id]?.Type === "AWS::SNS::Topic")
    .map((id) => app.ref(id));
  const key = app.getAtt(app.logicalId("AWS::KMS::Key", "NotificationsKey"), "Arn");
  const viaSns = { "kms:ViaService": `sns.${R}.amazonaws.com` };
  const notifierReports = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsReports"));
  tables.push({
    id: "notifier",
    principal: notifier,
    mustAllow: [
      ...config.environments.map((environment) => ({
        action: "codepipeline:GetPipelineExecution",
        resource: pipeline(environment.pipelineName),
        context: resourceTags(envPipelineTags(environment.name)),
        why: `an execution of ${environment.pipelineName}`,
      })),
      {
        action: "codepipeline:GetPipelineExecution",
        resource: pipeline(clone),
        context: resourceTags(cloneTags),
        why: "an execution of a clone",
      },
      ...topics.map((topic) => ({
        action: "sns:Publish",
        resource: topic,
        why: `the topic ${topic.split(":").pop()}`,
      })),
      { action: "kms:GenerateDataKey", resource: key, context: viaSns, why: "encrypt for the topics" },
      { action: "kms:Decrypt", resource: key, context: viaSns, why: "encrypt for the topics" },
      // ---- preview: an approval's change-set summary (preview.json) ----
      ...config.environments.map((environment) => ({
        action: "s3:GetObject",
        resource: object(notifierReports, `reports/${environment.pipelineName}/exec-1/preview.json`),
        why: `the preview of an execution of ${environment.pipelineName}`,
      })),
      {
        action: "s3:GetObject",
        resource: object(notifierReports, `reports/${clone}/exec-1/preview.json`),
        why: "the preview of a clone's execution",
      },
      ...pullRequestComments.mustAllow,
      ...runHistory.notifier.mustAllow,
    ],
    mustDeny: [
      ...pullRequestComments.mustDeny,
      ...runHistory.notifier.mustDeny,
      {
        action: "s3:GetObject",
        resource: object(notifierReports, `reports/${clone}/exec-1/index.html`),
        why: "a TaskCat report (only previews)",
      },
      {
        action: "s3:GetObject",
        resource: object(notifierReports, `reports/shop-${dev}/exec-1/preview.json`),
        why: "another project's preview",
      },
      {
        action: "s3:GetObject",
        resource: object(
          app.ref(app.logicalId("AWS::S3::Bucket", "BucketsStaging")),
          `staging/${clone}/exec-1/preview.json`,
        ),
        why: "the staging bucket",
      },
      // ---- end of preview ----
      {
        action: "codepipeline:GetPipelineExecution",
        resource: pipeline(shopClone),
        context: resourceTags(shopCloneTags),
        why: "another project's clone",
      },
      {
        action: "codepipeline:GetPipelineExecution",
        resource: pipeline(legacyClone),
        context: resourceTags(legacyCloneTags),
        why: `project ${legacy}'s clone, under this prefix`,
      },
      {
        action: "codepipeline:GetPipelineExecution",
        resource: pipeline(`${project}-untagged`),
        why: "an untagged pipeline under this prefix",
      },
      {
        action: "codepipeline:GetPipelineExecution",
        resource: pipeline(clone, OTHER_REGION),
        context: resourceTags(cloneTags),
        why: "another region",
      },
      { action: "sns:Publish", resource: arn("sns", "someone-elses-topic"), why: "another topic" },
      {
        action: "kms:Decrypt",
        resource: arn("kms", "key/0000aaaa-11bb-22cc-33dd-444444eeeeee"),
        context: viaSns,
        why: "another key",
      },
    ],
  });

  // The teardown project (TEARDOWN_SCRIPT).
  const teardown = app.role("ClonerTeardownProjectRole");
  const ephemeral = resourceTags({ ...rule.ephemeralStackTags, [MANAGED_TAGS.environment]: dev });
  const ephemeralBucket = `${clone}-website-1abc2def3gh4-websitebucket-5ijk6lmn7op8`;
  tables.push({
    id: "teardown project",
    principal: teardown,
    mustAllow: [
      {
        action: "cloudformation:DescribeStacks",
        resource: stack(clone),
        context: ephemeral,
        why: "read the ephemeral stack's tags and status",
      },
      {
        action: "cloudformation:ListStackResources",
        resource: stack(clone),
        context: ephemeral,
        why: "find its buckets",
      },
      {
        action: "cloudformation:ListStackResources",
        resource: stack(`${clone}-Website-1ABC2DEF3GH4`),
        context: ephemeral,
        why: "find its nested stack's buckets",
      },
      {
        action: "s3:ListBucketVersions",
        resource: bucket(ephemeralBucket),
        why: "list the bucket's versions",
      },
      { action: "s3:DeleteObject", resource: object(ephemeralBucket, "index.html"), why: "empty the bucket" },
      {
        action: "s3:DeleteObjectVersion",
        resource: object(ephemeralBucket, "index.html"),
        why: "empty the bucket's versions",
      },
      {
        action: "cloudformation:DeleteStack",
        resource: stack(clone),
        context: ephemeral,
        why: "delete the ephemeral stack",
      },
      {
        action: "codepipeline:ListTagsForResource",
        resource: pipeline(clone),
        context: resourceTags(cloneTags),
        why: "read the clone that may still deploy the stack (a live clone refuses the teardown)",
      },
      {
        action: "codepipeline:ListTagsForResource",
        resource: pipeline(`${project}-${dev}-feature-gone`),
        why: "a clone that is gone answers not found (no tags to condition on)",
      },
      {
        action: "tag:GetResources",
        resource: "*",
        why: "find the pipelines tagged with the stack (no resource-level permissions)",
      },
    ],
    mustDeny: [
      {
        action: "codepipeline:ListTagsForResource",
        resource: pipeline("shop-dev-feature-login"),
        why: "a pipeline outside the project's prefix",
      },
      {
        action: "codepipeline:StartPipelineExecution",
        resource: pipeline(clone),
        context: resourceTags(cloneTags),
        why: "starting a clone (the teardown only reads)",
      },
      {
        action: "codepipeline:DeletePipeline",
        resource: pipeline(clone),
        context: resourceTags(cloneTags),
        why: "deleting a clone",
      },
      ...rule.protectedStacks.map((name) => ({
        action: "cloudformation:DeleteStack",
        resource: stack(name),
        context: ephemeral,
        why: `the protected stack ${name}, even tagged ephemeral`,
      })),
      {
        action: "cloudformation:DeleteStack",
        resource: stack(`${project}-${dev}-release-1`),
        context: resourceTags({ [MANAGED_TAGS.project]: project, [MANAGED_TAGS.ephemeral]: "false" }),
        why: "a stack not tagged ephemeral",
      },
      {
        action: "cloudformation:DeleteStack",
        resource: stack(legacyClone),
        context: resourceTags({ ...rule.ephemeralStackTags, [MANAGED_TAGS.project]: legacy }),
        why: `project ${legacy}'s ephemeral stack, under this prefix`,
      },
      {
        action: "cloudformation:DeleteStack",
        resource: stack(shopClone),
        context: resourceTags({ ...rule.ephemeralStackTags, [MANAGED_TAGS.project]: "shop" }),
        why: "another project's ephemeral stack",
      },
      {
        action: "cloudformation:DeleteStack",
        resource: stack(clone, OTHER_REGION),
        context: ephemeral,
        why: "another region",
      },
      ...[stacks.cicd, stacks.repository].flatMap((name) => {
        const tributaryBucket = name === stacks.cicd ? cicdBucket : `${name}-bucket-1abc2def3gh4`;
        return [
          {
            action: "s3:DeleteObject",
            resource: object(tributaryBucket, "acme-dev/Source/abc"),
            why: `a bucket of ${name}`,
          },
          {
            action: "s3:DeleteObjectVersion",
            resource: object(tributaryBucket, "acme-dev/Source/abc"),
            why: `a bucket of ${name}`,
          },
          { action: "s3:ListBucketVersions", resource: bucket(tributaryBucket), why: `a bucket of ${name}` },
        ];
      }),
      {
        action: "s3:DeleteObject",
        resource: object("shop-dev-feature-login-websitebucket-1abc", "index.html"),
        why: "another project's bucket",
      },
    ],
  });

  for (const environment of config.environments) {
    const env = environment.name;
    const Env = pascal(env);
    const [sharedPattern, clonePattern] = environmentStackPatterns(config, env) as [string, string];
    const envClone = `${clonePattern.slice(0, -1)}feature-login`;
    const otherEnvironment = config.environments.find((candidate) => candidate.name !== env)?.name ?? "other";
    const otherEnvClone = `${project}-${otherEnvironment}-feature-login`;
    const staging = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsStaging"));
    const reports = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsReports"));
    const artifacts = cicdBucket;

    // The pipeline's service role (CodePipeline assumes it for the pipeline and its clones).
    const pipelineRole = app.role(`${Env}PipelinePipelineRole`);
    const actionRoles = app.roles.filter(
      (role) => role.logicalId.startsWith(`${Env}Pipeline`) && /ActionRole/.test(role.logicalId),
    );
    const otherActionRole = app.roles.find(
      (role) =>
        role.logicalId.startsWith(`${pascal(otherEnvironment)}Pipeline`) &&
        /DeployActionRole/.test(role.logicalId),
    );
    tables.push({
      id: `${env} pipeline role`,
      principal: pipelineRole,
      mustAllow: [
        ...actionRoles.map((role) => ({
          action: "sts:AssumeRole",
          resource: role.arn,
          why: `run the action ${role.logicalId}`,
        })),
        {
          action: "s3:PutObject",
          resource: object(artifacts, `${environment.pipelineName}/Source/a1b2c3`),
          why: "store an artifact",
        },
        {
          action: "s3:GetObject",
          resource: object(artifacts, `${envClone.slice(0, 20)}/TestOutput/a1b2c3`),
          why: "read a clone's artifact",
        },
      ],
      mustDeny: [
        ...(otherActionRole === undefined
          ? []
          : [
              {
                action: "sts:AssumeRole",
                resource: otherActionRole.arn,
                why: `${otherEnvironment}'s deploy action role`,
              },
            ]),
        { action: "sts:AssumeRole", resource: cloner.arn, why: "the cloner's role" },
        {
          action: "s3:GetObject",
          resource: object(reports, `reports/${environment.pipelineName}/x/index.html`),
          why: "the reports bucket",
        },
        {
          action: "s3:GetObject",
          resource: object(artifacts, `${environment.pipelineName}/Source/a1b2c3`),
          context: { "aws:SecureTransport": "false" },
          why: "the artifacts over plain HTTP",
        },
      ],
    });

    // The Test project's role: buildspec.yml (staging, reports) and TaskCat's stacks in its regions.
    const testRole = app.role(`${Env}PipelineTestProjectRole`);
    const regions = taskcatConfigRegions(env);
    const testStack = `${TASKCAT_STACK_PREFIX}tributary-demo-${env}-website-${env}-0a1b2c3d`;
    const unusedRegion = ["us-west-2", "ap-southeast-2", "eu-central-1"].find(
      (region) => !regions.includes(region),
    ) as string;
    tables.push({
      id: `${env} test role`,
      principal: testRole,
      mustAllow: [
        {
          action: "s3:PutObject",
          resource: object(staging, `staging/${environment.pipelineName}/exec-1/templates/main.yaml`),
          why: "stage the templates",
        },
        {
          action: "s3:PutObject",
          resource: object(staging, `staging/${envClone}/exec-1/templates/main.yaml`),
          why: "a clone stages its templates",
        },
        {
          action: "s3:PutObject",
          resource: object(reports, `reports/${environment.pipelineName}/exec-1/index.html`),
          why: "upload the TaskCat report",
        },
        {
          action: "s3:GetObject",
          resource: object(artifacts, `${environment.pipelineName}/Source/a1b2c3`),
          why: "CodeBuild reads the source artifact",
        },
        {
          action: "s3:PutObject",
          resource: object(artifacts, `${environment.pipelineName}/TestOutput/a1b2c3`),
          why: "CodeBuild writes the TestOutput artifact",
        },
        ...regions.flatMap((region) => {
          const taskcatBucket = `tcat-tributary-demo-${env}-0a1b2c3d`;
          const direct: Case[] = [
            ...[
              "CreateBucket",
              "GetBucketLocation",
              "ListBucket",
              "DeleteBucket",
              "PutBucketPolicy",
              "PutBucketPublicAccessBlock",
            ].map((action) => ({
              action: `s3:${action}`,
              resource: bucket(taskcatBucket),
              context: { "aws:RequestedRegion": region },
              why: `TaskCat's bucket in ${region}`,
            })),
            ...["PutObject", "PutObjectAcl", "GetObject", "DeleteObject"].map((action) => ({
              action: `s3:${action}`,
              resource: object(taskcatBucket, `tributary-demo-${env}/templates/main.yaml`),
              context: { "aws:RequestedRegion": region },
              why: `TaskCat's upload in ${region}`,
            })),
            ...[
              "CreateStack",
              "DescribeStacks",
              "DescribeStackEvents",
              "DescribeStackResources",
              "DeleteStack",
            ].map((action) => ({
              action: `cloudformation:${action}`,
              resource: stack(testStack, region),
              why: `TaskCat's test stack in ${region}`,
            })),
            ...[
              "cloudformation:ValidateTemplate",
              "ec2:DescribeRegions",
              "ec2:DescribeAvailabilityZones",
            ].map((action) => ({
              action,
              resource: "*",
              context: { "aws:RequestedRegion": region },
              why: "no resource-level permissions",
            })),
          ];
          return [
            ...direct,
            ...demoStackCalls({
              stack: testStack,
              region,
              owner: `${testStack}-Website-1ABC2DEF3GH4`,
              bucket: `${testStack.toLowerCase()}-website-1abc2def3g-websitebucket-5ijk6lmn7op8`,
              via: VIA_CLOUDFORMATION,
            }).map((entry) =>
              entry.action.startsWith("s3:")
                ? { ...entry, context: { ...entry.context, "aws:RequestedRegion": region } }
                : entry,
            ),
          ];
        }),
      ],
      mustDeny: [
        {
          action: "s3:PutObject",
          resource: object(staging, `staging/${project}-${otherEnvironment}/exec-1/templates/main.yaml`),
          why: `${otherEnvironment}'s staging area`,
        },
        {
          action: "s3:PutObject",
          resource: object(reports, `reports/${otherEnvClone}/exec-1/index.html`),
          why: `${otherEnvironment}'s reports`,
        },
        {
          action: "s3:PutObject",
          resource: object(cicdBucket, "index.html"),
          context: { "aws:SecureTransport": "false" },
          why: "the artifacts bucket over plain HTTP",
        },
        {
          action: "cloudformation:CreateStack",
          resource: stack(testStack, unusedRegion),
          why: `a TaskCat stack in ${unusedRegion}, which ci/${env}/.taskcat.yml does not list`,
        },
        {
          action: "s3:PutBucketPolicy",
          resource: bucket(`tcat-tributary-demo-${env}-0a1b2c3d`),
          context: { "aws:RequestedRegion": unusedRegion },
          why: `a TaskCat bucket in ${unusedRegion}`,
        },
        {
          action: "cloudformation:DeleteStack",
          resource: stack(environment.stackName),
          why: `the shared stack ${environment.stackName}`,
        },
        { action: "cloudformation:DeleteStack", resource: stack(stacks.cicd), why: "the CI/CD stack" },
        ...foreignDistributionCases(VIA_CLOUDFORMATION),
        {
          action: "cloudfront:UpdateDistribution",
          resource: distribution("E1OWNDISTRIBUTION"),
          context: resourceTags({ [DISTRIBUTION_OWNER_TAG]: `${testStack}-Website-1ABC2DEF3GH4` }),
          why: "a TaskCat distribution changed by the buildspec itself, not by CloudFormation",
        },
        {
          action: "cloudfront:DeleteOriginAccessControl",
          resource: originAccessControl("E2QWRUHEXAMPLE"),
          why: "an origin access control deleted by the buildspec itself",
        },
      ],
    });

    // The deployment role: CloudFormation deploys this environment's stacks (the shared one and the clones').
    const deploymentRole = app.role(`${Env}PipelineDeploymentRole`);
    tables.push({
      id: `${env} deployment role`,
      principal: deploymentRole,
      mustAllow: [
        {
          action: "s3:GetObject",
          resource: object(staging, `staging/${environment.pipelineName}/exec-1/templates/website.yaml`),
          why: "read the staged nested template",
        },
        {
          action: "s3:GetObject",
          resource: object(artifacts, `${environment.pipelineName}/TestOutput/a1b2c3`),
          why: "read the template artifact",
        },
        ...[sharedPattern, envClone].flatMap((name) =>
          demoStackCalls({
            stack: name,
            region: R,
            owner: `${name}-Website-1ABC2DEF3GH4`,
            bucket: `${name}-website-1abc2def3gh4-websitebucket-5ijk6lmn7op8`,
            via: {},
          }),
        ),
      ],
      mustDeny: [
        { action: "cloudformation:DeleteStack", resource: stack(stacks.cicd), why: "the CI/CD stack" },
        {
          action: "cloudformation:DeleteStack",
          resource: stack(stacks.repository),
          why: "the repository stack",
        },
        {
          action: "cloudformation:DeleteStack",
          resource: stack(`${project}-${otherEnvironment}`),
          why: `the shared stack of ${otherEnvironment}`,
        },
        {
          action: "cloudformation:CreateStack",
          resource: stack(`${envClone}-Website-1ABC2DEF3GH4`, OTHER_REGION),
          why: "another region",
        },
        { action: "s3:DeleteBucket", resource: bucket(cicdBucket), why: "a CI/CD bucket" },
        {
          action: "s3:PutBucketPolicy",
          resource: bucket(`${otherEnvClone}-website-1abc-websitebucket-5ijk`),
          why: `${otherEnvironment}'s website bucket`,
        },
        {
          action: "s3:GetObject",
          resource: object(staging, `staging/${project}-${otherEnvironment}/exec-1/templates/website.yaml`),
          why: `${otherEnvironment}'s staged templates`,
        },
        ...foreignDistributionCases({}),
        {
          action: "cloudfront:UpdateDistribution",
          resource: distribution("E9OTHERENV"),
          context: resourceTags({ [DISTRIBUTION_OWNER_TAG]: `${otherEnvClone}-Website-1ABC` }),
          why: `${otherEnvironment}'s distribution`,
        },
      ],
    });

    // The change-set actions' role (CreateChangeSet and ExecuteChangeSet of this pipeline and its clones).
    const deployActionRole = app.role(`${Env}PipelineDeployActionRole`);
    const otherDeploymentRole = app.roles.find((role) =>
      role.logicalId.startsWith(`${pascal(otherEnvironment)}PipelineDeploymentRole`),
    );
    tables.push({
      id: `${env} deploy action role`,
      principal: deployActionRole,
      mustAllow: [
        ...[sharedPattern, envClone].flatMap((name) =>
          [
            "CreateChangeSet",
            "DescribeChangeSet",
            "ExecuteChangeSet",
            "DeleteChangeSet",
            "DescribeStacks",
          ].map((action) => ({
            action: `cloudformation:${action}`,
            resource: stack(name),
            why: `the change set of ${name}`,
          })),
        ),
        {
          action: "iam:PassRole",
          resource: deploymentRole.arn,
          context: { "iam:PassedToService": "cloudformation.amazonaws.com" },
          why: "CloudFormation deploys with the deployment role",
        },
        {
          action: "s3:GetObject",
          resource: object(artifacts, `${environment.pipelineName}/TestOutput/a1b2c3`),
          why: "read the template artifact",
        },
      ],
      mustDeny: [
        {
          action: "cloudformation:ExecuteChangeSet",
          resource: stack(`${project}-${otherEnvironment}`),
          why: `${otherEnvironment}'s shared stack`,
        },
        { action: "cloudformation:ExecuteChangeSet", resource: stack(stacks.cicd), why: "the CI/CD stack" },
        {
          action: "cloudformation:CreateChangeSet",
          resource: stack(stacks.repository),
          why: "the repository stack",
        },
        {
          action: "cloudformation:CreateChangeSet",
          resource: stack(envClone, OTHER_REGION),
          why: "another region",
        },
        {
          action: "iam:PassRole",
          resource: deploymentRole.arn,
          context: { "iam:PassedToService": "lambda.amazonaws.com" },
          why: "the deployment role to another service",
        },
        ...(otherDeploymentRole === undefined
          ? []
          : [
              {
                action: "iam:PassRole",
                resource: otherDeploymentRole.arn,
                context: { "iam:PassedToService": "cloudformation.amazonaws.com" },
                why: `${otherEnvironment}'s deployment role`,
              },
            ]),
      ],
    });

    // ---- The Preview project's role (PREVIEW_SCRIPT): change sets on the shared stack, never executed. ----
    const previewRole = app.role(`${Env}PipelinePreviewProjectRole`);
    const shared = environment.stackName;
    const previewName = "tributary-preview-0a1b2c3d-0000-4000-8000-000000000001";
    const changeSet = (name: string) =>
      arn("cloudformation", `changeSet/${name}/5f6a7b8c-9d0e-4f1a-b2c3-d4e5f6a7b8c9`);
    const nestedStack = `${shared}-Website-1ABC2DEF3GH4`;
    const previewOf = (name: string) => ({
      "cloudformation:ChangeSetName": name,
      "cloudformation:RoleArn": deploymentRole.arn,
    });
    const named = (name: string) => ({ "cloudformation:ChangeSetName": name });
    tables.push({
      id: `${env} preview role`,
      principal: previewRole,
      mustAllow: [
        {
          action: "cloudformation:DescribeStacks",
          resource: stack(shared),
          why: "read whether the shared stack exists, and its tags",
        },
        {
          action: "cloudformation:CreateChangeSet",
          resource: stack(shared),
          context: previewOf(previewName),
          why: "create the preview change set with the deployment role",
        },
        {
          action: "iam:PassRole",
          resource: deploymentRole.arn,
          context: { "iam:PassedToService": "cloudformation.amazonaws.com" },
          why: "CloudFormation previews with the deployment role",
        },
        {
          action: "cloudformation:DescribeChangeSet",
          resource: stack(shared),
          context: named(changeSet(previewName)),
          why: "wait for and describe the change set by its ARN",
        },
        {
          action: "cloudformation:DescribeChangeSet",
          resource: stack(shared),
          context: named(previewName),
          why: "describe the change set by name",
        },
        {
          action: "cloudformation:DescribeChangeSet",
          resource: stack(nestedStack),
          context: named(changeSet(`${previewName}-Website-1ABC2DEF3GH4`)),
          why: "describe a nested change set (named after the root's)",
        },
        {
          action: "cloudformation:DescribeChangeSet",
          resource: stack(nestedStack),
          context: named(changeSet(`${nestedStack}-${previewName}`)),
          why: "describe a nested change set (named after its stack)",
        },
        {
          action: "cloudformation:DeleteChangeSet",
          resource: stack(shared),
          context: named(previewName),
          why: "delete the preview change set",
        },
        {
          action: "s3:PutObject",
          resource: object(reports, `reports/${environment.pipelineName}/exec-1/preview.json`),
          why: "write the pipeline's preview.json",
        },
        {
          action: "s3:PutObject",
          resource: object(reports, `reports/${envClone}/exec-1/preview.json`),
          why: "write a clone's preview.json",
        },
        {
          action: "s3:GetObject",
          resource: object(staging, `staging/${envClone}/exec-1/templates/main.yaml`),
          why: "read a large staged main.yaml by URL",
        },
        {
          action: "s3:GetObject",
          resource: object(artifacts, `${envClone.slice(0, 20)}/TestOutput/a1b2c3`),
          why: "CodeBuild reads the TestOutput artifact",
        },
      ],
      mustDeny: [
        ...[previewName, "tributary"].map((name) => ({
          action: "cloudformation:ExecuteChangeSet",
          resource: stack(shared),
          context: named(name),
          why: `execute change set ${name} (explicit deny)`,
        })),
        {
          action: "cloudformation:ExecuteChangeSet",
          resource: stack(envClone),
          context: named(previewName),
          why: "execute a change set on a clone's stack",
        },
        {
          action: "cloudformation:CreateChangeSet",
          resource: stack(shared),
          context: previewOf("tributary"),
          why: "the Deploy stage's change set",
        },
        {
          action: "cloudformation:DeleteChangeSet",
          resource: stack(shared),
          context: named("tributary"),
          why: "delete the Deploy stage's change set",
        },
        {
          action: "cloudformation:CreateChangeSet",
          resource: stack(shared),
          context: { ...previewOf(previewName), "cloudformation:RoleArn": cloner.arn },
          why: "a change set with another role",
        },
        {
          action: "cloudformation:CreateChangeSet",
          resource: stack(envClone),
          context: previewOf(previewName),
          why: "a clone's own stack",
        },
        {
          action: "cloudformation:CreateChangeSet",
          resource: stack(`${project}-${otherEnvironment}`),
          context: previewOf(previewName),
          why: `${otherEnvironment}'s shared stack`,
        },
        {
          action: "cloudformation:CreateChangeSet",
          resource: stack(shared, OTHER_REGION),
          context: previewOf(previewName),
          why: "another region",
        },
        { action: "cloudformation:DeleteStack", resource: stack(shared), why: "delete the shared stack" },
        { action: "cloudformation:UpdateStack", resource: stack(shared), why: "update the shared stack" },
        {
          action: "s3:PutObject",
          resource: object(reports, `reports/${environment.pipelineName}/exec-1/index.html`),
          why: "the TaskCat report",
        },
        {
          action: "s3:PutObject",
          resource: object(reports, `reports/${otherEnvClone}/exec-1/preview.json`),
          why: `${otherEnvironment}'s previews`,
        },
        {
          action: "s3:PutObject",
          resource: object(staging, `staging/${envClone}/exec-1/templates/main.yaml`),
          why: "the staged templates",
        },
        {
          action: "iam:PassRole",
          resource: deploymentRole.arn,
          context: { "iam:PassedToService": "lambda.amazonaws.com" },
          why: "the deployment role to another service",
        },
      ],
    });
    // ---- end of the Preview project's role ----

    // The Cleanup project's role: buildspec-cleanup.yml.
    const cleanupRole = app.role(`${Env}PipelineCleanupProjectRole`);
    const websiteBucket = `${envClone}-website-1abc2def3gh4-websitebucket-5ijk6lmn7op8`;
    tables.push({
      id: `${env} cleanup role`,
      principal: cleanupRole,
      mustAllow: [
        {
          action: "s3:GetObject",
          resource: object(artifacts, `${environment.pipelineName}/Source/a1b2c3`),
          why: "CodeBuild reads the source artifact",
        },
        {
          action: "s3:ListBucket",
          resource: bucket(staging),
          context: { "s3:prefix": `staging/${envClone}/exec-1/` },
          why: "list the staged templates",
        },
        {
          action: "s3:DeleteObject",
          resource: object(staging, `staging/${envClone}/exec-1/templates/main.yaml`),
          why: "remove the staged templates",
        },
        {
          action: "cloudformation:DescribeStacks",
          resource: stack(envClone),
          why: "read the stack's outputs",
        },
        {
          action: "cloudformation:DescribeStacks",
          resource: stack(sharedPattern),
          why: "read the shared stack's outputs",
        },
        { action: "s3:PutObject", resource: object(websiteBucket, "index.html"), why: "publish the page" },
        {
          action: "cloudfront:CreateInvalidation",
          resource: distribution("E1OWNDISTRIBUTION"),
          context: resourceTags({ [DISTRIBUTION_OWNER_TAG]: `${envClone}-Website-1ABC2DEF3GH4` }),
          why: "invalidate the stack's distribution",
        },
      ],
      mustDeny: [
        {
          action: "s3:DeleteObject",
          resource: object(staging, `staging/${project}-${otherEnvironment}/exec-1/templates/main.yaml`),
          why: `${otherEnvironment}'s staged templates`,
        },
        { action: "s3:PutObject", resource: object(cicdBucket, "index.html"), why: "a CI/CD bucket" },
        {
          action: "cloudfront:CreateInvalidation",
          resource: distribution("E9SHOPDIST"),
          context: resourceTags({ [DISTRIBUTION_OWNER_TAG]: "shop-dev-Website-1XYZ" }),
          why: "another project's distribution",
        },
        {
          action: "cloudfront:CreateInvalidation",
          resource: distribution("E9UNTAGGED"),
          why: "an untagged distribution",
        },
      ],
    });
  }

  // Resource policies: the topics, the key, the buckets.
  const anyTopic = topics[0] as string;
  tables.push({
    id: "events.amazonaws.com (topic and key policies)",
    principal: "events.amazonaws.com",
    mustAllow: [
      ...topics.map((topic) => ({
        action: "sns:Publish",
        resource: topic,
        context: { "aws:SourceAccount": A },
        why: `a rule of this account publishes to ${topic.split(":").pop()}`,
      })),
      { action: "kms:GenerateDataKey", resource: key, why: "encrypt for the topics" },
      { action: "kms:Decrypt", resource: key, why: "encrypt for the topics" },
    ],
    mustDeny: [
      {
        action: "sns:Publish",
        resource: anyTopic,
        context: { "aws:SourceAccount": "222222222222" },
        why: "a rule of another account",
      },
    ],
  });
  tables.push({
    id: "cloudwatch.amazonaws.com (topic and key policies)",
    principal: "cloudwatch.amazonaws.com",
    mustAllow: [
      {
        action: "sns:Publish",
        resource: anyTopic,
        context: { "aws:SourceAccount": A },
        why: "a dead-letter alarm of this account",
      },
      { action: "kms:GenerateDataKey", resource: key, why: "encrypt for the topics" },
    ],
    mustDeny: [
      {
        action: "sns:Publish",
        resource: anyTopic,
        context: { "aws:SourceAccount": "222222222222" },
        why: "an alarm of another account",
      },
    ],
  });
  tables.push({
    id: "codestar-notifications.amazonaws.com (key policy)",
    principal: "codestar-notifications.amazonaws.com",
    mustAllow: [],
    mustDeny: [
      { action: "kms:Decrypt", resource: key, why: "nothing uses CodeStar Notifications" },
      { action: "kms:GenerateDataKey", resource: key, why: "nothing uses CodeStar Notifications" },
    ],
  });
  const accessLogs = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsAccessLogs"));
  tables.push({
    id: "logging.s3.amazonaws.com (bucket policies)",
    principal: "logging.s3.amazonaws.com",
    mustAllow: [
      {
        action: "s3:PutObject",
        resource: object(accessLogs, "artifacts/2026-12-01-log"),
        context: { "aws:SourceAccount": A, "aws:SourceArn": bucket(cicdBucket) },
        why: "access logs of the artifacts bucket",
      },
    ],
    mustDeny: [
      {
        action: "s3:PutObject",
        resource: object(accessLogs, "artifacts/2026-12-01-log"),
        context: { "aws:SourceAccount": "222222222222", "aws:SourceArn": bucket("someone-elses-bucket") },
        why: "logs of another account's bucket",
      },
      {
        action: "s3:PutObject",
        resource: object(cicdBucket, "x"),
        context: { "aws:SourceAccount": A, "aws:SourceArn": bucket(cicdBucket) },
        why: "the artifacts bucket itself",
      },
    ],
  });
  tables.push(...approvalRuleTables(app));
  tables.push(runHistory.widget);
  addPlatformCases(app, tables);
  return tables;
}

// ---- The merge gate: the approval rule template's custom resources (PullRequestApprovalRule) -------------------

/** The custom resource types of `PullRequestApprovalRule`, whose SDK calls the provider Lambda makes. */
const APPROVAL_RULE_RESOURCE_TYPES = [
  "Custom::TributaryApprovalRuleTemplate",
  "Custom::TributaryApprovalRuleTemplateContent",
  "Custom::TributaryApprovalRuleTemplateAssociation",
] as const;

/**
 * The CodeCommit calls of the approval rule template's custom resources, read from their `Create`, `Update` and
 * `Delete` properties in the synthesized template (AwsCustomResource's JSON `{ service, action, … }`), as
 * `codecommit:Action` (the IAM action of an SDK call is its operation name).
 */
export function approvalRuleSdkCalls(
  app: SynthesizedApp,
): { call: string; actions: string[]; where: string }[] {
  const calls: { call: string; actions: string[]; where: string }[] = [];
  for (const [logicalId, resource] of Object.entries(app.resources)) {
    if (!(APPROVAL_RULE_RESOURCE_TYPES as readonly string[]).includes(resource.Type)) continue;
    for (const event of ["Create", "Update", "Delete"]) {
      const value = resource.Properties?.[event];
      if (value === undefined) continue;
      // The service and action lead the JSON, before any reference: the first literal holds them.
      const text = typeof value === "string" ? value : JSON.stringify(value);
      const match = /\\?"service\\?":\\?"(\w+)\\?",\\?"action\\?":\\?"(\w+)\\?"/.exec(text);
      if (match === null) throw new Error(`${logicalId}.${event} names no SDK call: ${text.slice(0, 200)}`);
      const [, service, action] = match as unknown as [string, string, string];
      const operation = action.charAt(0).toUpperCase() + action.slice(1);
      calls.push({
        call: `${service}.${action}`,
        actions: [`${service.toLowerCase()}:${operation}`],
        where: `${logicalId} (${resource.Type}) ${event}`,
      });
    }
  }
  return calls;
}

/** The provider Lambda of the approval rule template's custom resources: only the five CodeCommit calls. */
function approvalRuleTables(app: SynthesizedApp): PrincipalTables[] {
  const config = app.config.tributary;
  if (!config.approvals.pullRequestRule) return [];
  const provider = app.role("PullRequestApprovalRuleProviderRole");
  const repository = arn("codecommit", config.repository);
  const otherRepository = arn("codecommit", "someone-elses-repository");
  // CreateApprovalRuleTemplate, DeleteApprovalRuleTemplate and UpdateApprovalRuleTemplateContent have no resource
  // type in the Service Authorization Reference: IAM evaluates them against "*".
  const noResource = "*";
  return [
    {
      id: "approval rule provider",
      principal: provider,
      mustAllow: [
        { action: "codecommit:CreateApprovalRuleTemplate", resource: noResource, why: "create the template" },
        {
          action: "codecommit:UpdateApprovalRuleTemplateContent",
          resource: noResource,
          why: "write its content (a new cloner role)",
        },
        { action: "codecommit:DeleteApprovalRuleTemplate", resource: noResource, why: "delete the template" },
        {
          action: "codecommit:AssociateApprovalRuleTemplateWithRepository",
          resource: repository,
          why: "associate it with the repository",
        },
        {
          action: "codecommit:DisassociateApprovalRuleTemplateFromRepository",
          resource: repository,
          why: "disassociate it on delete",
        },
      ],
      mustDeny: [
        {
          action: "codecommit:AssociateApprovalRuleTemplateWithRepository",
          resource: otherRepository,
          why: "another repository",
        },
        {
          action: "codecommit:DisassociateApprovalRuleTemplateFromRepository",
          resource: otherRepository,
          why: "another repository's templates",
        },
        {
          action: "codecommit:AssociateApprovalRuleTemplateWithRepository",
          resource: arn("codecommit", config.repository, OTHER_REGION),
          why: "the repository's name in another region",
        },
        {
          action: "codecommit:UpdateApprovalRuleTemplateName",
          resource: noResource,
          why: "rename a template (any template of the account)",
        },
        {
          action: "codecommit:UpdatePullRequestApprovalState",
          resource: repository,
          why: "approve a pull request itself",
        },
        {
          action: "codecommit:OverridePullRequestApprovalRules",
          resource: repository,
          why: "override the merge gate",
        },
        { action: "codecommit:GitPush", resource: repository, why: "push to the repository" },
        { action: "codecommit:DeleteRepository", resource: repository, why: "delete the repository" },
      ],
    },
  ];
}

/** The logical id inside `{ "Fn::GetAtt": [id, "Arn"] }`. */
function getAttId(value: unknown): string | undefined {
  const getAtt = (value as { "Fn::GetAtt"?: [string, string] } | undefined)?.["Fn::GetAtt"];
  return getAtt?.[0];
}

/**
 * The calls AWS services make with a principal's role for the resources the template wires to it, read from the
 * template: Lambda writes the function's logs and its dead-letter messages, CodeBuild writes the project's logs.
 */
function addPlatformCases(app: SynthesizedApp, tables: PrincipalTables[]): void {
  const add = (roleId: string | undefined, cases: Case[]) => {
    const table = tables.find(
      (entry) => typeof entry.principal !== "string" && entry.principal.logicalId === roleId,
    );
    if (table !== undefined) (table.mustAllow as Case[]).push(...cases);
  };
  for (const resource of Object.values(app.resources)) {
    const properties = (resource.Properties ?? {}) as Record<string, unknown>;
    if (resource.Type === "AWS::Lambda::Function") {
      const logGroup = app.ref(
        String((properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref),
      );
      const queue = getAttId((properties.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn);
      add(getAttId(properties.Role), [
        ...["logs:CreateLogStream", "logs:PutLogEvents"].map((action) => ({
          action,
          resource: arn("logs", `log-group:${logGroup}:log-stream:2026/12/01/[$LATEST]0a1b2c3d`),
          why: "Lambda writes the function's logs",
        })),
        ...(queue === undefined
          ? []
          : [
              {
                action: "sqs:SendMessage",
                resource: app.getAtt(queue, "Arn"),
                why: "Lambda sends a failed event to the dead-letter queue",
              },
            ]),
      ]);
    }
    if (resource.Type === "AWS::CodeBuild::Project") {
      const group = (
        properties.LogsConfig as { CloudWatchLogs?: { GroupName?: { Ref: string } } } | undefined
      )?.CloudWatchLogs?.GroupName?.Ref;
      if (group === undefined) continue;
      add(
        getAttId(properties.ServiceRole),
        ["logs:CreateLogStream", "logs:PutLogEvents"].map((action) => ({
          action,
          resource: arn("logs", `log-group:${app.ref(group)}:log-stream:0a1b2c3d`),
          why: "CodeBuild writes the build's logs",
        })),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The cloner's pull-request feedback (issue #10): reading PR clones' runs and preview.json, the living comment and
// the approval. Its own block so that it merges apart from the other cases.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The cloner's cases for a pull-request clone's finished run, the merge gate: GetPipelineExecution on PR clones only
 * and the approval on the repository only. The living comment is the notifier's (`pullRequestCommentCases`): the
 * cloner may neither read the run's actions and preview nor write a comment.
 */
function pullRequestFeedbackCases(
  app: SynthesizedApp,
  repository: string,
  otherRepository: string,
): { readonly mustAllow: Case[]; readonly mustDeny: Case[] } {
  const config = app.config.tributary;
  const prefixes = pullRequestClonePrefixes(config);
  const prClone = `${prefixes[0]}42`;
  const reports = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsReports"));
  const execution = "0a1b2c3d-0000-4000-8000-000000000000";
  return {
    mustAllow: [
      ...prefixes.map((prefix) => ({
        action: "codepipeline:GetPipelineExecution",
        resource: pipeline(`${prefix}42`),
        why: `the commit a finished run of ${prefix}42 built`,
      })),
      {
        action: "codecommit:UpdatePullRequestApprovalState",
        resource: repository,
        why: "approve or revoke the current revision, on the repository",
      },
    ],
    mustDeny: [
      {
        action: "codepipeline:GetPipelineExecution",
        resource: pipeline(`shop-dev-pr-42`),
        why: "another project's pull-request clone",
      },
      {
        action: "codepipeline:GetPipelineExecution",
        resource: pipeline(prClone, OTHER_REGION),
        why: "a pull-request clone in another region",
      },
      {
        action: "codecommit:UpdatePullRequestApprovalState",
        resource: otherRepository,
        why: "another repository",
      },
      ...["GetCommentsForPullRequest", "PostCommentForPullRequest", "UpdateComment"].map((action) => ({
        action: `codecommit:${action}`,
        resource: repository,
        why: "the living comment (the notifier writes it)",
      })),
      {
        action: "codepipeline:ListActionExecutions",
        resource: pipeline(prClone),
        why: "a run's actions (the notifier reads them for the comment)",
      },
      {
        action: "s3:GetObject",
        resource: object(reports, previewKey(prClone, execution)),
        why: "a PR clone's preview.json (the notifier reads it for the comment)",
      },
    ],
  };
}

/**
 * The notifier's cases for the living comment (`PipelineNotifier.commentOnPullRequests`): the PR clones' tags and run
 * actions (with the project tag), the comment calls on the repository only, and `s3:GetObject` on PR clones'
 * `preview.json` only. The S3 read (`GetObjectCommand`, `packages/cloner/src/functions/notifier/read-preview.ts`) is
 * found in the bundle like every other call; these cases say where it may read.
 */
function pullRequestCommentCases(
  app: SynthesizedApp,
  repository: string,
  otherRepository: string,
): { readonly mustAllow: Case[]; readonly mustDeny: Case[] } {
  const config = app.config.tributary;
  const prefixes = pullRequestClonePrefixes(config);
  const prClone = `${prefixes[0]}42`;
  const prCloneTags = resourceTags(pullRequestCloneTags(config, "42"));
  const reports = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsReports"));
  const artifacts = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsArtifacts"));
  const execution = "0a1b2c3d-0000-4000-8000-000000000000";
  const runActions = ["ListTagsForResource", "ListActionExecutions"];
  return {
    mustAllow: [
      ...prefixes.flatMap((prefix) =>
        runActions.map((action) => ({
          action: `codepipeline:${action}`,
          resource: pipeline(`${prefix}42`),
          context: prCloneTags,
          why: `the tags and a run's actions of the pull-request clone ${prefix}42`,
        })),
      ),
      ...["GetPullRequest", "GetCommentsForPullRequest", "PostCommentForPullRequest", "UpdateComment"].map(
        (action) => ({
          action: `codecommit:${action}`,
          resource: repository,
          why: "the living comment, on the repository",
        }),
      ),
      ...prefixes.map((prefix) => ({
        action: "s3:GetObject",
        resource: object(reports, previewKey(`${prefix}42`, execution)),
        why: `the preview.json of a run of ${prefix}42`,
      })),
    ],
    mustDeny: [
      {
        // ListActionExecutions on a branch clone is allowed since the run history records every run's actions
        // (runHistoryCases); reading a branch clone's tags stays the living comment's alone.
        action: "codepipeline:ListTagsForResource",
        resource: pipeline(`${config.project}-${config.environments[0]?.name}-feature-login`),
        context: resourceTags(ownershipRule(config).cloneTags),
        why: "a branch clone (only pull-request clones are commented)",
      },
      ...runActions.flatMap((action) => [
        {
          action: `codepipeline:${action}`,
          resource: pipeline(`shop-dev-pr-42`),
          context: resourceTags(pullRequestCloneTags({ project: "shop" }, "42")),
          why: "another project's pull-request clone",
        },
        {
          action: `codepipeline:${action}`,
          resource: pipeline(prClone),
          context: resourceTags(pullRequestCloneTags({ project: "shop" }, "42")),
          why: "a pull-request clone under this prefix tagged with another project",
        },
        {
          action: `codepipeline:${action}`,
          resource: pipeline(prClone, OTHER_REGION),
          context: prCloneTags,
          why: "a pull-request clone in another region",
        },
      ]),
      ...["UpdateComment", "PostCommentForPullRequest", "GetCommentsForPullRequest"].map((action) => ({
        action: `codecommit:${action}`,
        resource: otherRepository,
        why: "another repository",
      })),
      {
        action: "codecommit:UpdatePullRequestApprovalState",
        resource: repository,
        why: "approving (the approval rule names the cloner's role)",
      },
      {
        action: "s3:GetObject",
        resource: object(reports, `reports/${prClone}/${execution}/index.html`),
        why: "a PR clone's TaskCat report (only preview.json)",
      },
      {
        action: "s3:GetObject",
        resource: object(artifacts, previewKey(prClone, execution)),
        why: "the same key in the artifacts bucket",
      },
      {
        action: "s3:PutObject",
        resource: object(reports, previewKey(prClone, execution)),
        why: "writing a preview (only the Preview step writes)",
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The run history (issue 20): the notifier writes the table (and reads the Deployments index for DORA), the
// overview page's widget reads the live rows and signs TaskCat report links. Its own block, to merge apart.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The run history's cases: the notifier's additions (PutItem on the table, Query on the Deployments index only, the
 * runs' starts and actions, `taskcat-results.json`, the table's key through DynamoDB) and the widget's table (Query on
 * the live rows only, the key through DynamoDB, the reports' `index.html` only). The S3 reads are signed GETs and the
 * report links are presigned locally, without SDK commands, so their cases are written by hand.
 */
export function runHistoryCases(app: SynthesizedApp): {
  readonly notifier: { readonly mustAllow: Case[]; readonly mustDeny: Case[] };
  readonly widget: PrincipalTables;
} {
  const config = app.config.tributary;
  const project = config.project;
  const rule = ownershipRule(config);
  const dev = config.environments[0]?.name ?? "dev";
  const clone = `${project}-${dev}-feature-login`;
  const cloneTags = resourceTags({ ...rule.cloneTags, [MANAGED_TAGS.environment]: dev });
  const shopTags = resourceTags({ ...rule.cloneTags, [MANAGED_TAGS.project]: "shop" });
  const tableId = app.logicalId("AWS::DynamoDB::Table", "RunHistory");
  const table = app.getAtt(tableId, "Arn");
  const deployments = `${table}/index/${DEPLOYMENTS_INDEX}`;
  const otherTable = arn("dynamodb", "table/shop-tributary-runs");
  const key = app.getAtt(app.logicalId("AWS::KMS::Key", "RunHistoryKey"), "Arn");
  const topicsKey = app.getAtt(app.logicalId("AWS::KMS::Key", "NotificationsKey"), "Arn");
  const reports = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsReports"));
  const staging = app.ref(app.logicalId("AWS::S3::Bucket", "BucketsStaging"));
  const execution = "0a1b2c3d-0000-4000-8000-000000000000";
  const viaDynamo = { "kms:ViaService": `dynamodb.${R}.amazonaws.com` };
  const leading = (key: string) => ({ "dynamodb:LeadingKeys": [key] });
  const pipelines = [...config.environments.map((environment) => environment.pipelineName), clone];
  const tagsOf = (name: string) =>
    name === clone
      ? cloneTags
      : resourceTags({
          [MANAGED_TAGS.project]: project,
          [MANAGED_TAGS.environment]: name.slice(project.length + 1),
        });
  const notifier = {
    mustAllow: [
      {
        action: "dynamodb:PutItem",
        resource: table,
        context: { ...leading(`PIPELINE#${clone}`), "dynamodb:ReturnValues": "ALL_OLD" },
        why: "record a run (core's conditional put)",
      },
      {
        action: "dynamodb:PutItem",
        resource: table,
        context: { ...leading(LIVE_PARTITION), "dynamodb:ReturnValues": "ALL_OLD" },
        why: "update a source's live row, or close it",
      },
      {
        action: "dynamodb:Query",
        resource: deployments,
        context: { ...leading("DEPLOY#prod"), "dynamodb:ReturnConsumedCapacity": "TOTAL" },
        why: "the deployments before a finished one (DORA)",
      },
      ...pipelines.flatMap((name) =>
        ["ListPipelineExecutions", "ListActionExecutions"].map((action) => ({
          action: `codepipeline:${action}`,
          resource: pipeline(name),
          context: tagsOf(name),
          why: `a run's start and actions, of ${name}`,
        })),
      ),
      ...pipelines.map((name) => ({
        action: "s3:GetObject",
        resource: object(reports, taskcatResultsKey(name, execution)),
        why: `TaskCat's results of a run of ${name}`,
      })),
      ...["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"].map((action) => ({
        action,
        resource: key,
        context: viaDynamo,
        why: "the table's key, through DynamoDB",
      })),
    ],
    mustDeny: [
      ...["GetItem", "Scan", "DeleteItem", "UpdateItem", "BatchWriteItem", "Query"].map((action) => ({
        action: `dynamodb:${action}`,
        resource: table,
        // Scan reads no partition, so it carries no leading keys.
        ...(action === "Scan" ? {} : { context: leading(LIVE_PARTITION) }),
        why: "read, delete or change the table other than by a conditional put (Query only on the index)",
      })),
      { action: "dynamodb:PutItem", resource: otherTable, why: "another project's run history" },
      {
        action: "dynamodb:Query",
        resource: `${otherTable}/index/${DEPLOYMENTS_INDEX}`,
        why: "another project's deployments",
      },
      {
        action: "codepipeline:ListPipelineExecutions",
        resource: pipeline(`shop-${dev}-feature-login`),
        context: shopTags,
        why: "another project's runs",
      },
      {
        action: "s3:GetObject",
        resource: object(reports, taskcatResultsKey(`shop-${dev}`, execution)),
        why: "another project's TaskCat results",
      },
      {
        action: "s3:GetObject",
        resource: object(staging, taskcatResultsKey(clone, execution)),
        why: "the same key in the staging bucket",
      },
      {
        action: "kms:Decrypt",
        resource: key,
        context: { "kms:ViaService": `s3.${R}.amazonaws.com` },
        why: "the table's key through another service",
      },
    ],
  };
  const widget: PrincipalTables = {
    id: "run widget",
    principal: app.role("RunWidgetServiceRole"),
    mustAllow: [
      {
        action: "dynamodb:Query",
        resource: table,
        context: { ...leading(LIVE_PARTITION), "dynamodb:ReturnConsumedCapacity": "TOTAL" },
        why: "the live rows (every live branch's latest run)",
      },
      { action: "kms:Decrypt", resource: key, context: viaDynamo, why: "the table's key, through DynamoDB" },
      ...pipelines.map((name) => ({
        action: "s3:GetObject",
        resource: object(reports, taskcatReportKey(name, execution)),
        why: `sign the TaskCat report of a run of ${name}`,
      })),
    ],
    mustDeny: [
      {
        action: "dynamodb:Query",
        resource: table,
        context: leading(`PIPELINE#${clone}`),
        why: "a pipeline's runs (only the live rows)",
      },
      {
        action: "dynamodb:Query",
        resource: deployments,
        context: leading("DEPLOY#prod"),
        why: "the Deployments index",
      },
      ...["PutItem", "GetItem", "Scan", "DeleteItem", "UpdateItem"].map((action) => ({
        action: `dynamodb:${action}`,
        resource: table,
        ...(action === "Scan" ? {} : { context: leading(LIVE_PARTITION) }),
        why: "anything but a Query of the live rows",
      })),
      {
        action: "dynamodb:Query",
        resource: otherTable,
        context: leading(LIVE_PARTITION),
        why: "another project's live rows",
      },
      {
        action: "s3:GetObject",
        resource: object(reports, previewKey(clone, execution)),
        why: "a preview (only reports)",
      },
      {
        action: "s3:GetObject",
        resource: object(reports, taskcatResultsKey(clone, execution)),
        why: "TaskCat's results file (only reports)",
      },
      {
        action: "s3:GetObject",
        resource: object(reports, taskcatReportKey(`shop-${dev}`, execution)),
        why: "another project's report",
      },
      {
        action: "s3:GetObject",
        resource: object(staging, `staging/${clone}/${execution}/templates/main.yaml`),
        why: "the staged templates",
      },
      {
        action: "s3:PutObject",
        resource: object(reports, taskcatReportKey(clone, execution)),
        why: "writing a report",
      },
      {
        action: "kms:Decrypt",
        resource: topicsKey,
        context: { "kms:ViaService": `sns.${R}.amazonaws.com` },
        why: "the topics' key",
      },
      {
        action: "codepipeline:ListPipelineExecutions",
        resource: pipeline(clone),
        context: cloneTags,
        why: "reading runs from CodePipeline (the page reads the table)",
      },
      {
        action: "lambda:InvokeFunction",
        resource: arn("lambda", "function:anything"),
        why: "invoking functions",
      },
    ],
  };
  return { notifier, widget };
}
