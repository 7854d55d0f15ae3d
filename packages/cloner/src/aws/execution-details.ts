/** Reads the branch and commit of a pipeline execution: one `GetPipelineExecution`, turned into core's plain `ExecutionDetails`. */

import {
  GetPipelineExecutionCommand,
  type GetPipelineExecutionCommandOutput,
} from "@aws-sdk/client-codepipeline";
import type { ExecutionDetails } from "@tributary/core";
import type { NotifierClients } from "./clients";

/**
 * The plain data core formats from a `GetPipelineExecution` answer: resolved variables by name, the first
 * source revision that names a commit (id, message, link) and the status.
 *
 * @example
 * executionDetails({ pipelineExecution: { variables: [{ name: "Branch", resolvedValue: "feature/x" }] }, $metadata: {} });
 * // { variables: { Branch: "feature/x" } }
 */
export function executionDetails(
  output: Pick<GetPipelineExecutionCommandOutput, "pipelineExecution">,
): ExecutionDetails {
  const execution = output.pipelineExecution;
  const variables: Record<string, string> = {};
  for (const variable of execution?.variables ?? []) {
    if (variable.name !== undefined && variable.resolvedValue !== undefined) {
      variables[variable.name] = variable.resolvedValue;
    }
  }
  const revision = execution?.artifactRevisions?.find((candidate) => candidate.revisionId);
  return {
    variables,
    ...(revision?.revisionId ? { commitId: revision.revisionId } : {}),
    ...(revision?.revisionSummary ? { commitMessage: revision.revisionSummary } : {}),
    ...(revision?.revisionUrl ? { commitUrl: revision.revisionUrl } : {}),
    ...(execution?.status ? { status: execution.status } : {}),
  };
}

/**
 * Calls `GetPipelineExecution` once (the client's adaptive retry included) and returns the execution's details.
 * Throws what the call throws; the notifier decides what that means.
 *
 * @example
 * const details = await readExecution(clients, "acme-dev-feature-login", "0a1b2c3d-…");
 */
export async function readExecution(
  clients: Pick<NotifierClients, "codePipeline">,
  pipelineName: string,
  pipelineExecutionId: string,
): Promise<ExecutionDetails> {
  const output = await clients.codePipeline.send(
    new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId }),
  );
  return executionDetails(output);
}
