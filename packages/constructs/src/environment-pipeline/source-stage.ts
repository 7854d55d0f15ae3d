/**
 * The Source stage behind a small seam: a {@link PipelineSource} makes the stage's one action. Today's is CodeCommit
 * ({@link codeCommitSource}); a GitHub source (a `CodeStarSourceConnection` action) fits the same shape.
 */

import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import type * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
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
