/**
 * The AWS SDK clients the cloner and the notifier call, created once with adaptive retry, request timeouts and a
 * bound on the calls in flight per API.
 */
import { CodeBuildClient } from "@aws-sdk/client-codebuild";
import { CodeCommitClient } from "@aws-sdk/client-codecommit";
import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { SNSClient } from "@aws-sdk/client-sns";
import {
  API_CONCURRENCY,
  CONNECTION_TIMEOUT_MS,
  DEFAULT_API_CONCURRENCY,
  MAX_ATTEMPTS,
  REQUEST_TIMEOUT_MS,
  RETRY_MODE,
} from "./constants";

/**
 * The SDK clients the executor uses; tests pass clients whose `send` is mocked.
 *
 * @example
 * const clients: ClonerClients = createClients(); // { codePipeline, codeCommit, codeBuild, tagging, serviceQuotas, sns }
 */
export interface ClonerClients {
  readonly codePipeline: CodePipelineClient;
  readonly codeCommit: CodeCommitClient;
  readonly codeBuild: CodeBuildClient;
  /** Resource Groups Tagging API: the project's pipelines and their tags in pages of 100 (reconcile only). */
  readonly tagging: ResourceGroupsTaggingAPIClient;
  /** Service Quotas: the account's pipeline quota, read once per reconcile (`readPipelineQuota`). */
  readonly serviceQuotas: ServiceQuotasClient;
  /** Refusal notifications and idle notices (the failures topic). */
  readonly sns: SNSClient;
  /**
   * EventBridge PutEvents on the default bus: a reconcile's continuation (back to the cloner) and a pull request's idle
   * notice (to the notifier, which writes the living comment).
   */
  readonly events: EventBridgeClient;
}

/** The part of an SDK client's middleware stack `boundConcurrency` uses; each client types its own inputs. */
interface BoundableStack {
  // biome-ignore lint/suspicious/noExplicitAny: every client's stack is generic over its own input and output types
  add(middleware: (next: any, context: { readonly commandName?: string }) => any, options: object): void;
}

/**
 * CodePipeline's answer when a CreatePipeline would exceed the region's pipeline quota, as the cloner sees it. The
 * service names it `LimitExceededException`, a name the SDK's retry classifies as throttling: it would send the same
 * create five times with backoff and slow the client's rate limiter down, for an answer that cannot change.
 * `boundConcurrency` replaces that one error of that one command with this one, which the SDK does not retry.
 *
 * @example
 * if (error instanceof PipelineLimitError) return refuseClone(context, route, error.message);
 */
export class PipelineLimitError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
    this.name = "PipelineLimitError";
  }
}

/** A counting semaphore: at most `limit` holders at once, the rest wait in arrival order. */
function semaphore(limit: number): () => Promise<() => void> {
  let held = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else held--;
  };
  return async () => {
    if (held < limit) held++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    return release;
  };
}

/**
 * Adds a middleware that lets at most `API_CONCURRENCY[operation]` (else `DEFAULT_API_CONCURRENCY`) calls of one
 * operation run at once on this client, retries included: the adaptive retry's token bucket slows a throttled
 * client down, this bound keeps a burst of one API (1,000 UpdatePipeline after a template change) from starving the
 * others and from meeting CodePipeline's per-action rates with more calls in flight than they allow. It also turns
 * CreatePipeline's `LimitExceededException` into a `PipelineLimitError`, which the SDK does not retry.
 *
 * @example
 * const codePipeline = boundConcurrency(new CodePipelineClient(options));
 */
export function boundConcurrency<Client extends { middlewareStack: BoundableStack }>(
  client: Client,
  limits: Readonly<Record<string, number>> = API_CONCURRENCY,
  fallback: number = DEFAULT_API_CONCURRENCY,
): Client {
  const gates = new Map<string, () => Promise<() => void>>();
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { readonly commandName?: string }) =>
      async (args: unknown) => {
        const operation = String(context.commandName ?? "").replace(/Command$/, "");
        let gate = gates.get(operation);
        if (!gate) {
          gate = semaphore(limits[operation] ?? fallback);
          gates.set(operation, gate);
        }
        const release = await gate();
        try {
          return await next(args);
        } finally {
          release();
        }
      },
    { step: "initialize", name: "tributaryBoundConcurrency", override: true },
  );
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { readonly commandName?: string }) =>
      async (args: unknown) => {
        try {
          return await next(args);
        } catch (error) {
          if (
            context.commandName === "CreatePipelineCommand" &&
            error instanceof Error &&
            error.name === "LimitExceededException"
          )
            throw new PipelineLimitError(error);
          throw error;
        }
      },
    // Inside the retry middleware (finalizeRequest, high priority), outside the deserializer.
    { step: "finalizeRequest", priority: "low", name: "tributaryPipelineLimit", override: true },
  );
  return client;
}

/**
 * The SDK clients the notifier uses; tests pass clients whose `send` is mocked.
 *
 * @example
 * const clients: NotifierClients = createNotifierClients(); // { codePipeline, sns, codeCommit, s3 }
 */
export interface NotifierClients {
  readonly codePipeline: CodePipelineClient;
  readonly sns: SNSClient;
  /** The pull requests' living comments (`pull-request-comment.ts`). */
  readonly codeCommit: CodeCommitClient;
  /** The runs' `preview.json` in the reports bucket (`read-preview.ts`). */
  readonly s3: S3Client;
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
    codePipeline: boundConcurrency(new CodePipelineClient(options)),
    codeCommit: boundConcurrency(new CodeCommitClient(options)),
    codeBuild: boundConcurrency(new CodeBuildClient(options)),
    tagging: boundConcurrency(new ResourceGroupsTaggingAPIClient(options)),
    serviceQuotas: new ServiceQuotasClient(options),
    sns: new SNSClient(options),
    events: new EventBridgeClient(options),
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
  return {
    codePipeline: new CodePipelineClient(options),
    sns: new SNSClient(options),
    codeCommit: new CodeCommitClient(options),
    s3: createS3Client(env),
  };
}

/**
 * The Secrets Manager client of a GitHub function (the credentials or the webhook secret, read once per cold start),
 * with the options of every other client.
 *
 * @example
 * const secretsManager = createSecretsManagerClient();
 */
export function createSecretsManagerClient(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SecretsManagerClient {
  return new SecretsManagerClient(clientOptions(env));
}

/**
 * Creates an S3 client with the options of every other client (`clientOptions`): the reports bucket's (the
 * notifier's reads, the overview page's presigned links) and the cloner's GitHub listing cache (`listingCacheBucket`).
 *
 * @example
 * const s3 = createS3Client(); // S3Client; path-style when AWS_ENDPOINT_URL(_S3) is set
 */
export function createS3Client(env: Readonly<Record<string, string | undefined>> = process.env): S3Client {
  // Virtual-hosted addressing at AWS; path-style at a local endpoint (moto, the tests' proxy), which has no
  // per-bucket host names.
  return new S3Client({
    ...clientOptions(env),
    forcePathStyle: (env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL) !== undefined,
  });
}
