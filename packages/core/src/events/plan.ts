/** A plan: the actions the cloner runs for one event, in order, each idempotent. */

import type { Route } from "../branches/route.js";
import type { IdleClock } from "../idle/idle-clock.js";
import type { TeardownReason } from "../ownership/teardown-decision.js";
import type { FinalRunState } from "../shared/types.js";
import type { SourceClosedDetail } from "./source-closed-event.js";
import type { TributaryEvent } from "./tributary-event.js";
/**
 * One thing the cloner must do. Plans are lists of actions; executing an action twice has the effect of
 * executing it once.
 *
 * @example
 * for (const action of planEvent(config, event).actions) {
 *   if (action.type === "createClone") console.log("create", action.route.pipelineName);
 * }
 */
export type Action =
  /** Create the clone unless it exists (creating a pipeline starts its first run). */
  | { readonly type: "createClone"; readonly route: Route }
  /**
   * Start `route.pipelineName` at `commitId`; if the pipeline does not exist, create it instead
   * (creation starts a run at the branch head). `clientRequestToken` makes a retried start a no-op (and a start that created the pipeline counts as
   * the execution for that token).
   */
  | {
      readonly type: "startExecution";
      readonly route: Route;
      readonly commitId: string;
      readonly clientRequestToken: string;
    }
  /**
   * Copy the template's current declaration onto the existing clone (UpdatePipeline, keeping the clone's name,
   * branch and variables, and removing approvals as `createClone` does), then tag it with the version applied.
   * Only for a managed clone of this project; a clone that is gone is success. `templateVersion` is the version
   * `reconcile` saw (`templateVersion(declaration)` of `route.templatePipeline`).
   */
  | { readonly type: "updateClone"; readonly route: Route; readonly templateVersion: string }
  /** Delete the clone if it exists and carries `expectedTags`; never an environment pipeline. */
  | {
      readonly type: "deleteClone";
      readonly pipelineName: string;
      readonly expectedTags: Readonly<Record<string, string>>;
    }
  /**
   * Empty and delete the ephemeral stack; the build deletes it only when core's `teardownDecision` allows it at that
   * moment (ephemeral and project tags, not protected, no live clone deploying it). `idempotencyToken`
   * (`teardownToken`) is planned from the event; after a `deleteClone` that deleted a clone, the cloner derives it
   * from the deleted clone's incarnation instead (`teardownOfIncarnation`), so each incarnation's stack gets its own
   * build. `pipelineName` is the clone that deploys (deployed) the stack, empty when it cannot be known.
   */
  | {
      readonly type: "teardownStack";
      readonly stackName: string;
      readonly pipelineName: string;
      readonly idempotencyToken: string;
      readonly reason: TeardownReason;
      /** For an idle teardown: the last activity reconcile saw; a later run keeps the stack. */
      readonly idleSince?: string;
    }
  /**
   * Start the teardown project in its listing mode (core's `targetListingRequestVariables`): it lists the ephemeral
   * stacks of each remote target through that target's teardown role and writes them where the next reconcile reads
   * them (`targetListingKey`). Planned once per scheduled reconcile (not by its continuations); `idempotencyToken`
   * (`targetListingToken`) makes a redelivered event start no second build.
   */
  | {
      readonly type: "listTargetStacks";
      readonly targets: readonly { readonly account: string; readonly region: string }[];
      readonly idempotencyToken: string;
    }
  /**
   * Tell people a day before an idle clone's stack is torn down (SNS, and the pull request's living comment), and
   * remember the deadline announced on the clone (`tributary:idle-notice`).
   */
  | {
      readonly type: "noticeIdle";
      readonly route: Route;
      readonly idleDays: number;
      readonly clock: IdleClock;
    }
  /**
   * Remember when a clone's run started (`tributary:last-run`, the idle clock), only on this project's managed clone.
   */
  | {
      readonly type: "recordRun";
      readonly pipelineName: string;
      readonly startedAt: string;
      readonly expectedTags: Readonly<Record<string, string>>;
    }
  /**
   * Report a finished run of a pull request's clone to the pull request's merge gate: approve or revoke the pull
   * request's current revision (`decideApproval`). Only when the pipeline carries `expectedTags` (this project's
   * managed clone of that pull request). The living comment is the notifier's (`PullRequestRunRequest`).
   */
  | {
      readonly type: "reportPipelineRun";
      readonly pullRequestId: string;
      readonly pipelineName: string;
      readonly executionId: string;
      readonly state: FinalRunState;
      /** The event's time: orders the run when CodePipeline gives no action a start time. */
      readonly finishedAt: string;
      readonly expectedTags: Readonly<Record<string, string>>;
    }
  /**
   * Revoke the cloner's approval of the pull request's current revision (a new revision was pushed: its run has not
   * passed yet). `revisionId` when the event carries it; else the cloner reads it with GetPullRequest.
   */
  | {
      readonly type: "revokeApproval";
      readonly pullRequestId: string;
      readonly revisionId?: string;
      readonly reason: string;
    }
  /**
   * Post `content` on the pull request once: nothing when one of its comments already starts with `marker` (its first
   * line). The fork notice (`forkNotice`) is one. `clientRequestToken` makes a retried post a no-op where the provider
   * takes one (CodeCommit).
   */
  | {
      readonly type: "commentOnPullRequest";
      readonly pullRequestId: string;
      readonly marker: string;
      readonly content: string;
      readonly clientRequestToken: string;
      readonly reason: string;
    }
  /**
   * Tell the run history that a GitHub branch was deleted or a pull request closed: put `SOURCE_CLOSED_EVENT` with
   * `detail` on the default bus, which the notifier's rules turn into a `sourceClosed` request (CodeCommit puts its
   * own events; GitHub's deliveries reach only the cloner).
   */
  | { readonly type: "announceSourceClosed"; readonly detail: SourceClosedDetail }
  /** Do nothing, for a reason worth one log line. */
  | { readonly type: "ignore"; readonly reason: string };

/**
 * The actions for one event, in the order they must run.
 *
 * @example
 * const plan: Plan = planEvent(config, parseEvent(raw, config));
 */
export interface Plan {
  readonly event: TributaryEvent;
  readonly actions: readonly Action[];
}
