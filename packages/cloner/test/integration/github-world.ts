/**
 * One GitHub test world: the GitHub double (acme/infra with main and develop, a fork, a GitHub App installation), the
 * fake AWS account with the environment pipelines reading GitHub through a connection (`environmentPipeline`'s
 * GitHub variant, tagged as the CDK app tags them), the secrets in a real moto_server behind the fake's proxy (so
 * their calls are counted), and the bundled cloner (plus, when asked, the webhook function and the notifier) wired to
 * them, the webhook's asynchronous Invoke of the cloner going through the fake's Lambda.
 */
import { generateKeyPairSync } from "node:crypto";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  clonerEnvironment,
  defineConfig,
  environmentRoutes,
  GITHUB_ENVIRONMENT,
  MANAGED_TAGS,
  type TributaryConfig,
  type TributaryConfigInput,
  teardownProjectName,
} from "@tributary/core";
import {
  environmentPipeline,
  type FakeAws,
  type FakeAwsOptions,
  type FakeGitHub,
  type FixtureEnvironment,
  type MotoServer,
  startFakeAws,
  startFakeGitHub,
} from "@tributary/fake-aws";
import { GITHUB_WEBHOOK_BUNDLE } from "../../src/functions/github-webhook/bundle";
import type { NotifierResult } from "../../src/functions/notifier/create-notifier";
import { bundlePath, type ClonerProcess, NOTIFIER_BUNDLE, startCloner } from "./cloner-process";

/** The connection the GitHub environment pipelines read through. */
export const CONNECTION =
  "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
/** The cloner function the webhook function invokes. */
export const CLONER_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:acme-cloner";
/** The webhook's secret, as GitHub and Secrets Manager hold it. */
export const WEBHOOK_SECRET = "whsec-e2e-6c1f0a";
/** The bucket the reconcile keeps its listing pages in, when a world asks for it. */
export const LISTING_BUCKET = "acme-artifacts-123456789012-eu-west-1";

/** The GitHub project of these tests. */
export const GITHUB_CONFIG_INPUT: TributaryConfigInput = {
  project: "acme",
  source: { provider: "github", owner: "acme", repository: "infra" },
  routes: { pullRequests: { environmentByDestination: { main: "prod" } } },
};

const APP_ID = 987_654;
const INSTALLATION_ID = 77;

/** What the webhook function answers (a function URL's structured result). */
export interface WebhookAnswer {
  statusCode: number;
  body: string;
}

/** A running GitHub world. */
export interface GitHubWorld {
  readonly config: TributaryConfig;
  readonly aws: FakeAws;
  readonly github: FakeGitHub;
  readonly cloner: ClonerProcess;
  readonly webhook: ClonerProcess<WebhookAnswer> | undefined;
  readonly notifier: ClonerProcess<NotifierResult> | undefined;
  /** The environment every GitHub function gets (config, API URL, Secrets Manager's endpoint, credentials). */
  readonly environment: Record<string, string>;
  /** Starts another cloner process on the same world (a new Lambda instance: cold memory). */
  startCloner(env?: Record<string, string>): Promise<ClonerProcess>;
  close(): Promise<void>;
}

/**
 * Starts a GitHub world on `moto` (Secrets Manager, and S3 for the listing cache with `listingCache`).
 *
 * @example
 * const world = await startGitHubWorld(moto, { webhook: true, notifier: true });
 */
export async function startGitHubWorld(
  moto: MotoServer,
  options: FakeAwsOptions & {
    readonly webhook?: boolean;
    readonly notifier?: boolean;
    /** Keep the reconcile's listing pages in S3 (moto) at `LISTING_BUCKET`. */
    readonly listingCache?: boolean;
    readonly clonerEnv?: Record<string, string>;
  } = {},
): Promise<GitHubWorld> {
  const config = defineConfig(GITHUB_CONFIG_INPUT);
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const github = await startFakeGitHub({
    repositories: { "acme/infra": "main", "mallory/infra": "main" },
    app: {
      appId: APP_ID,
      installationId: INSTALLATION_ID,
      publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
      permissions: { contents: "read", pull_requests: "write", statuses: "write" },
    },
    tokens: {},
  });
  github.repository("acme/infra").pushBranch("develop");
  const aws = await startFakeAws({
    // Secrets Manager and S3 live in moto, behind the fake's proxy, so their calls are counted with the others.
    upstream: moto.url,
    repositoryName: "infra",
    codeBuildProjects: [teardownProjectName(config)],
    connectionBranchHead: (repository, branch) => github.repository(repository).branches.get(branch),
    ...options,
  });
  for (const route of environmentRoutes(config)) {
    const { version: _version, ...pipeline } = environmentPipeline(route.environment as FixtureEnvironment, {
      github: { connectionArn: CONNECTION, fullRepositoryId: "acme/infra" },
    });
    aws.codePipeline.handle("CreatePipeline", {
      pipeline,
      tags: [
        { key: MANAGED_TAGS.project, value: config.project },
        { key: MANAGED_TAGS.environment, value: route.environment },
      ],
    });
  }
  const client = {
    region: "eu-west-1",
    endpoint: moto.url,
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
  };
  const secrets = new SecretsManagerClient(client);
  const suffix = Math.random().toString(36).slice(2, 8);
  const { ARN: webhookSecretArn } = await secrets.send(
    new CreateSecretCommand({ Name: `acme-github-webhook-${suffix}`, SecretString: WEBHOOK_SECRET }),
  );
  const { ARN: credentialsArn } = await secrets.send(
    new CreateSecretCommand({
      Name: `acme-github-credentials-${suffix}`,
      SecretString: JSON.stringify({
        appId: String(APP_ID),
        installationId: String(INSTALLATION_ID),
        privateKey: keys.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      }),
    }),
  );
  if (options.listingCache) {
    await new S3Client({ ...client, forcePathStyle: true })
      .send(
        new CreateBucketCommand({
          Bucket: LISTING_BUCKET,
          CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.name === "BucketAlreadyOwnedByYou")) throw error;
      });
  }
  const environment: Record<string, string> = {
    ...clonerEnvironment(config),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: String(aws.proxyUrl),
    AWS_ENDPOINT_URL_S3: String(aws.proxyUrl),
    [GITHUB_ENVIRONMENT.apiUrl]: github.url,
    [GITHUB_ENVIRONMENT.credentialsSecret]: String(credentialsArn),
    ...(options.listingCache ? { [GITHUB_ENVIRONMENT.listingCacheBucket]: LISTING_BUCKET } : {}),
  };
  const start = (env: Record<string, string> = {}) =>
    startCloner({ endpoint: aws.url, env: { ...environment, ...options.clonerEnv, ...env } });
  const [cloner, webhook, notifier] = await Promise.all([
    start(),
    options.webhook
      ? startCloner<WebhookAnswer>({
          endpoint: aws.url,
          bundle: bundlePath(GITHUB_WEBHOOK_BUNDLE),
          env: {
            ...clonerEnvironment(config),
            AWS_ENDPOINT_URL_SECRETS_MANAGER: String(aws.proxyUrl),
            [GITHUB_ENVIRONMENT.webhookSecret]: String(webhookSecretArn),
            [GITHUB_ENVIRONMENT.clonerFunction]: CLONER_ARN,
            POWERTOOLS_SERVICE_NAME: "tributary-github-webhook",
          },
        })
      : undefined,
    options.notifier
      ? startCloner<NotifierResult>({ endpoint: aws.url, bundle: NOTIFIER_BUNDLE, env: environment })
      : undefined,
  ]);
  aws.lambda.register("acme-cloner", (event) => cloner.deliver(event));
  return {
    config,
    aws,
    github,
    cloner,
    webhook,
    notifier,
    environment,
    startCloner: start,
    async close() {
      await Promise.all([cloner.close(), webhook?.close(), notifier?.close()]);
      await aws.close();
      await github.close();
    },
  };
}
