/** README usage: the whole system in one stack, checked by cdk-nag, summarised from the synthesized template. */

import { defineConfig } from "@tributary/core";
import { App, CfnResource, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import {
  DEMO_PROJECT,
  EnvironmentPipeline,
  PipelineCloner,
  PipelineNotifications,
  PullRequestApprovalRule,
  SourceRepository,
  TributaryBuckets,
} from "../src/index.js";

const config = defineConfig({
  project: "acme",
  repository: "acme-infra",
  notificationEmails: ["ops@example.com"],
});

const app = new App();
const checks = new AwsSolutionsChecks(app);
Validations.of(app).addPlugins(checks); // cdk-nag v3: a validation plugin, not an Aspect
const stack = new Stack(app, "AcmeCicd", { env: { account: "123456789012", region: "eu-west-1" } });

const source = new SourceRepository(stack, "Source", { config, existing: true });
const buckets = new TributaryBuckets(stack, "Buckets", { removalPolicy: RemovalPolicy.DESTROY });
const notifications = new PipelineNotifications(stack, "Notifications", {
  config,
  reportsBucket: buckets.reportsBucket, // approval messages link the TaskCat report
});
const pipelines = config.environments.map(
  (environment) =>
    new EnvironmentPipeline(
      stack,
      `${environment.name.charAt(0).toUpperCase()}${environment.name.slice(1)}Pipeline`,
      {
        config,
        environment: environment.name,
        repository: source.repository,
        buckets,
        projectNeeds: DEMO_PROJECT, // the demo project's TaskCat tests, website page, S3 and CloudFront
      },
    ),
);
const cloner = new PipelineCloner(stack, "Cloner", {
  config,
  repository: source.repository,
  pipelineRoles: pipelines.map((pipeline) => pipeline.role),
  alarmTopic: notifications.topicsFor("prod").failures,
});
// The living comment of each pull request (its clone's runs, with the Preview step's preview.json), by the notifier.
notifications.notifier.commentOnPullRequests({
  repository: source.repository,
  reportsBucket: buckets.reportsBucket,
});
// Merges into main and develop wait for the cloner's approval, given when the pull request's pipeline succeeds.
new PullRequestApprovalRule(stack, "PullRequestApprovalRule", {
  config,
  repository: source.repository,
  approver: cloner.role,
});
// ...then print each pipeline's stages, the resource counts, the Lambda functions and the cdk-nag findings

const template = Template.fromStack(stack).toJSON() as {
  Resources: Record<
    string,
    { Type: string; Properties: { Name?: string; Stages?: { Name: string; Actions: { Name: string }[] }[] } }
  >;
};
for (const resource of Object.values(template.Resources)) {
  if (resource.Type !== "AWS::CodePipeline::Pipeline") continue;
  const stages = (resource.Properties.Stages ?? []).map(
    (stage) => `${stage.Name}[${stage.Actions.map((action) => action.Name).join(",")}]`,
  );
  console.log(`${resource.Properties.Name}: ${stages.join(" → ")}`);
}
const counts = new Map<string, number>();
for (const resource of Object.values(template.Resources))
  counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
console.log(
  [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, count]) => `${type} ×${count}`)
    .join("\n"),
);
// Each Lambda function by its construct path under the stack (CDK's providers included).
const functions = stack.node
  .findAll()
  .filter((node) => node instanceof CfnResource && node.cfnResourceType === "AWS::Lambda::Function")
  .map((node) => node.node.path.slice(stack.node.path.length + 1).replace(/(\/(Resource|Handler))+$/, ""));
console.log(`Lambda functions: ${functions.join(", ")}`);
console.log(`cdk-nag AwsSolutions findings: ${checks.validateScope(app).violations.length}`);
