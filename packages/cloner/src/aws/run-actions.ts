/** The action executions of one run, as core's plain `TimedRunAction`s: the living comment and the run history read them. */
import { type ActionExecutionDetail, paginateListActionExecutions } from "@aws-sdk/client-codepipeline";
import type { TimedRunAction } from "@tributary/core";
import type { NotifierClients } from "./clients";

/**
 * Action executions per `ListActionExecutions` page: the API's maximum (`maxResults` 1..100; default 100).
 *
 * @example
 * paginateListActionExecutions({ client }, { pipelineName, filter: { pipelineExecutionId }, maxResults: ACTION_EXECUTIONS_PER_PAGE });
 */
export const ACTION_EXECUTIONS_PER_PAGE = 100;

function runAction(detail: ActionExecutionDetail): TimedRunAction {
  const result = detail.output?.executionResult;
  const summary = result?.errorDetails?.message ?? result?.externalExecutionSummary;
  return {
    stageName: detail.stageName ?? "",
    actionName: detail.actionName ?? "",
    status: detail.status ?? "",
    ...(detail.startTime ? { startTime: detail.startTime.toISOString() } : {}),
    ...(detail.lastUpdateTime ? { lastUpdateTime: detail.lastUpdateTime.toISOString() } : {}),
    ...(detail.output?.outputVariables ? { outputVariables: detail.output.outputVariables } : {}),
    ...(summary ? { summary } : {}),
  };
}

/**
 * Every action execution of one run (`ListActionExecutions` filtered by execution, every page: the SDK's paginator),
 * as core's plain `TimedRunAction`s: the pull-request comment and the run history read them.
 *
 * @example
 * const actions = await listRunActions(clients, "acme-dev-pr-42", executionId);
 */
export async function listRunActions(
  clients: Pick<NotifierClients, "codePipeline">,
  pipelineName: string,
  pipelineExecutionId: string,
): Promise<TimedRunAction[]> {
  const actions: TimedRunAction[] = [];
  for await (const page of paginateListActionExecutions(
    { client: clients.codePipeline },
    { pipelineName, filter: { pipelineExecutionId }, maxResults: ACTION_EXECUTIONS_PER_PAGE },
  )) {
    actions.push(...(page.actionExecutionDetails ?? []).map(runAction));
  }
  return actions;
}
