/** SDK clients for unit tests: real client objects (their `send` is mocked with aws-sdk-client-mock), region set. */
import { CodeBuildClient } from "@aws-sdk/client-codebuild";
import { CodeCommitClient } from "@aws-sdk/client-codecommit";
import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { SNSClient } from "@aws-sdk/client-sns";
import type { ClonerClients } from "../../src/aws/clients";

/** Every client the cloner uses, in eu-west-1. */
export function testClients(): ClonerClients {
  const options = { region: "eu-west-1" };
  return {
    codePipeline: new CodePipelineClient(options),
    codeCommit: new CodeCommitClient(options),
    codeBuild: new CodeBuildClient(options),
    tagging: new ResourceGroupsTaggingAPIClient(options),
    serviceQuotas: new ServiceQuotasClient(options),
    sns: new SNSClient(options),
    events: new EventBridgeClient(options),
  };
}
