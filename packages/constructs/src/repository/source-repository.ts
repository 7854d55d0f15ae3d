/** The CodeCommit repository the pipelines read: created by the stack, or an existing one imported by name. */

import type { TributaryConfig } from "@tributary/core";
import { RemovalPolicy } from "aws-cdk-lib";
import * as codecommit from "aws-cdk-lib/aws-codecommit";
import type * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

/**
 * Properties of {@link SourceRepository}.
 *
 * @example
 * const props: SourceRepositoryProps = { config, existing: true };
 * new SourceRepository(stack, "Source", props); // imports the repository config.repository
 */
export interface SourceRepositoryProps {
  /** The validated Tributary config; the repository is `config.repository`. */
  readonly config: TributaryConfig;
  /**
   * Import an existing repository named `config.repository` instead of creating one.
   *
   * @default false
   */
  readonly existing?: boolean;
  /**
   * Description of a created repository (ignored when `existing` is true).
   *
   * @default - "GitFlow source of the Tributary project <project>"
   */
  readonly description?: string;
  /**
   * What happens to a created repository when it leaves the stack. Ignored when `existing` is true.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The CodeCommit repository of a Tributary project: created by this stack, or imported when it exists already.
 *
 * @example
 * const source = new SourceRepository(stack, "Source", { config, existing: true });
 * source.repository.repositoryArn; // arn:aws:codecommit:eu-west-1:123456789012:acme-infra
 */
export class SourceRepository extends Construct {
  /** The repository (an `IRepository` in both cases). */
  public readonly repository: codecommit.IRepository;
  /** Whether the stack created the repository (`false`: imported). */
  public readonly created: boolean;

  constructor(scope: Construct, id: string, props: SourceRepositoryProps) {
    super(scope, id);
    const name = props.config.repository;
    this.created = props.existing !== true;
    if (this.created) {
      const repository = new codecommit.Repository(this, "Resource", {
        repositoryName: name,
        description: props.description ?? `GitFlow source of the Tributary project ${props.config.project}`,
      });
      repository.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
      this.repository = repository;
    } else {
      this.repository = codecommit.Repository.fromRepositoryName(this, "Resource", name);
    }
  }

  /**
   * Grants read access to the repository (`codecommit:GitPull` and the `Get*`/`List*`/`Describe*` read actions).
   *
   * @example
   * source.grantRead(myFunction);
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.repository.grantRead(grantee);
  }

  /**
   * Grants `codecommit:PostCommentForPullRequest` on the repository, so the grantee can comment on pull requests.
   *
   * @example
   * source.grantPullRequestComment(myFunction);
   */
  public grantPullRequestComment(grantee: iam.IGrantable): iam.Grant {
    return this.repository.grant(grantee, "codecommit:PostCommentForPullRequest");
  }
}
