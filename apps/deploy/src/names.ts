/** Names of the app's own two stacks. */
import type { TributaryConfig } from "@tributary/core";

/**
 * The CloudFormation names of the repository stack and the CI/CD stack.
 * They contain `-tributary-`, which no environment or clone stack name can produce
 * (environment names have no dashes and clone names continue with a branch kind or `pr`).
 *
 * @example
 * stackNames(config); // { repository: "acme-tributary-repository", cicd: "acme-tributary-cicd" }
 */
export function stackNames(config: Pick<TributaryConfig, "project">): { repository: string; cicd: string } {
  return { repository: `${config.project}-tributary-repository`, cicd: `${config.project}-tributary-cicd` };
}
