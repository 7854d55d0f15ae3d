/**
 * The defensive check that no action touches an environment pipeline or a protected stack, whatever the plan says.
 * Both come from core's one ownership rule (`ownershipRule`): the environment pipelines, and the protected stacks
 * (the environments' shared stacks and the app's own `<project>-tributary-repository` and `<project>-tributary-cicd`).
 */
import { ownershipRule, type TributaryConfig } from "@tributary/core";
import { RefusalError } from "./refusal-error";

/**
 * Throws `RefusalError` ("protected-pipeline") when `pipelineName` is an environment pipeline. Core never plans
 * that; the cloner checks again because a mistake here would delete or rewrite a long-lived pipeline.
 *
 * @example
 * assertNotEnvironmentPipeline(config, "acme-dev"); // throws
 */
export function assertNotEnvironmentPipeline(config: TributaryConfig, pipelineName: string): void {
  if (ownershipRule(config).environmentPipelines.includes(pipelineName)) {
    const environment = config.environments.find((candidate) => candidate.pipelineName === pipelineName);
    throw new RefusalError(
      "protected-pipeline",
      pipelineName,
      `it is the pipeline of environment ${JSON.stringify(environment?.name ?? pipelineName)}, which the cloner never creates, changes or deletes`,
      "manage environment pipelines with the CDK app (pnpm turbo deploy from the repository root)",
    );
  }
}

/**
 * Throws `RefusalError` ("protected-stack") when `stackName` is a protected stack of core's ownership rule: an
 * environment's shared stack or one of the app's own stacks.
 *
 * @example
 * assertNotProtectedStack(config, "acme-qa"); // throws
 * assertNotProtectedStack(config, "acme-tributary-cicd"); // throws
 */
export function assertNotProtectedStack(config: TributaryConfig, stackName: string): void {
  if (!ownershipRule(config).protectedStacks.includes(stackName)) return;
  const environment = config.environments.find((candidate) => candidate.stackName === stackName);
  throw new RefusalError(
    "protected-stack",
    stackName,
    environment
      ? `it is the shared stack of environment ${JSON.stringify(environment.name)}, which is never torn down`
      : "it is one of the Tributary app's own stacks, which are never torn down",
    "delete protected stacks by hand if you really mean to",
  );
}
