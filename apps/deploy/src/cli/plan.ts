/** `tributary plan <event.json>`: the actions the cloner would take for one EventBridge event. */
import {
  type Action,
  type Plan,
  parseEvent,
  planEvent,
  type TributaryConfig,
  type TributaryEvent,
  teardownProjectName,
} from "@tributary/core";
import { table } from "./explain";

/** What `--json` prints for `plan`: core's plan, plus a note when the plan cannot be known offline. */
export interface PlanOutput extends Plan {
  /** Set for reconcile events, whose actions depend on live state. */
  readonly note?: string;
}

/**
 * Why a reconcile event plans nothing offline (printed by `plan` for scheduled events).
 *
 * @example
 * plan(config, scheduledEvent).note === RECONCILE_NOTE; // true
 */
export const RECONCILE_NOTE =
  "Reconcile needs live state: the cloner lists the repository's branches, its open pull requests and the " +
  "project's managed pipelines, then creates missing clones, updates clones behind their template and deletes stale " +
  "ones. planEvent returns no actions for it.";

/**
 * Parses a raw EventBridge event with core's `parseEvent` and plans it with `planEvent`.
 * Throws core's `EventError` when the event is malformed.
 *
 * @example
 * plan(config, branchCreatedEvent).actions[0]?.type; // "createClone"
 */
export function plan(config: TributaryConfig, raw: unknown): PlanOutput {
  const event = parseEvent(raw, config);
  const result = planEvent(config, event);
  return event.type === "reconcile" ? { ...result, note: RECONCILE_NOTE } : result;
}

/**
 * Formats a plan for people: the event on top, then one numbered line per action.
 *
 * @example
 * formatPlan(config, plan(config, branchCreatedEvent));
 * // Event        branchCreated feature/login (repository infra-deployment)
 * // Actions      1. createClone acme-dev-feature-login: copy acme-dev, deploy stack acme-dev-feature-login (ephemeral)
 */
export function formatPlan(config: TributaryConfig, output: PlanOutput): string {
  const rows: [string, string][] = [
    ["Event", describeEvent(output.event)],
    ["Event id", output.event.id],
  ];
  if (output.note !== undefined) {
    rows.push(["Actions", "none offline"], ["Note", output.note]);
    return table(rows);
  }
  const lines = output.actions.map((action, index) => `${index + 1}. ${describeAction(config, action)}`);
  rows.push(["Actions", lines.length === 0 ? "none" : lines.join(`\n${" ".repeat(13)}`)]);
  return table(rows);
}

function describeEvent(event: TributaryEvent): string {
  switch (event.type) {
    case "branchCreated":
    case "branchUpdated":
    case "branchDeleted":
      return `${event.type} ${event.branch} at ${short(event.commitId)} (repository ${event.repository})`;
    case "pullRequestOpened":
    case "pullRequestSourceUpdated":
    case "pullRequestClosed":
      return (
        `${event.type} #${event.pullRequestId} ${event.sourceBranch} → ${event.destinationBranch}` +
        `${event.merged ? " (merged)" : ""} (repository ${event.repository})`
      );
    case "pipelineRunFinished":
      return `pipelineRunFinished ${event.pipelineName} run ${event.executionId}: ${event.state}`;
    case "pipelineRunStarted":
      return `pipelineRunStarted ${event.pipelineName} run ${event.executionId}`;
    case "reconcile":
      return event.continuation
        ? `reconcile (round ${event.continuation.round} of ${event.continuation.origin})`
        : "reconcile (scheduled)";
    case "ignored":
      return "ignored (see the action)";
  }
}

/**
 * One line per action, naming what the cloner touches.
 *
 * @example
 * describeAction(config, { type: "ignore", reason: "tag \"v1\" is not a branch" });
 * // ignore: tag "v1" is not a branch
 */
export function describeAction(config: TributaryConfig, action: Action): string {
  switch (action.type) {
    case "createClone": {
      const { route } = action;
      return (
        `createClone ${route.pipelineName}: copy ${route.templatePipeline}, branch ${route.branch}, ` +
        `deploy stack ${route.stackName} (${route.ephemeral ? "ephemeral" : "shared"}` +
        `${route.requiresApproval ? ", with approval" : ""})`
      );
    }
    case "startExecution":
      return (
        `startExecution ${action.route.pipelineName} at ${short(action.commitId)} ` +
        `(idempotency token ${action.clientRequestToken}: a redelivered event starts no second run; ` +
        "creates the clone if it is missing)"
      );
    case "updateClone":
      return (
        `updateClone ${action.route.pipelineName}: copy ${action.route.templatePipeline} again ` +
        `(template version ${action.templateVersion}), keeping branch ${action.route.branch}`
      );
    case "deleteClone":
      return `deleteClone ${action.pipelineName} (only if tagged ${formatTags(action.expectedTags)})`;
    case "teardownStack":
      return (
        `teardownStack ${action.stackName}: empty its buckets and delete it unless a live clone deploys it then ` +
        `(${action.reason}; CodeBuild project ${teardownProjectName(config)})`
      );
    case "listTargetStacks":
      return (
        `listTargetStacks ${action.targets.map((target) => `${target.account}/${target.region}`).join(", ")}: ` +
        `CodeBuild project ${teardownProjectName(config)} in list-targets mode writes each target's ephemeral stacks ` +
        `for the next reconcile to sweep (idempotency token ${action.idempotencyToken})`
      );
    case "noticeIdle":
      return `noticeIdle ${action.route.pipelineName}: its stack ${action.route.stackName} is torn down after ${action.clock.deadline} (${action.idleDays} idle days)`;
    case "recordRun":
      return `recordRun ${action.pipelineName}: its last run started ${action.startedAt} (only if tagged ${formatTags(action.expectedTags)})`;
    case "reportPipelineRun":
      return (
        `reportPipelineRun #${action.pullRequestId}: ${action.pipelineName} run ${action.executionId} ${action.state}; ` +
        `approve or revoke the current revision (only if tagged ${formatTags(action.expectedTags)}; the notifier writes the living comment)`
      );
    case "revokeApproval":
      return `revokeApproval #${action.pullRequestId}${action.revisionId ? ` revision ${short(action.revisionId)}` : ""}: ${action.reason}`;
    case "commentOnPullRequest":
      return `commentOnPullRequest #${action.pullRequestId} once (${action.marker}): ${action.reason}`;
    case "announceSourceClosed":
      return `announceSourceClosed ${"branch" in action.detail ? action.detail.branch : `#${action.detail.pullRequestId}`}: put a Source Closed event on the default bus; the notifier closes its row in the run history`;
    case "ignore":
      return `ignore: ${action.reason}`;
  }
}

function formatTags(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
}

function short(commitId: string): string {
  return /^[0-9a-f]{40}$/.test(commitId) ? commitId.slice(0, 7) : commitId;
}
