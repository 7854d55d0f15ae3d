/** `createApp`: the whole Tributary CDK app (repository stack, CI/CD stack, tags, cdk-nag) from one config. */
import { DEMO_PROJECT, RegionalArtifactStore, TargetAccountRoles } from "@tributary/constructs";
import {
  artifactStoreRegions,
  artifactStoreStackName,
  deploymentTargets,
  MANAGED_TAGS,
} from "@tributary/core";
import { Annotations, App, type Environment, RemovalPolicy, Stack, Tags, Validations } from "aws-cdk-lib";
import type * as s3 from "aws-cdk-lib/aws-s3";
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
  /**
   * One stack per target account and region (core's `deploymentTargets`), `<project>-tributary-target-<account>-<region>`,
   * each deployed with that account's credentials after the CI/CD stack; empty when every environment deploys where the
   * CI/CD stack does.
   */
  readonly targetStacks: readonly Stack[];
  /** The CI/CD account's artifact stores of the other regions (`<project>-tributary-artifacts-<region>`). */
  readonly artifactStoreStacks: readonly Stack[];
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
  // Every region other than the CI/CD one where an environment deploys gets an artifact store (CodePipeline's
  // artifactStores) and a staging bucket (CloudFormation reads nested templates from the stack's region), in the CI/CD
  // account.
  const cicdLocation = { account: settings.account, region: settings.region };
  const targets = deploymentTargets(tributary, cicdLocation);
  const removalPolicy = settings.buckets.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const artifactStores: Record<string, s3.IBucket> = {};
  const stagingBuckets: Record<string, s3.IBucket> = {};
  const artifactStoreStacks = artifactStoreRegions(tributary, cicdLocation)
    .slice(1)
    .map((region) => {
      const stack = new Stack(app, `ArtifactStore-${region}`, {
        env: { ...env, region },
        stackName: artifactStoreStackName(tributary.project, region),
        description: `Tributary ${tributary.project}: the pipelines' artifact store in ${region}`,
      });
      const store = new RegionalArtifactStore(stack, "ArtifactStore", {
        project: tributary.project,
        removalPolicy,
      });
      artifactStores[region] = store.bucket;
      stagingBuckets[region] = store.stagingBucket;
      return stack;
    });
  const cicdStack = new CiCdStack(app, "CiCd", {
    config: deployConfig,
    ...(artifactStoreStacks.length === 0 ? {} : { artifactStores, stagingBuckets }),
    env,
    stackName: names.cicd,
    description: `Tributary ${tributary.project}: environment pipelines, cloner, notifications and buckets`,
  });
  if (repositoryStack !== undefined)
    cicdStack.addStackDependency(repositoryStack, "the pipelines read the repository");
  for (const stack of artifactStoreStacks) {
    cicdStack.addStackDependency(stack, "the pipelines keep their artifacts of that region there");
  }
  // No dependency on the CI/CD stack (another account's credentials deploy it), but it comes after: its trust
  // policies name the CI/CD roles by ARN, and IAM refuses a principal that does not exist yet.
  const targetStacks = targets.map((target) => {
    const stack = new Stack(app, `Target-${target.account}-${target.region}`, {
      env: { account: target.account, region: target.region },
      stackName: target.stackName,
      description: `Tributary ${tributary.project}: the roles the CI/CD account ${settings.account} assumes for ${target.environments.join(", ")}`,
    });
    new TargetAccountRoles(stack, "Roles", {
      config: tributary,
      cicdAccount: cicdAccountOf(settings.account),
      environments: target.environments,
      // The target's roles read and write the staged templates in the bucket of their own region.
      buckets: {
        artifactsBucket: cicdStack.buckets.artifactsBucket,
        stagingBucket: stagingBuckets[target.region] ?? cicdStack.buckets.stagingBucket,
        reportsBucket: cicdStack.buckets.reportsBucket,
      },
      artifactStore: artifactStores[target.region] ?? cicdStack.buckets.artifactsBucket,
      projectNeeds: DEMO_PROJECT,
    });
    return stack;
  });

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
    targetStacks,
    artifactStoreStacks,
    summary: summarize(deployConfig, {
      topics: cicdStack.topicSummaries(),
      buckets: cicdStack.bucketSummaries(),
      warnings,
    }),
  };
}

/** The CI/CD account of a config with targets: `resolveCicdLocation` refuses a remote environment without it. */
function cicdAccountOf(account: string | undefined): string {
  if (account === undefined) {
    throw new Error(
      "defineConfig guarantees app.account when an environment is remote; this config has none.",
    );
  }
  return account;
}
