import { CodeBuildClient, StartBuildCommand } from "@aws-sdk/client-codebuild";
import {
  CodeCommitClient,
  ListBranchesCommand,
  PostCommentForPullRequestCommand,
} from "@aws-sdk/client-codecommit";
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  type PipelineDeclaration,
  StartPipelineExecutionCommand,
  TagResourceCommand,
  UpdatePipelineCommand,
} from "@aws-sdk/client-codepipeline";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { environmentPipeline } from "../fixtures/environment-pipeline";
import { type FakeAws, startFakeAws } from "./fake-aws-server";
import { type MotoServer, startMotoServer } from "./moto-server";
import { createSnsInbox } from "./sns-inbox";

let aws: FakeAws;
let codePipeline: CodePipelineClient;
let codeCommit: CodeCommitClient;
let codeBuild: CodeBuildClient;
let sns: SNSClient;
let moto: MotoServer;
const clientOptions = {
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" },
  maxAttempts: 1,
};

beforeAll(async () => {
  moto = await startMotoServer();
  aws = await startFakeAws({
    repositoryName: "infra",
    codeBuildProjects: ["acme-stack-teardown"],
    upstream: moto.url,
  });
  const options = { ...clientOptions, endpoint: aws.url };
  codePipeline = new CodePipelineClient(options);
  codeCommit = new CodeCommitClient(options);
  codeBuild = new CodeBuildClient(options);
  sns = new SNSClient({ ...clientOptions, endpoint: aws.proxyUrl });
});

afterAll(async () => {
  await aws.close();
  await moto.close();
});

beforeEach(() => {
  aws.codePipeline.pipelines.clear();
  aws.faults.throttleFraction = 0;
});

const { version: _version, ...template } = environmentPipeline("dev", { variant: "approvals" });

function withChanges(change: (pipeline: PipelineDeclaration) => void): PipelineDeclaration {
  const pipeline = structuredClone(template);
  change(pipeline);
  return pipeline;
}

const tags = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ key: `k${index}`, value: "v" }));

describe("the fake CodePipeline enforces CreatePipeline's documented constraints", () => {
  it("given a valid environment pipeline, when created through the SDK, then it is stored with version 1 and its first run", async () => {
    const output = await codePipeline.send(new CreatePipelineCommand({ pipeline: template, tags: tags(50) }));

    expect(output.pipeline?.version).toBe(1);
    const { pipeline, metadata } = await codePipeline.send(new GetPipelineCommand({ name: "acme-dev" }));
    expect(pipeline?.stages?.map((stage) => stage.name)).toEqual([
      "Source",
      "Test",
      "Preview",
      "Approval",
      "Deploy",
      "Cleanup",
    ]);
    expect(pipeline?.stages?.find((stage) => stage.name === "Approval")?.beforeEntry).toEqual(
      template.stages?.find((stage) => stage.name === "Approval")?.beforeEntry,
    );
    expect(metadata?.pipelineArn).toBe("arn:aws:codepipeline:eu-west-1:123456789012:acme-dev");
    expect(aws.codePipeline.executions.filter((run) => run.pipelineName === "acme-dev")).toHaveLength(1);
  });

  it.each<[string, PipelineDeclaration, unknown[] | undefined, string]>([
    [
      "a name of 101 characters",
      withChanges((p) => {
        p.name = "a".repeat(101);
      }),
      undefined,
      "ValidationException",
    ],
    [
      "a name with a slash",
      withChanges((p) => {
        p.name = "acme/dev";
      }),
      undefined,
      "ValidationException",
    ],
    ["51 tags", template, tags(51), "TooManyTagsException"],
    ["a tag key of 129 characters", template, [{ key: "k".repeat(129), value: "v" }], "ValidationException"],
    [
      "a tag value of 257 characters",
      template,
      [{ key: "k", value: "v".repeat(257) }],
      "ValidationException",
    ],
    ["a reserved aws: tag key", template, [{ key: "aws:x", value: "v" }], "InvalidTagsException"],
    [
      "a configuration value of 1001 characters",
      withChanges((p) => {
        const source = p.stages?.[0]?.actions?.[0];
        if (source?.configuration) source.configuration.BranchName = "b".repeat(1001);
      }),
      undefined,
      "ValidationException",
    ],
    [
      "duplicate stage names",
      withChanges((p) => {
        const test = p.stages?.[1];
        if (test) test.name = "Deploy";
      }),
      undefined,
      "InvalidStructureException",
    ],
    [
      "duplicate action names in a stage",
      withChanges((p) => {
        const deploy = p.stages?.find((stage) => stage.name === "Deploy")?.actions;
        if (deploy?.[1]) deploy[1].name = "CreateChangeSet";
      }),
      undefined,
      "InvalidStructureException",
    ],
    [
      "a first stage that is not Source",
      withChanges((p) => {
        p.stages = [...(p.stages ?? [])].reverse();
      }),
      undefined,
      "InvalidStructureException",
    ],
    [
      "an empty stage",
      withChanges((p) => {
        const cleanup = p.stages?.[3];
        if (cleanup) cleanup.actions = [];
      }),
      undefined,
      "InvalidStructureException",
    ],
    [
      "a single stage",
      withChanges((p) => {
        p.stages = p.stages?.slice(0, 1);
      }),
      undefined,
      "InvalidStructureException",
    ],
    [
      "a variable named with a dot",
      withChanges((p) => {
        p.variables = [...(p.variables ?? []), { name: "a.b", defaultValue: "x" }];
      }),
      undefined,
      "ValidationException",
    ],
    [
      "a variable default of 1001 characters",
      withChanges((p) => {
        const first = p.variables?.[0];
        if (first) first.defaultValue = "x".repeat(1001);
      }),
      undefined,
      "ValidationException",
    ],
    [
      "a reference to an undeclared variable",
      withChanges((p) => {
        p.variables = p.variables?.filter((v) => v.name !== "StackName");
      }),
      undefined,
      "InvalidActionDeclarationException",
    ],
  ])(
    "given %s, when CreatePipeline is called, then the SDK raises the service's error",
    async (_case, pipeline, tagList, errorName) => {
      await expect(
        codePipeline.send(
          new CreatePipelineCommand({
            pipeline,
            ...(tagList ? { tags: tagList as Array<{ key: string; value: string }> } : {}),
          }),
        ),
      ).rejects.toMatchObject({ name: errorName });
    },
  );

  it("given a pipeline exists, when its name is created again, then PipelineNameInUseException comes back as a JSON error", async () => {
    await codePipeline.send(new CreatePipelineCommand({ pipeline: template }));

    await expect(codePipeline.send(new CreatePipelineCommand({ pipeline: template }))).rejects.toMatchObject({
      name: "PipelineNameInUseException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("given no pipeline, when it is read, started or its tags listed, then the not-found errors come back", async () => {
    await expect(codePipeline.send(new GetPipelineCommand({ name: "acme-nope" }))).rejects.toMatchObject({
      name: "PipelineNotFoundException",
    });
    await expect(
      codePipeline.send(new StartPipelineExecutionCommand({ name: "acme-nope" })),
    ).rejects.toMatchObject({ name: "PipelineNotFoundException" });
    await expect(
      codePipeline.send(
        new ListTagsForResourceCommand({
          resourceArn: "arn:aws:codepipeline:eu-west-1:123456789012:acme-nope",
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("given a start with a client request token, when repeated, then the same execution comes back and a bad token is refused", async () => {
    await codePipeline.send(new CreatePipelineCommand({ pipeline: template }));
    const start = () =>
      codePipeline.send(
        new StartPipelineExecutionCommand({
          name: "acme-dev",
          clientRequestToken: "tributary-abc",
          sourceRevisions: [{ actionName: "Source", revisionType: "COMMIT_ID", revisionValue: "c1" }],
        }),
      );

    const first = await start();
    const second = await start();

    expect(second.pipelineExecutionId).toBe(first.pipelineExecutionId);
    await expect(
      codePipeline.send(
        new StartPipelineExecutionCommand({ name: "acme-dev", clientRequestToken: "bad token!" }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(
      codePipeline.send(
        new StartPipelineExecutionCommand({
          name: "acme-dev",
          sourceRevisions: [{ actionName: "Nope", revisionType: "COMMIT_ID", revisionValue: "c" }],
        }),
      ),
    ).rejects.toMatchObject({ name: "ValidationException" });
  });

  it("given 250 pipelines, when listed 100 at a time, then every page is reachable through nextToken", async () => {
    for (let index = 0; index < 250; index++)
      aws.codePipeline.handle("CreatePipeline", { pipeline: { ...template, name: `p-${index}` } });
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await codePipeline.send(new ListPipelinesCommand({ maxResults: 100, nextToken }));
      names.push(...(page.pipelines ?? []).map((pipeline) => pipeline.name ?? ""));
      nextToken = page.nextToken;
    } while (nextToken);

    expect(names).toHaveLength(250);
  });
});

// UpdatePipeline and TagResource (clones following their template) are kept in this block of their own.
describe("the fake CodePipeline's UpdatePipeline and TagResource", () => {
  const arn = "arn:aws:codepipeline:eu-west-1:123456789012:acme-dev";

  it("given a pipeline, when updated through the SDK, then the new declaration is stored with the next version and no run starts", async () => {
    await codePipeline.send(
      new CreatePipelineCommand({ pipeline: template, tags: [{ key: "k", value: "v" }] }),
    );
    const runs = aws.codePipeline.executions.length;
    const updated = withChanges((p) => {
      p.variables = [...(p.variables ?? []), { name: "Extra", defaultValue: "x" }];
    });

    const first = await codePipeline.send(new UpdatePipelineCommand({ pipeline: updated }));
    const second = await codePipeline.send(
      new UpdatePipelineCommand({ pipeline: { ...updated, version: 1 } }),
    );

    expect([first.pipeline?.version, second.pipeline?.version]).toEqual([2, 3]);
    const { pipeline } = await codePipeline.send(new GetPipelineCommand({ name: "acme-dev" }));
    expect(pipeline?.variables?.map((variable) => variable.name)).toContain("Extra");
    expect(pipeline?.version).toBe(3);
    expect(aws.codePipeline.tagsOf("acme-dev")).toEqual({ k: "v" });
    expect(aws.codePipeline.executions).toHaveLength(runs);
  });

  it("given no pipeline of that name, when updated, then PipelineNotFoundException comes back and nothing is created", async () => {
    await expect(
      codePipeline.send(new UpdatePipelineCommand({ pipeline: { ...template, name: "acme-nope" } })),
    ).rejects.toMatchObject({ name: "PipelineNotFoundException" });
    expect(aws.codePipeline.pipelines.has("acme-nope")).toBe(false);
  });

  it.each<[string, PipelineDeclaration, string]>([
    [
      "a configuration value of 1001 characters",
      withChanges((p) => {
        const source = p.stages?.[0]?.actions?.[0];
        if (source?.configuration) source.configuration.BranchName = "b".repeat(1001);
      }),
      "ValidationException",
    ],
    [
      "a reference to an undeclared variable",
      withChanges((p) => {
        p.variables = p.variables?.filter((v) => v.name !== "StackName");
      }),
      "InvalidActionDeclarationException",
    ],
    [
      "a single stage",
      withChanges((p) => {
        p.stages = p.stages?.slice(0, 1);
      }),
      "InvalidStructureException",
    ],
    ["a version of 0", withChanges((p) => Object.assign(p, { version: 0 })), "ValidationException"],
  ])(
    "given %s, when UpdatePipeline is called, then the service's error comes back and the pipeline is unchanged",
    async (_case, pipeline, errorName) => {
      await codePipeline.send(new CreatePipelineCommand({ pipeline: template }));

      await expect(codePipeline.send(new UpdatePipelineCommand({ pipeline }))).rejects.toMatchObject({
        name: errorName,
      });
      expect(aws.codePipeline.pipelines.get("acme-dev")?.declaration.version).toBe(1);
    },
  );

  it("given a pipeline with tags, when tagged, then new keys are added and existing ones overwritten", async () => {
    await codePipeline.send(
      new CreatePipelineCommand({
        pipeline: template,
        tags: [
          { key: "a", value: "1" },
          { key: "b", value: "2" },
        ],
      }),
    );

    await codePipeline.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: "b", value: "3" },
          { key: "c", value: "4" },
        ],
      }),
    );

    expect(aws.codePipeline.tagsOf("acme-dev")).toEqual({ a: "1", b: "3", c: "4" });
  });

  it("given no pipeline, or tags beyond 50 in all, when tagged, then the service's errors come back", async () => {
    await expect(
      codePipeline.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "a", value: "1" }] })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await codePipeline.send(new CreatePipelineCommand({ pipeline: template, tags: tags(50) }));
    await expect(
      codePipeline.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "new", value: "1" }] })),
    ).rejects.toMatchObject({ name: "TooManyTagsException" });
  });
});

describe("the fake CodeCommit and CodeBuild", () => {
  it("given 150 branches, when listed, then two pages come back", async () => {
    for (let index = 0; index < 150; index++) aws.codeCommit.pushBranch(`feature/b${index}`, "c");

    const first = await codeCommit.send(new ListBranchesCommand({ repositoryName: "infra" }));
    const second = await codeCommit.send(
      new ListBranchesCommand({ repositoryName: "infra", nextToken: first.nextToken }),
    );

    expect(first.branches).toHaveLength(100);
    expect(second.branches).toHaveLength(50);
    expect(second.nextToken).toBeUndefined();
    await expect(codeCommit.send(new ListBranchesCommand({ repositoryName: "nope" }))).rejects.toMatchObject({
      name: "RepositoryDoesNotExistException",
    });
  });

  it("given a comment with a client request token, when posted twice, then one comment exists", async () => {
    const pullRequest = aws.codeCommit.openPullRequest({
      title: "t",
      sourceBranch: "feature/b1",
      destinationBranch: "develop",
    });
    const post = () =>
      codeCommit.send(
        new PostCommentForPullRequestCommand({
          pullRequestId: pullRequest.pullRequestId,
          repositoryName: "infra",
          beforeCommitId: "d",
          afterCommitId: "s",
          content: "hello",
          clientRequestToken: "token-1",
        }),
      );

    await post();
    await post();

    expect(
      aws.codeCommit.comments.filter((comment) => comment.clientRequestToken === "token-1"),
    ).toHaveLength(1);
  });

  it("given an unknown project, when a build starts, then ResourceNotFoundException comes back", async () => {
    await expect(codeBuild.send(new StartBuildCommand({ projectName: "nope" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("given a build started with an idempotency token, when repeated, then one build exists, and a changed parameter is refused", async () => {
    const start = (stackName: string) =>
      codeBuild.send(
        new StartBuildCommand({
          projectName: "acme-stack-teardown",
          environmentVariablesOverride: [{ name: "STACK_NAME", value: stackName, type: "PLAINTEXT" }],
          idempotencyToken: "tributary-abc",
        }),
      );

    const first = await start("acme-dev-feature-x");
    const again = await start("acme-dev-feature-x");

    expect(again.build?.id).toBe(first.build?.id);
    expect(aws.codeBuild.builds.filter((build) => build.idempotencyToken === "tributary-abc")).toEqual([
      expect.objectContaining({ environmentVariables: { STACK_NAME: "acme-dev-feature-x" } }),
    ]);
    await expect(start("acme-dev-feature-y")).rejects.toMatchObject({ name: "InvalidInputException" });
  });

  it("given every call throttled, when the SDK calls with one attempt, then ThrottlingException comes back as HTTP 400", async () => {
    aws.faults.throttleFraction = 1;

    await expect(codePipeline.send(new GetPipelineCommand({ name: "acme-dev" }))).rejects.toMatchObject({
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe("the fake CodePipeline reports executions with their variables and revisions", () => {
  it("given a pipeline created at a branch head, when its run is read, then variables and the commit come back resolved", async () => {
    aws.codeCommit.pushBranch("develop", "d".repeat(40), "Merge feature/login\n\nDetails");
    await codePipeline.send(new CreatePipelineCommand({ pipeline: template }));
    const run = aws.codePipeline.executions
      .filter((candidate) => candidate.pipelineName === "acme-dev")
      .at(-1);

    const { pipelineExecution } = await codePipeline.send(
      new GetPipelineExecutionCommand({
        pipelineName: "acme-dev",
        pipelineExecutionId: run?.pipelineExecutionId,
      }),
    );

    expect(pipelineExecution?.status).toBe("InProgress");
    expect(pipelineExecution?.variables).toEqual(
      expect.arrayContaining([
        { name: "Branch", resolvedValue: "develop" },
        { name: "StackName", resolvedValue: "acme-dev" },
      ]),
    );
    expect(pipelineExecution?.artifactRevisions).toEqual([
      expect.objectContaining({
        revisionId: "d".repeat(40),
        revisionSummary: "Merge feature/login\n\nDetails",
        revisionUrl: expect.stringContaining(`/codecommit/repositories/infra/commit/${"d".repeat(40)}`),
      }),
    ]);
  });

  it.each([
    [
      "an unknown execution",
      "acme-dev",
      "00000000-0000-4000-8000-00000000ffff",
      "PipelineExecutionNotFoundException",
    ],
    ["an unknown pipeline", "acme-nope", "00000000-0000-4000-8000-00000000ffff", "PipelineNotFoundException"],
    ["a malformed execution id", "acme-dev", "not-an-id", "ValidationException"],
  ])(
    "given %s, when the execution is read, then %s comes back",
    async (_case, pipelineName, pipelineExecutionId, name) => {
      await codePipeline.send(new CreatePipelineCommand({ pipeline: template }));

      await expect(
        codePipeline.send(new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId })),
      ).rejects.toMatchObject({ name });
    },
  );
});

describe("the fault-injecting proxy in front of moto", () => {
  it("given a topic in moto, when a message is published through the proxy, then moto holds it and the call is recorded", async () => {
    const inbox = await createSnsInbox(moto.url, "failures");

    const output = await sns.send(
      new PublishCommand({
        TopicArn: inbox.topicArn,
        Subject: "Tributary: acme-dev FAILED",
        Message: "Pipeline: acme-dev\n<&>",
      }),
    );

    expect(await inbox.messages()).toEqual([
      {
        topicArn: inbox.topicArn,
        subject: "Tributary: acme-dev FAILED",
        message: "Pipeline: acme-dev\n<&>",
        messageId: output.MessageId,
      },
    ]);
    expect(aws.calls.at(-1)).toMatchObject({
      service: "sns",
      operation: "Publish",
      status: 200,
      injected: false,
    });
  });

  it("given a topic moto does not have, when published through the proxy, then moto's NotFound comes back unchanged", async () => {
    await expect(
      sns.send(new PublishCommand({ TopicArn: "arn:aws:sns:eu-west-1:123456789012:nope", Message: "m" })),
    ).rejects.toMatchObject({ name: "NotFoundException", $metadata: { httpStatusCode: 404 } });
    expect(aws.calls.at(-1)).toMatchObject({ service: "sns", errorType: "NotFound", injected: false });
  });

  it("given every call throttled, when the SDK publishes with one attempt, then SNS's ThrottledException comes back as HTTP 429 and nothing reaches moto", async () => {
    const inbox = await createSnsInbox(moto.url, "throttled");
    aws.faults.throttleFraction = 1;

    await expect(
      sns.send(new PublishCommand({ TopicArn: inbox.topicArn, Message: "m" })),
    ).rejects.toMatchObject({
      name: "ThrottledException",
      $metadata: { httpStatusCode: 429 },
    });
    aws.faults.throttleFraction = 0;
    expect(await inbox.messages()).toEqual([]);
    expect(aws.calls.at(-1)).toMatchObject({ service: "sns", errorType: "Throttled", injected: true });
  });

  it("given an SNS call sent to the fake's own port, when it arrives, then the fake refuses it instead of imitating SNS", async () => {
    const misrouted = new SNSClient({ ...clientOptions, endpoint: aws.url });

    await expect(
      misrouted.send(new PublishCommand({ TopicArn: "arn:aws:sns:eu-west-1:123456789012:x", Message: "m" })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});
