/**
 * One environment's CodePipeline V2: Source → Test (cfn-lint, TaskCat) → Preview (change set against the shared stack,
 * never executed) → Approval (environments with requiresApproval) → Deploy (change set, execute) → Cleanup. Each stage
 * is built by its own module of this folder; the roles come from one factory (`pipeline-roles.ts`).
 */

import {
  type EnvironmentConfig,
  environmentRoutes,
  MANAGED_TAGS,
  type Route,
  type TributaryConfig,
} from "@tributary/core";
import { Annotations, type Duration, Stack, Tags, Validations } from "aws-cdk-lib";
import type * as codebuild from "aws-cdk-lib/aws-codebuild";
import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import type { PipelineBuckets } from "../buckets/tributary-buckets.js";
import {
  acknowledgeTributaryFindings,
  acknowledgeWildcardFindings,
  targetWildcardAcknowledgements,
} from "../nag/nag-acknowledgements.js";
import { approvalStage } from "./approval-stage.js";
import { cleanupStage } from "./cleanup-stage.js";
import { crossAccountRoles } from "./cross-account-roles.js";
import { deployStage } from "./deploy-stage.js";
import { type PipelineRoleFactory, sameAccountRoles } from "./pipeline-roles.js";
import { pipelineVariables } from "./pipeline-variables.js";
import { previewStage } from "./preview-stage.js";
import type { ProjectNeeds } from "./project-needs.js";
import { type RemoteTarget, remoteTarget } from "./remote-target.js";
import { codeCommitSource, type PipelineSource, sourceStage } from "./source-stage.js";
import { stageContext } from "./stage-context.js";
import { testStage } from "./test-stage.js";

/**
 * Properties of {@link EnvironmentPipeline}.
 *
 * @example
 * const props: EnvironmentPipelineProps = { config, environment: "dev", repository: source.repository, buckets };
 * new EnvironmentPipeline(stack, "DevPipeline", props);
 */
export interface EnvironmentPipelineProps {
  /** The validated Tributary config. */
  readonly config: TributaryConfig;
  /** The environment this pipeline deploys (a name from `config.environments`). */
  readonly environment: string;
  /**
   * The CodeCommit repository to read (a CodeCommit source). Give either it or `source`.
   *
   * @default - none: `source` is required then
   */
  readonly repository?: codecommit.IRepository;
  /**
   * Where the Source stage reads the branch: `GitHubSource.pipelineSource` for a GitHub repository (through a
   * CodeConnections connection), or `codeCommitSource(repository)`. Give either it or `repository`.
   *
   * @default - `codeCommitSource(repository)`
   */
  readonly source?: PipelineSource;
  /** Artifacts, staging and reports buckets (a {@link TributaryBuckets} fits). */
  readonly buckets: PipelineBuckets;
  /**
   * Topic CodePipeline's own approval notification goes to (environments with `requiresApproval` only). Leave it
   * unset when {@link PipelineNotifications} (given `reportsBucket`) reports approvals, or every approval arrives
   * twice.
   *
   * @default - no notification from the action itself (PipelineNotifications' approvals rule reports it)
   */
  readonly approvalTopic?: sns.ITopic;
  /**
   * What the project's templates and buildspecs need beyond what every pipeline gets: the statements for its stacks'
   * resources, TaskCat in the Test stage, a website page in the Cleanup stage. The shipped app passes the demo
   * project's, `DEMO_PROJECT`.
   *
   * @default - nothing beyond what every pipeline gets: the default deployment role may only read the templates (a
   * synth warning says so), the Test role only the environment's staged templates and reports, the Cleanup role only
   * delete the execution's staged templates
   */
  readonly projectNeeds?: ProjectNeeds;
  /**
   * The artifact store of each region other than the pipeline's own, by region: a bucket encrypted with a customer
   * managed key, in the pipeline's account (a `RegionalArtifactStore` fits). An environment in another region needs the
   * one of its region (CodePipeline keeps a store per region of a cross-region action).
   *
   * @default - none: every environment deploys in the pipeline's region
   */
  readonly artifactStores?: Readonly<Record<string, s3.IBucket>>;
  /**
   * The staging bucket of each region other than the pipeline's own, by region: a bucket in that region, in the
   * pipeline's account, encrypted with a customer-managed key of that region (a `RegionalArtifactStore`'s
   * `stagingBucket` fits). An environment in another region stages its nested-stack templates there, because
   * CloudFormation reads a `TemplateURL` only from a bucket of the region the URL names, the stack's own (the reasons
   * are in `RegionalArtifactStore`'s doc); `buckets.stagingBucket` serves the pipeline's region.
   *
   * @default - none: every environment deploys in the pipeline's region
   */
  readonly stagingBuckets?: Readonly<Record<string, s3.IBucket>>;
  /**
   * The role CloudFormation assumes to deploy the stack. It must trust `cloudformation.amazonaws.com` and be
   * allowed to create your templates' resources; the construct adds read access to the staging and artifacts
   * buckets.
   *
   * @default - a role limited to this environment's stacks (`<project>-<env>`, `<project>-<env>-*`) and their
   * buckets (`<project>-<env>-*`), with `projectNeeds.stackStatements` for them (`DEMO_PROJECT`'s: the buckets,
   * CloudFront distributions tagged `tributary:stack=<project>-<env>(-*)`, and the account's origin access controls,
   * which IAM cannot scope by tag or name)
   */
  readonly deploymentRole?: iam.IRole;
  /**
   * The role of the Test CodeBuild project. TaskCat launches the templates for real, so this role needs what
   * the templates create.
   *
   * @default - a role limited to the staging and reports buckets; with `projectNeeds.taskcat` also TaskCat's stacks
   * (`tCaT-*`) and buckets (`tcat-*`) in the environment's `testRegions`, with `projectNeeds.stackStatements` for them
   * (`DEMO_PROJECT`'s: CloudFront distributions tagged `tributary:stack=tCaT-*` and origin access controls, both only
   * through CloudFormation)
   */
  readonly testRole?: iam.IRole;
  /**
   * Build image of the Test, Preview and Cleanup projects.
   *
   * @default codebuild.LinuxBuildImage.STANDARD_7_0
   */
  readonly buildImage?: codebuild.IBuildImage;
  /**
   * How long the Test project (lint and TaskCat) may run.
   *
   * @default Duration.minutes(60)
   */
  readonly testTimeout?: Duration;
  /**
   * Retention of the CodeBuild log groups.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The pipeline of one environment, built from its core route. Pipeline-level variables carry everything a
 * clone changes (environment, stack, branch, ephemeral, pipeline name); stages and actions are named as
 * PIPELINE-CONTRACT.md says. Long-lived environments start on pushes (EventBridge, never polling);
 * template-only environments have no trigger and a disabled transition into Test.
 *
 * @example
 * const prod = new EnvironmentPipeline(stack, "ProdPipeline", {
 *   config, environment: "prod", repository: source.repository, buckets,
 * });
 * prod.pipeline.pipelineName; // "acme-prod"
 */
export class EnvironmentPipeline extends Construct {
  /** The CodePipeline V2 pipeline. */
  public readonly pipeline: codepipeline.Pipeline;
  /** The pipeline's service role; clones reuse it (the cloner may pass it to CodePipeline). */
  public readonly role: iam.IRole;
  /** The role CloudFormation assumes to deploy the stack. */
  public readonly deploymentRole: iam.IRole;
  /** The CodeBuild project of the Test stage. */
  public readonly testProject: codebuild.PipelineProject;
  /** The CodeBuild project of the Cleanup stage. */
  public readonly cleanupProject: codebuild.PipelineProject;
  /** The CodeBuild project of the Preview stage (an inline buildspec, `PREVIEW_SCRIPT`). */
  public readonly previewProject: codebuild.PipelineProject;
  /** The core route this pipeline runs (its own name, stack, branch and variables). */
  public readonly route: Route;
  /** The environment's config. */
  public readonly environment: EnvironmentConfig;

  constructor(scope: Construct, id: string, props: EnvironmentPipelineProps) {
    super(scope, id);
    const { config } = props;
    const environment = config.environments.find((candidate) => candidate.name === props.environment);
    const route = environmentRoutes(config).find((candidate) => candidate.environment === props.environment);
    if (environment === undefined || route === undefined) {
      const known = config.environments.map((candidate) => candidate.name).join(", ");
      throw new Error(
        `EnvironmentPipeline environment ${JSON.stringify(props.environment)} is not in the config. Fix: use one of ${known}, or add it to config.environments.`,
      );
    }
    // An environment in another account or region deploys through its target stack's roles (core names them).
    const target = remoteTarget(this, config, environment);
    const source = pipelineSource(props, environment.name);
    this.environment = environment;
    this.route = route;
    const variables = pipelineVariables(route, environment.name);
    const stores = artifactStore(this, props, target);
    const context = stageContext(
      this,
      { ...props, buckets: regionalBuckets(this, props, target) },
      environment,
      route,
      target,
    );
    const roles: PipelineRoleFactory = target === undefined ? sameAccountRoles : crossAccountRoles(target);
    const artifacts = {
      source: new codepipeline.Artifact("Source"),
      testOutput: new codepipeline.Artifact("TestOutput"),
    };

    // Resources are made in this order (their construct ids and order are the template's logical ids and order).
    const test = testStage(this, context, {
      input: artifacts.source,
      output: artifacts.testOutput,
      ...(props.testRole ? { role: props.testRole } : {}),
      ...(props.testTimeout ? { timeout: props.testTimeout } : {}),
    });
    const cleanup = cleanupStage(this, context, artifacts.source);
    this.deploymentRole = roles.deploymentRole(this, context, props.deploymentRole);
    if (props.deploymentRole === undefined && context.projectNeeds.stackStatements === undefined) {
      Annotations.of(this).addWarningV2(
        "@tributary/constructs:deployment-role",
        `EnvironmentPipeline ${environment.name}: the deployment role may read the templates and create nothing, so every deployment fails with AccessDenied. Fix: pass projectNeeds (DEMO_PROJECT for the demo project, or your own stackStatements), or a deploymentRole.`,
      );
    }
    const preview = previewStage(this, context, {
      input: artifacts.testOutput,
      deploymentRole: this.deploymentRole,
    });
    const pipelineRole = roles.pipelineRole(this, context);
    const actionRole = roles.changeSetActionRole(this, context, {
      pipelineRole,
      deploymentRole: this.deploymentRole,
    });
    this.testProject = test.project;
    this.cleanupProject = cleanup.project;
    this.previewProject = preview.project;

    this.pipeline = new codepipeline.Pipeline(this, "Resource", {
      pipelineName: route.pipelineName,
      pipelineType: codepipeline.PipelineType.V2,
      role: pipelineRole,
      ...stores,
      crossAccountKeys: false,
      restartExecutionOnUpdate: false,
      variables,
      stages: [
        sourceStage(source, context, artifacts.source),
        test.stage,
        preview.stage,
        ...approvalStage(context, props.approvalTopic),
        deployStage(context, {
          input: artifacts.testOutput,
          deploymentRole: this.deploymentRole,
          actionRole,
        }),
        cleanup.stage,
      ],
    });
    this.role = pipelineRole;
    Tags.of(this).add(MANAGED_TAGS.project, config.project);
    Tags.of(this).add(MANAGED_TAGS.environment, environment.name);
    acknowledgeFindings(this, config);
    if (target !== undefined) {
      // The artifact store of another region is named by its generated name, not a token of this stack.
      acknowledgeWildcardFindings(this, targetWildcardAcknowledgements(config, Stack.of(this).account));
    }
  }

  /** The pipeline's name (`<project>-<environment>`). */
  public get pipelineName(): string {
    return this.pipeline.pipelineName;
  }
}

/** The Source stage's source: `props.source`, or CodeCommit's from `props.repository`; exactly one of them. */
function pipelineSource(props: EnvironmentPipelineProps, environment: string): PipelineSource {
  if (props.source !== undefined && props.repository !== undefined) {
    throw new Error(
      `EnvironmentPipeline ${environment} was given both repository and source. Fix: pass source (GitHubSource.pipelineSource) for GitHub, or repository for CodeCommit, not both.`,
    );
  }
  if (props.source !== undefined) return props.source;
  if (props.repository !== undefined) return codeCommitSource(props.repository);
  throw new Error(
    `EnvironmentPipeline ${environment} has no source. Fix: pass repository (a CodeCommit repository, e.g. SourceRepository's) or source (GitHubSource.pipelineSource).`,
  );
}

/**
 * The pipeline's artifact store: the artifacts bucket, and with an action in another region the store of that region
 * as well (CodePipeline's `artifactStores`, one per region; CDK takes both from `crossRegionReplicationBuckets`).
 */
function artifactStore(
  scope: Construct,
  props: EnvironmentPipelineProps,
  target: RemoteTarget | undefined,
): Pick<codepipeline.PipelineProps, "artifactBucket" | "crossRegionReplicationBuckets"> {
  const { account: pipelineAccount, region: pipelineRegion } = Stack.of(scope);
  if (
    target !== undefined &&
    target.account !== pipelineAccount &&
    !props.buckets.artifactsBucket.encryptionKey
  ) {
    throw new Error(
      `EnvironmentPipeline ${props.environment}: the environment deploys in account ${target.account} and the artifacts bucket has no customer-managed key, which another account's roles need to read the artifacts. Fix: give TributaryBuckets an encryptionKey (a kms.Key of this stack).`,
    );
  }
  const targetRegion = target?.region;
  if (targetRegion === undefined || targetRegion === pipelineRegion) {
    return { artifactBucket: props.buckets.artifactsBucket };
  }
  const store = props.artifactStores?.[targetRegion];
  if (store === undefined) {
    const known = Object.keys(props.artifactStores ?? {});
    throw new Error(
      `EnvironmentPipeline ${props.environment}: the environment deploys in ${targetRegion} and the pipeline has no artifact store there (artifactStores has ${known.length === 0 ? "none" : known.join(", ")}). Fix: pass artifactStores: { "${targetRegion}": <a bucket in ${targetRegion} with a customer-managed key> } (a RegionalArtifactStore's bucket).`,
    );
  }
  return {
    crossRegionReplicationBuckets: { [pipelineRegion]: props.buckets.artifactsBucket, [targetRegion]: store },
  };
}

/**
 * The buckets the stages of this environment use: `props.buckets`, with the staging bucket of the environment's region
 * when it deploys in another region than the pipeline (its nested templates must be read from a bucket of its region).
 */
function regionalBuckets(
  scope: Construct,
  props: EnvironmentPipelineProps,
  target: RemoteTarget | undefined,
): PipelineBuckets {
  const targetRegion = target?.region;
  if (targetRegion === undefined || targetRegion === Stack.of(scope).region) return props.buckets;
  const stagingBucket = props.stagingBuckets?.[targetRegion];
  if (stagingBucket === undefined) {
    const known = Object.keys(props.stagingBuckets ?? {});
    throw new Error(
      `EnvironmentPipeline ${props.environment}: the environment deploys in ${targetRegion} and the pipeline has no staging bucket there (stagingBuckets has ${known.length === 0 ? "none" : known.join(", ")}); CloudFormation in ${targetRegion} reads a nested stack's TemplateURL only from a bucket of that region. Fix: pass stagingBuckets: { "${targetRegion}": <a bucket in ${targetRegion} with a customer-managed key> } (a RegionalArtifactStore's stagingBucket).`,
    );
  }
  return { ...props.buckets, stagingBucket };
}

/** cdk-nag AwsSolutions findings that this construct's design accepts, each with its reason. */
function acknowledgeFindings(pipeline: EnvironmentPipeline, config: TributaryConfig): void {
  for (const project of [pipeline.testProject, pipeline.previewProject, pipeline.cleanupProject]) {
    Validations.of(project).acknowledge({
      id: "AwsSolutions-CB4",
      reason:
        "Build artifacts are encrypted by the artifact bucket's default encryption (SSE-S3 or the customer key given to TributaryBuckets); CodeBuild falls back to the AWS-managed aws/s3 key.",
    });
  }
  acknowledgeTributaryFindings(pipeline, config);
}
