import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CodeBuildClient } from "@aws-sdk/client-codebuild";
import { CodeCommitClient } from "@aws-sdk/client-codecommit";
import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { type Action, defineConfig, resolveBranch } from "@tributary/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { testClients } from "../../../test/__fixtures__/cloner-clients";
import { newExecutionContext } from "./execution-context";
import { executeAction } from "./executor";
import { RefusalError } from "./refusal-error";

const config = defineConfig({ project: "acme", repository: "infra" });
const mocks = [mockClient(CodePipelineClient), mockClient(CodeCommitClient), mockClient(CodeBuildClient)];

const context = () =>
  newExecutionContext({
    config,
    clients: testClients(),
    telemetry: { logger: new Logger({ logLevel: "SILENT" }), metrics: new Metrics({ namespace: "Test" }) },
    eventId: "e-1",
    target: { partition: "aws", region: "eu-west-1", accountId: "123456789012" },
  });

beforeEach(() => {
  for (const mock of mocks) mock.reset();
});

const developRoute = resolveBranch(config, "develop");

describe("executeAction safety checks (defence in depth: core never plans these)", () => {
  it.each<[string, Action, string]>([
    [
      "deleting the dev pipeline",
      { type: "deleteClone", pipelineName: "acme-dev", expectedTags: {} },
      "protected-pipeline",
    ],
    [
      "deleting the prod pipeline",
      { type: "deleteClone", pipelineName: "acme-prod", expectedTags: {} },
      "protected-pipeline",
    ],
    [
      "tearing down the qa stack",
      {
        type: "teardownStack",
        stackName: "acme-qa",
        pipelineName: "acme-qa-release-1",
        idempotencyToken: "tributary-0000000000",
        reason: "removed",
      },
      "protected-stack",
    ],
    ...["acme-tributary-cicd", "acme-tributary-repository"].map((stackName): [string, Action, string] => [
      `tearing down the app's own stack ${stackName} (core's protected stacks)`,
      {
        type: "teardownStack",
        stackName,
        pipelineName: "",
        idempotencyToken: "tributary-0000000000",
        reason: "orphan",
      },
      "protected-stack",
    ]),
    ...(developRoute
      ? ([
          [
            "creating over the dev pipeline",
            { type: "createClone", route: developRoute },
            "protected-pipeline",
          ],
          [
            "updating the dev pipeline",
            { type: "updateClone", route: developRoute, templateVersion: "0000000000" },
            "protected-pipeline",
          ],
          [
            "starting the dev pipeline",
            { type: "startExecution", route: developRoute, commitId: "c", clientRequestToken: "t" },
            "protected-pipeline",
          ],
        ] satisfies Array<[string, Action, string]>)
      : []),
  ])("given %s, when executed, then it is refused before any AWS call", async (_case, action, reason) => {
    const run = executeAction(context(), action);

    await expect(run).rejects.toBeInstanceOf(RefusalError);
    await expect(executeAction(context(), action)).rejects.toMatchObject({ reason });
    expect(mocks.reduce((total, mock) => total + mock.calls().length, 0)).toBe(0);
  });
});
