/** The cloner Lambda's permissions, each statement derived from core's ownership rule: what it may do to which pipelines. */

import {
  ownershipRule,
  pullRequestClonePrefixes,
  requestTagConditions,
  resourceTagConditions,
  type TributaryConfig,
} from "@tributary/core";
import { ArnFormat, Stack } from "aws-cdk-lib";
import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { clonerLifecycleStatements } from "./clone-lifecycle.js";

/**
 * What the cloner's statements name besides the config.
 *
 * @example
 * const resources: ClonerResources = { repository, pipelineRoles, teardownProjectArn: teardown.projectArn };
 */
export interface ClonerResources {
  /** The repository whose branches and pull requests the cloner reads, and whose pull requests it approves. */
  readonly repository: codecommit.IRepository;
  /** The environment pipelines' service roles, which clones reuse: the only roles the cloner may pass. */
  readonly pipelineRoles: readonly iam.IRole[];
  /** The stack teardown project, which the cloner starts. */
  readonly teardownProjectArn: string;
}

/**
 * The cloner's statements, in order: pipelines under the project's prefix and tagged with the project only (starts
 * only of its managed clones, tag reads of the whole prefix, its own events: `clonerLifecycleStatements`); create and
 * tag only with the managed clone tags; update and delete only managed clones; never change an environment pipeline;
 * pass only the pipeline roles, only to CodePipeline; read this repository and approve its pull requests; read the
 * runs of pull-request clones; start the stack teardown.
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
  const { repositoryArn } = resources.repository;
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
    new iam.PolicyStatement({
      sid: "ReadRepository",
      actions: ["codecommit:ListBranches", "codecommit:ListPullRequests", "codecommit:GetPullRequest"],
      resources: [repositoryArn],
    }),
    new iam.PolicyStatement({
      sid: "ReadPullRequestCloneRuns",
      // A finished run of a pull-request clone: the commit it built, for the approval of the current revision.
      actions: ["codepipeline:GetPipelineExecution"],
      resources: pullRequestClonePrefixes(config).map((clonePrefix) => pipelineArn(`${clonePrefix}*`)),
    }),
    new iam.PolicyStatement({
      sid: "ApprovePullRequests",
      // The approval of the current revision (the approval rule names this role). The living comment is the
      // notifier's (PipelineNotifier.commentOnPullRequests).
      actions: ["codecommit:UpdatePullRequestApprovalState"],
      resources: [repositoryArn],
    }),
    new iam.PolicyStatement({
      sid: "StartStackTeardown",
      actions: ["codebuild:StartBuild"],
      resources: [resources.teardownProjectArn],
    }),
  ];
}
