/**
 * The Source stage behind a small seam: a {@link PipelineSource} makes the stage's one action, CodeCommit's
 * ({@link codeCommitSource}) or GitHub's through a CodeConnections connection ({@link gitHubSource}).
 */

import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { PIPELINE_ACTIONS, PIPELINE_STAGES } from "./pipeline-contract.js";
import type { StageContext } from "./stage-context.js";

/**
 * What a source action is asked for: the contract's action name, the branch (core's route), the artifact it writes,
 * and whether a push to the branch starts the pipeline.
 *
 * @example
 * const options: SourceActionOptions = { actionName: "Source", branch: "develop", output, startOnPush: true };
 */
export interface SourceActionOptions {
  readonly actionName: string;
  readonly branch: string;
  readonly output: codepipeline.Artifact;
  /** Long-lived branches start their pipeline on push (event-driven, never polling); template-only environments never start themselves. */
  readonly startOnPush: boolean;
}

/**
 * Where an environment pipeline reads its branch from. The cloner copies the stage and changes only the action's
 * `BranchName` (PIPELINE-CONTRACT.md), so a source's configuration must name the branch there.
 *
 * @example
 * const source: PipelineSource = codeCommitSource(repository);
 * source.action({ actionName: "Source", branch: "develop", output, startOnPush: true });
 */
export interface PipelineSource {
  action(options: SourceActionOptions): codepipeline.IAction;
}

/**
 * A CodeCommit repository as the source: `CodeCommitSourceAction` with an EventBridge trigger when `startOnPush`,
 * no trigger otherwise, and never polling.
 *
 * @example
 * const source = codeCommitSource(codecommit.Repository.fromRepositoryName(this, "Repo", "infra"));
 */
export function codeCommitSource(repository: codecommit.IRepository): PipelineSource {
  return {
    action: ({ actionName, branch, output, startOnPush }) =>
      new actions.CodeCommitSourceAction({
        actionName,
        repository,
        branch,
        output,
        trigger: startOnPush ? actions.CodeCommitTrigger.EVENTS : actions.CodeCommitTrigger.NONE,
      }),
  };
}

/**
 * A GitHub repository read through a CodeConnections connection (what {@link gitHubSource} needs).
 *
 * @example
 * const repository: GitHubConnectionRepository = {
 *   connectionArn: "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
 *   useConnectionAction: "codeconnections:UseConnection",
 *   fullRepositoryId: "acme/infra",
 * };
 */
export interface GitHubConnectionRepository {
  /** The connection's ARN (`codeconnections` or `codestar-connections`). */
  readonly connectionArn: string;
  /**
   * The IAM action that uses it, whose service prefix must be the ARN's (core's `useConnectionAction`): CDK's own
   * `CodeStarConnectionsSourceAction` grants only `codestar-connections:UseConnection`, which does not match a
   * `codeconnections` ARN (https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html).
   */
  readonly useConnectionAction: "codeconnections:UseConnection" | "codestar-connections:UseConnection";
  /** `owner/name` (CodeConnections' `FullRepositoryId`). */
  readonly fullRepositoryId: string;
}

/**
 * The `CodeStarSourceConnection` action (owner `AWS`, version `1`) with the configuration the cloner copies
 * (`ConnectionArn`, `FullRepositoryId`, `BranchName`, `DetectChanges`, `OutputArtifactFormat: CODE_ZIP`). Its role
 * may use that one connection only, with the action of the ARN's own prefix, and write the source artifact.
 */
class ConnectionSourceAction extends codepipeline.Action {
  protected readonly providedActionProperties: codepipeline.ActionProperties;

  constructor(
    private readonly repository: GitHubConnectionRepository,
    private readonly options: SourceActionOptions,
  ) {
    super();
    this.providedActionProperties = {
      actionName: options.actionName,
      category: codepipeline.ActionCategory.SOURCE,
      owner: "AWS",
      provider: "CodeStarSourceConnection",
      version: "1",
      artifactBounds: { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 },
      outputs: [options.output],
    };
  }

  protected bound(
    _scope: Construct,
    _stage: codepipeline.IStage,
    options: codepipeline.ActionBindOptions,
  ): codepipeline.ActionConfig {
    options.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [this.repository.useConnectionAction],
        resources: [this.repository.connectionArn],
      }),
    );
    // The action uploads the branch's ZIP as the source artifact.
    options.bucket.grantWrite(options.role);
    return {
      configuration: {
        ConnectionArn: this.repository.connectionArn,
        FullRepositoryId: this.repository.fullRepositoryId,
        BranchName: this.options.branch,
        // Pushes start long-lived branches' pipelines; clones are started by the cloner (which sets "false").
        DetectChanges: this.options.startOnPush ? "true" : "false",
        OutputArtifactFormat: "CODE_ZIP",
      },
    };
  }
}

/**
 * A GitHub repository as the source, through a CodeConnections connection: the `CodeStarSourceConnection` action
 * with `DetectChanges` when `startOnPush` (a push to the branch starts the pipeline), and its role allowed to use
 * that one connection only (`repository.useConnectionAction`, the ARN's own prefix).
 *
 * @example
 * const source = gitHubSource({ connectionArn, useConnectionAction: useConnectionAction(connectionArn), fullRepositoryId: "acme/infra" });
 */
export function gitHubSource(repository: GitHubConnectionRepository): PipelineSource {
  return { action: (options) => new ConnectionSourceAction(repository, options) };
}

/**
 * The Source stage: the route's branch into `output`. Long-lived branches start their pipeline on push; template-only
 * environments (no branch of their own) are started by the cloner (clones) and never by themselves.
 *
 * @example
 * const stage = sourceStage(codeCommitSource(repository), context, artifacts.source);
 */
export function sourceStage(
  source: PipelineSource,
  context: StageContext,
  output: codepipeline.Artifact,
): codepipeline.StageProps {
  return {
    stageName: PIPELINE_STAGES.source,
    actions: [
      source.action({
        actionName: PIPELINE_ACTIONS.source,
        branch: context.route.branch,
        output,
        startOnPush: context.environment.branch !== null,
      }),
    ],
  };
}
