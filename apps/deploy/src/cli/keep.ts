/**
 * `tributary keep <branch|pr/<id>> --days <N>`: keeps an idle clone's stack for N more days without a push, by tagging
 * the clone `tributary:keep-until` (core's `keepUntil`); the cloner's reconcile reads it with the clone's other tags.
 * The one command of the CLI that calls AWS, with the caller's own credentials.
 */
import {
  type CodePipelineClient,
  GetPipelineCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
} from "@aws-sdk/client-codepipeline";
import {
  clonePipelineName,
  cloneStackName,
  hasAllTags,
  keepUntil,
  MANAGED_TAGS,
  MAX_IDLE_DAYS,
  ownershipRule,
  resolveBranch,
  routeIdleDays,
  type TributaryConfig,
} from "@tributary/core";

/**
 * What `keep` did.
 *
 * @example
 * const kept: KeptStack = { pipelineName: "acme-dev-feature-login", stackName: "acme-dev-feature-login", keepUntil: "2026-12-11T10:00:00Z", idleDays: 7 };
 */
export interface KeptStack {
  readonly pipelineName: string;
  readonly stackName: string;
  readonly keepUntil: string;
  readonly idleDays: number;
}

/**
 * Why `keep` refused: the target is not an idle-tracked clone of this project, or the days are not a number of days.
 *
 * @example
 * throw new KeepError("feature/login has no clone: no pipeline acme-dev-feature-login exists");
 */
export class KeepError extends Error {
  override readonly name = "KeepError";
}

/** `pr/42` (or `pr:42`, `#42`): the pull request id; else `undefined` (a branch). */
function pullRequestIdOf(target: string): string | undefined {
  return /^(?:pr[/:]|#)(\d+)$/.exec(target)?.[1];
}

/**
 * The days of `--days`: a whole number from 1 to core's `MAX_IDLE_DAYS`.
 *
 * @example
 * parseKeepDays("14"); // 14
 */
export function parseKeepDays(value: string | undefined): number {
  const days = Number(value);
  if (value === undefined || !Number.isSafeInteger(days) || days < 1 || days > MAX_IDLE_DAYS) {
    throw new KeepError(
      `--days ${value === undefined ? "is missing" : `"${value}" is not a whole number of days from 1 to ${MAX_IDLE_DAYS}`}. Fix: pass --days <N>, e.g. --days 14.`,
    );
  }
  return days;
}

/** The pipeline's ARN (GetPipeline's metadata), or `undefined` when it does not exist. */
async function pipelineArn(client: CodePipelineClient, name: string): Promise<string | undefined> {
  try {
    return (await client.send(new GetPipelineCommand({ name }))).metadata?.pipelineArn;
  } catch (error) {
    if (error instanceof Error && error.name === "PipelineNotFoundException") return undefined;
    throw error;
  }
}

/** What `keep` acts on: the clone, its ARN, the stack it must deploy and the idle days of its route. */
interface KeepTarget {
  readonly pipelineName: string;
  readonly arn: string;
  readonly stackName: string;
  readonly idleDays: number | undefined;
  readonly ephemeral: boolean;
}

/** A branch's clone (its route), or a pull request's clone in whichever environment it exists. */
async function targetOf(
  config: TributaryConfig,
  client: CodePipelineClient,
  target: string,
): Promise<KeepTarget> {
  const pullRequestId = pullRequestIdOf(target);
  if (pullRequestId === undefined) {
    const route = resolveBranch(config, target);
    if (route === null || !route.clone)
      throw new KeepError(
        `${target} has no clone of its own. Fix: name a branch that gets one (tributary explain ${target}).`,
      );
    const arn = await pipelineArn(client, route.pipelineName);
    if (arn === undefined)
      throw new KeepError(`${target} has no clone: no pipeline ${route.pipelineName} exists.`);
    return {
      pipelineName: route.pipelineName,
      arn,
      stackName: route.stackName,
      idleDays: routeIdleDays(config, route),
      ephemeral: route.ephemeral,
    };
  }
  for (const environment of config.environments) {
    const pipelineName = clonePipelineName(config, environment.name, { pullRequestId });
    const arn = await pipelineArn(client, pipelineName);
    if (arn === undefined) continue;
    // A pull request's clone deploys its own stack, named like the clone (core's naming scheme).
    return {
      pipelineName,
      arn,
      stackName: cloneStackName(config, environment.name, { pullRequestId }),
      idleDays: config.routes.pullRequests.idleDays,
      ephemeral: true,
    };
  }
  throw new KeepError(`pull request ${pullRequestId} has no clone in any environment of ${config.project}.`);
}

/**
 * Tags the clone of `target` (a branch, or `pr/<id>`) with `tributary:keep-until` = `now` + `days`: GetPipeline (its
 * ARN), ListTagsForResource (it must be this project's managed clone of that stack), TagResource. Throws `KeepError`
 * for a target without an idle-tracked clone (no clone, a shared stack, no `idleDays` on its route, not Tributary's).
 *
 * @example
 * await keepStack(config, client, "feature/login", 14, new Date().toISOString()); // { keepUntil: "…", ... }
 */
export async function keepStack(
  config: TributaryConfig,
  client: CodePipelineClient,
  target: string,
  days: number,
  now: string,
): Promise<KeptStack> {
  const clone = await targetOf(config, client, target);
  if (clone.idleDays === undefined) {
    throw new KeepError(
      `${clone.pipelineName} has no idle teardown (${clone.ephemeral ? "its route sets no idleDays" : "it deploys the shared stack"}): its stack stays until the branch or pull request goes. Fix: nothing to keep; set idleDays on the route to tear idle stacks down.`,
    );
  }
  const { tags } = await client.send(new ListTagsForResourceCommand({ resourceArn: clone.arn }));
  const record = Object.fromEntries((tags ?? []).map((tag) => [tag.key ?? "", tag.value ?? ""]));
  const rule = ownershipRule(config);
  if (!hasAllTags(record, rule.cloneTags) || record[MANAGED_TAGS.stack] !== clone.stackName) {
    throw new KeepError(
      `${clone.pipelineName} is not a clone Tributary created (its tags: ${JSON.stringify(record)}).`,
    );
  }
  const until = keepUntil(now, days);
  await client.send(
    new TagResourceCommand({
      resourceArn: clone.arn,
      tags: Object.entries({ ...rule.cloneTags, [MANAGED_TAGS.keepUntil]: until }).map(([key, value]) => ({
        key,
        value,
      })),
    }),
  );
  return {
    pipelineName: clone.pipelineName,
    stackName: clone.stackName,
    keepUntil: until,
    idleDays: clone.idleDays,
  };
}

/**
 * What `keep` prints.
 *
 * @example
 * formatKept(kept); // "Kept stack acme-dev-feature-login until 2026-12-11T10:00:00Z …"
 */
export function formatKept(kept: KeptStack): string {
  return `Kept stack ${kept.stackName} (clone ${kept.pipelineName}) until ${kept.keepUntil}: no idle teardown before then. After it, ${kept.idleDays} days without a run tear the stack down again; a push restarts that clock.`;
}
