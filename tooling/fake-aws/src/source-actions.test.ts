import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  type PipelineDeclaration,
} from "@aws-sdk/client-codepipeline";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { environmentPipeline } from "../fixtures/environment-pipeline";
import { type FakeAws, startFakeAws } from "./fake-aws-server";

const CONNECTION =
  "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
const HEAD = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
let aws: FakeAws;
let codePipeline: CodePipelineClient;

beforeAll(async () => {
  aws = await startFakeAws({
    connectionBranchHead: (repository, branch) =>
      repository === "acme/infra" && branch === "feature/login" ? HEAD : undefined,
  });
  codePipeline = new CodePipelineClient({
    region: "eu-west-1",
    endpoint: aws.url,
    credentials: { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  await aws.close();
});
beforeEach(() => {
  aws.codePipeline.pipelines.clear();
});

/** Given: the dev pipeline reading GitHub through a connection, its source configuration changed by `change`. */
function gitHubPipeline(
  change: (configuration: Record<string, string>) => void = () => {},
): PipelineDeclaration {
  const pipeline = environmentPipeline("dev", {
    github: { connectionArn: CONNECTION, fullRepositoryId: "acme/infra" },
  });
  const configuration = pipeline.stages?.[0]?.actions?.[0]?.configuration as Record<string, string>;
  change(configuration);
  return { ...pipeline, name: "acme-dev-feature-login" };
}

const create = (pipeline: PipelineDeclaration) => codePipeline.send(new CreatePipelineCommand({ pipeline }));

describe("source actions (CodeCommit and CodeStarSourceConnection), as the action reference documents them", () => {
  it.each<[string, (configuration: Record<string, string>) => void]>([
    ["a GitHub environment pipeline", () => {}],
    [
      "a clone that starts no run on pushes",
      (c) => Object.assign(c, { BranchName: "feature/login", DetectChanges: "false" }),
    ],
    [
      "a codestar-connections ARN",
      (c) =>
        Object.assign(c, { ConnectionArn: CONNECTION.replace("codeconnections", "codestar-connections") }),
    ],
    ["CODEBUILD_CLONE_REF", (c) => Object.assign(c, { OutputArtifactFormat: "CODEBUILD_CLONE_REF" })],
    [
      "no optional key",
      (c) => {
        delete c.OutputArtifactFormat;
        delete c.DetectChanges;
      },
    ],
  ])("Compliance: given %s, when created, then it is accepted", async (_name, change) => {
    await expect(create(gitHubPipeline(change))).resolves.toBeDefined();
  });

  it.each<[string, (configuration: Record<string, string>) => void, RegExp]>([
    [
      "no ConnectionArn",
      (c) => {
        delete c.ConnectionArn;
      },
      /missing the required key 'ConnectionArn'/,
    ],
    [
      "no FullRepositoryId",
      (c) => {
        delete c.FullRepositoryId;
      },
      /missing the required key 'FullRepositoryId'/,
    ],
    [
      "no BranchName",
      (c) => {
        delete c.BranchName;
      },
      /missing the required key 'BranchName'/,
    ],
    [
      "a FullRepositoryId without its owner",
      (c) => Object.assign(c, { FullRepositoryId: "infra" }),
      /FullRepositoryId/,
    ],
    [
      "a connection ARN of another service",
      (c) => Object.assign(c, { ConnectionArn: "arn:aws:codecommit:eu-west-1:123456789012:infra" }),
      /ConnectionArn/,
    ],
    ["DetectChanges that is no boolean", (c) => Object.assign(c, { DetectChanges: "no" }), /DetectChanges/],
    [
      "an unknown OutputArtifactFormat",
      (c) => Object.assign(c, { OutputArtifactFormat: "TAR" }),
      /OutputArtifactFormat/,
    ],
    [
      "CodeCommit's key on a connection",
      (c) => Object.assign(c, { RepositoryName: "infra" }),
      /does not take/,
    ],
  ])(
    "Noncompliance: given %s, when created, then InvalidActionDeclarationException names it",
    async (_name, change, message) => {
      await expect(create(gitHubPipeline(change))).rejects.toMatchObject({
        name: "InvalidActionDeclarationException",
        message: expect.stringMatching(message),
      });
    },
  );

  it("Noncompliance: given a CodeCommit source without RepositoryName, when created, then it is refused", async () => {
    const pipeline = { ...environmentPipeline("dev"), name: "acme-dev-feature-x" };
    const configuration = pipeline.stages?.[0]?.actions?.[0]?.configuration as Record<string, string>;
    delete configuration.RepositoryName;
    await expect(create(pipeline)).rejects.toMatchObject({ name: "InvalidActionDeclarationException" });
  });

  it("given a clone reading a GitHub branch, when created, then its first run builds the branch's head at GitHub", async () => {
    await create(
      gitHubPipeline((c) => Object.assign(c, { BranchName: "feature/login", DetectChanges: "false" })),
    );
    const run = aws.codePipeline.executions.findLast(
      (execution) => execution.pipelineName === "acme-dev-feature-login",
    );
    const { pipelineExecution } = await codePipeline.send(
      new GetPipelineExecutionCommand({
        pipelineName: "acme-dev-feature-login",
        pipelineExecutionId: run?.pipelineExecutionId,
      }),
    );
    expect(pipelineExecution?.artifactRevisions?.[0]).toMatchObject({
      revisionId: HEAD,
      revisionUrl: `https://github.com/acme/infra/commit/${HEAD}`,
    });
  });
});
