/**
 * The GitHub webhook endpoint: a Lambda function URL in front of `@tributary/cloner`'s webhook function, the webhook
 * secret it checks every delivery against, and exactly the permissions it needs.
 */

import {
  clonerEnvironment,
  GITHUB_ENVIRONMENT,
  gitHubSecretNames,
  type TributaryConfig,
} from "@tributary/core";
import { CfnOutput, Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { gitHubWebhookBundleCode } from "../lambda/cloner-bundle.js";

/**
 * Properties of {@link GitHubWebhook}.
 *
 * @example
 * const props: GitHubWebhookProps = { config, cloner: cloner.function };
 */
export interface GitHubWebhookProps {
  /** The validated Tributary config (GitHub source): the function reads the repository and the fork allow-list. */
  readonly config: TributaryConfig;
  /** The cloner function the deliveries are handed to (an asynchronous Invoke: its retries and DLQ apply). */
  readonly cloner: lambda.IFunction;
  /**
   * The Lambda code.
   *
   * @default - the webhook bundle this package carries (`dist/lambda/github-webhook.mjs`, from `@tributary/cloner`)
   */
  readonly code?: lambda.Code;
  /**
   * Instances the function may run at once: what unsigned traffic can cost is bounded by it (each such request is
   * refused with 401 in milliseconds). GitHub's deliveries of one repository seldom overlap.
   *
   * @default 10
   */
  readonly reservedConcurrency?: number;
  /**
   * Retention of the function's log group.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The endpoint GitHub's webhook posts to: a Lambda function URL (auth `NONE`: GitHub cannot sign AWS requests; the
 * function verifies `X-Hub-Signature-256` with the webhook secret before it reads anything else) and the webhook
 * secret, generated here (40 letters and digits) for the person to give GitHub (`pnpm tributary github webhook`
 * prints it or creates the webhook). The function may read that one secret (`secretsmanager:GetSecretValue`) and
 * invoke the cloner (`lambda:InvokeFunction`), nothing else; it answers within GitHub's 10 seconds (timeout 8 s).
 *
 * @example
 * const webhook = new GitHubWebhook(stack, "GitHubWebhook", { config, cloner: cloner.function });
 * webhook.url; // the function URL to give GitHub
 */
export class GitHubWebhook extends Construct {
  /** The webhook function. */
  public readonly function: lambda.Function;
  /** The function URL GitHub posts to. */
  public readonly functionUrl: lambda.FunctionUrl;
  /** The secret whose `SecretString` is the webhook's secret (give GitHub the same). */
  public readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: GitHubWebhookProps) {
    super(scope, id);
    const { config } = props;
    if (config.source.provider !== "github") {
      throw new Error(
        `GitHubWebhook needs a GitHub source, but config.source.provider is "${config.source.provider}". Fix: set source: { provider: "github", owner, repository } in the config.`,
      );
    }
    const reservedConcurrency = props.reservedConcurrency ?? 10;
    if (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1) {
      throw new Error(
        `GitHubWebhook reservedConcurrency ${reservedConcurrency} is invalid. Fix: use a whole number of instances, 1 or more.`,
      );
    }
    this.secret = new secretsmanager.Secret(this, "Secret", {
      secretName: gitHubSecretNames(config).webhook,
      description: `Tributary ${config.project}: the secret of ${config.source.fullName}'s webhook (X-Hub-Signature-256)`,
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The webhook secret is also stored at GitHub, which a rotation function cannot update; rotate it with `pnpm tributary github webhook` after changing the secret.",
    });

    const role = new iam.Role(this, "ServiceRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Tributary GitHub webhook of ${config.project}: checks deliveries and hands them to the cloner`,
    });
    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadWebhookSecret",
        // Only GetSecretValue: CDK's grantRead adds DescribeSecret, which the function never calls.
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.secret.secretArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "HandDeliveriesToCloner",
        actions: ["lambda:InvokeFunction"],
        resources: [props.cloner.functionArn],
      }),
    );

    this.function = new lambda.Function(this, "Resource", {
      description: `Tributary GitHub webhook of ${config.project}: signed deliveries of ${config.source.fullName} to the cloner`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "github-webhook.handler",
      code: props.code ?? gitHubWebhookBundleCode(),
      role,
      logGroup,
      memorySize: 256,
      // GitHub waits 10 seconds for an answer; the function answers in milliseconds once warm.
      timeout: Duration.seconds(8),
      reservedConcurrentExecutions: reservedConcurrency,
      environment: {
        ...clonerEnvironment(config),
        [GITHUB_ENVIRONMENT.webhookSecret]: this.secret.secretArn,
        [GITHUB_ENVIRONMENT.clonerFunction]: props.cloner.functionArn,
      },
    });
    this.function.node.addDependency(role);
    this.functionUrl = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    Validations.of(this.function).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "PIPELINE-CONTRACT.md fixes nodejs24.x: the @tributary/cloner github-webhook bundle is built (target node24) and tested for Node 24.",
    });
    new CfnOutput(this, "Url", {
      description: `The URL of ${config.source.fullName}'s webhook (content type application/json, events push and pull_request)`,
      value: this.functionUrl.url,
    });
  }

  /** The URL to give GitHub's webhook. */
  public get url(): string {
    return this.functionUrl.url;
  }
}
