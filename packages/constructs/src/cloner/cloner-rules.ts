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
  /** This repository's branch events (created, updated, deleted). */
  readonly branchRule: events.Rule;
  /** This repository's pull-request events. */
  readonly pullRequestRule: events.Rule;
  /** Finished runs (succeeded, failed, stopped) of the project's pull-request clones. */
  readonly pipelineRunRule: events.Rule;
  /** The reconcile schedule (`config.reconcileSchedule`). */
  readonly reconcileRule: events.Rule;
}

/**
 * The rules `BranchRule`, `PullRequestRule`, `PipelineRunRule` and `ReconcileRule` in `scope`, each sending to `target`.
 *
 * @example
 * const rules = clonerRules(this, config, repository, new targets.LambdaFunction(fn));
 */
export function clonerRules(
  scope: Construct,
  config: Pick<TributaryConfig, "project" | "repository" | "environments" | "reconcileSchedule">,
  repository: codecommit.IRepository,
  target: events.IRuleTarget,
): ClonerRules {
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
