/**
 * Runs the actions core plans: one event's plan in order, a reconcile's actions grouped by pipeline with bounded
 * concurrency. Permanent failures are logged, counted and end the plan (or the pipeline's group); transient ones
 * are counted and rethrown so Lambda retries the event.
 */
import { type Action, SOURCE_CLOSED_EVENT, teardownOfIncarnation } from "@tributary/core";
import { reportFailure } from "../../aws/classify-failure";
import { CONCURRENCY } from "../../aws/constants";
import { mapConcurrent } from "../../aws/map-concurrent";
import { putEvent } from "../../aws/put-event";
import { countMetric } from "../../aws/telemetry";
import { createClone } from "./create-clone";
import { deleteClone } from "./delete-clone";
import type { ExecutionContext } from "./execution-context";
import { reportPipelineRun, revokeApproval } from "./merge-gate";
import { noticeIdle } from "./notice-idle";
import { postNotice } from "./post-notice";
import { recordRun } from "./record-run";
import { startExecution } from "./start-execution";
import { startTargetListing } from "./target-listings";
import { teardownStack } from "./teardown-stack";
import { updateClone } from "./update-clone";

/**
 * What happened to one action. `failed` and `skipped` come with the failure's reason.
 *
 * @example
 * const outcome: ActionOutcome = { action: "createClone", subject: "acme-dev-feature-login", outcome: "created" };
 */
export interface ActionOutcome {
  readonly action: Action["type"];
  /** The pipeline, stack or pull request the action concerns. */
  readonly subject: string;
  readonly outcome:
    | "created"
    | "exists"
    | "refused"
    | "updated"
    | "started"
    | "deleted"
    | "absent"
    | "teardown-started"
    | "commented"
    | "reported"
    | "revoked"
    | "ignored"
    | "current"
    | "recorded"
    | "noticed"
    | "announced"
    | "failed"
    | "skipped"
    | "deferred";
  readonly reason?: string;
  /** For a `deleteClone` that deleted a clone: that clone's incarnation (`tributary:incarnation`), when it had one. */
  readonly incarnation?: string;
}

/**
 * What an action is about, for logs and outcomes.
 *
 * @example
 * actionSubject({ type: "ignore", reason: "tag" }); // "tag"
 */
export function actionSubject(action: Action): string {
  switch (action.type) {
    case "createClone":
    case "updateClone":
    case "startExecution":
      return action.route.pipelineName;
    case "deleteClone":
    case "reportPipelineRun":
    case "recordRun":
      return action.pipelineName;
    case "noticeIdle":
      return action.route.pipelineName;
    case "revokeApproval":
    case "commentOnPullRequest":
      return `pull request ${action.pullRequestId}`;
    case "teardownStack":
      return action.stackName;
    case "announceSourceClosed":
      return "branch" in action.detail ? action.detail.branch : `pull request ${action.detail.pullRequestId}`;
    case "listTargetStacks":
      return "target stack listing";
    case "ignore":
      return action.reason;
  }
}

/**
 * Executes one action and says what it did. Throws what the AWS call or the safety checks throw.
 *
 * @example
 * await executeAction(context, { type: "createClone", route }); // { action: "createClone", subject: "acme-dev-feature-x", outcome: "created" }
 */
export async function executeAction(context: ExecutionContext, action: Action): Promise<ActionOutcome> {
  const subject = actionSubject(action);
  const done = (outcome: ActionOutcome["outcome"], reason?: string): ActionOutcome => ({
    action: action.type,
    subject,
    outcome,
    ...(reason === undefined ? {} : { reason }),
  });
  switch (action.type) {
    case "createClone":
      return done(await createClone(context, action.route));
    case "updateClone":
      return done(await updateClone(context, action));
    case "startExecution":
      return done(await startExecution(context, action));
    case "deleteClone": {
      const result = await deleteClone(context, action);
      return result.outcome === "deleted" && result.incarnation !== undefined
        ? { ...done("deleted"), incarnation: result.incarnation }
        : done(result.outcome);
    }
    case "teardownStack":
      return done(await teardownStack(context, action));
    case "listTargetStacks":
      return done(await startTargetListing(context, action));
    case "recordRun":
      return done(await recordRun(context, action));
    case "noticeIdle":
      return done(await noticeIdle(context, action));
    case "reportPipelineRun": {
      const report = await reportPipelineRun(context, action);
      return report.outcome === "ignored"
        ? done("ignored", report.reason)
        : done("reported", `approval: ${report.approval}`);
    }
    case "revokeApproval": {
      const result = await revokeApproval(context, action);
      return result === "revoked" ? done("revoked") : done("ignored", `pull request ${result}`);
    }
    case "commentOnPullRequest": {
      const result = await postNotice(context, action);
      return result === "commented" ? done("commented") : done("ignored", `notice ${result}`);
    }
    case "announceSourceClosed": {
      // The notifier's rules retire the live row of the run history (CodeCommit's own events do it for CodeCommit).
      const eventId = await putEvent(context.clients, SOURCE_CLOSED_EVENT, action.detail);
      context.logger.info("Source closed announced to the run history", {
        action: action.type,
        subject,
        eventId,
      });
      return done("announced");
    }
    case "ignore":
      countMetric(context, "eventsIgnored");
      context.logger.info("Ignored", { action: "ignore", reason: action.reason });
      return done("ignored");
  }
}

/**
 * Runs actions one after the other. A permanent failure ends the sequence (what follows depends on it: no comment
 * without a clone, no teardown of a stack whose pipeline was refused); the rest are reported `skipped`.
 * A transient failure is rethrown: every action is idempotent, so the retried event redoes what is missing. A
 * teardown that follows the delete of its clone takes its token from the incarnation the delete deleted
 * (`teardownOfIncarnation`), so a redelivered or late delete of a later incarnation tears that one's stack down too;
 * after a delete that found the clone gone, the teardown is not started (reported `absent`): the delivery that deleted
 * it started it, and a stack a failed attempt left behind is an orphan, which the next reconcile's sweep tears down.
 *
 * @example
 * await executeSequence(context, planEvent(config, event).actions);
 */
export async function executeSequence(
  context: ExecutionContext,
  actions: readonly Action[],
): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = [];
  const incarnations = new Map<string, string>();
  const gone = new Set<string>();
  for (const [index, planned] of actions.entries()) {
    if (planned.type === "teardownStack" && gone.has(planned.pipelineName)) {
      outcomes.push({
        action: planned.type,
        subject: actionSubject(planned),
        outcome: "absent",
        reason: `the clone ${planned.pipelineName} was gone already; its delete started the teardown, and the sweep tears down a stack left behind`,
      });
      continue;
    }
    const incarnation = planned.type === "teardownStack" ? incarnations.get(planned.pipelineName) : undefined;
    const action =
      planned.type === "teardownStack" && incarnation !== undefined
        ? teardownOfIncarnation(planned, incarnation)
        : planned;
    try {
      const outcome = await executeAction(context, action);
      if (action.type === "deleteClone" && outcome.incarnation !== undefined)
        incarnations.set(action.pipelineName, outcome.incarnation);
      if (action.type === "deleteClone" && outcome.outcome === "absent") gone.add(action.pipelineName);
      outcomes.push(outcome);
    } catch (error) {
      const subject = actionSubject(action);
      const { reason } = reportFailure(context, error, { action: action.type, subject });
      outcomes.push({ action: action.type, subject, outcome: "failed", reason });
      for (const rest of actions.slice(index + 1)) {
        outcomes.push({ action: rest.type, subject: actionSubject(rest), outcome: "skipped", reason });
      }
      break;
    }
  }
  return outcomes;
}

/** The pipeline an action belongs to, so that a delete and its teardown stay in order. */
function groupKey(action: Action): string {
  switch (action.type) {
    case "teardownStack":
      return action.pipelineName || action.stackName;
    default:
      return actionSubject(action);
  }
}

/**
 * Runs many independent actions (a reconcile's): grouped by pipeline, each group in order, `CONCURRENCY` groups at a
 * time. Every group runs even when others fail; transient failures are rethrown at the end (an `AggregateError`
 * when there are several) so the scheduled event is retried.
 *
 * @example
 * await executeConcurrently(context, (await planReconcile(context)).actions);
 */
export async function executeConcurrently(
  context: ExecutionContext,
  actions: readonly Action[],
): Promise<ActionOutcome[]> {
  return (await executeWithin(context, actions, () => false)).outcomes;
}

/**
 * `executeConcurrently` with a clock: once `timeIsShort()` says so, no new group starts (the groups in flight
 * finish); the groups not started are reported `deferred` and counted in `deferred`, for a continuation to plan again.
 *
 * @example
 * const { outcomes, deferred } = await executeWithin(context, plan.actions, () => lambdaContext.getRemainingTimeInMillis() < 60_000);
 */
export async function executeWithin(
  context: ExecutionContext,
  actions: readonly Action[],
  timeIsShort: () => boolean,
): Promise<{ outcomes: ActionOutcome[]; deferred: number }> {
  const groups = new Map<string, Action[]>();
  for (const action of actions) {
    const key = groupKey(action);
    groups.set(key, [...(groups.get(key) ?? []), action]);
  }
  let deferred = 0;
  const results = await mapConcurrent([...groups.values()], CONCURRENCY, async (group) => {
    if (timeIsShort()) {
      deferred += 1;
      return group.map(
        (action): ActionOutcome => ({
          action: action.type,
          subject: actionSubject(action),
          outcome: "deferred",
          reason: "the invocation's time ran short; a continuation plans it again",
        }),
      );
    }
    return executeSequence(context, group);
  });
  return { outcomes: results.flat(), deferred };
}
