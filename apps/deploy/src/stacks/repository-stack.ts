/** The stack that holds the CodeCommit repository, apart from the CI/CD stack so either can be replaced alone. */
import { SourceRepository } from "@tributary/constructs";
import { RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { DeployConfig } from "../config";

/** Properties of {@link RepositoryStack}. */
export interface RepositoryStackProps extends StackProps {
  /** The deploy config: the repository name comes from `tributary.repository`, its fate from `app.repository`. */
  readonly config: DeployConfig;
}

/**
 * Creates the project's CodeCommit repository. It is retained when the stack is deleted
 * (`app.repository.retainOnDelete`, default `true`), because its history is the project's source of truth.
 *
 * @example
 * new RepositoryStack(app, "Repository", { config, stackName: "acme-tributary-repository" });
 */
export class RepositoryStack extends Stack {
  /** The repository construct (its `repository` field is the `IRepository`). */
  public readonly source: SourceRepository;

  constructor(scope: Construct, id: string, props: RepositoryStackProps) {
    super(scope, id, props);
    const { tributary, app } = props.config;
    this.source = new SourceRepository(this, "Source", {
      config: tributary,
      description: app.repository.description,
      removalPolicy: app.repository.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
