/**
 * The clone of an environment pipeline's declaration for one route: pure, over the plain JSON `GetPipeline` returns.
 * Only the name, the source branch (CodeCommit's, or GitHub's through a CodeConnections connection), the variables'
 * defaults and (without approval) the approval actions change; everything else is the template's.
 */
import type { ActionDeclaration, PipelineDeclaration, StageDeclaration } from "@aws-sdk/client-codepipeline";
import { type Route, sameGitHubRepository } from "@tributary/core";
import { RefusalError } from "./refusal-error";

/**
 * The source action reads `repository` (a CodeCommit name, or GitHub's `owner/name`): CodeCommit's
 * (`RepositoryName`), or a CodeConnections one (`CodeStarSourceConnection`, `FullRepositoryId`; "Bitbucket, GitHub,
 * GitHub Enterprise Server and GitLab actions", CodePipeline user guide, action reference). GitHub compares names
 * without regard to case.
 */
function readsRepository(action: ActionDeclaration, repository: string): boolean {
  const type = action.actionTypeId;
  const configuration = action.configuration ?? {};
  if (type?.category !== "Source") return false;
  if (type.provider === "CodeCommit") {
    return configuration.RepositoryName === undefined || configuration.RepositoryName === repository;
  }
  return (
    type.provider === "CodeStarSourceConnection" &&
    typeof configuration.FullRepositoryId === "string" &&
    sameGitHubRepository(configuration.FullRepositoryId, repository)
  );
}

/**
 * The source action's configuration for the clone: `BranchName` is the route's branch; a connection's action also
 * stops detecting pushes itself (`DetectChanges: "false"`: the cloner starts each run at the pushed commit, as it
 * does for CodeCommit) and reads an allowed fork's repository for a fork's pull request.
 */
function cloneSourceConfiguration(action: ActionDeclaration, route: Route): Record<string, string> {
  const configuration = { ...(action.configuration ?? {}), BranchName: route.branch };
  if (action.actionTypeId?.provider !== "CodeStarSourceConnection") return configuration;
  const fork = route.source.type === "pullRequest" ? route.source.sourceRepository : undefined;
  return { ...configuration, DetectChanges: "false", ...(fork ? { FullRepositoryId: fork } : {}) };
}

/**
 * Builds the declaration of `route.pipelineName` from its template's:
 * - `name` is the clone's; `version` (CreatePipeline starts at 1) and `triggers` (they name the template's branch) are dropped;
 * - every source action on `repository` reads `route.branch`: CodeCommit's, or a `CodeStarSourceConnection` whose
 *   `FullRepositoryId` is `repository` (GitHub's `owner/name`), which also gets `DetectChanges: "false"` (the cloner
 *   starts the clone's runs) and, for an allowed fork's pull request, the fork's `FullRepositoryId`;
 * - each variable in `route.variables` gets that default value (declared if the template lacks it);
 * - when the route needs no approval (ephemeral clones), approval actions are removed and stages left empty dropped.
 *
 * Throws `RefusalError` ("invalid-template") when the template has no source action on the repository: the clone
 * would build the wrong branch.
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
        if (!readsRepository(action, repository)) return action;
        sourceActions += 1;
        return { ...action, configuration: cloneSourceConfiguration(action, route) };
      });
    if (actions.length > 0) stages.push({ ...stage, actions });
  }
  if (sourceActions === 0) {
    throw new RefusalError(
      "invalid-template",
      route.templatePipeline,
      `the template pipeline has no CodeCommit source action on repository ${JSON.stringify(repository)}, nor a CodeStarSourceConnection one, so its clone ${JSON.stringify(route.pipelineName)} would not build ${JSON.stringify(route.branch)}`,
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
