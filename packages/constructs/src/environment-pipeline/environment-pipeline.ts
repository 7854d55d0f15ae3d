/**
 * One environment's CodePipeline V2: Source → Test (cfn-lint, TaskCat) → Preview (change set against the shared stack,
 * never executed) → Approval (environments with requiresApproval) → Deploy (change set, execute) → Cleanup.
 */

import {
  buildspecVariables,
  DISTRIBUTION_OWNER_TAG,
  type EnvironmentConfig,
  environmentPipelinePatterns,
  environmentRoutes,
  environmentStackPatterns,
  MANAGED_TAGS,
  PIPELINE_VARIABLES,
  PREVIEW_ACTION_NAME,
  PREVIEW_CHANGE_SET_PREFIX,
  PREVIEW_NAMESPACE,
  PREVIEW_OUTPUTS,
  previewKey,
  previewProjectVariables,
  type Route,
  reportPrefix,
  sameAccountAndRegion,
  stagingPrefix,
  TASKCAT_BUCKET_PREFIX,
  TASKCAT_STACK_PREFIX,
  type TributaryConfig,
} from "@tributary/core";
import { Duration, Stack, Tags, Token, Validations } from "aws-cdk-lib";
import * as codebuild from "aws-cdk-lib/aws-codebuild";
import type * as codecommit from "aws-cdk-lib/aws-codecommit";
import * as codepipeline from "aws-cdk-lib/aws-codepipeline";
import * as actions from "aws-cdk-lib/aws-codepipeline-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { demoStackStatements } from "../demo/demo-stack-policy.js";
import { acknowledgeTributaryFindings } from "../nag/nag-acknowledgements.js";
import { PREVIEW_CAPABILITIES, previewBuildSpec } from "./preview/preview-buildspec.js";
import type { PipelineBuckets } from "../buckets/tributary-buckets.js";

/**
 * Contract names (PIPELINE-CONTRACT.md): the cloner looks stages and actions up by these.
 *
 * @example
 * PIPELINE_STAGES.deploy; // "Deploy"
 * devPipeline.pipeline.stages.map((stage) => stage.stageName); // ["Source", "Test", "Preview", "Deploy", "Cleanup"]
 * prodPipeline.pipeline.stages.map((stage) => stage.stageName);
 * // ["Source", "Test", "Preview", "Approval", "Deploy", "Cleanup"]
 */
export const PIPELINE_STAGES = {
  source: "Source",
  test: "Test",
  preview: "Preview",
  approval: "Approval",
  deploy: "Deploy",
  cleanup: "Cleanup",
} as const;

/**
 * Contract names of the actions.
 *
 * @example
 * PIPELINE_ACTIONS.createChangeSet; // "CreateChangeSet"
 * PIPELINE_ACTIONS.approve; // "Approve" (stage Approval), only in environments with requiresApproval
 */
export const PIPELINE_ACTIONS = {
  source: "Source",
  test: "Test",
  preview: PREVIEW_ACTION_NAME,
  createChangeSet: "CreateChangeSet",
  approve: "Approve",
  executeChangeSet: "ExecuteChangeSet",
  cleanup: "Cleanup",
} as const;

/**
 * The variable namespace of the Test action, which exports `STAGING_PREFIX` and `REPORT_URL`.
 *
 * @example
 * `#{${TEST_NAMESPACE}.REPORT_URL}`; // "#{Test.REPORT_URL}", the approval's link to the TaskCat report
 */
export const TEST_NAMESPACE = "Test";

/**
 * The change set every pipeline creates and executes.
 *
 * @example
 * CHANGE_SET_NAME; // "tributary": the ChangeSetName of the CreateChangeSet and ExecuteChangeSet actions
 */
export const CHANGE_SET_NAME = "tributary";

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
  /** The CodeCommit repository to read. */
  readonly repository: codecommit.IRepository;
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
   * The role CloudFormation assumes to deploy the stack. It must trust `cloudformation.amazonaws.com` and be
   * allowed to create your templates' resources; the construct adds read access to the staging and artifacts
   * buckets. Pass one when your templates hold more than the demo's S3 bucket and CloudFront distribution.
   *
   * @default - a role limited to this environment's stacks (`<project>-<env>`, `<project>-<env>-*`), their
   * buckets (`<project>-<env>-*`), CloudFront distributions tagged `tributary:stack=<project>-<env>(-*)`, and the
   * account's origin access controls (IAM cannot scope those by tag or name)
   */
  readonly deploymentRole?: iam.IRole;
  /**
   * The role of the Test CodeBuild project. TaskCat launches the templates for real, so this role needs what
   * the templates create.
   *
   * @default - a role limited to TaskCat's stacks (`tCaT-*`) and buckets (`tcat-*`) in the environment's
   * `testRegions`, CloudFront distributions tagged `tributary:stack=tCaT-*` and origin access controls (both only
   * through CloudFormation), the staging bucket and the reports bucket
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
    const { config, buckets } = props;
    const environment = config.environments.find((candidate) => candidate.name === props.environment);
    const route = environmentRoutes(config).find((candidate) => candidate.environment === props.environment);
    if (environment === undefined || route === undefined) {
      const known = config.environments.map((candidate) => candidate.name).join(", ");
      throw new Error(
        `EnvironmentPipeline environment ${JSON.stringify(props.environment)} is not in the config. Fix: use one of ${known}, or add it to config.environments.`,
      );
    }
    assertSameAccountAndRegion(this, environment);
    this.environment = environment;
    this.route = route;
    const stack = Stack.of(this);
    // Core names every stack and pipeline of this environment <project>-<env> or <project>-<env>-… (clones), so
    // permissions are scoped to this environment: its builds cannot touch another environment's stacks or files.
    const stackPatterns = environmentStackPatterns(config, environment.name);
    const stackNames = stackPatterns.map((pattern) => (pattern.endsWith("*") ? pattern : `${pattern}/*`));
    const bucketNames = stackPatterns.filter((pattern) => pattern.endsWith("*"));
    // Every execution's objects of this pipeline and its clones, by core's own key layout.
    const objectKeys = (folder: "staging" | "reports") =>
      environmentPipelinePatterns(config, environment.name).map((pattern) =>
        folder === "staging" ? stagingPrefix(pattern, "*") : reportPrefix(pattern, "*"),
      );
    // TaskCat tests in the regions the config lists for it (ci/<env>/.taskcat.yml), else the environment's own.
    const testRegions = environment.testRegions ?? [environment.region ?? stack.region];

    const variables = Object.values(PIPELINE_VARIABLES).map((name) => {
      const defaultValue = route.variables[name];
      if (defaultValue === undefined) {
        throw new Error(
          `EnvironmentPipeline: core's route for ${environment.name} has no value for pipeline variable ${name}. Fix: rebuild @tributary/core and @tributary/constructs together (pnpm turbo build).`,
        );
      }
      return new codepipeline.Variable({
        variableName: name,
        defaultValue,
        description: VARIABLE_DESCRIPTIONS[name],
      });
    });
    const variable = (name: (typeof PIPELINE_VARIABLES)[keyof typeof PIPELINE_VARIABLES]) =>
      `#{variables.${name}}`;
    // Every value the buildspecs read comes from core (PIPELINE-CONTRACT.md). The shared ones go on the CodeBuild
    // projects, which clones reuse; the per-execution ones on the actions, as CodePipeline references that
    // clones resolve to their own values. That also keeps each action's EnvironmentVariables under 1000 characters.
    const buildspecEnvironment = buildspecVariables({
      project: config.project,
      stagingBucket: buckets.stagingBucket.bucketName,
      reportsBucket: buckets.reportsBucket.bucketName,
      region: stack.region,
      testNamespace: TEST_NAMESPACE,
    });
    const plainText = (values: Readonly<Record<string, string>>) =>
      Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value }])) as Record<
        string,
        codebuild.BuildEnvironmentVariable
      >;

    const buildImage = props.buildImage ?? codebuild.LinuxBuildImage.STANDARD_7_0;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    this.testProject = new codebuild.PipelineProject(this, "TestProject", {
      description: `Tributary ${route.pipelineName}: cfn-lint and TaskCat (buildspec.yml from the source)`,
      environment: { buildImage, computeType: codebuild.ComputeType.SMALL },
      environmentVariables: plainText(buildspecEnvironment.project),
      timeout: props.testTimeout ?? Duration.minutes(60),
      logging: { cloudWatch: { logGroup: new logs.LogGroup(this, "TestLogs", { retention: logRetention }) } },
      ...(props.testRole ? { role: props.testRole } : {}),
    });
    for (const key of objectKeys("staging")) buckets.stagingBucket.grantReadWrite(this.testProject, key);
    for (const key of objectKeys("reports")) buckets.reportsBucket.grantReadWrite(this.testProject, key);
    if (props.testRole === undefined) {
      for (const statement of demoStackStatements(this, {
        stackNames: [`${TASKCAT_STACK_PREFIX}*`],
        bucketNames: [`${TASKCAT_BUCKET_PREFIX}*`],
        distributionOwners: [`${TASKCAT_STACK_PREFIX}*`],
        stackRegions: testRegions,
        // The Test project runs the repository's buildspec: only CloudFormation (TaskCat's stacks) may use CloudFront.
        viaCloudFormationOnly: true,
      })) {
        this.testProject.addToRolePolicy(statement);
      }
      this.testProject.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "TaskCatObjects",
          // TaskCat uploads the project with a canned ACL, hence PutObjectAcl.
          actions: ["s3:GetObject", "s3:PutObject", "s3:PutObjectAcl", "s3:DeleteObject"],
          resources: [`arn:${stack.partition}:s3:::${TASKCAT_BUCKET_PREFIX}*/*`],
          conditions: { StringEquals: { "aws:RequestedRegion": testRegions } },
        }),
      );
      this.testProject.addToRolePolicy(
        new iam.PolicyStatement({
          sid: "TaskCatDiscovery",
          // These actions support no resource-level permissions (Service Authorization Reference): "*" is the only form.
          actions: [
            "cloudformation:ValidateTemplate",
            "ec2:DescribeRegions",
            "ec2:DescribeAvailabilityZones",
          ],
          resources: ["*"],
        }),
      );
    }

    this.cleanupProject = new codebuild.PipelineProject(this, "CleanupProject", {
      description: `Tributary ${route.pipelineName}: remove staged templates, publish the website page (buildspec-cleanup.yml)`,
      buildSpec: codebuild.BuildSpec.fromSourceFilename("buildspec-cleanup.yml"),
      environment: { buildImage, computeType: codebuild.ComputeType.SMALL },
      environmentVariables: plainText(buildspecEnvironment.project),
      timeout: Duration.minutes(15),
      logging: {
        cloudWatch: { logGroup: new logs.LogGroup(this, "CleanupLogs", { retention: logRetention }) },
      },
    });
    for (const key of objectKeys("staging")) {
      buckets.stagingBucket.grantRead(this.cleanupProject, key);
      buckets.stagingBucket.grantDelete(this.cleanupProject, key);
    }
    this.cleanupProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadStackOutputs",
        actions: ["cloudformation:DescribeStacks"],
        resources: stackNames.map((name) => stackArn(this, name)),
      }),
    );
    this.cleanupProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "PublishWebsitePage",
        actions: ["s3:PutObject"],
        resources: bucketNames.map((name) => `arn:${stack.partition}:s3:::${name}/*`),
      }),
    );
    this.cleanupProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "InvalidateWebsiteCache",
        actions: ["cloudfront:CreateInvalidation"],
        resources: [
          stack.formatArn({ service: "cloudfront", region: "", resource: "distribution", resourceName: "*" }),
        ],
        // Only this environment's distributions: the demo template tags each with its stack's name.
        conditions: { StringLike: { [`aws:ResourceTag/${DISTRIBUTION_OWNER_TAG}`]: stackPatterns } },
      }),
    );

    if (props.deploymentRole) {
      this.deploymentRole = props.deploymentRole;
    } else {
      const role = new iam.Role(this, "DeploymentRole", {
        assumedBy: new iam.ServicePrincipal("cloudformation.amazonaws.com"),
        description: `CloudFormation role of ${route.pipelineName} and its clones: stacks ${environment.stackName}(-*)`,
      });
      for (const statement of demoStackStatements(this, {
        stackNames,
        bucketNames,
        distributionOwners: stackPatterns,
      })) {
        role.addToPolicy(statement);
      }
      this.deploymentRole = role;
    }
    // CloudFormation only gets the template objects: s3:GetObject, not CDK's grantRead families (GetObject*, List*,
    // GetBucket*), which it never calls.
    this.deploymentRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadTemplates",
        actions: ["s3:GetObject"],
        resources: [
          ...objectKeys("staging").map((key) => buckets.stagingBucket.arnForObjects(key)),
          buckets.artifactsBucket.arnForObjects("*"),
        ],
      }),
    );
    for (const bucket of [buckets.stagingBucket, buckets.artifactsBucket]) {
      bucket.encryptionKey?.grantDecrypt(this.deploymentRole);
    }

    // The Preview step: a change set against the environment's shared stack (the same in every clone, which
    // share this project), described and deleted, never executed (PIPELINE-CONTRACT.md).
    const sharedStack = stackArn(this, `${environment.stackName}/*`);
    // Nested stacks are named <parent>-<logical id>-<suffix>, so their change sets live on <shared>-* stacks.
    const sharedNestedStacks = stackArn(this, `${environment.stackName}-*/*`);
    // The condition key holds what the request names: the change set's name, or its ARN (nested change sets are
    // described by ARN). Nested change sets carry the root's name with the nested stack's around it.
    const previewChangeSetNames = {
      "cloudformation:ChangeSetName": [
        `${PREVIEW_CHANGE_SET_PREFIX}*`,
        `*-${PREVIEW_CHANGE_SET_PREFIX}*`,
        `arn:${stack.partition}:cloudformation:${stack.region}:${stack.account}:changeSet/*${PREVIEW_CHANGE_SET_PREFIX}*`,
      ],
    };
    this.previewProject = new codebuild.PipelineProject(this, "PreviewProject", {
      description: `Tributary ${route.pipelineName}: preview change sets against ${environment.stackName}, never executed`,
      buildSpec: previewBuildSpec(),
      environment: { buildImage, computeType: codebuild.ComputeType.SMALL },
      environmentVariables: plainText({
        ...buildspecEnvironment.project,
        ...previewProjectVariables({
          stackName: environment.stackName,
          deploymentRoleArn: this.deploymentRole.roleArn,
        }),
      }),
      timeout: Duration.minutes(30),
      logging: {
        cloudWatch: { logGroup: new logs.LogGroup(this, "PreviewLogs", { retention: logRetention }) },
      },
    });
    this.previewProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "PreviewChangeSetsOnSharedStack",
        actions: ["cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet"],
        resources: [sharedStack],
        conditions: {
          StringLike: previewChangeSetNames,
          // CreateChangeSet only with the deployment role (DeleteChangeSet has no such key: ignored there).
          StringEqualsIfExists: { "cloudformation:RoleArn": this.deploymentRole.roleArn },
        },
      }),
    );
    this.previewProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "DescribePreviewChangeSets",
        actions: ["cloudformation:DescribeChangeSet"],
        resources: [sharedStack, sharedNestedStacks],
        conditions: { StringLike: previewChangeSetNames },
      }),
    );
    this.previewProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadSharedStack",
        actions: ["cloudformation:DescribeStacks"],
        resources: [sharedStack],
      }),
    );
    this.previewProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "NeverExecuteAChangeSet",
        effect: iam.Effect.DENY,
        actions: ["cloudformation:ExecuteChangeSet"],
        resources: ["*"],
      }),
    );
    this.previewProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "PassDeploymentRoleToCloudFormation",
        actions: ["iam:PassRole"],
        resources: [this.deploymentRole.roleArn],
        conditions: { StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } },
      }),
    );
    this.previewProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "ReadStagedTemplates",
        // A main.yaml over TemplateBody's 51,200 bytes is read from its staged copy.
        actions: ["s3:GetObject"],
        resources: objectKeys("staging").map((key) => buckets.stagingBucket.arnForObjects(key)),
      }),
    );
    this.previewProject.addToRolePolicy(
      new iam.PolicyStatement({
        sid: "WritePreviews",
        actions: ["s3:PutObject"],
        resources: environmentPipelinePatterns(config, environment.name).map((pattern) =>
          buckets.reportsBucket.arnForObjects(previewKey(pattern, "*")),
        ),
      }),
    );
    buckets.stagingBucket.encryptionKey?.grantDecrypt(this.previewProject);
    buckets.reportsBucket.encryptionKey?.grantEncrypt(this.previewProject);

    const source = new codepipeline.Artifact("Source");
    const testOutput = new codepipeline.Artifact("TestOutput");
    const stackName = variable(PIPELINE_VARIABLES.stackName);
    const pipelineRole = new iam.Role(this, "PipelineRole", {
      assumedBy: new iam.ServicePrincipal("codepipeline.amazonaws.com"),
      description: `Service role of ${route.pipelineName} and its clones`,
    });
    // CDK would scope the change-set actions' grants to the literal ARN stack/#{variables.StackName}, which matches
    // no stack: the actions get this role without policy updates, and it carries the effective grants itself.
    const deployActionRole = new iam.Role(this, "DeployActionRole", {
      assumedBy: pipelineRole,
      description: `Change-set actions of ${route.pipelineName} and its clones: stacks ${environment.stackName}(-*)`,
    });
    deployActionRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "ChangeSetsOnEnvironmentStacks",
        actions: [
          "cloudformation:CreateChangeSet",
          "cloudformation:DescribeChangeSet",
          "cloudformation:DeleteChangeSet",
          "cloudformation:ExecuteChangeSet",
          "cloudformation:DescribeStacks",
        ],
        resources: stackNames.map((name) => stackArn(this, name)),
      }),
    );
    deployActionRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "PassDeploymentRoleToCloudFormation",
        actions: ["iam:PassRole"],
        resources: [this.deploymentRole.roleArn],
        conditions: { StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } },
      }),
    );
    buckets.artifactsBucket.grantRead(deployActionRole);
    const deployActions: codepipeline.IAction[] = [
      new actions.CloudFormationCreateReplaceChangeSetAction({
        actionName: PIPELINE_ACTIONS.createChangeSet,
        runOrder: 1,
        stackName,
        changeSetName: CHANGE_SET_NAME,
        templatePath: testOutput.atPath("templates/main.yaml"),
        templateConfiguration: testOutput.atPath("template-configuration.json"),
        parameterOverrides: {
          Environment: variable(PIPELINE_VARIABLES.environment),
          TemplateBucket: buckets.stagingBucket.bucketName,
          TemplatePrefix: `#{${TEST_NAMESPACE}.STAGING_PREFIX}`,
        },
        // The Preview step's change set uses the same.
        cfnCapabilities: [...PREVIEW_CAPABILITIES],
        adminPermissions: false,
        deploymentRole: this.deploymentRole,
        role: deployActionRole.withoutPolicyUpdates(),
      }),
    ];
    deployActions.push(
      new actions.CloudFormationExecuteChangeSetAction({
        actionName: PIPELINE_ACTIONS.executeChangeSet,
        runOrder: 2,
        stackName,
        changeSetName: CHANGE_SET_NAME,
        role: deployActionRole.withoutPolicyUpdates(),
      }),
    );

    this.pipeline = new codepipeline.Pipeline(this, "Resource", {
      pipelineName: route.pipelineName,
      pipelineType: codepipeline.PipelineType.V2,
      role: pipelineRole,
      artifactBucket: buckets.artifactsBucket,
      crossAccountKeys: false,
      restartExecutionOnUpdate: false,
      variables,
      stages: [
        {
          stageName: PIPELINE_STAGES.source,
          actions: [
            new actions.CodeCommitSourceAction({
              actionName: PIPELINE_ACTIONS.source,
              repository: props.repository,
              branch: route.branch,
              output: source,
              // Long-lived branches start their pipeline on push through EventBridge; template-only
              // environments are started by the cloner (clones) and never by themselves. Never polling.
              trigger:
                environment.branch === null
                  ? actions.CodeCommitTrigger.NONE
                  : actions.CodeCommitTrigger.EVENTS,
            }),
          ],
        },
        {
          stageName: PIPELINE_STAGES.test,
          ...(environment.branch === null
            ? {
                transitionToEnabled: false,
                transitionDisabledReason:
                  "Template-only environment: its clones run, the template never does",
              }
            : {}),
          actions: [
            new actions.CodeBuildAction({
              actionName: PIPELINE_ACTIONS.test,
              project: this.testProject,
              input: source,
              outputs: [testOutput],
              variablesNamespace: TEST_NAMESPACE,
              environmentVariables: plainText(buildspecEnvironment.test),
            }),
          ],
        },
        {
          stageName: PIPELINE_STAGES.preview,
          actions: [
            new actions.CodeBuildAction({
              actionName: PIPELINE_ACTIONS.preview,
              project: this.previewProject,
              input: testOutput,
              variablesNamespace: PREVIEW_NAMESPACE,
              environmentVariables: plainText(buildspecEnvironment.preview),
            }),
          ],
        },
        ...(environment.requiresApproval
          ? [
              {
                stageName: PIPELINE_STAGES.approval,
                actions: [
                  new actions.ManualApprovalAction({
                    actionName: PIPELINE_ACTIONS.approve,
                    externalEntityLink: `#{${PREVIEW_NAMESPACE}.${PREVIEW_OUTPUTS.url}}`,
                    additionalInformation: `Review the change-set preview of ${environment.stackName} (link; #{${PREVIEW_NAMESPACE}.${PREVIEW_OUTPUTS.status}}) and the TaskCat report (#{${TEST_NAMESPACE}.REPORT_URL}), then approve to deploy ${variable(PIPELINE_VARIABLES.branch)} to ${environment.name}.`,
                    ...(props.approvalTopic ? { notificationTopic: props.approvalTopic } : {}),
                  }),
                ],
                ...(config.approvals.skipWhenNoChanges
                  ? {
                      beforeEntry: {
                        conditions: [
                          {
                            result: codepipeline.Result.SKIP,
                            rules: [
                              new codepipeline.Rule({
                                name: "SkipWhenNoChanges",
                                provider: "VariableCheck",
                                version: "1",
                                configuration: {
                                  Variable: `#{${PREVIEW_NAMESPACE}.${PREVIEW_OUTPUTS.status}}`,
                                  Operator: "NE",
                                  Value: "no-changes",
                                },
                              }),
                            ],
                          },
                        ],
                      },
                    }
                  : {}),
              },
            ]
          : []),
        { stageName: PIPELINE_STAGES.deploy, actions: deployActions },
        {
          stageName: PIPELINE_STAGES.cleanup,
          actions: [
            new actions.CodeBuildAction({
              actionName: PIPELINE_ACTIONS.cleanup,
              project: this.cleanupProject,
              input: source,
              environmentVariables: plainText(buildspecEnvironment.cleanup),
            }),
          ],
        },
      ],
    });
    this.role = pipelineRole;
    Tags.of(this).add(MANAGED_TAGS.project, config.project);
    Tags.of(this).add(MANAGED_TAGS.environment, environment.name);
    acknowledgeFindings(this, config);
  }

  /** The pipeline's name (`<project>-<environment>`). */
  public get pipelineName(): string {
    return this.pipeline.pipelineName;
  }
}

/** Descriptions of the pipeline-level variables, shown in the console. */
const VARIABLE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  [PIPELINE_VARIABLES.environment]: "Environment whose pipeline this is (or copies)",
  [PIPELINE_VARIABLES.stackName]: "CloudFormation stack this pipeline deploys",
  [PIPELINE_VARIABLES.branch]: "Branch this pipeline builds, as a tag value (core tagValue)",
  [PIPELINE_VARIABLES.ephemeral]: "true when the stack belongs to this branch or pull request alone",
  [PIPELINE_VARIABLES.pipelineName]: "This pipeline's own name (clones set their own)",
};

/** `arn:<partition>:cloudformation:<region>:<account>:stack/<pattern>`. */
function stackArn(scope: Construct, pattern: string): string {
  return Stack.of(scope).formatArn({ service: "cloudformation", resource: "stack", resourceName: pattern });
}

/** Throws when the environment asks for another account or region than the stack's (core's sameAccountAndRegion). */
function assertSameAccountAndRegion(scope: Construct, environment: EnvironmentConfig): void {
  const stack = Stack.of(scope);
  for (const [field, wanted, actual] of [
    ["account", environment.account, stack.account],
    ["region", environment.region, stack.region],
  ] as const) {
    if (wanted !== undefined && Token.isUnresolved(actual)) {
      throw new Error(
        `EnvironmentPipeline ${environment.name}: config.environments.${environment.name}.${field} is ${wanted} but the stack ${stack.stackName} has no explicit ${field}, so it cannot be checked. Fix: give the stack env: { ${field}: "${wanted}" }, or remove the ${field} from the config.`,
      );
    }
  }
  const [mismatch] = sameAccountAndRegion([environment], {
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
  }).mismatches;
  if (mismatch !== undefined) {
    const { field, wanted, expected } = mismatch;
    throw new Error(
      `EnvironmentPipeline ${environment.name}: config.environments.${environment.name}.${field} is ${wanted} but the stack deploys to ${expected}; cross-account and cross-region environments are not supported yet. Fix: deploy the CI/CD stack to ${field} ${wanted}, or remove the ${field} from the config.`,
    );
  }
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
