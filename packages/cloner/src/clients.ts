/** The AWS SDK clients the cloner and the notifier call, created once with adaptive retry and request timeouts. */
import { CodeBuildClient } from "@aws-sdk/client-codebuild";
import { CodeCommitClient } from "@aws-sdk/client-codecommit";
import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { SNSClient } from "@aws-sdk/client-sns";
import { CONNECTION_TIMEOUT_MS, MAX_ATTEMPTS, REQUEST_TIMEOUT_MS, RETRY_MODE } from "./constants";

/**
 * The SDK clients the executor uses; tests pass clients whose `send` is mocked.
 *
 * @example
 * const clients: ClonerClients = createClients(); // { codePipeline, codeCommit, codeBuild }
 */
export interface ClonerClients {
  readonly codePipeline: CodePipelineClient;
  readonly codeCommit: CodeCommitClient;
  readonly codeBuild: CodeBuildClient;
}

/**
 * The SDK clients the notifier uses; tests pass clients whose `send` is mocked.
 *
 * @example
 * const clients: NotifierClients = createNotifierClients(); // { codePipeline, sns }
 */
export interface NotifierClients {
  readonly codePipeline: CodePipelineClient;
  readonly sns: SNSClient;
}

/**
 * The options every client gets: `retryMode: "adaptive"` and `MAX_ATTEMPTS`, unless the standard SDK variables
 * `AWS_RETRY_MODE` / `AWS_MAX_ATTEMPTS` are set (then the SDK reads and validates them itself), and timeouts so a
 * hung connection becomes a retryable `TimeoutError` instead of a Lambda timeout.
 *
 * @example
 * clientOptions({}); // { retryMode: "adaptive", maxAttempts: 5, requestHandler: { requestTimeout: 10000, connectionTimeout: 3000 } }
 */
export function clientOptions(env: Readonly<Record<string, string | undefined>>) {
  return {
    retryMode: env.AWS_RETRY_MODE ? undefined : RETRY_MODE,
    maxAttempts: env.AWS_MAX_ATTEMPTS ? undefined : MAX_ATTEMPTS,
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
  };
}

/**
 * Creates the clients. Region, credentials and endpoint come from the standard AWS environment (`AWS_REGION`,
 * `AWS_ACCESS_KEY_ID`…, `AWS_ENDPOINT_URL`), so the same code runs in Lambda and against a local endpoint.
 *
 * @example
 * const clients = createClients();
 * await clients.codePipeline.send(new GetPipelineCommand({ name: "acme-dev" }));
 */
export function createClients(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ClonerClients {
  const options = clientOptions(env);
  return {
    codePipeline: new CodePipelineClient(options),
    codeCommit: new CodeCommitClient(options),
    codeBuild: new CodeBuildClient(options),
  };
}

/**
 * Creates the notifier's clients, with the same options as the cloner's (`clientOptions`).
 *
 * @example
 * const clients = createNotifierClients();
 * await clients.sns.send(new PublishCommand({ TopicArn, Subject, Message }));
 */
export function createNotifierClients(
  env: Readonly<Record<string, string | undefined>> = process.env,
): NotifierClients {
  const options = clientOptions(env);
  return { codePipeline: new CodePipelineClient(options), sns: new SNSClient(options) };
}
