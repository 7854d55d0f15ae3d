/**
 * The declaration of an environment pipeline as the constructs deploy it (PIPELINE-CONTRACT.md):
 * Source, Test, Deploy (CreateChangeSet, optional Approve, ExecuteChangeSet) and Cleanup, with the pipeline variables.
 */

import type { ActionDeclaration, PipelineDeclaration } from "@aws-sdk/client-codepipeline";

/** What differs between environment pipelines. */
export interface EnvironmentPipelineInput {
  readonly project: string;
  readonly environment: string;
  readonly repository: string;
  /** The branch its source action reads. */
  readonly branch: string;
  readonly requiresApproval: boolean;
  readonly accountId?: string;
}

/**
 * Builds the plain-JSON declaration `GetPipeline` returns for an environment pipeline.
 *
 * @example
 * environmentPipeline({ project: "acme", environment: "prod", repository: "infra", branch: "main", requiresApproval: true });
 */
export function environmentPipeline(input: EnvironmentPipelineInput): PipelineDeclaration {
  const name = `${input.project}-${input.environment}`;
  const account = input.accountId ?? "123456789012";
  const codeBuildVariables = JSON.stringify([
    { name: "TRIBUTARY_PROJECT", value: input.project, type: "PLAINTEXT" },
    { name: "TRIBUTARY_ENVIRONMENT", value: "#{variables.Environment}", type: "PLAINTEXT" },
    { name: "TRIBUTARY_STACK_NAME", value: "#{variables.StackName}", type: "PLAINTEXT" },
    { name: "TRIBUTARY_BRANCH", value: "#{variables.Branch}", type: "PLAINTEXT" },
    { name: "TRIBUTARY_EPHEMERAL", value: "#{variables.Ephemeral}", type: "PLAINTEXT" },
    { name: "PIPELINE_NAME", value: "#{variables.PipelineName}", type: "PLAINTEXT" },
    { name: "PIPELINE_EXECUTION_ID", value: "#{codepipeline.PipelineExecutionId}", type: "PLAINTEXT" },
  ]);
  const deployActions: ActionDeclaration[] = [
    {
      name: "CreateChangeSet",
      actionTypeId: { category: "Deploy", owner: "AWS", provider: "CloudFormation", version: "1" },
      runOrder: 1,
      configuration: {
        ActionMode: "CHANGE_SET_REPLACE",
        StackName: "#{variables.StackName}",
        ChangeSetName: "tributary",
        TemplatePath: "TestOutput::templates/main.yaml",
        TemplateConfiguration: "TestOutput::template-configuration.json",
        Capabilities: "CAPABILITY_IAM,CAPABILITY_AUTO_EXPAND",
        RoleArn: `arn:aws:iam::${account}:role/${name}-deploy`,
        ParameterOverrides: JSON.stringify({
          Environment: "#{variables.Environment}",
          TemplateBucket: `${input.project}-staging`,
          TemplatePrefix: "#{Test.STAGING_PREFIX}",
        }),
      },
      inputArtifacts: [{ name: "TestOutput" }],
      roleArn: `arn:aws:iam::${account}:role/${name}-actions`,
    },
    ...(input.requiresApproval
      ? ([
          {
            name: "Approve",
            actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" },
            runOrder: 2,
            configuration: {
              ExternalEntityLink: "#{Test.REPORT_URL}",
              NotificationArn: `arn:aws:sns:eu-west-1:${account}:${input.project}-approvals`,
            },
          },
        ] satisfies ActionDeclaration[])
      : []),
    {
      name: "ExecuteChangeSet",
      actionTypeId: { category: "Deploy", owner: "AWS", provider: "CloudFormation", version: "1" },
      runOrder: 3,
      configuration: {
        ActionMode: "CHANGE_SET_EXECUTE",
        StackName: "#{variables.StackName}",
        ChangeSetName: "tributary",
      },
      roleArn: `arn:aws:iam::${account}:role/${name}-actions`,
    },
  ];
  return {
    name,
    roleArn: `arn:aws:iam::${account}:role/${name}-pipeline`,
    artifactStore: { type: "S3", location: `${input.project}-artifacts` },
    pipelineType: "V2",
    executionMode: "QUEUED",
    variables: [
      { name: "Environment", defaultValue: input.environment, description: "Environment name" },
      { name: "StackName", defaultValue: name, description: "Stack the pipeline deploys" },
      { name: "Branch", defaultValue: input.branch, description: "Source branch" },
      {
        name: "Ephemeral",
        defaultValue: "false",
        description: "Whether the stack is torn down with the branch",
      },
      { name: "PipelineName", defaultValue: name, description: "This pipeline's name" },
    ],
    stages: [
      {
        name: "Source",
        actions: [
          {
            name: "Source",
            actionTypeId: { category: "Source", owner: "AWS", provider: "CodeCommit", version: "1" },
            runOrder: 1,
            configuration: {
              RepositoryName: input.repository,
              BranchName: input.branch,
              PollForSourceChanges: "false",
              OutputArtifactFormat: "CODE_ZIP",
            },
            outputArtifacts: [{ name: "Source" }],
            roleArn: `arn:aws:iam::${account}:role/${name}-source`,
          },
        ],
      },
      {
        name: "Test",
        actions: [
          {
            name: "Test",
            actionTypeId: { category: "Test", owner: "AWS", provider: "CodeBuild", version: "1" },
            runOrder: 1,
            namespace: "Test",
            configuration: { ProjectName: `${input.project}-test`, EnvironmentVariables: codeBuildVariables },
            inputArtifacts: [{ name: "Source" }],
            outputArtifacts: [{ name: "TestOutput" }],
          },
        ],
      },
      { name: "Deploy", actions: deployActions },
      {
        name: "Cleanup",
        actions: [
          {
            name: "Cleanup",
            actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
            runOrder: 1,
            configuration: {
              ProjectName: `${input.project}-cleanup`,
              EnvironmentVariables: codeBuildVariables,
            },
            inputArtifacts: [{ name: "Source" }],
          },
        ],
      },
    ],
    version: 3,
  };
}
