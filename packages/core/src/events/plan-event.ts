/** `planEvent`: the actions the cloner must run for one parsed event. */

import { explainBranch } from "../branches/explain-branch.js";
import type { Route } from "../branches/route.js";
import { stableHash } from "../names/stable-hash.js";
import { ownershipRule } from "../ownership/ownership.js";
import type { TeardownReason } from "../ownership/teardown-decision.js";
import { forkDecision, forkNotice, forkNoticeMarkerLine } from "../pull-requests/fork-pull-requests.js";
import { pullRequestCloneTags, pullRequestOfClone } from "../pull-requests/pull-request-feedback.js";
import { explainPullRequest, resolvePullRequest } from "../pull-requests/resolve-pull-request.js";
import type { TributaryConfig } from "../shared/types.js";
import type { Action, Plan } from "./plan.js";
import { sourceClosedDetail } from "./source-closed-event.js";
import type { PipelineRunEvent, PullRequestEvent, TributaryEvent } from "./tributary-event.js";

/**
 * The tags `deleteClone` requires on a pipeline before deleting it: `tributary:managed=true` and the project.
 *
 * @example
 * expectedCloneTags(config); // { "tributary:managed": "true", "tributary:project": "acme" }
 */
export function expectedCloneTags(
  config: Pick<TributaryConfig, "project">,
): Readonly<Record<string, string>> {
  return ownershipRule({ project: config.project, environments: [] }).cloneTags;
}

/**
 * The idempotency token of a pipeline execution started for an event: `tributary-${stableHash(eventId + pipelineName)}`
 * (CodePipeline accepts 1 to 128 of `[a-zA-Z0-9-]`). The same event retried gives the same token: StartPipelineExecution
 * documents `clientRequestToken` as "the system-generated unique ID used to identify a unique execution request" and
 * promises no window, so the token is meant for retries of one delivery, not as a record of what ran.
 *
 * @example
 * clientRequestToken("6b2c…", "acme-dev-feature-login"); // "tributary-" + 10 base-36 characters
 */
export function clientRequestToken(eventId: string, pipelineName: string): string {
  return `tributary-${stableHash(eventId + pipelineName)}`;
}

/**
 * The idempotency token of a teardown build: `tributary-${stableHash(identity/stackName)}` (CodeBuild's
 * `idempotencyToken`). `identity` is what the teardown is of: the deleted clone's incarnation
 * (`tributary:incarnation`) when the delete found one, else the event. StartBuild's model: the token "is included in the
 * StartBuild request and is valid for 5 minutes", so it only makes a prompt retry start no second build; a later
 * teardown of another incarnation never shares it, whenever it comes.
 *
 * @example
 * teardownToken("6b2c…", "acme-dev-feature-login"); // "tributary-" + 10 base-36 characters
 */
export function teardownToken(identity: string, stackName: string): string {
  return `tributary-${stableHash(`${identity}/${stackName}`)}`;
}

/**
 * The client request token of the comment an event posts on a pull request:
 * `tributary-${stableHash(eventId/pullRequestId)}` (CodeCommit's `clientRequestToken`).
 *
 * @example
 * commentToken("6b2c…", "42"); // "tributary-" + 10 base-36 characters
 */
export function commentToken(eventId: string, pullRequestId: string): string {
  return `tributary-${stableHash(`${eventId}/${pullRequestId}`)}`;
}

/**
 * The `teardownStack` action of an ephemeral stack, with its token for `eventId`.
 *
 * @example
 * teardownAction("ev-1", "acme-dev-feature-x", "acme-dev-feature-x").idempotencyToken; // teardownToken("ev-1", "acme-dev-feature-x")
 */
export function teardownAction(
  eventId: string,
  stackName: string,
  pipelineName: string,
  reason: TeardownReason = "removed",
  idleSince?: string,
): Action {
  return Object.freeze({
    type: "teardownStack",
    stackName,
    pipelineName,
    idempotencyToken: teardownToken(eventId, stackName),
    reason,
    ...(idleSince === undefined ? {} : { idleSince }),
  });
}

/**
 * The teardown that follows a `deleteClone` which deleted the clone incarnation `incarnation`: the same action with
 * the token of that incarnation, so a redelivered or late delete that deletes a later incarnation starts a build of
 * its own, and two deliveries deleting the same incarnation start one.
 *
 * @example
 * teardownOfIncarnation(teardownAction("ev-1", "acme-dev-x", "acme-dev-x"), "3f0c…").idempotencyToken; // teardownToken("3f0c…", "acme-dev-x")
 */
export function teardownOfIncarnation(
  action: Extract<Action, { type: "teardownStack" }>,
  incarnation: string,
): Extract<Action, { type: "teardownStack" }> {
  return Object.freeze({ ...action, idempotencyToken: teardownToken(incarnation, action.stackName) });
}

/**
 * `deleteClone`, followed by `teardownStack` when the clone owns its stack; `eventId` gives the teardown's token.
 *
 * @example
 * removalActions(config, resolveBranch(config, "feature/x")!, "ev-1").map((a) => a.type); // ["deleteClone", "teardownStack"]
 */
export function removalActions(config: TributaryConfig, route: Route, eventId: string): Action[] {
  const actions: Action[] = [
    Object.freeze({
      type: "deleteClone",
      pipelineName: route.pipelineName,
      expectedTags: expectedCloneTags(config),
    }),
  ];
  if (route.ephemeral) actions.push(teardownAction(eventId, route.stackName, route.pipelineName));
  return actions;
}

const ignore = (reason: string): Action => Object.freeze({ type: "ignore", reason });

/**
 * Plans one event. A new routed branch or opened pull request gets `createClone`;
 * a push gets `startExecution` (which creates the clone when it is missing, healing a lost create event);
 * a deleted branch or closed pull request gets `deleteClone` and, for an ephemeral stack, `teardownStack`.
 * A pull request pointed at another destination (`previousDestinationBranch`) whose clone changes loses the old one
 * first. An opened pull request from a fork the config does not allow gets no clone but one comment saying why and
 * how to run it (`commentOnPullRequest` with `forkNotice`).
 * `develop` and the main branch run their own pipelines: ignored. Unroutable and ignored events give one
 * `ignore` action with the reason; a `reconcile` event gives no action (the executor lists the account and
 * calls `reconcile`). Running a plan twice has the effect of running it once.
 *
 * @example
 * planEvent(config, parseEvent(branchCreatedEvent)).actions;
 * // [{ type: "createClone", route: { pipelineName: "acme-dev-feature-login", ... } }]
 */
export function planEvent(config: TributaryConfig, event: TributaryEvent): Plan {
  return Object.freeze({ event, actions: Object.freeze(actionsFor(config, event)) });
}

function actionsFor(config: TributaryConfig, event: TributaryEvent): Action[] {
  if (event.type === "reconcile") return [];
  if (event.type === "ignored") return [ignore(event.reason)];
  if (event.type === "pipelineRunFinished") return pipelineRunActions(config, event);
  if (event.type === "pipelineRunStarted") {
    if (!isCloneName(config, event.pipelineName)) {
      return [ignore(`pipeline ${event.pipelineName} is not a clone of ${config.project}`)];
    }
    return [
      Object.freeze({
        type: "recordRun",
        pipelineName: event.pipelineName,
        startedAt: event.time,
        expectedTags: expectedCloneTags(config),
      }),
    ];
  }
  if (event.repository !== config.repository) {
    return [ignore(`event is for repository "${event.repository}", not "${config.repository}"`)];
  }
  switch (event.type) {
    case "branchCreated":
    case "branchUpdated":
    case "branchDeleted": {
      const { route, reason } = explainBranch(config, event.branch);
      if (route === null) return [ignore(reason)];
      if (!route.clone) return [ignore(`${reason}; it runs its own pipeline`)];
      if (event.type === "branchCreated") return [Object.freeze({ type: "createClone", route })];
      if (event.type === "branchUpdated") return [startExecution(event.id, route, event.commitId)];
      return [...removalActions(config, route, event.id), ...announced(config, { branch: event.branch })];
    }
    default: {
      const input = {
        id: event.pullRequestId,
        sourceBranch: event.sourceBranch,
        destinationBranch: event.destinationBranch,
        ...(event.headRepository === undefined ? {} : { headRepository: event.headRepository }),
      };
      const resolution = explainPullRequest(config, input);
      const removals = formerCloneRemovals(config, event, input, resolution.route?.pipelineName);
      if (resolution.route === null) {
        const notice = event.type === "pullRequestOpened" ? forkNoticeAction(config, event) : undefined;
        return [...removals, notice ?? ignore(`pull request ${event.pullRequestId}: ${resolution.reason}`)];
      }
      const route = resolution.route;
      // The living comment is the notifier's: CodeCommit lets only a comment's author update it, so the notifier
      // writes every version, the first one when the clone's first run starts.
      if (event.type === "pullRequestOpened")
        return [...removals, Object.freeze({ type: "createClone", route })];
      if (event.type === "pullRequestSourceUpdated") {
        return [
          startExecution(event.id, route, event.sourceCommit),
          Object.freeze({
            type: "revokeApproval",
            pullRequestId: event.pullRequestId,
            ...(event.revisionId ? { revisionId: event.revisionId } : {}),
            reason: `a new revision (${event.sourceCommit}) was pushed; its run has not passed yet`,
          }),
        ];
      }
      return [
        ...removalActions(config, route, event.id),
        ...announced(config, { pullRequestId: event.pullRequestId }),
      ];
    }
  }
}

/**
 * With a GitHub source, the event that retires the closed branch's or pull request's live row in the run history
 * (CodeCommit's own events do that for a CodeCommit source); after the removals, so a failed removal retries first.
 */
function announced(
  config: TributaryConfig,
  closed: { readonly branch: string } | { readonly pullRequestId: string },
): Action[] {
  if (config.source.provider !== "github") return [];
  return [
    Object.freeze({ type: "announceSourceClosed", detail: sourceClosedDetail(config.project, closed) }),
  ];
}

/**
 * A finished run of one of this project's pull-request clones is reported to its pull request; a superseded run is
 * not (the run that superseded it reports), nor is any other pipeline's run.
 */
function pipelineRunActions(config: TributaryConfig, event: PipelineRunEvent): Action[] {
  const clone = pullRequestOfClone(config, event.pipelineName);
  if (clone === undefined) {
    return [ignore(`pipeline ${event.pipelineName} is not a pull-request clone of ${config.project}`)];
  }
  if (event.state === "SUPERSEDED") {
    return [
      ignore(`run ${event.executionId} of ${event.pipelineName} was superseded; the newer run reports`),
    ];
  }
  return [
    Object.freeze({
      type: "reportPipelineRun",
      pullRequestId: clone.pullRequestId,
      pipelineName: event.pipelineName,
      executionId: event.executionId,
      state: event.state,
      finishedAt: event.time,
      expectedTags: pullRequestCloneTags(config, clone.pullRequestId),
    }),
  ];
}

/** The former destination's clone, when the pull request moved to a destination whose clone is another. */
function formerCloneRemovals(
  config: TributaryConfig,
  event: PullRequestEvent,
  input: Parameters<typeof resolvePullRequest>[1],
  pipelineName: string | undefined,
): Action[] {
  if (event.type !== "pullRequestOpened" || event.previousDestinationBranch === undefined) return [];
  const former = resolvePullRequest(config, { ...input, destinationBranch: event.previousDestinationBranch });
  if (former === null || former.pipelineName === pipelineName) return [];
  return removalActions(config, former, event.id);
}

/** The fork notice of an opened pull request whose head is a fork the config refuses; else undefined. */
function forkNoticeAction(config: TributaryConfig, event: PullRequestEvent): Action | undefined {
  const fork = forkDecision(config, event.headRepository);
  if (fork.kind !== "refused" || !config.routes.pullRequests.enabled) return undefined;
  return Object.freeze({
    type: "commentOnPullRequest",
    pullRequestId: event.pullRequestId,
    marker: forkNoticeMarkerLine(event.pullRequestId),
    content: forkNotice(config, {
      pullRequestId: event.pullRequestId,
      headRepository: fork.repository,
      destinationBranch: event.destinationBranch,
    }),
    clientRequestToken: commentToken(event.id, event.pullRequestId),
    reason: `pull request ${event.pullRequestId}: ${fork.reason}`,
  });
}

/**
 * Whether `pipelineName` is named like a clone of this project: `<project>-<env>-…` for one of its environments (an
 * environment pipeline itself is not).
 *
 * @example
 * isCloneName(config, "acme-dev-feature-login"); // true
 * isCloneName(config, "acme-dev"); // false
 */
export function isCloneName(config: TributaryConfig, pipelineName: string): boolean {
  return config.environments.some((environment) => pipelineName.startsWith(`${environment.pipelineName}-`));
}

function startExecution(eventId: string, route: Route, commitId: string): Action {
  return Object.freeze({
    type: "startExecution",
    route,
    commitId,
    clientRequestToken: clientRequestToken(eventId, route.pipelineName),
  });
}
