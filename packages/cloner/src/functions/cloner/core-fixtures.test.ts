import { readFileSync } from "node:fs";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { CodeBuildClient, StartBuildCommand } from "@aws-sdk/client-codebuild";
import {
  CodeCommitClient,
  GetCommentsForPullRequestCommand,
  GetPullRequestCommand,
  PostCommentForPullRequestCommand,
  UpdatePullRequestApprovalStateCommand,
} from "@aws-sdk/client-codecommit";
import {
  CodePipelineClient,
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListTagsForResourceCommand,
  StartPipelineExecutionCommand,
} from "@aws-sdk/client-codepipeline";
import { defineConfig, MANAGED_TAGS } from "@tributary/core";
import { environmentPipeline, type FixtureEnvironment } from "@tributary/fake-aws";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { testClients } from "../../../test/__fixtures__/cloner-clients";
import { lambdaContext } from "../../../test/__fixtures__/lambda-context";
import { createHandler } from "./create-handler";

// The events core's tests parse (shapes from the CodeCommit and CodePipeline user guides), run through the whole handler here, so
// that the two packages agree on what real EventBridge events do.
const config = defineConfig({ project: "acme", repository: "infra-deployment" });
const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(new URL(`../../../../core/src/events/__fixtures__/${name}.json`, import.meta.url), "utf8"),
  );
const codePipeline = mockClient(CodePipelineClient);
const codeCommit = mockClient(CodeCommitClient);
const codeBuild = mockClient(CodeBuildClient);

beforeEach(() => {
  codePipeline.reset();
  codeCommit.reset();
  codeBuild.reset();
  codePipeline.on(GetPipelineCommand).callsFake(async (input: { name: string }) => {
    const environment = input.name.replace("acme-", "");
    return {
      pipeline: environmentPipeline(environment as FixtureEnvironment, { repository: config.repository }),
    };
  });
  codePipeline.on(CreatePipelineCommand).resolves({});
  codePipeline.on(StartPipelineExecutionCommand).resolves({ pipelineExecutionId: "e" });
  codePipeline.on(ListTagsForResourceCommand).resolves({
    tags: [
      { key: MANAGED_TAGS.managed, value: "true" },
      { key: MANAGED_TAGS.project, value: "acme" },
      { key: MANAGED_TAGS.pullRequest, value: "42" },
    ],
  });
  const sourceCommit = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  codePipeline.on(GetPipelineExecutionCommand).resolves({
    pipelineExecution: { artifactRevisions: [{ name: "SourceOutput", revisionId: sourceCommit }] },
  });
  codePipeline.on(ListActionExecutionsCommand).resolves({ actionExecutionDetails: [] });
  codeCommit.on(GetPullRequestCommand).resolves({
    pullRequest: {
      pullRequestId: "42",
      pullRequestStatus: "OPEN",
      revisionId: "r-1",
      pullRequestTargets: [
        {
          repositoryName: "infra-deployment",
          sourceCommit,
          destinationCommit: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c",
        },
      ],
    },
  });
  codeCommit.on(GetCommentsForPullRequestCommand).resolves({ commentsForPullRequestData: [] });
  codeCommit.on(UpdatePullRequestApprovalStateCommand).resolves({});
  codePipeline.on(DeletePipelineCommand).resolves({});
  codeCommit.on(PostCommentForPullRequestCommand).resolves({ comment: { commentId: "c" } });
  codeBuild.on(StartBuildCommand).resolves({ build: { id: "b" } });
});

const handler = () =>
  createHandler({
    config,
    clients: testClients(),
    logger: new Logger({ logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "Tributary" }),
  });

describe("core's recorded events through the handler", () => {
  it.each([
    ["branch-created", ["createClone:acme-dev-feature-login:created"]],
    ["branch-created-full-ref", ["createClone:acme-qa-release-1.2.0:created"]],
    ["branch-updated", ["startExecution:acme-dev-feature-login:started"]],
    ["branch-updated-full-ref", ["startExecution:acme-qa-release-1.2.0:started"]],
    ["branch-merged-into-develop", ["ignore"]],
    [
      "branch-deleted",
      ["deleteClone:acme-dev-feature-login:deleted", "teardownStack:acme-dev-feature-login:teardown-started"],
    ],
    ["branch-deleted-full-ref", ["deleteClone:acme-qa-release-1.2.0:deleted"]],
    ["pull-request-created", ["createClone:acme-dev-pr-42:created"]],
    ["pull-request-reopened", ["createClone:acme-dev-pr-42:created"]],
    [
      "pull-request-source-updated",
      ["startExecution:acme-dev-pr-42:started", "revokeApproval:pull request 42:revoked"],
    ],
    ["pipeline-execution-succeeded", ["reportPipelineRun:acme-dev-pr-42:reported"]],
    [
      "pull-request-closed",
      ["deleteClone:acme-dev-pr-42:deleted", "teardownStack:acme-dev-pr-42:teardown-started"],
    ],
    [
      "pull-request-merged",
      ["deleteClone:acme-dev-pr-42:deleted", "teardownStack:acme-dev-pr-42:teardown-started"],
    ],
    ["tag-created", ["ignore"]],
  ])("given core's %s fixture, when handled, then the actions are %j", async (name, expected) => {
    const result = await handler()(fixture(name), lambdaContext());

    const summary = result.outcomes.map((outcome) =>
      outcome.action === "ignore" ? "ignore" : `${outcome.action}:${outcome.subject}:${outcome.outcome}`,
    );
    expect(summary).toEqual(expected);
  });
});
