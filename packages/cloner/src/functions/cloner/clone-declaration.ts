/**
 * The clone of an environment pipeline's declaration for one route: pure, over the plain JSON `GetPipeline` returns.
 * Only the name, the CodeCommit source branch, the variables' defaults and (without approval) the approval
 * actions change; everything else is the template's.
 */
import type { PipelineDeclaration, StageDeclaration } from "@aws-sdk/client-codepipeline";
import type { Route } from "@tributary/core";
import { RefusalError } from "./refusal-error";

/**
 * Builds the declaration of `route.pipelineName` from its template's:
 * - `name` is the clone's; `version` (CreatePipeline starts at 1) and `triggers` (they name the template's branch) are dropped;
 * - every CodeCommit source action on `repository` reads `route.branch`;
 * - each variable in `route.variables` gets that default value (declared if the template lacks it);
 * - when the route needs no approval (ephemeral clones), approval actions are removed and stages left empty dropped.
 *
 * Throws `RefusalError` ("invalid-template") when the template has no CodeCommit source action on the repository:
 * the clone would build the wrong branch.
 *
 * @example
 * const { pipeline } = await codePipeline.send(new GetPipelineCommand({ name: route.templatePipeline }));
 * const declaration = cloneDeclaration(pipeline, route, config.repository);
 * await codePipeline.send(new CreatePipelineCommand({ pipeline: declaration, tags }));
 */
export function cloneDeclaration(
  template: PipelineDeclaration,
  route: Route,
  repository: string,
): PipelineDeclaration {
  const { version: _version, triggers: _triggers, ...kept } = structuredClone(template);
  let sourceActions = 0;
  const stages: StageDeclaration[] = [];
  for (const stage of kept.stages ?? []) {
    const actions = (stage.actions ?? [])
      .filter((action) => route.requiresApproval || action.actionTypeId?.category !== "Approval")
      .map((action) => {
        const type = action.actionTypeId;
        const configuration = action.configuration ?? {};
        const isRepositorySource =
          type?.category === "Source" &&
          type.provider === "CodeCommit" &&
          (configuration.RepositoryName === undefined || configuration.RepositoryName === repository);
        if (!isRepositorySource) return action;
        sourceActions += 1;
        return { ...action, configuration: { ...configuration, BranchName: route.branch } };
      });
    if (actions.length > 0) stages.push({ ...stage, actions });
  }
  if (sourceActions === 0) {
    throw new RefusalError(
      "invalid-template",
      route.templatePipeline,
      `the template pipeline has no CodeCommit source action on repository ${JSON.stringify(repository)}, so its clone ${JSON.stringify(route.pipelineName)} would not build ${JSON.stringify(route.branch)}`,
      "deploy the environment pipeline with the Tributary constructs (its Source stage reads the repository)",
    );
  }
  const variables = (kept.variables ?? []).map((variable) => {
    const value = variable.name === undefined ? undefined : route.variables[variable.name];
    return value === undefined ? variable : { ...variable, defaultValue: value };
  });
  const declared = new Set(variables.map((variable) => variable.name));
  for (const [name, defaultValue] of Object.entries(route.variables)) {
    if (!declared.has(name)) variables.push({ name, defaultValue });
  }
  return { ...kept, name: route.pipelineName, stages, variables };
}
