/** The EventBridge rules that start the cloner: branch and pull-request events, finished pull-request runs, the reconcile schedule. */

import {
  PIPELINE_EXECUTION_STATE_CHANGE,
  PULL_REQUEST_STATE_CHANGE,
  pullRequestClonePrefixes,
  REPORTED_RUN_STATES,
  REPOSITORY_STATE_CHANGE,
  type TributaryConfig,
} from "@tributary/core";
import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as events from "aws-cdk-lib/aws-events";
import type { Construct } from "constructs";

/**
 * The cloner's four rules.
 *
 * @example
 * const { branchRule, reconcileRule }: ClonerRules = clonerRules(this, config, repository, target);
 */
export interface ClonerRules {
  /**
   * This repository's branch events (created, updated, deleted); `undefined` for a GitHub source, whose events
   * arrive through the webhook function.
   */
  readonly branchRule: events.Rule | undefined;
  /** This repository's pull-request events; `undefined` for a GitHub source. */
  readonly pullRequestRule: events.Rule | undefined;
  /** Finished runs (succeeded, failed, stopped) of the project's pull-request clones. */
  readonly pipelineRunRule: events.Rule;
  /** The reconcile schedule (`config.reconcileSchedule`). */
  readonly reconcileRule: events.Rule;
}

/**
 * The rules `BranchRule`, `PullRequestRule`, `PipelineRunRule` and `ReconcileRule` in `scope`, each sending to `target`;
 * without a CodeCommit `repository` (a GitHub source: its deliveries reach the cloner through the webhook function)
 * only the last two.
 *
 * @example
 * const rules = clonerRules(this, config, repository, new targets.LambdaFunction(fn));
 */
export function clonerRules(
  scope: Construct,
  config: Pick<TributaryConfig, "project" | "repository" | "environments" | "reconcileSchedule">,
  repository: codecommit.IRepository | undefined,
  target: events.IRuleTarget,
): ClonerRules {
  return {
    ...(repository === undefined
      ? { branchRule: undefined, pullRequestRule: undefined }
      : codeCommitRules(scope, config, repository, target)),
    pipelineRunRule: new events.Rule(scope, "PipelineRunRule", {
      description: `Finished runs of the pull-request clones of ${config.project} for the Tributary cloner`,
      eventPattern: {
        source: ["aws.codepipeline"],
        detailType: [PIPELINE_EXECUTION_STATE_CHANGE],
        detail: {
          pipeline: pullRequestClonePrefixes(config).map((clonePrefix) => ({ prefix: clonePrefix })),
          state: [...REPORTED_RUN_STATES],
        },
      },
      targets: [target],
    }),
    reconcileRule: new events.Rule(scope, "ReconcileRule", {
      description: `Reconciles the pipeline clones of ${config.project} with the branches and pull requests`,
      schedule: events.Schedule.expression(config.reconcileSchedule),
      targets: [target],
    }),
  };
}

/** CodeCommit's branch and pull-request rules, on `repository`'s events. */
function codeCommitRules(
  scope: Construct,
  config: Pick<TributaryConfig, "repository">,
  repository: codecommit.IRepository,
  target: events.IRuleTarget,
): { branchRule: events.Rule; pullRequestRule: events.Rule } {
  return {
    branchRule: new events.Rule(scope, "BranchRule", {
      description: `Branch events of ${config.repository} for the Tributary cloner`,
      eventPattern: {
        source: ["aws.codecommit"],
        detailType: [REPOSITORY_STATE_CHANGE],
        resources: [repository.repositoryArn],
        detail: {
          referenceType: ["branch"],
          event: ["referenceCreated", "referenceUpdated", "referenceDeleted"],
        },
      },
      targets: [target],
    }),
    pullRequestRule: new events.Rule(scope, "PullRequestRule", {
      description: `Pull-request events of ${config.repository} for the Tributary cloner`,
      eventPattern: {
        source: ["aws.codecommit"],
        detailType: [PULL_REQUEST_STATE_CHANGE],
        resources: [repository.repositoryArn],
        detail: {
          event: [
            "pullRequestCreated",
            "pullRequestSourceBranchUpdated",
            "pullRequestStatusChanged",
            "pullRequestMergeStatusUpdated",
          ],
        },
      },
      targets: [target],
    }),
  };
}
