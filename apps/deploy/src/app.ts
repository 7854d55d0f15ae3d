/** `createApp`: the whole Tributary CDK app (repository stack, CI/CD stack, tags, cdk-nag) from one config. */
import { MANAGED_TAGS } from "@tributary/core";
import { Annotations, App, type Environment, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { cdkJsonContext } from "./cdk-context";
import { type DeployConfig, type DeployConfigInput, defineConfig, isDeployConfig } from "./config";
import { stackNames } from "./names";
import { dropRedundantDependencies } from "./redundant-dependencies";
import { CiCdStack } from "./stacks/cicd-stack";
import { RepositoryStack } from "./stacks/repository-stack";
import { type Summary, summarize } from "./summary";
import { configWarnings } from "./warnings";

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /**
   * Where the cloud assembly is written.
   * @default - `CDK_OUTDIR` when the CDK CLI runs the app, otherwise a temporary directory
   */
  readonly outdir?: string;
  /**
   * Whether the cdk-nag AwsSolutions pack checks the app at synth (any unacknowledged finding fails synth).
   * @default true
   */
  readonly nag?: boolean;
  /**
   * Context for the app, merged over the context of `cdk.json` (the pinned feature flags).
   * @default - the context of `cdk.json`
   */
  readonly context?: Record<string, unknown>;
  /**
   * The demo project whose `ci/<env>/` every environment needs (a missing one is a synth warning).
   * @default - this repository's `demo-templates/`; skipped when it does not exist
   */
  readonly demoDir?: string;
}

/** What {@link createApp} returns: the app, its stacks and the summary of what they create. */
export interface TributaryApp {
  readonly app: App;
  readonly config: DeployConfig;
  /** The repository stack; `undefined` when the repository is imported (`app.repository.create: false`). */
  readonly repositoryStack: RepositoryStack | undefined;
  readonly cicdStack: CiCdStack;
  /** What will exist, for `cdk synth` to print. */
  readonly summary: Summary;
}

/**
 * Builds the Tributary app. A config input is validated first (core's `ConfigError` on any problem).
 *
 * @example
 * const { app, summary } = createApp({ project: "acme", repository: "infra-deployment" });
 * process.stderr.write(formatSummary(summary));
 * app.synth();
 */
export function createApp(
  config: DeployConfig | DeployConfigInput,
  options: CreateAppOptions = {},
): TributaryApp {
  const deployConfig = isDeployConfig(config) ? config : defineConfig(config);
  const { tributary, app: settings } = deployConfig;
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    context: { ...cdkJsonContext(), ...options.context },
  });
  const env: Environment = {
    ...(settings.account === undefined ? {} : { account: settings.account }),
    ...(settings.region === undefined ? {} : { region: settings.region }),
  };
  const names = stackNames(tributary);

  const repositoryStack = settings.repository.create
    ? new RepositoryStack(app, "Repository", {
        config: deployConfig,
        env,
        stackName: names.repository,
        description: `Tributary ${tributary.project}: the CodeCommit repository ${tributary.repository}`,
      })
    : undefined;
  const cicdStack = new CiCdStack(app, "CiCd", {
    config: deployConfig,
    env,
    stackName: names.cicd,
    description: `Tributary ${tributary.project}: environment pipelines, cloner, notifications and buckets`,
  });
  if (repositoryStack !== undefined)
    cicdStack.addStackDependency(repositoryStack, "the pipelines read the repository");

  Tags.of(app).add(MANAGED_TAGS.project, tributary.project);
  dropRedundantDependencies(app);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const warnings = configWarnings(
    deployConfig,
    options.demoDir === undefined ? {} : { demoDir: options.demoDir },
  );
  for (const warning of warnings) {
    Annotations.of(cicdStack).addWarningV2("@tributary/deploy:environment", warning);
  }

  return {
    app,
    config: deployConfig,
    repositoryStack,
    cicdStack,
    summary: summarize(deployConfig, {
      topics: cicdStack.topicSummaries(),
      buckets: cicdStack.bucketSummaries(),
      warnings,
    }),
  };
}
