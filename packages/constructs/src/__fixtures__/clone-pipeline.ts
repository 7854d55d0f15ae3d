/** A managed clone in moto's CodePipeline, for the teardown scripts' tests (a live clone refuses a teardown). */
import { defineConfig, ownershipRule } from "@tributary/core";
import type { Boto3Runner } from "./boto3-runner";

/**
 * Creates the pipeline `name` in moto (with the IAM role moto requires CodePipeline may assume), tagged as project
 * `acme`'s clone plus `tags`, in the account and region of the runner's credentials.
 *
 * @example
 * await createClonePipeline(python, "acme-dev-feature-x", { "tributary:stack": "acme-dev-feature-x" });
 */
export async function createClonePipeline(
  python: Boto3Runner,
  name: string,
  tags: Record<string, string>,
): Promise<void> {
  await python.run(
    `
iam = boto3.client("iam")
role = iam.create_role(RoleName=params["name"] + "-pipeline", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "codepipeline.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
boto3.client("codepipeline").create_pipeline(pipeline={
    "name": params["name"], "roleArn": role, "artifactStore": {"type": "S3", "location": "acme-artifacts"},
    "stages": [
        {"name": "Source", "actions": [{"name": "Source", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "CodeCommit", "version": "1"}, "configuration": {"RepositoryName": "infra", "BranchName": "feature/x"}, "outputArtifacts": [{"name": "SourceOutput"}]}]},
        {"name": "Deploy", "actions": [{"name": "Deploy", "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"}, "configuration": {"ProjectName": "x"}, "inputArtifacts": [{"name": "SourceOutput"}]}]},
    ]}, tags=[{"key": k, "value": v} for k, v in params["tags"].items()])
`,
    {
      name,
      tags: { ...ownershipRule(defineConfig({ project: "acme", repository: "infra" })).cloneTags, ...tags },
    },
  );
}
