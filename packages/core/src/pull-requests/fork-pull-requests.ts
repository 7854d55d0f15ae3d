/**
 * Pull requests from forks: a fork's code must never run with the project's deploy roles, so such a pull request
 * gets no clone unless its repository is on the config's allow-list; instead it gets one comment saying why and how a
 * maintainer can run it.
 */

import { sameGitHubRepository } from "../names/github-names.js";
import { code, link } from "../preview/comment-markdown.js";
import type { TributaryConfig } from "../shared/types.js";

/**
 * Whether a pull request's head may run: `own` (the repository's own branch), `allowed` (a fork on
 * `source.forkPullRequests.allow`), or `refused` with the reason.
 *
 * @example
 * const decision: ForkDecision = forkDecision(config, "someone/infra"); // { kind: "refused", reason: "…" }
 */
export type ForkDecision =
  | { readonly kind: "own" }
  | { readonly kind: "allowed"; readonly repository: string }
  | { readonly kind: "refused"; readonly repository: string; readonly reason: string };

/**
 * The placeholder of a head repository GitHub no longer knows (the fork was deleted: `head.repo` is `null`).
 *
 * @example
 * forkDecision(config, DELETED_FORK).kind; // "refused"
 */
export const DELETED_FORK = "(deleted fork)";

/**
 * Whether the head of a pull request may run. `headRepository` is the head's `owner/name` when it is not the
 * repository itself (GitHub's `pull_request.head.repo.full_name`; `DELETED_FORK` when GitHub no longer has it), or
 * `undefined` for the repository's own branches (every CodeCommit pull request). A fork runs only when the config's
 * source is GitHub and lists it in `forkPullRequests.allow` (compared without regard to case, as GitHub does).
 *
 * @example
 * forkDecision(config, undefined);           // { kind: "own" }
 * forkDecision(config, "acme-labs/infra");   // { kind: "allowed", repository: "acme-labs/infra" } when listed
 */
export function forkDecision(config: TributaryConfig, headRepository: string | undefined): ForkDecision {
  if (headRepository === undefined || sameGitHubRepository(headRepository, config.repository)) {
    return { kind: "own" };
  }
  const { source } = config;
  if (
    source.provider === "github" &&
    source.forkPullRequests.allow.some((allowed) => sameGitHubRepository(allowed, headRepository))
  ) {
    return { kind: "allowed", repository: headRepository };
  }
  return {
    kind: "refused",
    repository: headRepository,
    reason: `its head is in the fork ${headRepository}, which source.forkPullRequests.allow does not list: a fork's code never runs with the project's roles`,
  };
}

const NOTICE_MARKER = /^\[\/\/\]: # "tributary-fork-notice v=1 pr=([0-9]{1,20})"$/;

/**
 * The first line of the fork notice of a pull request: an invisible Markdown comment the cloner finds it by (so it is
 * posted once, however often the pull request is reopened).
 *
 * @example
 * forkNoticeMarkerLine("42"); // '[//]: # "tributary-fork-notice v=1 pr=42"'
 */
export function forkNoticeMarkerLine(pullRequestId: string): string {
  return `[//]: # "tributary-fork-notice v=1 pr=${pullRequestId}"`;
}

/**
 * Whether a comment is the fork notice of `pullRequestId` (its first line is `forkNoticeMarkerLine`).
 *
 * @example
 * isForkNotice(forkNotice(config, input), "42"); // true
 */
export function isForkNotice(content: string, pullRequestId: string): boolean {
  const match = NOTICE_MARKER.exec(content.split("\n", 1)[0] ?? "");
  return match?.[1] === pullRequestId;
}

/**
 * The comment a fork's pull request gets instead of a pipeline: why (its code would run with the project's deploy
 * roles), and how a maintainer runs it (fetch the pull request's head, push it as a branch of the repository and open
 * a pull request from that branch, which then gets its pipeline; or list the fork in `source.forkPullRequests.allow`).
 * Its first line is `forkNoticeMarkerLine`.
 *
 * @example
 * forkNotice(config, { pullRequestId: "42", headRepository: "someone/infra", destinationBranch: "develop" });
 * // '[//]: # "tributary-fork-notice v=1 pr=42"\n### Tributary: no pipeline for this pull request\n…'
 */
export function forkNotice(
  config: TributaryConfig,
  input: {
    readonly pullRequestId: string;
    readonly headRepository: string;
    readonly destinationBranch: string;
  },
): string {
  const branch = `${config.branches.prefixes.feature}pr-${input.pullRequestId}`;
  const repositoryUrl = `https://github.com/${config.repository}`;
  return [
    forkNoticeMarkerLine(input.pullRequestId),
    "### Tributary: no pipeline for this pull request",
    "",
    `Its commits come from the fork ${code(input.headRepository)}. A fork's code never runs with this project's deploy roles (its templates and buildspecs would run with access to the AWS accounts), so Tributary created no pipeline and no stack for it.`,
    "",
    `A maintainer of ${link(config.repository, repositoryUrl)} who has read the changes can run them: push the pull request's head as a branch of the repository and open a pull request from it into ${code(input.destinationBranch)}; that pull request gets its pipeline, its preview and its merge gate.`,
    "",
    "```sh",
    `git fetch origin pull/${input.pullRequestId}/head:${branch}`,
    `git push origin ${branch}`,
    "```",
    "",
    `To run every pull request of ${code(input.headRepository)} without this step, add it to \`source.forkPullRequests.allow\` in the Tributary config.`,
    "",
  ].join("\n");
}
