/** The notice people get when a branch's or pull request's clone name is taken by a pipeline Tributary did not create. */

import type { Route } from "../branches/route.js";
import { fitSnsMessage, sanitizeSubject } from "../notifications/format-notification.js";
import { MANAGED_TAGS } from "../shared/constants.js";

/**
 * The SNS notice of a refused clone whose name a foreign pipeline holds: which branch or pull request, the pipeline,
 * what its tags say, and what to do. The cloner sends it when a create finds the name taken, and when a push's
 * StartPipelineExecution is denied on a pipeline that is not its clone; it never touches that pipeline.
 *
 * @example
 * formatForeignPipelineRefusal(route, { "tributary:project": "acme" }).subject;
 * // "Tributary: pipeline acme-dev-feature-login is not Tributary's; feature/login has no clone"
 */
export function formatForeignPipelineRefusal(
  route: Route,
  tags: Readonly<Record<string, string>>,
): { readonly subject: string; readonly message: string } {
  const what =
    route.source.type === "pullRequest" ? `pull request ${route.source.pullRequestId}` : route.branch;
  const managed = tags[MANAGED_TAGS.managed] === "true";
  const tagWords =
    Object.keys(tags).length === 0
      ? "it has no tags"
      : `its tags are ${Object.entries(tags)
          .map(([key, value]) => `${key}=${value}`)
          .join(", ")}`;
  return {
    subject: sanitizeSubject(
      `Tributary: pipeline ${route.pipelineName} is not Tributary's; ${what} has no clone`,
    ),
    message: fitSnsMessage(
      [
        `Tributary did not create or start ${route.pipelineName} for ${what}: a pipeline of that name exists and it is not this branch's clone (${tagWords}${managed ? ", another branch's or project's" : ", so Tributary did not create it"}).`,
        "Tributary never creates over, starts, changes or deletes a pipeline it did not create.",
        "",
        `Fix: rename or delete ${route.pipelineName} by hand; the next push to ${route.branch} (or the next reconcile) creates the clone.`,
      ].join("\n"),
    ),
  };
}
