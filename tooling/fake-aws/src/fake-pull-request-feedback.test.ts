/**
 * The fake's comments, approvals and action executions through the real SDK clients: the documented limits and error
 * names, and every error it answered checked against the operation's `errors` in botocore's service models.
 */
import {
  CodeCommitClient,
  GetCommentsForPullRequestCommand,
  GetPullRequestApprovalStatesCommand,
  GetPullRequestCommand,
  PostCommentForPullRequestCommand,
  UpdateCommentCommand,
  UpdatePullRequestApprovalStateCommand,
} from "@aws-sdk/client-codecommit";
import { CodePipelineClient, ListActionExecutionsCommand } from "@aws-sdk/client-codepipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { environmentPipeline } from "../fixtures/environment-pipeline";
import { botocoreModel } from "./botocore-model";
import { type FakeAws, startFakeAws } from "./fake-aws-server";

const CLONER_KEY = "AKIACLONER";
const HUMAN_KEY = "AKIAHUMAN";
let aws: FakeAws;
const client = <T>(Client: new (options: object) => T, accessKeyId: string): T =>
  new Client({
    region: "eu-west-1",
    endpoint: aws.url,
    credentials: { accessKeyId, secretAccessKey: "fake" },
    maxAttempts: 1,
  });
let cloner: CodeCommitClient;
let human: CodeCommitClient;
let codePipeline: CodePipelineClient;

function modelErrors(service: string, version: string, operation: string): string[] {
  const model = botocoreModel(service, version) as {
    operations: Record<string, { errors?: Array<{ shape: string }> }>;
  };
  return (model.operations[operation]?.errors ?? []).map((error) => error.shape);
}

const errorName = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => "no error",
    (error: Error) => error.name,
  );

beforeAll(async () => {
  aws = await startFakeAws({
    repositoryName: "infra",
    callers: { [HUMAN_KEY]: "arn:aws:iam::123456789012:user/mary.major" },
  });
  cloner = client(CodeCommitClient, CLONER_KEY);
  human = client(CodeCommitClient, HUMAN_KEY);
  codePipeline = client(CodePipelineClient, CLONER_KEY);
  aws.codeCommit.pushBranch("develop", "d".repeat(40));
  aws.codeCommit.pushBranch("feature/x", "a".repeat(40));
});

afterAll(async () => {
  // Every error the fake answered is one the service model lists for that operation.
  const models: Record<string, [string, string]> = {
    codecommit: ["codecommit", "2015-04-13"],
    codepipeline: ["codepipeline", "2015-07-09"],
  };
  for (const call of aws.calls.filter((candidate) => candidate.errorType !== undefined)) {
    const [service, version] = models[call.service] ?? ["", ""];
    expect(
      modelErrors(service, version, call.operation),
      `${call.operation} answered ${call.errorType}`,
    ).toContain(call.errorType);
  }
  await aws.close();
});

describe("the fake's pull-request comments", () => {
  it("given comments posted by two callers, when one edits, then only the author may, within 10,240 characters", async () => {
    const pr = aws.codeCommit.openPullRequest({
      title: "x",
      sourceBranch: "feature/x",
      destinationBranch: "develop",
    });
    const post = (who: CodeCommitClient, content: string) =>
      who.send(
        new PostCommentForPullRequestCommand({
          pullRequestId: pr.pullRequestId,
          repositoryName: "infra",
          beforeCommitId: pr.destinationCommit,
          afterCommitId: pr.sourceCommit,
          content,
        }),
      );
    const mine = (await post(cloner, "mine")).comment;
    expect(mine?.authorArn).toBe(aws.callerArn(CLONER_KEY));

    await cloner.send(new UpdateCommentCommand({ commentId: mine?.commentId, content: "x".repeat(10_240) }));
    expect(
      await errorName(
        cloner.send(new UpdateCommentCommand({ commentId: mine?.commentId, content: "x".repeat(10_241) })),
      ),
    ).toBe("CommentContentSizeLimitExceededException");
    expect(
      await errorName(
        human.send(new UpdateCommentCommand({ commentId: mine?.commentId, content: "hijack" })),
      ),
    ).toBe("CommentNotCreatedByCallerException");
    expect(await errorName(cloner.send(new UpdateCommentCommand({ commentId: "nope", content: "x" })))).toBe(
      "CommentDoesNotExistException",
    );
    expect(
      await errorName(cloner.send(new UpdateCommentCommand({ commentId: mine?.commentId, content: "" }))),
    ).toBe("CommentContentRequiredException");
    aws.codeCommit.deleteComment(mine?.commentId ?? "");
    expect(
      await errorName(
        cloner.send(new UpdateCommentCommand({ commentId: mine?.commentId, content: "again" })),
      ),
    ).toBe("CommentDeletedException");
  });

  it("given five comments, when listed two a page, then three pages hold them all in order, and maxResults past 500 is refused", async () => {
    const pr = aws.codeCommit.openPullRequest({
      title: "y",
      sourceBranch: "feature/x",
      destinationBranch: "develop",
    });
    for (let index = 1; index <= 5; index++) {
      await human.send(
        new PostCommentForPullRequestCommand({
          pullRequestId: pr.pullRequestId,
          repositoryName: "infra",
          beforeCommitId: pr.destinationCommit,
          afterCommitId: pr.sourceCommit,
          content: `comment ${index}`,
        }),
      );
    }
    const contents: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await cloner.send(
        new GetCommentsForPullRequestCommand({ pullRequestId: pr.pullRequestId, maxResults: 2, nextToken }),
      );
      pages++;
      for (const group of page.commentsForPullRequestData ?? []) {
        expect(group.beforeCommitId).toBe(pr.destinationCommit);
        contents.push(...(group.comments ?? []).map((comment) => comment.content ?? ""));
      }
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(contents).toEqual(["comment 1", "comment 2", "comment 3", "comment 4", "comment 5"]);
    await cloner.send(
      new GetCommentsForPullRequestCommand({ pullRequestId: pr.pullRequestId, maxResults: 500 }),
    );
    for (const maxResults of [0, 501]) {
      expect(
        await errorName(
          cloner.send(new GetCommentsForPullRequestCommand({ pullRequestId: pr.pullRequestId, maxResults })),
        ),
      ).toBe("InvalidMaxResultsException");
    }
    expect(
      await errorName(
        cloner.send(
          new GetCommentsForPullRequestCommand({ pullRequestId: pr.pullRequestId, nextToken: "x" }),
        ),
      ),
    ).toBe("InvalidContinuationTokenException");
    expect(await errorName(cloner.send(new GetCommentsForPullRequestCommand({ pullRequestId: "999" })))).toBe(
      "PullRequestDoesNotExistException",
    );
  });
});

describe("the fake's approvals", () => {
  it("given an open pull request, when approved and its source moves, then the revision changes and the old one is refused", async () => {
    const pr = aws.codeCommit.openPullRequest({
      title: "z",
      sourceBranch: "feature/x",
      destinationBranch: "develop",
    });
    const revision = async () =>
      (await cloner.send(new GetPullRequestCommand({ pullRequestId: pr.pullRequestId }))).pullRequest
        ?.revisionId ?? "";
    const first = await revision();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const approve = (who: CodeCommitClient, revisionId: string, approvalState: string = "APPROVE") =>
      who.send(
        new UpdatePullRequestApprovalStateCommand({
          pullRequestId: pr.pullRequestId,
          revisionId,
          approvalState: approvalState as "APPROVE",
        }),
      );
    await approve(cloner, first);
    const approvals = await cloner.send(
      new GetPullRequestApprovalStatesCommand({ pullRequestId: pr.pullRequestId, revisionId: first }),
    );
    expect(approvals.approvals).toEqual([{ userArn: aws.callerArn(CLONER_KEY), approvalState: "APPROVE" }]);

    pr.sourceCommit = "b".repeat(40);
    const second = await revision();
    expect(second).not.toBe(first);
    expect(aws.codeCommit.approversOf(pr.pullRequestId)).toEqual([]);
    expect(await errorName(approve(cloner, first))).toBe("RevisionNotCurrentException");
    expect(await errorName(approve(human, second))).toBe("PullRequestCannotBeApprovedByAuthorException");
    expect(await errorName(approve(cloner, second, "MAYBE"))).toBe("InvalidApprovalStateException");
    expect(await errorName(approve(cloner, "not-a-revision"))).toBe("InvalidRevisionIdException");

    await approve(cloner, second);
    await approve(cloner, second, "REVOKE");
    expect(aws.codeCommit.approversOf(pr.pullRequestId)).toEqual([]);
    pr.status = "CLOSED";
    expect(await errorName(approve(cloner, second))).toBe("PullRequestAlreadyClosedException");
  });
});

describe("the fake's action executions", () => {
  it("given a finished run, when its actions are listed, then they come newest first with outputs and errors, paged", async () => {
    const { version: _version, ...pipeline } = environmentPipeline("dev");
    aws.codePipeline.handle("CreatePipeline", { pipeline: { ...pipeline, name: "acme-dev-pr-9" } });
    const run = aws.codePipeline.executions.at(-1);
    aws.codePipeline.finishExecution(run?.pipelineExecutionId ?? "", "Failed", [
      { stageName: "Source", actionName: "Source", status: "Succeeded" },
      {
        stageName: "Test",
        actionName: "Test",
        status: "Failed",
        errorMessage: "Build terminated with state: FAILED",
      },
    ]);
    const listed = await codePipeline.send(
      new ListActionExecutionsCommand({
        pipelineName: "acme-dev-pr-9",
        filter: { pipelineExecutionId: run?.pipelineExecutionId },
        maxResults: 1,
      }),
    );
    expect(listed.actionExecutionDetails?.map((detail) => detail.actionName)).toEqual(["Test"]);
    expect(listed.actionExecutionDetails?.[0]?.output?.executionResult?.errorDetails?.message).toBe(
      "Build terminated with state: FAILED",
    );
    expect(listed.actionExecutionDetails?.[0]?.startTime).toBeInstanceOf(Date);
    const next = await codePipeline.send(
      new ListActionExecutionsCommand({
        pipelineName: "acme-dev-pr-9",
        nextToken: listed.nextToken,
        maxResults: 1,
      }),
    );
    expect(next.actionExecutionDetails?.map((detail) => detail.actionName)).toEqual(["Source"]);
    expect(
      await errorName(
        codePipeline.send(
          new ListActionExecutionsCommand({ pipelineName: "acme-dev-pr-9", maxResults: 101 }),
        ),
      ),
    ).toBe("ValidationException");
    expect(
      await errorName(
        codePipeline.send(
          new ListActionExecutionsCommand({
            pipelineName: "acme-dev-pr-9",
            filter: { pipelineExecutionId: "ffffffff-0000-4000-8000-000000000000" },
          }),
        ),
      ),
    ).toBe("PipelineExecutionNotFoundException");
    expect(
      await errorName(codePipeline.send(new ListActionExecutionsCommand({ pipelineName: "acme-dev-pr-0" }))),
    ).toBe("PipelineNotFoundException");
  });
});
