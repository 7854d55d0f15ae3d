/** The defensive check that no action touches an environment pipeline or a shared stack, whatever the plan says. */
import type { TributaryConfig } from "@tributary/core";
import { RefusalError } from "./refusal-error";

/**
 * Throws `RefusalError` ("protected-pipeline") when `pipelineName` is an environment pipeline. Core never plans
 * that; the cloner checks again because a mistake here would delete or rewrite a long-lived pipeline.
 *
 * @example
 * assertNotEnvironmentPipeline(config, "acme-dev"); // throws
 */
export function assertNotEnvironmentPipeline(config: TributaryConfig, pipelineName: string): void {
  const environment = config.environments.find((candidate) => candidate.pipelineName === pipelineName);
  if (environment) {
    throw new RefusalError(
      "protected-pipeline",
      pipelineName,
      `it is the pipeline of environment ${JSON.stringify(environment.name)}, which the cloner never creates, changes or deletes`,
      "manage environment pipelines with the CDK app (pnpm turbo deploy from the repository root)",
    );
  }
}

/**
 * Throws `RefusalError` ("protected-stack") when `stackName` is an environment's shared stack.
 *
 * @example
 * assertNotSharedStack(config, "acme-qa"); // throws
 */
export function assertNotSharedStack(config: TributaryConfig, stackName: string): void {
  const environment = config.environments.find((candidate) => candidate.stackName === stackName);
  if (environment) {
    throw new RefusalError(
      "protected-stack",
      stackName,
      `it is the shared stack of environment ${JSON.stringify(environment.name)}, which is never torn down`,
      "delete shared stacks by hand if you really mean to",
    );
  }
}
