/** The three AWS SDK clients the cloner calls, created once with adaptive retry. */
import { CodeBuildClient } from "@aws-sdk/client-codebuild";
import { CodeCommitClient } from "@aws-sdk/client-codecommit";
import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { MAX_ATTEMPTS } from "./constants";

/** The SDK clients the executor uses; tests pass clients whose `send` is mocked. */
export interface ClonerClients {
  readonly codePipeline: CodePipelineClient;
  readonly codeCommit: CodeCommitClient;
  readonly codeBuild: CodeBuildClient;
}

/**
 * Creates the clients with `retryMode: "adaptive"` and `MAX_ATTEMPTS`. Region, credentials and endpoint come from the
 * standard AWS environment (`AWS_REGION`, `AWS_ACCESS_KEY_ID`…, `AWS_ENDPOINT_URL`), so the same code runs in Lambda
 * and against a local endpoint.
 *
 * @example
 * const clients = createClients();
 * await clients.codePipeline.send(new GetPipelineCommand({ name: "acme-dev" }));
 */
export function createClients(): ClonerClients {
  const options = { retryMode: "adaptive", maxAttempts: MAX_ATTEMPTS } as const;
  return {
    codePipeline: new CodePipelineClient(options),
    codeCommit: new CodeCommitClient(options),
    codeBuild: new CodeBuildClient(options),
  };
}
