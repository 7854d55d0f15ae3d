/**
 * A GitHub repository as the project's source: the CodeConnections connection every pipeline reads through (the
 * given one, or one this construct creates) and the Secrets Manager secret holding the GitHub App's or token's
 * credentials, which the cloner and the notifier read.
 */

import {
  type GitHubSourceConfig,
  gitHubSecretNames,
  type TributaryConfig,
  useConnectionAction,
} from "@tributary/core";
import { RemovalPolicy, Validations } from "aws-cdk-lib";
import * as codeconnections from "aws-cdk-lib/aws-codeconnections";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import {
  type GitHubConnectionRepository,
  gitHubSource,
  type PipelineSource,
} from "../environment-pipeline/source-stage.js";

/**
 * Properties of {@link GitHubSource}.
 *
 * @example
 * const props: GitHubSourceProps = { config: defineConfig({ project: "acme", source: { provider: "github", owner: "acme", repository: "infra" } }) };
 */
export interface GitHubSourceProps {
  /** The validated Tributary config; its `source` must be GitHub's. */
  readonly config: TributaryConfig;
  /**
   * The secret with the GitHub App installation's `{"appId","installationId","privateKey"}` or a fine-grained token's
   * `{"token"}` (the cloner README's "GitHub as a source" lists the permissions each needs).
   *
   * @default - a new secret, `tributary/<project>/github-credentials`, holding a random placeholder: put the JSON in
   * it once (`aws secretsmanager put-secret-value`) before the first delivery
   */
  readonly credentials?: secretsmanager.ISecret;
}

/**
 * The connection and credentials of a GitHub source. `config.source.connectionArn` is used as given; without it an
 * `AWS::CodeConnections::Connection` (`<project>-github`, provider GitHub) is created, which stays `PENDING` until a
 * person completes it once in the console (CloudFormation cannot). {@link pipelineSource} is the Source stage's
 * action for {@link EnvironmentPipeline}: its role may use this one connection only, with the action of the ARN's own
 * prefix (core's `useConnectionAction`; `codeconnections:UseConnection` for a created one).
 *
 * @example
 * const github = new GitHubSource(stack, "GitHub", { config });
 * new EnvironmentPipeline(stack, "DevPipeline", { config, environment: "dev", source: github.pipelineSource, buckets });
 */
export class GitHubSource extends Construct {
  /** The GitHub part of the config. */
  public readonly source: GitHubSourceConfig;
  /** The connection's ARN. */
  public readonly connectionArn: string;
  /** The IAM action that uses the connection (its prefix is the ARN's). */
  public readonly useConnectionAction: GitHubConnectionRepository["useConnectionAction"];
  /** The connection this construct created; `undefined` when `config.source.connectionArn` names one. */
  public readonly connection: codeconnections.CfnConnection | undefined;
  /** The GitHub App's or token's secret. */
  public readonly credentials: secretsmanager.ISecret;
  /** The Source stage's action of every environment pipeline (and so of every clone). */
  public readonly pipelineSource: PipelineSource;

  constructor(scope: Construct, id: string, props: GitHubSourceProps) {
    super(scope, id);
    const { config } = props;
    if (config.source.provider !== "github") {
      throw new Error(
        `GitHubSource needs a GitHub source, but config.source.provider is "${config.source.provider}". Fix: set source: { provider: "github", owner, repository } in the config, or use SourceRepository for CodeCommit.`,
      );
    }
    this.source = config.source;
    if (config.source.connectionArn === undefined) {
      // ConnectionName: 1..32 characters, unique in the account; a project name has at most 24.
      this.connection = new codeconnections.CfnConnection(this, "Connection", {
        connectionName: `${config.project}-github`,
        providerType: "GitHub",
      });
      this.connectionArn = this.connection.attrConnectionArn;
      // AWS::CodeConnections::Connection is the codeconnections service: its ARNs carry that prefix.
      this.useConnectionAction = "codeconnections:UseConnection";
    } else {
      this.connection = undefined;
      this.connectionArn = config.source.connectionArn;
      this.useConnectionAction = useConnectionAction(config.source.connectionArn);
    }
    this.credentials =
      props.credentials ??
      new secretsmanager.Secret(this, "Credentials", {
        secretName: gitHubSecretNames(config).credentials,
        description: `Tributary ${config.project}: the GitHub App installation's {"appId","installationId","privateKey"} or a fine-grained token's {"token"} for ${config.source.fullName}`,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    if (props.credentials === undefined) {
      Validations.of(this.credentials).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "GitHub issues these credentials (an App's private key, a fine-grained token): they are rotated at GitHub and put here, which a Secrets Manager rotation function cannot do.",
      });
    }
    this.pipelineSource = gitHubSource({
      connectionArn: this.connectionArn,
      useConnectionAction: this.useConnectionAction,
      fullRepositoryId: config.source.fullName,
    });
  }
}
