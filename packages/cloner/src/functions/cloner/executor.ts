/**
 * Runs the actions core plans: one event's plan in order, a reconcile's actions grouped by pipeline with bounded
 * concurrency. Permanent failures are logged, counted and end the plan (or the pipeline's group); transient ones
 * are counted and rethrown so Lambda retries the event.
 */
import type { Action } from "@tributary/core";
import { reportFailure } from "../../aws/classify-failure";
import { CONCURRENCY } from "../../aws/constants";
import { mapConcurrent } from "../../aws/map-concurrent";
import { countMetric } from "../../aws/telemetry";
import { createClone } from "./create-clone";
import { deleteClone } from "./delete-clone";
import type { ExecutionContext } from "./execution-context";
import { reportPipelineRun, revokeApproval } from "./merge-gate";
import { postNotice } from "./post-notice";
import { startExecution } from "./start-execution";
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
    | "failed"
    | "skipped";
  readonly reason?: string;
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
      return action.pipelineName;
    case "revokeApproval":
    case "commentOnPullRequest":
      return `pull request ${action.pullRequestId}`;
    case "teardownStack":
      return action.stackName;
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
    case "deleteClone":
      return done(await deleteClone(context, action));
    case "teardownStack":
      return done(await teardownStack(context, action));
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
    case "ignore":
      countMetric(context, "eventsIgnored");
      context.logger.info("Ignored", { action: "ignore", reason: action.reason });
      return done("ignored");
  }
}

/**
 * Runs actions one after the other. A permanent failure ends the sequence (what follows depends on it: no comment
 * without a clone, no teardown of a stack whose pipeline was refused); the rest are reported `skipped`.
 * A transient failure is rethrown: every action is idempotent, so the retried event redoes what is missing.
 *
 * @example
 * await executeSequence(context, planEvent(config, event).actions);
 */
export async function executeSequence(
  context: ExecutionContext,
  actions: readonly Action[],
): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = [];
  for (const [index, action] of actions.entries()) {
    try {
      outcomes.push(await executeAction(context, action));
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
      return action.pipelineName;
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
  const groups = new Map<string, Action[]>();
  for (const action of actions) {
    const key = groupKey(action);
    groups.set(key, [...(groups.get(key) ?? []), action]);
  }
  const results = await mapConcurrent([...groups.values()], CONCURRENCY, (group) =>
    executeSequence(context, group),
  );
  return results.flat();
}
