/** The cloner Lambda's permissions, each statement derived from core's ownership rule: what it may do to which pipelines. */

import {
  gitHubListingCacheKey,
  ownershipRule,
  pullRequestClonePrefixes,
  requestTagConditions,
  resourceTagConditions,
  TARGET_LISTING_PREFIX,
  type TributaryConfig,
} from "@tributary/core";
import { ArnFormat, Stack } from "aws-cdk-lib";
import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { clonerLifecycleStatements } from "./clone-lifecycle.js";

/**
 * What the cloner's statements name besides the config.
 *
 * @example
 * const resources: ClonerResources = { repository, pipelineRoles, teardownProjectArn: teardown.projectArn };
 */
export interface ClonerResources {
  /**
   * The CodeCommit repository whose branches and pull requests the cloner reads, and whose pull requests it approves;
   * `undefined` for a GitHub source (then `gitHub`).
   */
  readonly repository: codecommit.IRepository | undefined;
  /** A GitHub source's credentials secret and the bucket of the reconcile's kept listing pages. */
  readonly gitHub?: ClonerGitHubResources;
  /** The environment pipelines' service roles, which clones reuse: the only roles the cloner may pass. */
  readonly pipelineRoles: readonly iam.IRole[];
  /** The stack teardown project, which the cloner starts. */
  readonly teardownProjectArn: string;
  /** Where the remote targets' stack listings are, which the reconcile reads. */
  readonly targetListings?: ClonerTargetListings;
}

/**
 * Where the reconcile reads the stack listings of remote environments: the CI/CD account's artifacts bucket, into which
 * the teardown project's list-targets builds write one object per target (core's `targetListingKey`), and the targets
 * (each account and region outside the CI/CD stack's own, core's `deploymentTargets`).
 *
 * @example
 * const targetListings: ClonerTargetListings = {
 *   bucket: buckets.artifactsBucket,
 *   targets: [{ account: "333333333333", region: "eu-central-1" }],
 * };
 */
export interface ClonerTargetListings {
  /** The CI/CD account's artifacts bucket (customer-managed key when any environment is remote). */
  readonly bucket: s3.IBucket;
  /** The remote targets whose listings the reconcile reads, at least one. */
  readonly targets: readonly { readonly account: string; readonly region: string }[];
}

/**
 * What the cloner reads for a GitHub source.
 *
 * @example
 * const gitHub: ClonerGitHubResources = { credentials: github.credentials, listingCacheBucket: buckets.artifactsBucket };
 */
export interface ClonerGitHubResources {
  /** The GitHub App's or token's secret (`GitHubSource.credentials`). */
  readonly credentials: secretsmanager.ISecret;
  /** The bucket the reconcile keeps its listing pages in, at core's `gitHubListingCacheKey` (one object). */
  readonly listingCacheBucket: s3.IBucket;
}

/**
 * The cloner's statements, in order: pipelines under the project's prefix and tagged with the project only (starts
 * only of its managed clones, tag reads of the whole prefix, its own events: `clonerLifecycleStatements`); create and
 * tag only with the managed clone tags; update and delete only managed clones; never change an environment pipeline;
 * pass only the pipeline roles, only to CodePipeline; read this CodeCommit repository and approve its pull requests, or
 * read the GitHub credentials and the one listing object; read the runs of pull-request clones; start the stack
 * teardown.
 *
 * @example
 * for (const statement of clonerStatements(this, config, resources)) role.addToPrincipalPolicy(statement);
 */
export function clonerStatements(
  scope: Construct,
  config: TributaryConfig,
  resources: ClonerResources,
): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const ownership = ownershipRule(config);
  const pipelineArn = (name: string) =>
    stack.formatArn({ service: "codepipeline", resource: name, arnFormat: ArnFormat.NO_RESOURCE_NAME });
  const pipelines = pipelineArn(`${ownership.namePrefix}*`);
  const repositoryArn = resources.repository?.repositoryArn;
  const gitHub = resources.gitHub;
  return [
    new iam.PolicyStatement({
      sid: "ReadProjectPipelines",
      // The project tag (on the environment pipelines, which EnvironmentPipeline tags, and on every clone) keeps
      // pipelines of other projects out of reach, even under this prefix.
      actions: ["codepipeline:GetPipeline"],
      resources: [pipelines],
      conditions: { StringEquals: resourceTagConditions(ownership.projectTags) },
    }),
    // Starts of managed clones only, tag reads under the prefix, the cloner's own events (clone-lifecycle.ts).
    ...clonerLifecycleStatements(scope, config),
    new iam.PolicyStatement({
      sid: "CreateManagedClonesOnly",
      actions: ["codepipeline:CreatePipeline"],
      resources: [pipelines],
      conditions: { StringEquals: requestTagConditions(ownership.cloneTags) },
    }),
    new iam.PolicyStatement({
      sid: "TagManagedClonesOnly",
      // CreatePipeline with tags is also authorized as TagResource, on a pipeline without tags yet; an existing
      // pipeline must already be this project's managed clone, so no other pipeline can be claimed by tagging it.
      actions: ["codepipeline:TagResource"],
      resources: [pipelines],
      conditions: {
        StringEquals: requestTagConditions(ownership.cloneTags),
        StringEqualsIfExists: resourceTagConditions(ownership.cloneTags),
      },
    }),
    new iam.PolicyStatement({
      sid: "ChangeManagedClonesOnly",
      // Reconcile copies a changed template onto its clones and deletes stale ones: only this project's managed clones.
      actions: ["codepipeline:UpdatePipeline", "codepipeline:DeletePipeline"],
      resources: [pipelines],
      conditions: { StringEquals: resourceTagConditions(ownership.cloneTags) },
    }),
    new iam.PolicyStatement({
      sid: "ProtectEnvironmentPipelines",
      // Environment pipelines are never clones: the cloner may not tag them as managed, untag, change or delete them.
      effect: iam.Effect.DENY,
      actions: [
        "codepipeline:DeletePipeline",
        "codepipeline:TagResource",
        "codepipeline:UntagResource",
        "codepipeline:UpdatePipeline",
      ],
      resources: ownership.environmentPipelines.map(pipelineArn),
    }),
    new iam.PolicyStatement({
      sid: "ListPipelines",
      // codepipeline:ListPipelines supports no resource-level permissions: "*" is the only resource it accepts.
      actions: ["codepipeline:ListPipelines"],
      resources: ["*"],
    }),
    new iam.PolicyStatement({
      sid: "PassPipelineRolesToCodePipeline",
      actions: ["iam:PassRole"],
      resources: resources.pipelineRoles.map((role) => role.roleArn),
      conditions: { StringEquals: { "iam:PassedToService": "codepipeline.amazonaws.com" } },
    }),
    ...(repositoryArn === undefined
      ? []
      : [
          new iam.PolicyStatement({
            sid: "ReadRepository",
            actions: ["codecommit:ListBranches", "codecommit:ListPullRequests", "codecommit:GetPullRequest"],
            resources: [repositoryArn],
          }),
        ]),
    ...(gitHub === undefined ? [] : gitHubStatements(config, gitHub)),
    ...(resources.targetListings === undefined ? [] : targetListingStatements(resources.targetListings)),
    new iam.PolicyStatement({
      sid: "ReadPullRequestCloneRuns",
      // A finished run of a pull-request clone: the commit it built, for the approval of the current revision.
      actions: ["codepipeline:GetPipelineExecution"],
      resources: pullRequestClonePrefixes(config).map((clonePrefix) => pipelineArn(`${clonePrefix}*`)),
    }),
    ...(repositoryArn === undefined
      ? []
      : [
          new iam.PolicyStatement({
            sid: "ApprovePullRequests",
            // The approval of the current revision (the approval rule names this role). The living comment is the
            // notifier's (PipelineNotifier.commentOnPullRequests).
            actions: ["codecommit:UpdatePullRequestApprovalState"],
            resources: [repositoryArn],
          }),
        ]),
    new iam.PolicyStatement({
      sid: "StartStackTeardown",
      actions: ["codebuild:StartBuild"],
      resources: [resources.teardownProjectArn],
    }),
  ];
}

/**
 * The remote targets' listings: GetObject on the listing keys only (core's `TARGET_LISTING_PREFIX`: nothing else of the
 * artifacts bucket, no write), and Decrypt with the bucket's key through S3 when it has one. No ListBucket: S3 then
 * answers AccessDenied rather than NoSuchKey for a listing not written yet, which the reconcile logs with both causes.
 */
function targetListingStatements(listings: ClonerTargetListings): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: "ReadTargetStackListings",
      actions: ["s3:GetObject"],
      resources: [listings.bucket.arnForObjects(`${TARGET_LISTING_PREFIX}*`)],
    }),
  ];
  const key = listings.bucket.encryptionKey;
  if (key !== undefined) {
    statements.push(
      new iam.PolicyStatement({
        sid: "DecryptTargetListingsThroughS3",
        actions: ["kms:Decrypt"],
        resources: [key.keyArn],
        conditions: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
      }),
    );
  }
  return statements;
}

/**
 * A GitHub source's statements: the credentials secret (GetSecretValue only) and the reconcile's one listing object
 * (GetObject and PutObject on core's `gitHubListingCacheKey`, with the bucket key's use through S3 if it has one).
 */
function gitHubStatements(
  config: Pick<TributaryConfig, "project">,
  gitHub: ClonerGitHubResources,
): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: "ReadGitHubCredentials",
      actions: ["secretsmanager:GetSecretValue"],
      resources: [gitHub.credentials.secretArn],
    }),
    new iam.PolicyStatement({
      sid: "KeepGitHubListingPages",
      actions: ["s3:GetObject", "s3:PutObject"],
      resources: [gitHub.listingCacheBucket.arnForObjects(gitHubListingCacheKey(config))],
    }),
  ];
  const key = gitHub.listingCacheBucket.encryptionKey;
  if (key !== undefined) {
    statements.push(
      new iam.PolicyStatement({
        sid: "UseListingBucketKeyThroughS3",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [key.keyArn],
        conditions: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
      }),
    );
  }
  return statements;
}
